/**
 * The request DTOs of the dossier endpoints, without Nest: a body in, the workflow's plain event or the exact field
 * errors out. The samples are typed against the workflow's event types, so a DTO that drifts from
 * workflows/admission/events.ts fails here (shape tests) or in the compiler (the samples).
 */
import { getMetadataStorage } from 'class-validator';
import type { AdmissionEventType, Candidate, EventOfType } from '../../../workflows/admission';
import { CANDIDATE_CATEGORIES, EVENT_TYPES } from '../../../workflows/admission';
import { FieldError, ValidationFailedError } from '../../../src/engine/errors';
import { createValidationPipe } from '../../../src/http/validation';
import {
  CandidateDto,
  CandidateNominatedDto,
  CommitteeSponsorDto,
  EVENT_DTOS,
  HelperDto,
  MemberSponsorDto,
  NominatorDto,
  OpenDossierDto,
  parseEventBody,
  parseOpenDossierBody,
  RECORD_EVENT_BODY_SCHEMA,
  RECORDABLE_EVENT_TYPES,
  RelativeDto,
  SpecialApprovalDto,
} from '../../../src/http/dossiers/event-dtos';

/* ------------------------------------------------------------------ samples typed by the workflow */

/** Every optional field present, all the way down. */
type Full<T> = T extends readonly (infer U)[] ? Full<U>[] : T extends object ? { [K in keyof T]-?: Full<T[K]> } : T;
type RequiredKeys<T> = { [K in keyof T]-?: T extends Record<K, T[K]> ? K : never }[keyof T];
/** Only the required fields, all the way down (an optional field here is a compile error). */
type Minimal<T> = T extends readonly (infer U)[] ? Minimal<U>[] : T extends object ? { [K in RequiredKeys<T>]: Minimal<T[K]> } : T;

const fullCandidate = {
  fullName: 'Nguyễn Thị Lan',
  dateOfBirth: '1998-05-14',
  gender: 'female',
  ethnicity: 'Tày',
  religion: 'Không',
  education: 'primary',
  occupation: 'Công nhân may, Công ty TNHH May mặc Bến Cát',
  categories: ['youth_union', 'worker'],
  hardshipArea: 'mountain',
} satisfies Full<Candidate>;

