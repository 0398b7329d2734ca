/**
 * Import files for the import test and benchmark: rows of candidates at every stage, each a history that the workflow
 * accepts (checked by the import itself: a good row that is refused fails the test), and broken rows of known kinds,
 * each with the code and rule the import must refuse it with. Deterministic: the same seed writes the same file.
 */
import { addDays, IsoDate } from '../../workflows/calendar';
import { Engine } from '../../src/engine/engine';
import { organizationStream, organizationStreamId } from '../../src/engine/admin-streams';
import type { EventStore } from '../../src/engine/event-store';
import { COLUMNS, ColumnKey } from '../../src/import/columns';
import { fullName } from '../../src/demo/names';
import { Rng } from '../../src/demo/random';
import { END_STAGES } from '../../workflows/admission';
import { personIdOf } from '../../src/engine/person-claims';

export const PROVINCE = 'tinh-thu';
export const GRASSROOTS = 'dang-bo-thu';
export const CELLS = Array.from({ length: 8 }, (_, i) => `chi-bo-thu-${i + 1}`);
/** a grassroots organisation that is itself a cell (chi bộ cơ sở): it holds dossiers too */
export const GRASSROOTS_CELL = 'chi-bo-co-so-thu';

/** The organisations the rows refer to, recorded through the engine as the API does. */
export async function seedOrganisations(store: EventStore, clock = { now: () => new Date('2020-01-02T03:00:00Z') }): Promise<void> {
  const engine = new Engine(store, { clock });
  const orgs = [
    { id: PROVINCE, name: 'Tỉnh ủy (thử nghiệm)', kind: 'province' },
    { id: GRASSROOTS, name: 'Đảng bộ cơ sở (thử nghiệm)', kind: 'grassroots', parentId: PROVINCE },
    { id: GRASSROOTS_CELL, name: 'Chi bộ cơ sở (thử nghiệm)', kind: 'grassroots', parentId: PROVINCE },
    ...CELLS.map((id, i) => ({ id, name: `Chi bộ ${i + 1} (thử nghiệm)`, kind: 'cell', parentId: GRASSROOTS })),
  ];
  for (const org of orgs) {
    await engine.execute(organizationStream, organizationStreamId(org.id), { actor: 'admin', orgId: org.id, commandId: `seed/${org.id}` }, () => [
      { type: 'OrganizationCreated', data: { ...org, authorisedToAdmit: false }, occurredOn: '2020-01-02' },
    ]);
  }
}

/** How far a good row goes, as the machine's dotted state it must end in, and the number of acts that takes. */
const STEPS = {
  nominated: 1,
  'awarenessClass.enrolled': 2,
  'awarenessClass.certified': 3,
  'backgroundCheck.personalHistory': 4,
  'backgroundCheck.verification': 5,
  'backgroundCheck.sponsors': 7,
  'backgroundCheck.opinions': 8,
  'backgroundCheck.cellVote': 9,
  'backgroundCheck.grassrootsResolution': 10,
  'backgroundCheck.awaitingDecision': 11,
  admitted: 12,
  'probationary.theoryClass': 13,
  'probationary.review': 14,
  'probationary.awaitingRecognition': 15,
  official: 16,
} as const;
type Target = keyof typeof STEPS;
/** Weights: most candidates of a real spreadsheet are members already or on probation. */
const WEIGHTS: [Target | 'dropped' | 'withdrawn' | 'rejected', number][] = [
  ['official', 30], ['probationary.review', 10], ['probationary.theoryClass', 4], ['probationary.awaitingRecognition', 2], ['admitted', 2],
  ['backgroundCheck.awaitingDecision', 2], ['backgroundCheck.grassrootsResolution', 1], ['backgroundCheck.cellVote', 2],
  ['backgroundCheck.opinions', 1], ['backgroundCheck.sponsors', 2], ['backgroundCheck.verification', 4], ['backgroundCheck.personalHistory', 2],
  ['awarenessClass.certified', 12], ['awarenessClass.enrolled', 6], ['nominated', 4], ['dropped', 1], ['withdrawn', 1], ['rejected', 1],
];

