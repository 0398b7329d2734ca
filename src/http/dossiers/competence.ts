/**
 * Who may record an act over HTTP (domain.md, "Who records which act"; api.md: a refusal for lack of authority is 403
 * NOT_COMPETENT). The table and the rule are the workflow's (workflows/admission/authority.ts); this file only feeds
 * it the dossier's organisation path on the act's own date and turns its refusals into engine errors.
 *
 * Only the HTTP routes check: `ketnap import` and `ketnap demo` act as the operator who loads the records and call
 * `Dossiers.record`/`recordDecidedHistory` without a check (their rows name their own bodies in free text).
 */
import { authorise, AuthorityNode, overSixty } from '../../../workflows/admission';
import type { Authorise } from '../../engine/dossiers';
import { NotCompetentError, RuleViolationError } from '../../engine/errors';
import type { OrgDirectory } from '../../read-models/org-directory';
import type { Principal } from '../auth/auth';

/**
 * The check for one caller, run by the engine on the folded state (the dossier's cell, the candidate's age and the
 * cell vote's special approval live there). The path is that of the act's `occurredOn`: who owned an act is a fact
 * of its date, so an act dated before a restructuring belongs to the bodies of that date; those bodies' people, and
 * the organisations that have taken them over since (today's tree), may record it.
 */
export function competenceOf(orgs: OrgDirectory, caller: Principal): Authorise {
  return (state, event) => {
    const cellId = event.type === 'CandidateNominated' ? event.cellId : state?.context.cellId;
    // No dossier yet for an act other than the nomination: the workflow refuses it (TRANSITION_NOT_ALLOWED).
    if (cellId === undefined) return;
    const day = event.occurredOn;
    const path = orgs.pathOn(cellId, day).map(
      (org): AuthorityNode => ({
        id: org.id,
        name: org.name,
        kind: org.kind,
        authorisedToAdmit: org.authorised_to_admit === 1,
        dissolved: orgs.dissolvedOn(org, day),
      }),
    );
    const decision = authorise({
      event,
      path,
      overAge: overSixty(state?.context, day),
      recorder: caller.orgId,
      heldToday: (bodyId) => orgs.visible(bodyId, caller.orgId) !== undefined,
    });
    if ('ok' in decision) return;
    if (decision.code === 'NOT_COMPETENT') {
      const { body, title, rule } = decision.owner;
      throw new NotCompetentError(event.type, { id: body.id, kind: String(body.kind), title }, rule, decision.detail, decision.detailVi);
    }
    throw new RuleViolationError(decision.rule, decision.reason, decision.detail, decision.detailVi);
  };
}