const FULL = {
  CandidateNominated: {
    type: 'CandidateNominated',
    occurredOn: '2024-03-04',
    candidate: fullCandidate,
    cellId: 'chi-bo-cong-doan-kcn-ben-cat',
    nominatedBy: { kind: 'youth_union', name: 'Đoàn Thanh niên Công ty TNHH May mặc Bến Cát' },
    helper: { name: 'Trần Văn Hùng' },
    readmission: {
      leftOn: '2018-03-10',
      leftHow: 'removed',
      causedSeriousDisunity: false,
      conviction: { severity: 'less_serious', corruption: false, clearedOn: '2018-06-01' },
      readmittedBefore: false,
    },
  },
  AwarenessClassEnrolled: {
    type: 'AwarenessClassEnrolled',
    occurredOn: '2024-04-01',
    className: 'Lớp bồi dưỡng nhận thức về Đảng khóa 3/2024',
    startsOn: '2024-04-08',
  },
  AwarenessCertificateIssued: {
    type: 'AwarenessCertificateIssued',
    occurredOn: '2024-04-19',
    certificateNo: '125/GCN-TTCT',
    issuedOn: '2024-04-19',
    issuer: 'Trung tâm Chính trị thị xã Bến Cát',
  },
  ApplicationSubmitted: { type: 'ApplicationSubmitted', occurredOn: '2024-05-06' },
  PersonalHistoryDeclared: {
    type: 'PersonalHistoryDeclared',
    occurredOn: '2024-05-06',
    relatives: [
      { relation: 'father', fullName: 'Nguyễn Văn Bình', isPartyMember: true },
      { relation: 'mother', fullName: 'Lê Thị Hoa', isPartyMember: false },
      { relation: 'sibling', fullName: 'Nguyễn Văn Hải', isPartyMember: true },
    ],
  },
  BackgroundCheckRequested: {
    type: 'BackgroundCheckRequested',
    occurredOn: '2024-05-10',
    subjects: ['candidate', 'father', 'mother'],
    addressedTo: 'Đảng ủy xã Phước Hòa, huyện Phú Giáo',
  },
  BackgroundCheckConcluded: {
    type: 'BackgroundCheckConcluded',
    occurredOn: '2024-06-20',
    result: 'pass',
    concludedBy: 'Đảng ủy cơ sở Khu công nghiệp Mỹ Phước',
  },
  SponsorsAssigned: {
    type: 'SponsorsAssigned',
    occurredOn: '2024-06-24',
    sponsors: [
      { kind: 'party_member', fullName: 'Trần Văn Hùng', officialSince: '2015-09-02', knownSince: '2021-03-01', replacement: false },
      { kind: 'youth_union_committee', resolutionNo: '15-NQ/ĐTN' },
    ],
  },
  MassOrganizationOpinionsCollected: { type: 'MassOrganizationOpinionsCollected', occurredOn: '2024-06-28' },
  CellAdmissionVoteHeld: {
    type: 'CellAdmissionVoteHeld',
    occurredOn: '2024-07-05',
    officialMembers: 9,
    excluded: 1,
    votesFor: 8,
    resolutionNo: '07-NQ/CB',
    specialApproval: { by: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '2150-CV/TU' },
  },
  GrassrootsCommitteeResolved: { type: 'GrassrootsCommitteeResolved', occurredOn: '2024-07-15', approve: true, resolutionNo: '42-NQ/ĐU' },
  GrassrootsRecognitionResolved: { type: 'GrassrootsRecognitionResolved', occurredOn: '2024-10-01', approve: true, resolutionNo: '57-NQ/ĐU' },
  ReadmissionConsented: { type: 'ReadmissionConsented', occurredOn: '2024-06-03', consentedBy: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '1234-CV/TU' },
  DecisionDeadlineExtended: {
    type: 'DecisionDeadlineExtended',
    occurredOn: '2024-09-20',
    workingDays: 15,
    reason: 'Chờ kết quả thẩm tra bổ sung lý lịch của cha đẻ',
  },
  AdmissionDecided: {
    type: 'AdmissionDecided',
    occurredOn: '2024-10-02',
    decisionNo: '1250-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương',
    receivedOn: '2024-10-07',
  },
  AdmissionRejected: {
    type: 'AdmissionRejected',
    occurredOn: '2024-10-02',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương',
    reason: 'Chưa đủ tiêu chuẩn chính trị theo kết quả thẩm tra lý lịch',
  },
  CeremonyDelayApproved: {
    type: 'CeremonyDelayApproved',
    occurredOn: '2024-11-15',
    approvedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương',
    until: '2024-12-31',
  },
  AdmissionCeremonyHeld: { type: 'AdmissionCeremonyHeld', occurredOn: '2024-10-18' },
  TheoryClassCompleted: { type: 'TheoryClassCompleted', occurredOn: '2025-03-14', certificateNo: '318/GCN-TTCT' },
  RecognitionVoteHeld: {
    type: 'RecognitionVoteHeld',
    occurredOn: '2025-10-20',
    officialMembers: 10,
    excluded: 1,
    votesForRecognition: 9,
    votesForRemoval: 0,
  },
  OfficialMembershipRecognized: {
    type: 'OfficialMembershipRecognized',
    occurredOn: '2025-11-10',
    decisionNo: '2104-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương',
  },
  ProbationaryMemberRemoved: {
    type: 'ProbationaryMemberRemoved',
    occurredOn: '2025-11-10',
    decisionNo: '2105-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương',
    reason: 'Không đủ tư cách đảng viên trong thời gian dự bị',
  },
  CandidateDropped: { type: 'CandidateDropped', occurredOn: '2024-08-12', reason: 'Chuyển công tác ra ngoài tỉnh' },
  CandidateWithdrawn: { type: 'CandidateWithdrawn', occurredOn: '2024-08-12', reason: 'Xin rút vì hoàn cảnh gia đình' },
  DossierTransferred: { type: 'DossierTransferred', occurredOn: '2024-09-02', toCellId: 'chi-bo-phan-xuong-2' },
} satisfies { [T in AdmissionEventType]: Full<EventOfType<T>> };