export type Expectation = { state: string; events: number } | { code: string; rule?: string };

export interface GeneratedRow {
  cells: Partial<Record<ColumnKey, string>>;
  expect: Expectation;
}

/** The broken kinds, each refused with this code (and rule). */
export const BROKEN = {
  impossibleDate: { code: 'VALIDATION_FAILED', rule: 'R-DATE' },
  impossibleBirthDate: { code: 'VALIDATION_FAILED', rule: 'R-DATE' },
  datesOutOfOrder: { code: 'RULE_VIOLATION', rule: 'R-DATE' },
  inTheFuture: { code: 'RULE_VIOLATION', rule: 'R-DATE' },
  seventeenAtTheVote: { code: 'RULE_VIOLATION', rule: 'R-AGE' },
  expiredCertificate: { code: 'RULE_VIOLATION', rule: 'R-CERT' },
  sponsorKnownTooShort: { code: 'RULE_VIOLATION', rule: 'R-SPONSOR' },
  cellTooSmall: { code: 'RULE_VIOLATION', rule: 'R-VOTE' },
  ceremonyWithoutDecision: { code: 'TRANSITION_NOT_ALLOWED' },
  unknownCell: { code: 'UNKNOWN_CELL' },
  notACell: { code: 'VALIDATION_FAILED' },
  missingCertificateNo: { code: 'VALIDATION_FAILED' },
  unknownGender: { code: 'VALIDATION_FAILED' },
  duplicate: { code: 'DUPLICATE_ROW' },
} as const satisfies Record<string, { code: string; rule?: string }>;
type Broken = keyof typeof BROKEN;

/** `count` rows; a share `brokenShare` of them broken (every kind at least once when there is room). */
export function generateRows(count: number, options: { seed?: string; brokenShare?: number } = {}): GeneratedRow[] {
  const rng = new Rng(options.seed ?? 'import-rows');
  const kinds = Object.keys(BROKEN) as Broken[];
  const weighted = WEIGHTS.flatMap(([target, w]) => Array<string>(w).fill(target));
  const rows: GeneratedRow[] = [];
  const good: GeneratedRow[] = [];
  const people = new Set<string>();
  const brokenEvery = options.brokenShare ? Math.round(1 / options.brokenShare) : 0;
  for (let n = 0; rows.length < count; n++) {
    if (brokenEvery && n % brokenEvery === brokenEvery - 1 && good.length > 0) {
      const kind = kinds[Math.floor(n / brokenEvery) % kinds.length];
      rows.push(broken(kind, rng, good));
      continue;
    }
    const row = candidate(rng, n, rng.pick(weighted));
    // One person, one dossier: a name and birth date drawn twice would be a duplicate (DUPLICATE_DOSSIER), not a good row.
    const person = personIdOf({ fullName: row.cells.full_name!, dateOfBirth: row.cells.date_of_birth! });
    if (people.has(person)) continue;
    people.add(person);
    rows.push(row);
    good.push(row);
  }
  return rows;
}

