/**
 * Stage intervals: for each dossier, the business dates on which it entered and left each stage, and which cell held it
 * meanwhile. "The pipeline as of D" is then the intervals that cover D, and the age of a dossier in its stage at D is
 * D − `stage_entered_on`; no replay and no state as of D is needed.
 *
 * - An interval is half-open, `[entered_on, left_on)`, on business dates (`occurredOn`): the records as they stood at
 *   the end of day D are the intervals with `entered_on <= D AND D < left_on`. A stage entered and left on one day is
 *   an empty interval, kept for the history but never counted. An open interval ends at OPEN_END ('9999-12-31').
 * - A transfer closes the interval in the old cell and opens one in the new cell on the transfer's date, with the same
 *   stage and the same `stage_entered_on`: counts follow the owner, ages do not restart.
 * - A re-enrolment (backgroundCheck → awarenessClass → backgroundCheck) gives a new interval for each visit; the age
 *   restarts on each entry, as the workflow's `stageEnteredOn` does.
 * - End stages (official, rejected, …) get an interval that never closes: the stock of official members as of D is a
 *   count like any other.
 * The rows belong to the `dossiers` projection (projections/dossiers.ts), which knows stage and cell after each event.
 */
import type { RowChange, TableDef } from './projection';
import { OPEN_END } from './stored-events';

export const STAGE_INTERVALS_TABLE = 'stage_intervals';

export const stageIntervalsTable: TableDef = {
  name: STAGE_INTERVALS_TABLE,
  columns: {
    dossier_id: 'TEXT',
    /** 0, 1, 2… in the order the dossier went through them */
    seq: 'INTEGER',
    stage: 'TEXT',
    cell_id: 'TEXT',
    entered_on: 'TEXT',
    /** OPEN_END while the dossier is still there */
    left_on: 'TEXT',
    /** when the dossier entered this stage (earlier than entered_on when a transfer split the stay) */
    stage_entered_on: 'TEXT',
    /** the candidate's categories, sorted and comma-separated: the pipeline's byCategory needs no join */
    categories: 'TEXT',
  },
  key: ['dossier_id', 'seq'],
  // "Covers D" reads a cell's intervals still open after D; the index holds every column the pipeline reads (and
  // the key, dossier_id and seq, as every index of a WITHOUT ROWID table does), so it is answered from the index alone.
  indexes: [['cell_id', 'left_on', 'entered_on', 'stage', 'stage_entered_on', 'categories']],
  // the summary row remembers the open interval: these rows are written, never read back while projecting
  writeOnly: true,
};

/** The dossier's current (open) interval, as its summary row remembers it, so that closing it needs no read. */
export interface OpenInterval {
  seq: number;
  stage: string;
  cellId: string;
  enteredOn: string;
  stageEnteredOn: string;
  categories: string;
}

function row(dossierId: string, i: OpenInterval, leftOn: string) {
  return {
    table: STAGE_INTERVALS_TABLE,
    upsert: {
      dossier_id: dossierId,
      seq: i.seq,
      stage: i.stage,
      cell_id: i.cellId,
      entered_on: i.enteredOn,
      left_on: leftOn,
      stage_entered_on: i.stageEnteredOn,
      categories: i.categories,
    },
  };
}

/** The interval opened by the dossier's first event. */
export function firstInterval(
  dossierId: string,
  stage: string,
  cellId: string,
  on: string,
  categories: string,
): { open: OpenInterval; changes: RowChange[] } {
  const open = { seq: 0, stage, cellId, enteredOn: on, stageEnteredOn: on, categories };
  return { open, changes: [row(dossierId, open, OPEN_END)] };
}

/** After an event on `on`: unchanged when stage and cell are; otherwise the open interval closes and the next opens. */
export function nextInterval(
  dossierId: string,
  current: OpenInterval,
  now: { stage: string; cellId: string },
  on: string,
): { open: OpenInterval; changes: RowChange[] } {
  if (now.stage === current.stage && now.cellId === current.cellId) return { open: current, changes: [] };
  const open: OpenInterval = {
    seq: current.seq + 1,
    stage: now.stage,
    cellId: now.cellId,
    enteredOn: on,
    stageEnteredOn: now.stage === current.stage ? current.stageEnteredOn : on,
    categories: current.categories,
  };
  return { open, changes: [row(dossierId, current, on), row(dossierId, open, OPEN_END)] };
}