const MINIMAL = {
  ...FULL,
  CandidateNominated: {
    type: 'CandidateNominated',
    occurredOn: '2024-03-04',
    candidate: { fullName: 'Lò Văn Páo', dateOfBirth: '2001-11-30', gender: 'male', education: 'lower_secondary', categories: [] },
    cellId: 'chi-bo-ban-pho',
    nominatedBy: { kind: 'outreach_cadre', name: 'Hoàng Thị Mai' },
    helper: { name: 'Vàng A Chứ' },
  },
  PersonalHistoryDeclared: { type: 'PersonalHistoryDeclared', occurredOn: '2024-05-06', relatives: [] },
  BackgroundCheckRequested: {
    type: 'BackgroundCheckRequested',
    occurredOn: '2024-05-10',
    subjects: ['candidate'],
    addressedTo: 'Công an xã Phước Hòa',
  },
  SponsorsAssigned: {
    type: 'SponsorsAssigned',
    occurredOn: '2024-06-24',
    sponsors: [
      { kind: 'party_member', fullName: 'Trần Văn Hùng', officialSince: '2015-09-02', knownSince: '2021-03-01' },
      { kind: 'trade_union_committee', resolutionNo: '08-NQ/CĐCS' },
    ],
  },
  CellAdmissionVoteHeld: { type: 'CellAdmissionVoteHeld', occurredOn: '2024-07-05', officialMembers: 3, excluded: 0, votesFor: 2 },
  GrassrootsCommitteeResolved: { type: 'GrassrootsCommitteeResolved', occurredOn: '2024-07-15', approve: false },
  GrassrootsRecognitionResolved: { type: 'GrassrootsRecognitionResolved', occurredOn: '2024-10-01', approve: false },
  ReadmissionConsented: { type: 'ReadmissionConsented', occurredOn: '2024-06-03', consentedBy: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '1234-CV/TU' },
} satisfies { [T in AdmissionEventType]: Minimal<EventOfType<T>> };

const TYPES = [...EVENT_TYPES];

/* ------------------------------------------------------------------ helpers */

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The body with the value at a dotted path replaced (`undefined` removes it). */
function withValue(body: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = clone(body) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let parent = copy as Record<string, unknown>;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The errors of a refused body; fails the test when the body is accepted or something else is thrown. */
function refusal(body: unknown, parse: (body: unknown) => unknown = parseEventBody): FieldError[] {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  throw new Error(`accepted, but should have been refused: ${JSON.stringify(body)}`);
}

/** Dotted paths of every field inside a sample (array items by index), objects before their fields. */
function fieldPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return Array.isArray(value) ? fieldPaths(child, path) : [path, ...fieldPaths(child, path)];
  });
}

/** Dotted paths of every object inside a sample, the root as ''. */
function objectPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Array.isArray(value) ? [] : [prefix];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, prefix ? `${prefix}.${key}` : key))];
}

function lastKey(path: string): string {
  return path.split('.').pop() as string;
}

/* ------------------------------------------------------------------ valid bodies */

describe('parseEventBody: a valid body per event type', () => {
  it.each(TYPES)('%s with every optional field parses to the same plain event', (type) => {
    const body = clone(FULL[type]);
    const event = parseEventBody(body);
    // toStrictEqual also fails on class instances and on keys holding undefined
    expect(event).toStrictEqual(FULL[type]);
    expect(body).toStrictEqual(FULL[type]);
  });

  it.each(TYPES)('%s with only the required fields parses to the same plain event', (type) => {
    expect(parseEventBody(clone(MINIMAL[type]))).toStrictEqual(MINIMAL[type]);
  });

  it('returns fresh objects: changing the result does not change the body', () => {
    const body = clone(FULL.SponsorsAssigned);
    const event = parseEventBody(body) as typeof body;
    event.sponsors[0].fullName = 'Người khác';
    expect(body.sponsors[0].fullName).toBe('Trần Văn Hùng');
    expect(Object.getPrototypeOf(event.sponsors[0])).toBe(Object.prototype);
  });

  it('accepts the bounds: 200-character names, 2000-character reasons with line breaks, 1 and 30 working days, leap days', () => {
    const name = 'Tôn Nữ '.padEnd(200, 'a');
    expect(parseEventBody(withValue(FULL.CandidateNominated, 'candidate.fullName', name))).toMatchObject({ candidate: { fullName: name } });
    const reason = `Lý do:\n${'x'.repeat(2000 - 7)}`;
    expect(parseEventBody({ ...FULL.CandidateDropped, reason })).toMatchObject({ reason });
    expect(parseEventBody({ ...FULL.DecisionDeadlineExtended, workingDays: 1 })).toMatchObject({ workingDays: 1 });
    expect(parseEventBody({ ...FULL.DecisionDeadlineExtended, workingDays: 30 })).toMatchObject({ workingDays: 30 });
    expect(parseEventBody({ ...FULL.AdmissionCeremonyHeld, occurredOn: '2024-02-29' })).toMatchObject({ occurredOn: '2024-02-29' });
    expect(parseEventBody({ ...FULL.CellAdmissionVoteHeld, excluded: 0, votesFor: 0 })).toMatchObject({ votesFor: 0 });
  });

  it('leaves the rules to the workflow: one sponsor, or more votes than members, is well-formed', () => {
    expect(parseEventBody({ ...FULL.SponsorsAssigned, sponsors: [FULL.SponsorsAssigned.sponsors[1]] })).toMatchObject({ sponsors: [{}] });
    expect(parseEventBody({ ...FULL.CellAdmissionVoteHeld, votesFor: 12 })).toMatchObject({ votesFor: 12 });
  });
});

