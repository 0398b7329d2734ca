/**
 * The audit index: one row per recorded event of every stream (dossiers, timer records, organisations, quotas, tokens),
 * keyed by log position, with who recorded it, for which organisation, when it happened and when it was recorded.
 * `GET /audit` pages it newest first with the position as cursor; the event's data stays in the log (the index copies
 * no personal data and no token hashes), and `GET /dossiers/{id}/history` reads the stream.
 *
 * Two organisations per event:
 * - `actor_org_id`: the caller's organisation, from the token (metadata.orgId);
 * - `org_id`: the organisation the event is about: the cell that held the dossier when the act was recorded (the old
 *   cell for the transfer itself), the organisation of an organisation or quota stream, the organisation a token was
 *   issued for, the organisation of an account (accounts' streams: sign-ins, tokens, passwords). Subtree filters use
 *   this one, through org_ancestry (org-history.ts).
 *
 * Who: `actor` is a display name, which two accounts may share; `account_id` and the credential (session, API token
 * or bootstrap, and its id) tell them apart. Events recorded before accounts, and the engine's own services (timers),
 * have none.
 * The dossier → cell and account → organisation maps needed for that are this projection's own small tables, so the
 * index never depends on how far another projection has got.
 *
 * System events of a cluster store (`$`-prefixed types or streams) are not recorded acts and are left out.
 */
import type { ProjectedEvent, Projection, RowChange, RowReader } from './projection';
import { idInStream, occurredOn, text } from './stored-events';

export const AUDIT_TABLE = 'audit_events';
export const AUDIT_DOSSIER_CELLS_TABLE = 'audit_dossier_cells';
export const AUDIT_ACCOUNT_ORGS_TABLE = 'audit_account_orgs';

export const auditProjection: Projection = {
  name: 'audit',
  version: 2,
  tables: [
    {
      name: AUDIT_TABLE,
      columns: {
        position: 'INTEGER',
        event_id: 'TEXT',
        stream_id: 'TEXT',
        revision: 'INTEGER',
        type: 'TEXT',
        actor: 'TEXT',
        account_id: 'TEXT',
        credential_kind: 'TEXT',
        credential_id: 'TEXT',
        actor_org_id: 'TEXT',
        org_id: 'TEXT',
        dossier_id: 'TEXT',
        occurred_on: 'TEXT',
        recorded_at: 'TEXT',
        rule_set: 'TEXT',
      },
      // `position` is the rowid: newest-first paging walks the table itself. No index by dossier: a dossier's trail is
      // its stream (GET /dossiers/{id}/history), and each index is one more write per event of the log.
      key: ['position'],
      indexes: [['actor', 'position'], ['account_id', 'position'], ['org_id', 'position']],
      writeOnly: true,
    },
    {
      name: AUDIT_DOSSIER_CELLS_TABLE,
      columns: { dossier_id: 'TEXT', cell_id: 'TEXT' },
      key: ['dossier_id'],
    },
    {
      name: AUDIT_ACCOUNT_ORGS_TABLE,
      columns: { account_id: 'TEXT', org_id: 'TEXT' },
      key: ['account_id'],
    },
  ],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    if (event.type.startsWith('$') || event.streamId.startsWith('$')) return [];
    const dossierId = idInStream(event.streamId, 'dossier') ?? idInStream(event.streamId, 'deadlines') ?? null;
    const changes: RowChange[] = [];
    let orgId: string | null;
    if (dossierId !== null) {
      orgId = event.type === 'CandidateNominated' ? text(event.data.cellId) : text(rows.get(AUDIT_DOSSIER_CELLS_TABLE, { dossier_id: dossierId })?.cell_id);
      if (event.type === 'CandidateNominated' || event.type === 'DossierTransferred') {
        const cellId = text(event.type === 'CandidateNominated' ? event.data.cellId : event.data.toCellId);
        if (cellId) changes.push({ table: AUDIT_DOSSIER_CELLS_TABLE, upsert: { dossier_id: dossierId, cell_id: cellId } });
      }
    } else if (event.streamId.startsWith(ACCOUNT_PREFIX)) {
      const accountId = event.streamId.slice(ACCOUNT_PREFIX.length);
      const changed = event.type === 'AccountCreated' || event.type === 'AccountScopeChanged' ? text(event.data.orgId) : null;
      if (changed) changes.push({ table: AUDIT_ACCOUNT_ORGS_TABLE, upsert: { account_id: accountId, org_id: changed } });
      orgId = changed ?? text(rows.get(AUDIT_ACCOUNT_ORGS_TABLE, { account_id: accountId })?.org_id);
    } else {
      orgId = subjectOrg(event);
    }
    changes.push({
      table: AUDIT_TABLE,
      upsert: {
        position: event.position,
        event_id: event.id,
        stream_id: event.streamId,
        revision: event.revision,
        type: event.type,
        actor: text(event.metadata.actor),
        account_id: text(event.metadata.accountId),
        credential_kind: text(event.metadata.credentialKind),
        credential_id: text(event.metadata.credentialId),
        actor_org_id: text(event.metadata.orgId),
        org_id: orgId ?? text(event.metadata.orgId),
        dossier_id: dossierId,
        occurred_on: occurredOn(event),
        recorded_at: event.recordedAt,
        rule_set: text(event.metadata.ruleSet),
      },
    });
    return changes;
  },
};

const ACCOUNT_PREFIX = 'account-';

function subjectOrg(event: ProjectedEvent): string | null {
  const organization = idInStream(event.streamId, 'organization');
  if (organization !== undefined) return organization;
  const quotas = idInStream(event.streamId, 'quotas');
  if (quotas !== undefined) return text(event.data.orgId) ?? quotas;
  return text(event.data.orgId);
}
