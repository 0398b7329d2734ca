/**
 * The deadlines read model: for every dossier, each statutory deadline (R-T-DECIDE with its extension, R-T-CEREMONY
 * with an approved delay, R-T-REVIEW, R-T-RECOGNISE, R-T-CERT) and its current stall clock, with the due date. The
 * timer service schedules a wake-up for each open row and compares the rows with its scheduler in the sweep.
 *
 * How: the folded dossier is kept per dossier (`timer_dossiers`, the workflow's plain-JSON `DossierState`) and each
 * event is folded with the workflow's own `evolve`; the rows come from its `deadlinesOf` and `currentStep`. So the
 * dates are the workflow's by construction (working days, Tết, rule sets, extensions), with no second derivation to
 * keep equal. Cost, measured on the happy path: about 0.2 ms per event (XState transition, `deadlinesOf`, JSON both
 * ways) — nothing for live traffic, about 3–4 minutes for a rebuild over a million events, which only a version bump
 * or a deleted file causes. The state holds the candidate's data like the event store itself; the file is local.
 *
 * Each open row also carries when its dossier was last written: a history back-filled in one sitting passes deadlines
 * whose acts are entered a minute later, so the service judges a dossier only once it has been quiet a while.
 *
 * A row's `status` answers "is anything still owed?", independent of today: `deadlinesOf` is asked as of the
 * beginning of time, so `open` means "not met and the dossier not closed"; whether it is late is the timer's
 * question at wake-up. An R-T-CERT row is open only while a lapse would matter (the dossier is before its cell vote),
 * exactly when the timer service would remind. Rows are never deleted: a deadline that vanished becomes `cancelled`,
 * and every change stamps `position`, so the service picks up changes incrementally (`position > last seen`).
 *
 * Stall thresholds are configuration, so a stall row carries its step and the day it was entered, not a due date:
 * the service adds the configured days, and a changed threshold needs no rebuild.
 */
import {
  certificateExpired,
  currentStep,
  deadlinesOf,
  END_STAGES,
  EVENT_TYPES,
  evolve,
  MACHINE_VERSION,
  type AdmissionEvent,
  type DossierState,
} from '../workflows/admission';
import { addDays } from '../workflows/calendar';
import type { ProjectedEvent, Projection, Row, RowChange, RowReader, TableDef } from './projection';
import { BEGINNING, idInStream, occurredOn, text } from './stored-events';

export const TIMER_DOSSIERS_TABLE = 'timer_dossiers';
export const DEADLINES_TABLE = 'timer_deadlines';

/** The rule column of a stall row (statutory rows carry their R-T-… id). */
export const STALL = 'STALL';

export type DeadlineStatusRow = 'open' | 'met' | 'missed' | 'cancelled';

export interface DeadlineRow {
  dossier_id: string;
  /** `R-T-DECIDE` … `R-T-CERT`, or `STALL` */
  rule: string;
  /** stall rows: the machine state the dossier rests in */
  step: string | null;
  started_on: string;
  /** the last day in time (statutory rows); null for stall rows, whose threshold is configuration */
  due_on: string | null;
  /** which occurrence this is: a new due date or a new step is a new occurrence (and a new reminder) */
  deadline_key: string;
  status: DeadlineStatusRow;
  /** when the dossier was last written (engine clock): open rows are judged only once it has been quiet a while */
  last_recorded_at: string;
  position: number;
}

const dossiersTable: TableDef = {
  name: TIMER_DOSSIERS_TABLE,
  columns: { dossier_id: 'TEXT', revision: 'INTEGER', state: 'TEXT' },
  key: ['dossier_id'],
};

const deadlinesTable: TableDef = {
  name: DEADLINES_TABLE,
  columns: {
    dossier_id: 'TEXT',
    rule: 'TEXT',
    step: 'TEXT',
    started_on: 'TEXT',
    due_on: 'TEXT',
    deadline_key: 'TEXT',
    status: 'TEXT',
    last_recorded_at: 'TEXT',
    position: 'INTEGER',
  },
  key: ['dossier_id', 'rule'],
  indexes: [['position'], ['status']],
};