describe('parseOpenDossierBody', () => {
  const { type: _type, ...data } = FULL.CandidateNominated;

  it('returns the CandidateNominated event and the client-chosen id, lower-cased', () => {
    const result = parseOpenDossierBody({ id: '3F6C2A9E-8D41-4B7A-9C0E-5A2D1F7B8E63', ...clone(data) });
    expect(result).toStrictEqual({ id: '3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63', event: FULL.CandidateNominated });
  });

  it('leaves the id out when the client sends none', () => {
    expect(parseOpenDossierBody(clone(data))).toStrictEqual({ event: FULL.CandidateNominated });
  });

  it.each([
    ['an id that is no UUID', { id: 'dossier-1', ...data }, [{ field: 'id', message: 'id must be a UUID' }]],
    ['a null id', { id: null, ...data }, [{ field: 'id', message: 'id must be a UUID' }]],
    ['a type (the body is the data only)', { type: 'CandidateNominated', ...data }, [{ field: 'type', message: 'type should not exist' }]],
    ['no occurredOn', withValue(data, 'occurredOn', undefined), [{ field: 'occurredOn', message: 'occurredOn is required' }]],
    [
      'a bad candidate date',
      withValue(data, 'candidate.dateOfBirth', '1998-02-30'),
      [{ field: 'candidate.dateOfBirth', message: 'dateOfBirth must be a real date written YYYY-MM-DD' }],
    ],
  ])('refuses %s', (_name, body, errors) => {
    expect(refusal(body, parseOpenDossierBody)).toEqual(errors);
  });
});

describe('OpenDossierDto through the global validation pipe', () => {
  const { type: _type, ...data } = FULL.CandidateNominated;
  const pipe = createValidationPipe();
  const asBody = { type: 'body', metatype: OpenDossierDto } as const;

  it('gives an instance that parseEventBody turns into the plain CandidateNominated event', async () => {
    const { id, ...validated } = (await pipe.transform({ id: '3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63', ...clone(data) }, asBody)) as OpenDossierDto;
    expect(id).toBe('3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63');
    expect(validated.candidate).toBeInstanceOf(CandidateDto);
    expect(parseEventBody({ type: 'CandidateNominated', ...validated })).toStrictEqual(FULL.CandidateNominated);
  });

  it('refuses an unknown nested field there too', async () => {
    const body = withValue(data, 'helper.phone', '0912345678');
    await expect(pipe.transform(body, asBody)).rejects.toMatchObject({ errors: [{ field: 'helper.phone', message: 'phone should not exist' }] });
  });
});

/* ------------------------------------------------------------------ the DTOs match the workflow's event types */

/** The properties class-validator lets through (everything else is refused by forbidNonWhitelisted). */
function allowedProperties(dto: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function documentedProperties(dto: new () => object): string[] {
  const keys: string[] = Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype) ?? [];
  return keys.map((key) => key.slice(1)).sort();
}

function apiProperty(dto: new () => object, property: string): Record<string, unknown> {
  return Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, property) ?? {};
}

const { type: _nominated, ...openDossierBody } = FULL.CandidateNominated;
const { type: _minimalNominated, ...minimalOpenDossierBody } = MINIMAL.CandidateNominated;

/** Each DTO with a sample holding every field its workflow type allows, and one holding only the required ones. */
const SHAPES: [string, new () => object, object, object][] = [
  ...RECORDABLE_EVENT_TYPES.map((type): [string, new () => object, object, object] => [type, EVENT_DTOS[type], FULL[type], MINIMAL[type]]),
  ['CandidateNominated', CandidateNominatedDto, FULL.CandidateNominated, MINIMAL.CandidateNominated],
  ['OpenDossierDto', OpenDossierDto, { id: '3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63', ...openDossierBody }, minimalOpenDossierBody],
  ['Candidate', CandidateDto, fullCandidate, MINIMAL.CandidateNominated.candidate],
  ['nominatedBy', NominatorDto, FULL.CandidateNominated.nominatedBy, MINIMAL.CandidateNominated.nominatedBy],
  ['helper', HelperDto, FULL.CandidateNominated.helper, MINIMAL.CandidateNominated.helper],
  ['Relative', RelativeDto, FULL.PersonalHistoryDeclared.relatives[0], FULL.PersonalHistoryDeclared.relatives[0]],
  ['MemberSponsor', MemberSponsorDto, FULL.SponsorsAssigned.sponsors[0], MINIMAL.SponsorsAssigned.sponsors[0]],
  ['CommitteeSponsor', CommitteeSponsorDto, FULL.SponsorsAssigned.sponsors[1], MINIMAL.SponsorsAssigned.sponsors[1]],
  ['SpecialApproval', SpecialApprovalDto, FULL.CellAdmissionVoteHeld.specialApproval, FULL.CellAdmissionVoteHeld.specialApproval],
];

