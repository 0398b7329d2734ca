/**
 * The dossier read models, kept by one projection because they all hang on the same per-dossier facts (owner cell,
 * categories, stage after each event): one read of the summary row per event feeds them all (plus the details row on
 * the few events that change a date or count an admission by category).
 *
 * - `dossier_summary`: one narrow row per dossier that every event rewrites: cell, stage, state, revision and
 *   positions, plus the few flags of the stage derivation (dossier-progress.ts) and the open stage interval.
 * - `dossier_details`: the candidate's name and categories and the dates of GET /dossiers/{id}; written when the
 *   dossier opens and when a date changes (four events of a journey), so the row rewritten on every event stays
 *   narrow: the read-model database binds every column of a row on each upsert, and a 27-column row cost about twice
 *   a 12-column one (measured: 18 µs against 8 µs an upsert).
 * - `dossier_categories`: (dossier, category), for `category=` filters and per-category pipeline counts.
 * - `stage_intervals`: see stage-intervals.ts (pipeline and aging as of a date).
 * - `report_counts`, `report_classes`: see report-counts.ts (reports and quota achievement).
 * - `org_stage_flow`, `org_stage_ages`, `org_report_counts`, `org_report_classes`: the same per organisation above the
 *   cell, for the queries high in the tree (org-aggregates.ts).
 *
 * Stage and state come from dossier-progress.ts, a restatement of machine v1's routing that is proven equal to the
 * workflow's `evolve` by the tests; an event of a machine version without such a restatement stops the projection
 * with an error rather than guessing.
 *
 * Paging: `opened_position` (the log position of the nomination) never changes and is unique, so a cursor on it is
 * stable while dossiers move on; `last_position` orders "recently changed" lists and shows how fresh a row is.
 *
 * Organisations are not resolved here: `cell_id` is the owning cell as recorded; subtree queries join `org_ancestry`
 * (org-history.ts), which is where restructuring lives.
 */
import { EVENT_TYPES, MACHINE_VERSION, type AdmissionEvent } from '../workflows/admission';
import { advance, DERIVED_MACHINE_VERSIONS, datesAfter, type DossierDates, opened, type Progress, stageOfState } from './dossier-progress';
import type { ProjectedEvent, Projection, Row, RowChange, RowReader, TableDef } from './projection';
import { classOf, counted, inClass, metricOf, METRICS_BY_CATEGORY, reportClassesTable, reportCountsTable } from './report-counts';
import { aggregatingAncestors, forOrganisations, intervalClosed, intervalOpened, orgAggregateTables } from './org-aggregates';
import { firstInterval, nextInterval, type OpenInterval, stageIntervalsTable } from './stage-intervals';
import { idInStream, occurredOn } from './stored-events';

export const DOSSIER_SUMMARY_TABLE = 'dossier_summary';
export const DOSSIER_DETAILS_TABLE = 'dossier_details';
export const DOSSIER_CATEGORIES_TABLE = 'dossier_categories';

const summaryTable: TableDef = {
  name: DOSSIER_SUMMARY_TABLE,
  columns: {
    id: 'TEXT',
    cell_id: 'TEXT',
    stage: 'TEXT',
    state: 'TEXT',
    stage_entered_on: 'TEXT',
    revision: 'INTEGER',
    opened_position: 'INTEGER',
    last_position: 'INTEGER',
    // the derivation's memory (dossier-progress.ts) and the open stage interval (stage-intervals.ts)
    has_history: 'INTEGER',
    check_passed: 'INTEGER',
    has_sponsors: 'INTEGER',
    has_opinions: 'INTEGER',
    inconclusive_votes: 'INTEGER',
    interval_seq: 'INTEGER',
    interval_entered_on: 'TEXT',
    /** the candidate's categories, sorted and comma-separated (for the intervals and the per-category counts) */
    categories: 'TEXT',
  },
  key: ['id'],
  indexes: [['cell_id', 'opened_position']],
};

const detailsTable: TableDef = {
  name: DOSSIER_DETAILS_TABLE,
  columns: {
    id: 'TEXT',
    full_name: 'TEXT',
    /** the candidate's categories, comma-separated (searchable form: dossier_categories) */
    categories: 'TEXT',
    nominated_on: 'TEXT',
    certificate_issued_on: 'TEXT',
    admission_decided_on: 'TEXT',
    ceremony_on: 'TEXT',
    probation_ends_on: 'TEXT',
    official_from: 'TEXT',
    machine_version: 'INTEGER',
  },
  key: ['id'],
};