export function deadlineKey(rule: string, step: string | null, startedOn: string, dueOn: string | null): string {
  return rule === STALL ? `${STALL}:${step}@${startedOn}` : `${rule}@${dueOn}`;
}

type RowData = Omit<DeadlineRow, 'position' | 'last_recorded_at'>;

/** The rows of one dossier as its state stands. */
export function deadlineRows(dossierId: string, state: DossierState): RowData[] {
  const rows: RowData[] = deadlinesOf(state, { today: BEGINNING }).map((d) => {
    // A certificate matters only while the dossier is before its cell vote: ask as of the day after it lapses.
    const owed = d.rule !== 'R-T-CERT' || certificateExpired(state, addDays(d.dueOn, 1));
    return {
      dossier_id: dossierId,
      rule: d.rule,
      step: null,
      started_on: d.startedOn,
      due_on: d.dueOn,
      deadline_key: deadlineKey(d.rule, null, d.startedOn, d.dueOn),
      status: d.status === 'open' && !owed ? 'cancelled' : d.status,
    };
  });
  const step = currentStep(state);
  rows.push({
    dossier_id: dossierId,
    rule: STALL,
    step: step.state,
    started_on: step.stepEnteredOn,
    due_on: null,
    deadline_key: deadlineKey(STALL, step.state, step.stepEnteredOn, null),
    status: END_STAGES.includes(step.stage) ? 'cancelled' : 'open',
  });
  return rows;
}

const ADMISSION_TYPES = new Set<string>(EVENT_TYPES);
const COMPARED = ['step', 'started_on', 'due_on', 'deadline_key', 'status'] as const;

export const deadlinesProjection: Projection = {
  name: 'deadlines',
  version: 1,
  tables: [dossiersTable, deadlinesTable],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    const dossierId = idInStream(event.streamId, 'dossier');
    if (dossierId === undefined || !ADMISSION_TYPES.has(event.type)) return [];
    const before = rows.get(TIMER_DOSSIERS_TABLE, { dossier_id: dossierId });
    if (before && event.revision <= Number(before.revision)) return []; // a replayed batch
    if (!before && event.type !== 'CandidateNominated') return [];
    const previous = before ? (JSON.parse(String(before.state)) as DossierState) : undefined;
    const admissionEvent = { ...event.data, type: event.type, occurredOn: occurredOn(event) } as AdmissionEvent;
    const state = evolve(previous, admissionEvent, { machineVersion: Number(event.metadata.machineVersion ?? MACHINE_VERSION) });
    const changes: RowChange[] = [
      { table: TIMER_DOSSIERS_TABLE, upsert: { dossier_id: dossierId, revision: event.revision, state: JSON.stringify(state) } },
    ];
    const recordedAt = text(event.metadata.recordedAt) ?? event.recordedAt;
    const old = new Map(rows.where(DEADLINES_TABLE, 'dossier_id', dossierId).map((row) => [String(row.rule), row]));
    for (const row of deadlineRows(dossierId, state)) {
      const known = old.get(row.rule);
      old.delete(row.rule);
      // An open row also moves with every write to its dossier (its quiet period starts again); a closed one need not.
      if (!known || COMPARED.some((column) => known[column] !== row[column]) || row.status === 'open') {
        changes.push({ table: DEADLINES_TABLE, upsert: { ...row, last_recorded_at: recordedAt, position: event.position } });
      }
    }
    // A deadline the dossier no longer has (e.g. a certificate superseded by re-enrolment) is owed no more.
    for (const gone of old.values()) {
      if (gone.status !== 'cancelled') changes.push({ table: DEADLINES_TABLE, upsert: { ...gone, status: 'cancelled', position: event.position } as Row });
    }
    return changes;
  },
};