describe('each DTO accepts exactly the fields of its workflow type', () => {
  it.each(SHAPES)('%s: the allowed fields are those of the workflow type', (_name, dto, full) => {
    expect(allowedProperties(dto)).toEqual(Object.keys(full).sort());
  });

  it.each(SHAPES)('%s: every allowed field is documented for OpenAPI, required exactly when the workflow requires it', (_n, dto, full, minimal) => {
    expect(documentedProperties(dto)).toEqual(allowedProperties(dto));
    const problems = Object.keys(full).flatMap((property) => {
      const meta = apiProperty(dto, property);
      const nested = typeof meta.type === 'function' && meta.example === undefined;
      return [
        (meta.required !== false) !== property in minimal ? `${property}: documented as required=${meta.required !== false}` : [],
        typeof meta.description !== 'string' || meta.description === '' ? `${property}: no description` : [],
        meta.example === undefined && !nested ? `${property}: no example` : [],
      ].flat();
    });
    expect(problems).toEqual([]);
  });

  it.each(TYPES)('%s: every required field, nested ones included, is refused when missing', (type) => {
    const minimal = MINIMAL[type];
    const required = fieldPaths(minimal).filter((path) => path !== 'type');
    for (const path of required) {
      expect({ path, errors: refusal(withValue(minimal, path, undefined)) }).toEqual({
        path,
        errors: [{ field: path, message: `${lastKey(path)} is required` }],
      });
    }
  });

  it.each(TYPES)('%s: an unknown field is refused at the top and in every nested object', (type) => {
    for (const path of objectPaths(FULL[type])) {
      const field = path ? `${path}.unexpected` : 'unexpected';
      expect(refusal(withValue(FULL[type], field, 'x'))).toEqual([{ field, message: 'unexpected should not exist' }]);
    }
  });

  it.each(TYPES)('%s: an optional field sent as null is refused, not taken for absent', (type) => {
    const minimal = new Set(fieldPaths(MINIMAL[type]));
    const optional = fieldPaths(FULL[type]).filter((path) => !minimal.has(path) && !/\.\d+\./.test(`${path}.`));
    for (const path of optional) {
      const errors = refusal(withValue(FULL[type], path, null));
      expect(errors.map((e) => e.field)).toEqual([path]);
    }
  });

  it('EVENT_DTOS maps the 24 types recorded through /events, in the order of domain.md, each to its own class', () => {
    expect(Object.keys(EVENT_DTOS)).toEqual(EVENT_TYPES.filter((type) => type !== 'CandidateNominated'));
    expect(RECORDABLE_EVENT_TYPES).toEqual(Object.keys(EVENT_DTOS));
    expect(Object.entries(EVENT_DTOS).map(([type, dto]) => [type, dto.name])).toEqual(
      RECORDABLE_EVENT_TYPES.map((type) => [type, `${type}Dto`]),
    );
    expect(RECORD_EVENT_BODY_SCHEMA.oneOf).toHaveLength(24);
    expect(RECORD_EVENT_BODY_SCHEMA.discriminator.mapping.SponsorsAssigned).toBe('#/components/schemas/SponsorsAssignedDto');
  });

  it('documents each event type as a one-value enumeration, the discriminator of the oneOf', () => {
    for (const type of RECORDABLE_EVENT_TYPES) {
      expect(apiProperty(EVENT_DTOS[type], 'type')).toMatchObject({ enum: [type], example: type });
    }
  });
});

/* ------------------------------------------------------------------ refusals with exact field paths */