const categoriesTable: TableDef = {
  name: DOSSIER_CATEGORIES_TABLE,
  columns: { dossier_id: 'TEXT', category: 'TEXT' },
  key: ['dossier_id', 'category'],
  indexes: [['category']],
  writeOnly: true,
};

const ADMISSION_TYPES = new Set<string>(EVENT_TYPES);

/** The events that change a date of GET /dossiers/{id} (see `datesAfter`); only they rewrite the details row. */
const DATED = new Set<string>(['AwarenessCertificateIssued', 'AdmissionDecided', 'AdmissionCeremonyHeld', 'OfficialMembershipRecognized']);

export const dossiersProjection: Projection = {
  name: 'dossiers',
  version: 4,
  tables: [summaryTable, detailsTable, categoriesTable, stageIntervalsTable, reportCountsTable, reportClassesTable, ...orgAggregateTables],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    const dossierId = idInStream(event.streamId, 'dossier');
    if (dossierId === undefined || !ADMISSION_TYPES.has(event.type)) return [];
    const admissionEvent = { ...event.data, type: event.type, occurredOn: occurredOn(event) } as AdmissionEvent;
    const before = rows.get(DOSSIER_SUMMARY_TABLE, { id: dossierId });
    if (!before) {
      return admissionEvent.type === 'CandidateNominated' ? open(dossierId, admissionEvent, event, rows) : [];
    }
    // Applied already (a replayed batch): counts must not double. The pinned machine version was checked at opening.
    if (event.revision <= Number(before.revision)) return [];
    return next(dossierId, before, admissionEvent, event, rows);
  },
};

function machineVersionOf(event: ProjectedEvent): number {
  const version = Number(event.metadata.machineVersion ?? MACHINE_VERSION);
  if (!DERIVED_MACHINE_VERSIONS.includes(version)) {
    throw new Error(`dossiers projection: no stage derivation for admission machine v${version}; add one to dossier-progress.ts`);
  }
  return version;
}

function open(
  dossierId: string,
  nominated: Extract<AdmissionEvent, { type: 'CandidateNominated' }>,
  stored: ProjectedEvent,
  rows: RowReader,
): RowChange[] {
  const machineVersion = machineVersionOf(stored);
  const { progress, dates } = opened(nominated);
  const categories = [...new Set(nominated.candidate.categories)].sort();
  const interval = firstInterval(dossierId, progress.state, nominated.cellId, nominated.occurredOn, categories.join(','));
  const counts = counted(nominated.cellId, nominated.occurredOn, 'nominated', categories);
  const orgs = aggregatingAncestors(rows, nominated.cellId);
  const changes: RowChange[] = [
    { table: DOSSIER_SUMMARY_TABLE, upsert: summaryRow(dossierId, nominated.cellId, progress, interval.open, stored, stored.position) },
    { table: DOSSIER_DETAILS_TABLE, upsert: detailsRow(dossierId, nominated.candidate.fullName, categories, dates, machineVersion) },
    ...categories.map((category) => ({ table: DOSSIER_CATEGORIES_TABLE, upsert: { dossier_id: dossierId, category } })),
    ...interval.changes,
    ...counts,
    ...forOrganisations(orgs, counts),
  ];
  return intervalOpened(orgs, interval.open, changes);
}

