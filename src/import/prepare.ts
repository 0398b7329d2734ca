/**
 * The part of importing a row that needs nothing but the row: reading its cells into events, checking each event's
 * fields as the HTTP API does, deciding the whole history with the admission workflow, and its fingerprint. Pure
 * and the same on any thread, so the CLI runs it on worker threads (prepare-pool.ts) while the main thread asks the
 * store and appends; the answer is plain data (structured-clone safe: no Error or class instances).
 */
import { type AdmissionEvent, type DossierState, stageOf, stateOf } from '../../workflows/admission';
import { decideHistory } from '../engine/dossiers';
import { CommandContext, DecidedEvent, PreparedEvents, prepareEvents } from '../engine/engine';
import { RuleViolationError } from '../engine/errors';
import { personIdOf } from '../engine/person-claims';
import { canonicalMembers, sha256Hex } from '../engine/hash-chain';
import { checkShape, parseRow } from './rows';
import type { SourceRow } from './sources';
import type { RowProblem } from './values';

/** A refusal, with the act concerned when the workflow refused one. */
export type PreparedProblem = RowProblem & { event?: string };

export type PreparedRow =
  /** refused before anything else is asked (unreadable cells, a wrong row) */
  | { line: number; problems: RowProblem[] }
  | {
      line: number;
      dossierId: string;
      cellId: string;
      /** the nomination's date: the cell must take new dossiers on that day */
      nominatedOn: string;
      /** the candidate's pseudonymous id (personIdOf): one open dossier per person */
      personId: string;
      /** a digest of the row's events: the same row imported again is recognised by it */
      fingerprint: string;
      /**
       * what the row leads to on a new dossier: its events decided (and possibly prepared for the append of the row's
       * command, see importCommand), or why the workflow or the field checks refuse it; or, for a row whose dossier was
       * found in the store before the row was sent, its events `unchecked` (the store's answer comes first, see
       * Importer: a re-run finds its rows imported without deciding them again)
       */
      verdict: RowVerdict | { unchecked: AdmissionEvent[] };
    };

export type RowVerdict = { decided: DecidedEvent[]; stage: string; state: string; prepared?: PreparedEvents } | { problems: PreparedProblem[] };

/** Who the import's events are recorded by and for (the CLI's --actor and --org). */
export interface ImportAuthor {
  actor: string;
  orgId: string;
}

/** The command that imports a row: its id derives from the dossier id, its fingerprint from the row's events. */
export function importCommand(dossierId: string, fingerprint: string, author: ImportAuthor): CommandContext & { commandId: string } {
  return { actor: author.actor, orgId: author.orgId, commandId: `import/${dossierId}`, fingerprint };
}

/**
 * The row read, checked and decided; its events also prepared for the append when `author` is given. A row whose
 * dossier is `known` to exist is read and fingerprinted only.
 */
export function prepareRow(source: SourceRow, today: string, author?: ImportAuthor, known = false): PreparedRow {
  const parsed = source.problems.length > 0 ? { problems: source.problems } : parseRow(source.raw);
  if ('problems' in parsed) return { line: source.line, problems: parsed.problems };
  const { dossierId, cellId, events } = parsed;
  const canonical = events.map(canonicalMembers);
  const fingerprint = fingerprintOf(canonical);
  const verdict = known ? { unchecked: events } : decideRow(dossierId, fingerprint, events, today, author, canonical);
  const personId = events[0].type === 'CandidateNominated' ? personIdOf(events[0].candidate) : dossierId;
  return { line: source.line, dossierId, cellId, nominatedOn: events[0].occurredOn, personId, fingerprint, verdict };
}

/**
 * What a row's events lead to on a new dossier: checked, decided, and prepared for the append when `author` is given.
 * `canonical`: each event's canonical members, when the caller has them (see fingerprintOf).
 */
export function decideRow(
  dossierId: string,
  fingerprint: string,
  events: AdmissionEvent[],
  today: string,
  author?: ImportAuthor,
  canonical?: readonly string[][],
): RowVerdict {
  const verdict = verdictOf(events, today);
  if ('problems' in verdict) return verdict;
  // Where the history leads, as two words: the folded state itself stays here (the main thread keeps none).
  const { decided, state } = verdict;
  // A decided event's data is its act without `type` and `occurredOn`: the same members, less those two.
  const data = canonical?.map((members) => `{${members.filter((m) => !m.startsWith('"type":') && !m.startsWith('"occurredOn":')).join(',')}}`);
  const prepared = author && prepareEvents(decided, importCommand(dossierId, fingerprint, author), data);
  return { decided, stage: state ? stageOf(state) : '', state: state ? stateOf(state) : '', prepared };
}

function verdictOf(events: AdmissionEvent[], today: string): { decided: DecidedEvent[]; state: DossierState | undefined } | { problems: PreparedProblem[] } {
  const shapeProblems = checkShape(events);
  if (shapeProblems.length > 0) return { problems: shapeProblems };
  const decided = decideHistory(undefined, events, today);
  if (!('refused' in decided)) return { decided: decided.events, state: decided.state };
  const { event, refusal } = decided.refused;
  const at = `${event.type} ${event.occurredOn}`;
  if (refusal instanceof RuleViolationError) {
    return { problems: [{ code: refusal.code, rule: refusal.rule, reason: refusal.reason, event: at, message: refusal.detail, messageVi: refusal.detailVi }] };
  }
  const allowed = refusal.allowed.join(', ') || '(none)';
  return {
    problems: [
      {
        code: refusal.code,
        event: at,
        message: `${refusal.eventType} cannot be recorded while the dossier is in ${refusal.state}; allowed: ${allowed}`,
        messageVi: `Không thể ghi ${refusal.eventType} khi hồ sơ đang ở bước ${refusal.state}; được ghi: ${allowed}`,
      },
    ],
  };
}

/** A digest of the row's events' canonical JSON (`canonicalJson(events)`, written from each event's members). */
function fingerprintOf(canonical: readonly string[][]): string {
  return sha256Hex(`[${canonical.map((members) => `{${members.join(',')}}`).join(',')}]`).slice(0, 32);
}