describe('parseEventBody refuses malformed bodies field by field', () => {
  const nominated = FULL.CandidateNominated;
  const vote = FULL.CellAdmissionVoteHeld;
  const sponsors = FULL.SponsorsAssigned;
  const relatives = FULL.PersonalHistoryDeclared;
  const categories = CANDIDATE_CATEGORIES.join(', ');

  it.each<[string, unknown, FieldError[]]>([
    ['a missing occurredOn', withValue(FULL.ApplicationSubmitted, 'occurredOn', undefined), [{ field: 'occurredOn', message: 'occurredOn is required' }]],
    ['a number for a string', withValue(nominated, 'candidate.fullName', 42), [{ field: 'candidate.fullName', message: 'fullName must be a string' }]],
    ['a string for a number', { ...vote, officialMembers: '9' }, [{ field: 'officialMembers', message: 'officialMembers must be a whole number from 0 to 10000' }]],
    ['a string for a boolean', { ...FULL.GrassrootsCommitteeResolved, approve: 'true' }, [{ field: 'approve', message: 'approve must be a boolean value' }]],
    ['a negative vote count', { ...vote, votesFor: -1 }, [{ field: 'votesFor', message: 'votesFor must be a whole number from 0 to 10000' }]],
    ['a fractional vote count', { ...FULL.RecognitionVoteHeld, votesForRemoval: 0.5 }, [{ field: 'votesForRemoval', message: 'votesForRemoval must be a whole number from 0 to 10000' }]],
    ['0 working days', { ...FULL.DecisionDeadlineExtended, workingDays: 0 }, [{ field: 'workingDays', message: 'workingDays must be a whole number from 1 to 30' }]],
    ['31 working days', { ...FULL.DecisionDeadlineExtended, workingDays: 31 }, [{ field: 'workingDays', message: 'workingDays must be a whole number from 1 to 30' }]],
    ['a string where an object belongs', { ...nominated, candidate: 'Nguyễn Thị Lan' }, [{ field: 'candidate', message: 'candidate must be an object' }]],
    ['an array where an object belongs', { ...nominated, candidate: [fullCandidate] }, [{ field: 'candidate', message: 'candidate must be an object' }]],
    ['null where an object belongs', { ...nominated, helper: null }, [{ field: 'helper', message: 'helper must be an object' }]],
    ['an object where an array belongs', { ...relatives, relatives: relatives.relatives[0] }, [{ field: 'relatives', message: 'relatives must be an array' }]],
    ['an array inside the array of relatives', { ...relatives, relatives: [relatives.relatives] }, [{ field: 'relatives', message: 'each value in relatives must be an object' }]],
    ['null among the sponsors', { ...sponsors, sponsors: [null, sponsors.sponsors[1]] }, [{ field: 'sponsors', message: 'each value in sponsors must be an object' }]],
    ['too many relatives', { ...relatives, relatives: Array(31).fill(relatives.relatives[0]) }, [{ field: 'relatives', message: 'relatives must contain no more than 30 elements' }]],
    ['an error deep in an array item', withValue(relatives, 'relatives.1.isPartyMember', 'không'), [{ field: 'relatives.1.isPartyMember', message: 'isPartyMember must be a boolean value' }]],
    ['an unknown relation', withValue(relatives, 'relatives.0.relation', 'uncle'), [{ field: 'relatives.0.relation', message: 'relation must be one of the following values: father, mother, father_in_law, mother_in_law, guardian, spouse, sibling, child' }]],
    ['an unknown category', withValue(nominated, 'candidate.categories', ['farmer']), [{ field: 'candidate.categories', message: `each value in categories must be one of the following values: ${categories}` }]],
    ['a category twice', withValue(nominated, 'candidate.categories', ['worker', 'worker']), [{ field: 'candidate.categories', message: "All categories's elements must be unique" }]],
    ['a subject twice', { ...FULL.BackgroundCheckRequested, subjects: ['father', 'father'] }, [{ field: 'subjects', message: "All subjects's elements must be unique" }]],
    ['an unknown gender', withValue(nominated, 'candidate.gender', 'nữ'), [{ field: 'candidate.gender', message: 'gender must be one of the following values: male, female' }]],
    ['an unknown nominator kind', withValue(nominated, 'nominatedBy.kind', 'women_union'), [{ field: 'nominatedBy.kind', message: 'kind must be one of the following values: youth_union, trade_union, party_member, outreach_cadre' }]],
    ['an unknown result', { ...FULL.BackgroundCheckConcluded, result: 'ok' }, [{ field: 'result', message: 'result must be one of the following values: pass, fail' }]],
    ['a cell id with capitals', { ...nominated, cellId: 'Chi-Bo-1' }, [{ field: 'cellId', message: 'cellId must be an organisation id: 1 to 64 lower-case letters, digits or hyphens' }]],
    ['a cell id of 65 characters', { ...FULL.DossierTransferred, toCellId: 'a'.repeat(65) }, [{ field: 'toCellId', message: 'toCellId must be an organisation id: 1 to 64 lower-case letters, digits or hyphens' }]],
    ['a special approval without ref', withValue(vote, 'specialApproval.ref', undefined), [{ field: 'specialApproval.ref', message: 'ref is required' }]],
    ['several problems at once, each named', { ...vote, officialMembers: -3, votesFor: 'tám', extra: 1 }, [
      { field: 'extra', message: 'extra should not exist' },
      { field: 'officialMembers', message: 'officialMembers must be a whole number from 0 to 10000' },
      { field: 'votesFor', message: 'votesFor must be a whole number from 0 to 10000' },
    ]],
  ])('%s', (_name, body, errors) => {
    expect(refusal(body)).toEqual(errors);
  });

  describe('dates', () => {
    it.each(['2025-02-30', '2024-2-1', '2023-02-29', '2024-13-01', '2024-03-04T00:00:00Z', '04/03/2024', ''])('refuses %j', (date) => {
      expect(refusal({ ...FULL.AdmissionCeremonyHeld, occurredOn: date })).toEqual([
        { field: 'occurredOn', message: 'occurredOn must be a real date written YYYY-MM-DD' },
      ]);
      expect(refusal(withValue(FULL.SponsorsAssigned, 'sponsors.0.knownSince', date))).toEqual([
        { field: 'sponsors.0.knownSince', message: 'knownSince must be a real date written YYYY-MM-DD' },
      ]);
    });

    it('refuses a date that is not a string', () => {
      expect(refusal({ ...FULL.AdmissionDecided, receivedOn: 20241007 })).toEqual([
        { field: 'receivedOn', message: 'receivedOn must be a real date written YYYY-MM-DD' },
      ]);
    });
  });

  describe('sponsors, told apart by kind', () => {
    const [member, committee] = FULL.SponsorsAssigned.sponsors;

    it('refuses a sponsor of unknown kind with one error on its kind', () => {
      const body = { ...sponsors, sponsors: [member, { kind: 'women_union_committee', resolutionNo: '3-NQ/HPN' }] };
      expect(refusal(body)).toEqual([
        { field: 'sponsors.1.kind', message: 'kind must be one of the following values: party_member, youth_union_committee, trade_union_committee' },
      ]);
    });

    it('refuses a sponsor without kind', () => {
      const { kind: _kind, ...noKind } = member;
      expect(refusal({ ...sponsors, sponsors: [noKind, committee] }).map((e) => e.field)).toEqual(['sponsors.0.kind']);
    });

    it("checks each item against its own kind's fields", () => {
      expect(refusal({ ...sponsors, sponsors: [{ ...committee, fullName: 'Trần Văn Hùng' }, { kind: 'party_member', resolutionNo: '1-NQ' }] })).toEqual([
        { field: 'sponsors.0.fullName', message: 'fullName should not exist' },
        { field: 'sponsors.1.resolutionNo', message: 'resolutionNo should not exist' },
        { field: 'sponsors.1.fullName', message: 'fullName is required' },
        { field: 'sponsors.1.officialSince', message: 'officialSince is required' },
        { field: 'sponsors.1.knownSince', message: 'knownSince is required' },
      ]);
    });

    it('refuses a replacement flag that is not a boolean, and more than four sponsors', () => {
      expect(refusal(withValue(sponsors, 'sponsors.0.replacement', 'yes'))).toEqual([
        { field: 'sponsors.0.replacement', message: 'replacement must be a boolean value' },
      ]);
      expect(refusal({ ...sponsors, sponsors: [member, member, member, committee, committee] })).toEqual([
        { field: 'sponsors', message: 'sponsors must contain no more than 4 elements' },
      ]);
    });
  });

  describe('strings', () => {
    it.each<[string, string, number]>([
      ['candidate.fullName', 'fullName', 200],
      ['candidate.ethnicity', 'ethnicity', 100],
      ['candidate.occupation', 'occupation', 200],
      ['nominatedBy.name', 'name', 300],
      ['helper.name', 'name', 200],
    ])('refuses %s longer than its limit', (path, name, max) => {
      expect(refusal(withValue(nominated, path, 'ă'.repeat(max + 1)))).toEqual([
        { field: path, message: `${name} must be at most ${max} characters long` },
      ]);
    });

    it('refuses a reason of 2001 characters, and a resolution number of 101', () => {
      expect(refusal({ ...FULL.CandidateWithdrawn, reason: 'x'.repeat(2001) })).toEqual([
        { field: 'reason', message: 'reason must be at most 2000 characters long' },
      ]);
      expect(refusal({ ...FULL.GrassrootsCommitteeResolved, resolutionNo: '1'.repeat(101) })).toEqual([
        { field: 'resolutionNo', message: 'resolutionNo must be at most 100 characters long' },
      ]);
    });

    it('refuses blank strings and control characters; a reason may span lines, a name may not', () => {
      expect(refusal({ ...FULL.TheoryClassCompleted, certificateNo: '   ' })).toEqual([{ field: 'certificateNo', message: 'certificateNo must not be blank' }]);
      expect(refusal({ ...FULL.AwarenessClassEnrolled, className: '' })).toEqual([{ field: 'className', message: 'className must not be blank' }]);
      expect(refusal(withValue(nominated, 'helper.name', 'Trần\nVăn Hùng'))).toEqual([
        { field: 'helper.name', message: 'name must be a single line without control characters' },
      ]);
      expect(refusal({ ...FULL.CandidateDropped, reason: 'Chuyển\u0000 công tác' })).toEqual([
        { field: 'reason', message: 'reason must not contain control characters' },
      ]);
    });
  });
});