function next(dossierId: string, before: Row, event: AdmissionEvent, stored: ProjectedEvent, rows: RowReader): RowChange[] {
  const progress = advance(progressOf(before), event);
  // A transfer's own date already belongs to the new cell; every other act to the cell that holds the dossier.
  const cellId = event.type === 'DossierTransferred' ? event.toCellId : String(before.cell_id);
  const stage = stageOfState(progress.state);
  const interval = nextInterval(dossierId, openIntervalOf(before), { stage, cellId }, event.occurredOn);
  const metric = metricOf(event, String(before.stage), stage);
  const changes: RowChange[] = [
    { table: DOSSIER_SUMMARY_TABLE, upsert: summaryRow(dossierId, cellId, progress, interval.open, stored, Number(before.opened_position)) },
    ...interval.changes,
  ];
  const details = DATED.has(event.type) ? rows.get(DOSSIER_DETAILS_TABLE, { id: dossierId }) : undefined;
  if (details) {
    changes.push({ table: DOSSIER_DETAILS_TABLE, upsert: { ...details, ...datesColumns(datesAfter(datesOf(details), event)) } });
  }
  const counts: RowChange[] = [];
  if (metric) {
    const categories = METRICS_BY_CATEGORY.has(metric) ? interval.open.categories.split(',').filter(Boolean) : [];
    counts.push(...counted(cellId, event.occurredOn, metric, categories));
  }
  const attended = classOf(event);
  if (attended) counts.push(inClass(cellId, event.occurredOn, attended));
  changes.push(...counts);
  if (counts.length === 0 && interval.changes.length === 0) return changes;
  const orgs = aggregatingAncestors(rows, cellId);
  changes.push(...forOrganisations(orgs, counts));
  if (interval.changes.length > 0) {
    const closed = openIntervalOf(before);
    // A transfer within an organisation's subtree changes nothing there: only the organisations it leaves or enters.
    const orgsBefore = closed.cellId === cellId ? orgs : aggregatingAncestors(rows, closed.cellId);
    const staying = new Set(orgsBefore.filter((org) => orgs.includes(org)));
    const leaving = closed.cellId === cellId ? orgs : orgsBefore.filter((org) => !staying.has(org));
    const entering = closed.cellId === cellId ? orgs : orgs.filter((org) => !staying.has(org));
    intervalClosed(leaving, closed, event.occurredOn, changes);
    intervalOpened(entering, interval.open, changes);
  }
  return changes;
}

function summaryRow(id: string, cellId: string, p: Progress, interval: OpenInterval, stored: ProjectedEvent, openedPosition: number): Row {
  return {
    id,
    cell_id: cellId,
    stage: interval.stage,
    state: p.state,
    stage_entered_on: interval.stageEnteredOn,
    revision: stored.revision,
    opened_position: openedPosition,
    last_position: stored.position,
    has_history: p.hasHistory ? 1 : 0,
    check_passed: p.checkPassed ? 1 : 0,
    has_sponsors: p.hasSponsors ? 1 : 0,
    has_opinions: p.hasOpinions ? 1 : 0,
    inconclusive_votes: p.inconclusiveInARow,
    interval_seq: interval.seq,
    interval_entered_on: interval.enteredOn,
    categories: interval.categories,
  };
}

function detailsRow(id: string, fullName: string, categories: string[], dates: DossierDates, machineVersion: number): Row {
  return { id, full_name: fullName, categories: categories.join(','), ...datesColumns(dates), machine_version: machineVersion };
}

function datesColumns(dates: DossierDates): Row {
  return {
    nominated_on: dates.nominatedOn,
    certificate_issued_on: dates.certificateIssuedOn,
    admission_decided_on: dates.admissionDecidedOn,
    ceremony_on: dates.ceremonyOn,
    probation_ends_on: dates.probationEndsOn,
    official_from: dates.officialFrom,
  };
}

function progressOf(row: Row): Progress {
  return {
    state: String(row.state),
    hasHistory: row.has_history === 1,
    checkPassed: row.check_passed === 1,
    hasSponsors: row.has_sponsors === 1,
    hasOpinions: row.has_opinions === 1,
    inconclusiveInARow: Number(row.inconclusive_votes),
  };
}

function datesOf(row: Row): DossierDates {
  const date = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    nominatedOn: String(row.nominated_on),
    certificateIssuedOn: date(row.certificate_issued_on),
    admissionDecidedOn: date(row.admission_decided_on),
    ceremonyOn: date(row.ceremony_on),
    probationEndsOn: date(row.probation_ends_on),
    officialFrom: date(row.official_from),
  };
}

function openIntervalOf(row: Row): OpenInterval {
  return {
    seq: Number(row.interval_seq),
    stage: String(row.stage),
    cellId: String(row.cell_id),
    enteredOn: String(row.interval_entered_on),
    stageEnteredOn: String(row.stage_entered_on),
    categories: String(row.categories),
  };
}