function candidate(rng: Rng, n: number, target: string, nominatedBetween: [number, number] = [2016, 2022]): GeneratedRow {
  const end = target === 'dropped' || target === 'withdrawn' || target === 'rejected' ? target : undefined;
  const steps = end === 'dropped' ? 7 : end === 'withdrawn' ? rng.int(1, 9) : end === 'rejected' ? 11 : STEPS[target as Target];
  const gender = rng.chance(0.55) ? 'female' : 'male';
  const youth = rng.chance(0.4);
  let on = `${rng.int(...nominatedBetween)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const next = (min: number, max: number) => (on = addDays(on, rng.int(min, max)));
  const cells: Partial<Record<ColumnKey, string>> = {
    cell_id: n % 17 === 0 ? GRASSROOTS_CELL : CELLS[n % CELLS.length],
    full_name: fullName(rng, gender),
    date_of_birth: addDays(on, -rng.int(20 * 365, 40 * 365)),
    gender: rng.chance(0.5) ? gender : gender === 'female' ? 'nữ' : 'nam',
    ethnicity: 'Kinh',
    education: rng.pick(['upper_secondary', 'đại học', 'trung cấp', 'university', 'college']),
    occupation: 'Công nhân',
    categories: youth ? 'youth_union;worker' : 'trade_union;công nhân',
    nominated_on: on,
    nominated_by_kind: youth ? 'đoàn thanh niên' : 'trade_union',
    nominated_by_name: youth ? 'Đoàn cơ sở' : 'Công đoàn cơ sở',
    helper_name: fullName(rng, 'male'),
  };
  const acts: (() => void)[] = [
    () => Object.assign(cells, { class_enrolled_on: next(14, 60), class_name: `Lớp bồi dưỡng nhận thức về Đảng khóa ${n % 9}` }),
    () => Object.assign(cells, { certificate_issued_on: next(10, 30), certificate_no: `${n}/GCN`, certificate_issuer: 'Trung tâm Chính trị' }),
    () => Object.assign(cells, { application_on: next(20, 90) }),
    () => Object.assign(cells, { history_declared_on: next(0, 5), relatives: `cha:${fullName(rng, 'male')}; mẹ:${fullName(rng, 'female')}:đảng viên` }),
    () => Object.assign(cells, { check_requested_on: next(2, 10), check_addressed_to: 'Đảng ủy xã nơi cư trú' }),
    () =>
      Object.assign(cells, {
        check_concluded_on: next(20, 40),
        check_result: end === 'dropped' ? 'không đạt' : rng.pick(['pass', 'đạt']),
        check_concluded_by: 'Đảng ủy cơ sở',
      }),
    () => {
      const assigned = next(1, 10);
      Object.assign(cells, {
        sponsors_assigned_on: assigned,
        sponsor1_name: fullName(rng, 'male'),
        sponsor1_official_since: `${rng.int(2000, 2014)}-05-19`,
        sponsor1_known_since: addDays(assigned, -rng.int(400, 3000)),
      });
      if (youth) Object.assign(cells, { sponsor_committee: 'ban chấp hành đoàn', sponsor_committee_resolution: `${n}-NQ/ĐTN` });
      else Object.assign(cells, { sponsor2_name: fullName(rng, 'female'), sponsor2_official_since: '2012-09-02', sponsor2_known_since: addDays(assigned, -rng.int(400, 3000)) });
    },
    () => Object.assign(cells, { opinions_on: next(1, 10) }),
    () => {
      const members = rng.int(5, 25);
      const excluded = rng.int(0, 1);
      Object.assign(cells, { cell_vote_on: next(5, 20), cell_official_members: String(members), cell_excluded: excluded ? '1' : '', cell_votes_for: String(members - excluded) });
    },
    () => Object.assign(cells, { grassroots_resolved_on: next(5, 15), grassroots_approve: rng.pick(['có', 'yes']), grassroots_resolution_no: `${n}-NQ/ĐU` }),
    () => {
      const decided = next(20, 60);
      Object.assign(cells, { decision_on: decided, decision_no: `${n}-QĐ/ĐU`, decided_by: 'Ban Thường vụ cấp trên', decision_received_on: next(0, 5) });
    },
    () => Object.assign(cells, { ceremony_on: next(3, 14) }),
    () => Object.assign(cells, { theory_class_on: next(60, 200), theory_certificate_no: `${n}/LLCT` }),
    () => {
      const members = rng.int(5, 25);
      on = addDays(cells.ceremony_on!, rng.int(367, 385));
      Object.assign(cells, { recognition_vote_on: on, recognition_official_members: String(members), recognition_votes_for: String(members) });
    },
    () => Object.assign(cells, { recognized_on: next(10, 30), recognition_decision_no: `${n}-QĐ/CT`, recognition_decided_by: 'Ban Thường vụ cấp trên' }),
  ];
  for (const act of acts.slice(0, steps - 1)) act();
  if (end === 'withdrawn') Object.assign(cells, { ended: 'xin rút', ended_on: next(1, 20), end_reason: 'Chuyển công tác' });
  if (end === 'rejected') Object.assign(cells, { ended: 'rejected', ended_on: next(20, 60), end_reason: 'Chưa đủ tiêu chuẩn', end_decided_by: 'Ban Thường vụ cấp trên' });
  const events = steps + (end === 'withdrawn' || end === 'rejected' ? 1 : 0);
  return { cells, expect: { state: end ?? target, events } };
}

function broken(kind: Broken, rng: Rng, good: GeneratedRow[]): GeneratedRow {
  const expect = BROKEN[kind];
  const n = 1_000_000 + good.length * 31 + rng.int(0, 30);
  const at = (target: string) => candidate(rng, n, target).cells;
  const row = (cells: Partial<Record<ColumnKey, string>>) => ({ cells, expect });
  switch (kind) {
    case 'impossibleDate':
      return row({ ...at('awarenessClass.certified'), certificate_issued_on: '2021-02-30' });
    case 'impossibleBirthDate':
      return row({ ...at('nominated'), date_of_birth: '31/04/1990' });
    case 'datesOutOfOrder': {
      const cells = at('backgroundCheck.personalHistory');
      return row({ ...cells, application_on: addDays(cells.certificate_issued_on!, -3) });
    }
    case 'inTheFuture':
      return row({ ...at('awarenessClass.enrolled'), class_enrolled_on: '2099-01-15' });
    case 'seventeenAtTheVote': {
      const cells = at('backgroundCheck.grassrootsResolution');
      return row({ ...cells, date_of_birth: addDays(cells.cell_vote_on!, -17 * 365) });
    }
    case 'expiredCertificate': {
      const cells = candidate(rng, n, 'backgroundCheck.grassrootsResolution', [2016, 2017]).cells;
      return row({ ...cells, cell_vote_on: addDays(cells.certificate_issued_on!, 61 * 31) });
    }
    case 'sponsorKnownTooShort': {
      const cells = at('backgroundCheck.opinions');
      return row({ ...cells, sponsor1_known_since: addDays(cells.sponsors_assigned_on!, -180) });
    }
    case 'cellTooSmall':
      return row({ ...at('backgroundCheck.grassrootsResolution'), cell_official_members: '2', cell_excluded: '', cell_votes_for: '2' });
    case 'ceremonyWithoutDecision': {
      const cells = at('backgroundCheck.awaitingDecision');
      return row({ ...cells, ceremony_on: addDays(cells.grassroots_resolved_on!, 40) });
    }
    case 'unknownCell':
      return row({ ...at('awarenessClass.enrolled'), cell_id: 'chi-bo-khong-co' });
    case 'notACell':
      return row({ ...at('nominated'), cell_id: PROVINCE });
    case 'missingCertificateNo':
      return row({ ...at('awarenessClass.certified'), certificate_no: '' });
    case 'unknownGender':
      return row({ ...at('nominated'), gender: 'khác' });
    case 'duplicate':
      return row({ ...rng.pick(good).cells });
  }
}

/** CSV with Vietnamese or English headers, every column of the template (as a spreadsheet would hold them). */
export function toCsv(rows: readonly GeneratedRow[], headers: 'vi' | 'en'): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const header = COLUMNS.map((c) => quote(headers === 'vi' ? c.vi : c.key)).join(',');
  const lines = rows.map(({ cells }) => COLUMNS.map((c) => quote(cells[c.key] ?? '')).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

export function toJsonLines(rows: readonly GeneratedRow[]): string {
  return rows.map(({ cells }) => JSON.stringify(cells)).join('\n') + '\n';
}

export const isGood = (row: GeneratedRow): row is GeneratedRow & { expect: { state: string; events: number } } => 'state' in row.expect;

/**
 * The events a good row appends: its own, and the PersonClaimed of its candidate when its dossier stays open
 * (a row that ends its dossier claims nobody; see PersonClaims).
 */
export const appendedBy = (row: GeneratedRow & { expect: { state: string; events: number } }): number =>
  row.expect.events + ((END_STAGES as readonly string[]).includes(row.expect.state.split('.')[0]) ? 0 : 1);

export const lastDate = (cells: Partial<Record<ColumnKey, string>>): IsoDate =>
  Object.entries(cells)
    .filter(([key, value]) => key.endsWith('_on') && value)
    .map(([, value]) => value!)
    .sort()
    .pop()!;