describe('parseEventBody refuses what is not an event body', () => {
  const accepted = `type must be one of the following values: ${EVENT_TYPES.join(', ')}`;

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'CandidateHired', occurredOn: '2024-03-04' }],
    ['a missing type', { occurredOn: '2024-03-04', reason: 'x' }],
    ['a type that is not a string', { type: ['CandidateDropped'], occurredOn: '2024-03-04', reason: 'x' }],
    ['a type in the wrong case', { ...FULL.CandidateDropped, type: 'candidateDropped' }],
    ['a type named after an Object property', { type: 'constructor', occurredOn: '2024-03-04' }],
  ])('%s: one error on type listing the accepted values', (_name, body) => {
    expect(refusal(body)).toEqual([{ field: 'type', message: accepted }]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', JSON.stringify(FULL.CandidateDropped)],
    ['a number', 42],
    ['an array', [FULL.CandidateDropped]],
    ['an instance of a class', Object.assign(new (class Body {})(), FULL.CandidateDropped)],
  ])('%s as the body', (_name, body) => {
    expect(refusal(body)).toEqual([{ field: '', message: 'the request body must be a JSON object' }]);
    expect(refusal(body, parseOpenDossierBody)).toEqual([{ field: '', message: 'the request body must be a JSON object' }]);
  });

  it.each<[string, string, string]>([
    ['__proto__ at the top', '{"type":"CandidateDropped","occurredOn":"2024-08-12","reason":"x","__proto__":{"polluted":true}}', '__proto__'],
    [
      '__proto__ in a nested object',
      `{"type":"CandidateNominated","occurredOn":"2024-03-04","cellId":"chi-bo-1","candidate":{"__proto__":{"polluted":true}},"nominatedBy":{"kind":"youth_union","name":"Đoàn"},"helper":{"name":"Hùng"}}`,
      'candidate.__proto__',
    ],
    ['constructor at the top', '{"type":"CandidateDropped","occurredOn":"2024-08-12","reason":"x","constructor":{"prototype":{"polluted":true}}}', 'constructor'],
    [
      'constructor in an array item',
      '{"type":"SponsorsAssigned","occurredOn":"2024-06-24","sponsors":[{"kind":"youth_union_committee","resolutionNo":"1","constructor":{"polluted":true}}]}',
      'sponsors.0.constructor',
    ],
  ])('refuses %s, and nothing is polluted', (_name, json, field) => {
    const body: unknown = JSON.parse(json);
    expect(refusal(body)).toEqual([{ field, message: `${lastKey(field)} should not exist` }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('refuses deep nesting in an unknown field without a stack overflow', () => {
    const depth = 100_000;
    const body: unknown = JSON.parse(`{"type":"CandidateDropped","occurredOn":"2024-08-12","reason":"x","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(refusal(body)).toEqual([{ field: 'extra.0.0.0.0', message: 'extra.0.0.0.0 is nested too deeply' }]);
  });

  it('refuses CandidateNominated sent as an event with its data missing, like any event', () => {
    const errors = refusal({ type: 'CandidateNominated', occurredOn: '2024-03-04' });
    expect(errors.map((e) => e.field)).toEqual(['cellId', 'candidate', 'nominatedBy', 'helper']);
  });
});
