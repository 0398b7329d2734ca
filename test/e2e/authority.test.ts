import { randomUUID } from 'node:crypto';
import { Dossiers } from '../../src/engine/dossiers';
import { AdmissionEvent, AdmissionEventType, AUTHORITY, EVENT_TYPES, ruleSetFor, type ActBody } from '../../workflows/admission';
import { ADMIN, startTestApp, TestApp } from '../support/http-app';
import { before, ev, readmission, until } from '../unit/workflows/support/events';
import { newPerson } from '../support/people';

/**
 * Who records which act, over HTTP: a matrix generated from the rule-set table (workflows/admission/authority.ts).
 * For every event type, a dossier is brought to a state where that event is allowed and valid; then a clerk of each
 * organisation records it: the cell, its grassroots organisation, the competent committee, the province above it
 * (each 200 when it is the owning body or above it, else 403 NOT_COMPETENT naming the body, the dossier unchanged),
 * the bootstrap admin (always 200), and three organisations outside the dossier's path — a sibling cell, a sibling
 * grassroots organisation and a sibling committee — which do not see the dossier at all: 404, as api.md has it for
 * anything outside the caller's scope. The `given` histories are written through the engine (as `ketnap import` would),
 * so that only the act under test goes through the HTTP check.
 */
const V1 = '/api/v1';
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };

const ORGS = [
  { id: 'tinh', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
  { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp', kind: 'block', parentId: 'tinh' },
  { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'khoi-dn' },
  { id: 'cell-a', name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
  { id: 'cell-b', name: 'Chi bộ Công ty B', kind: 'cell', parentId: 'vsip' },
  { id: 'my-phuoc', name: 'Đảng bộ KCN Mỹ Phước', kind: 'grassroots', parentId: 'khoi-dn' },
  { id: 'khoi-cq', name: 'Đảng ủy Khối các cơ quan', kind: 'block', parentId: 'tinh' },
  // for the restructuring of 2025: a district, its grassroots organisation and cell, and the commune that succeeds it
  { id: 'huyen', name: 'Huyện ủy Bàu Bàng', kind: 'district', parentId: 'tinh', foundedOn: '2000-01-01' },
  { id: 'dang-bo-xa-lai-uyen', name: 'Đảng bộ xã Lai Uyên', kind: 'grassroots', parentId: 'huyen' },
  { id: 'cb-ap-1', name: 'Chi bộ ấp 1', kind: 'cell', parentId: 'dang-bo-xa-lai-uyen' },
  { id: 'xa-bau-bang', name: 'Đảng ủy xã Bàu Bàng', kind: 'commune', parentId: 'tinh' },
];

/** The recorders: where their organisation stands in the dossier's path (cell-a → vsip → khoi-dn → tinh). */
const RECORDERS = {
  cell: { orgId: 'cell-a', rank: 0 },
  grassroots: { orgId: 'vsip', rank: 1 },
  competent: { orgId: 'khoi-dn', rank: 2 },
  above: { orgId: 'tinh', rank: 3 },
  admin: { orgId: null, rank: 4 },
  siblingCell: { orgId: 'cell-b', rank: -1 },
  siblingGrassroots: { orgId: 'my-phuoc', rank: -1 },
  siblingCommittee: { orgId: 'khoi-cq', rank: -1 },
} as const;
type Recorder = keyof typeof RECORDERS;
const RANK: Record<ActBody, number> = { cell: 0, grassroots: 1, competent: 2, province: 3 };
/** The owning body of each role in this tree (vsip is not authorised to admit; the candidate is under 60). */
const OWNER: Record<ActBody, string> = { cell: 'cell-a', grassroots: 'vsip', competent: 'khoi-dn', province: 'tinh' };

/** For every event type: a history that allows it, and the event. The type makes the list complete. */
const SCENARIOS: Record<AdmissionEventType, { given: AdmissionEvent[]; when: AdmissionEvent }> = {
  CandidateNominated: { given: [], when: ev.nominated() },
  AwarenessClassEnrolled: { given: before('AwarenessClassEnrolled'), when: ev.enrolled() },
  AwarenessCertificateIssued: { given: before('AwarenessCertificateIssued'), when: ev.certified() },
  ApplicationSubmitted: { given: before('ApplicationSubmitted'), when: ev.applied() },
  PersonalHistoryDeclared: { given: before('PersonalHistoryDeclared'), when: ev.history() },
  BackgroundCheckRequested: { given: before('BackgroundCheckRequested'), when: ev.checkRequested() },
  BackgroundCheckConcluded: { given: before('BackgroundCheckConcluded'), when: ev.checkConcluded() },
  SponsorsAssigned: { given: before('SponsorsAssigned'), when: ev.sponsors() },
  MassOrganizationOpinionsCollected: { given: before('MassOrganizationOpinionsCollected'), when: ev.opinions() },
  CellAdmissionVoteHeld: { given: before('CellAdmissionVoteHeld'), when: ev.cellVote() },
  GrassrootsCommitteeResolved: { given: before('GrassrootsCommitteeResolved'), when: ev.grassroots() },
  DecisionDeadlineExtended: { given: until('GrassrootsCommitteeResolved'), when: ev.extended('2023-07-10') },
  AdmissionDecided: { given: before('AdmissionDecided'), when: ev.decided() },
  AdmissionRejected: { given: until('GrassrootsCommitteeResolved'), when: ev.rejected() },
  CeremonyDelayApproved: { given: until('AdmissionDecided'), when: ev.delayApproved('2023-09-12', '2023-12-01') },
  AdmissionCeremonyHeld: { given: before('AdmissionCeremonyHeld'), when: ev.ceremony() },
  TheoryClassCompleted: { given: before('TheoryClassCompleted'), when: ev.theoryClass() },
  RecognitionVoteHeld: { given: before('RecognitionVoteHeld'), when: ev.recognitionVote() },
  // R-READMIT: the provincial standing committee's consent, recorded by the province (24-QĐ/TW 3.5.1).
  ReadmissionConsented: {
    given: [ev.nominated('2023-01-05', { readmission: readmission() }), ...before('GrassrootsCommitteeResolved').slice(1)],
    when: ev.readmissionConsented('2023-06-28'),
  },
  GrassrootsRecognitionResolved: { given: before('OfficialMembershipRecognized'), when: ev.grassrootsRecognition() },
  OfficialMembershipRecognized: { given: before('OfficialMembershipRecognized'), when: ev.recognized() },
  ProbationaryMemberRemoved: {
    given: [...before('RecognitionVoteHeld'), ev.recognitionVote('2024-09-20', { votesForRecognition: 2, votesForRemoval: 7 })],
    when: ev.removed('2024-10-15'),
  },
  CandidateDropped: { given: before('AwarenessClassEnrolled'), when: ev.dropped('2023-01-20') },
  CandidateWithdrawn: { given: before('AwarenessClassEnrolled'), when: ev.withdrawn('2023-01-20') },
  DossierTransferred: { given: before('AwarenessClassEnrolled'), when: ev.transferred('2023-01-20', 'cell-b') },
};

/** What the table says a recorder gets for an act. */
function expected(type: AdmissionEventType, on: string, recorder: Recorder): { status: 200 | 403 | 404; owner: string } {
  const body = AUTHORITY[ruleSetFor(on)].acts[type];
  const { rank } = RECORDERS[recorder];
  if (rank < 0) return { status: 404, owner: OWNER[body] };
  return { status: rank >= RANK[body] ? 200 : 403, owner: OWNER[body] };
}

const MATRIX = EVENT_TYPES.flatMap((type) =>
  (Object.keys(RECORDERS) as Recorder[]).map((recorder) => {
    const { status, owner } = expected(type, SCENARIOS[type].when.occurredOn, recorder);
    return { type, recorder, status, owner };
  }),
);

describe('who records which act, over HTTP', () => {
  let t: TestApp;
  const tokens = {} as Record<Recorder, string>;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    for (const org of ORGS) await t.as(ADMIN).post(`${V1}/organizations`).send(org).expect(201);
    for (const [recorder, { orgId }] of Object.entries(RECORDERS) as [Recorder, (typeof RECORDERS)[Recorder]][]) {
      tokens[recorder] =
        orgId === null
          ? ADMIN
          : (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `clerk@${orgId}`, role: 'clerk', orgId }).expect(201)).body.token;
    }
  });
  afterAll(() => t.close());

  const revisionOf = async (id: string) => (await t.as(ADMIN).get(`${V1}/dossiers/${id}`).expect(200)).body.revision as number;

  it('covers every event type of the table, in every rule set', () => {
    for (const ruleSet of Object.values(AUTHORITY)) expect(Object.keys(ruleSet.acts).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it.each(MATRIX)('$type by the $recorder’s clerk → $status', async ({ type, recorder, status, owner }) => {
    const { given, when } = SCENARIOS[type];
    const id = randomUUID();
    const { type: _type, ...body } = when;
    let res;
    if (type === 'CandidateNominated') {
      res = await t.as(tokens[recorder]).post(`${V1}/dossiers`).send({ id, ...newPerson(body) });
    } else {
      await t.app.get(Dossiers).recordHistory(id, given, { actor: 'test-given', orgId: '*', expectedRevision: -1 });
      res = await t.as(tokens[recorder]).post(`${V1}/dossiers/${id}/events`).send(when);
    }
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: type === 'CandidateNominated' && status === 200 ? 201 : status,
      code: { 200: undefined, 403: 'NOT_COMPETENT', 404: 'NOT_FOUND' }[status],
    });
    if (status === 403) {
      expect(res.body).toMatchObject({ body: { id: owner }, rule: type === 'ReadmissionConsented' ? 'R-READMIT' : 'R-AUTHORITY', detailVi: expect.stringContaining(`(${owner}) ghi nhận`) });
    }
    if (status !== 200 && type !== 'CandidateNominated') expect(await revisionOf(id)).toBe(given.length - 1);
    if (status !== 200 && type === 'CandidateNominated') await t.as(ADMIN).get(`${V1}/dossiers/${id}`).expect(404);
  });

  describe('beyond the matrix', () => {
    const clerkOf = async (orgId: string) =>
      (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `clerk@${orgId}`, role: 'clerk', orgId }).expect(201)).body.token as string;
    /** a dossier written up to the grassroots resolution (or through `events`), held by `cellId` */
    const awaitingDecision = async (cellId: string, events = until('GrassrootsCommitteeResolved')) => {
      const id = randomUUID();
      const given = events.map((e) => (e.type === 'CandidateNominated' ? { ...e, cellId } : e));
      await t.app.get(Dossiers).recordHistory(id, given, { actor: 'test-given', orgId: '*', expectedRevision: -1 });
      return id;
    };
    const decide = (as: string, id: string, on: string, decidedBy: string) =>
      t.as(as).post(`${V1}/dossiers/${id}/events`).send({ ...ev.decided(on, on), decidedBy });

    it('a decision must name the competent committee: by its id, its name or its standing committee', async () => {
      const id = await awaitingDecision('cell-a');
      const wrong = await decide(tokens.competent, id, '2023-09-05', 'Ban Thường vụ Huyện ủy Bàu Bàng').expect(422);
      expect(wrong.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-AUTHORITY', detail: expect.stringContaining('"khoi-dn"') });
      expect(await revisionOf(id)).toBe(10);
      await decide(tokens.competent, id, '2023-09-05', 'khoi-dn').expect(200);
    });

    it('a readmission: no decision without the consent; the consent is the province standing committee’s (R-READMIT)', async () => {
      const events = until('GrassrootsCommitteeResolved').map((e) => (e.type === 'CandidateNominated' ? { ...e, readmission: readmission() } : e));
      const id = await awaitingDecision('cell-a', events);
      const early = await decide(tokens.competent, id, '2023-09-05', 'khoi-dn').expect(422);
      expect(early.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-READMIT', reason: 'CONSENT_MISSING' });
      const consent = ev.readmissionConsented('2023-07-05');
      const byBlock = await t.as(tokens.competent).post(`${V1}/dossiers/${id}/events`).send(consent).expect(403);
      expect(byBlock.body).toMatchObject({ code: 'NOT_COMPETENT', rule: 'R-READMIT', body: { id: 'tinh', kind: 'province' } });
      const misnamed = await t.as(tokens.above).post(`${V1}/dossiers/${id}/events`).send({ ...consent, consentedBy: 'Đảng ủy Khối Doanh nghiệp' }).expect(422);
      expect(misnamed.body).toMatchObject({ code: 'RULE_VIOLATION', reason: 'DECIDER_MISMATCH' });
      await t.as(tokens.above).post(`${V1}/dossiers/${id}/events`).send(consent).expect(200);
      await decide(tokens.competent, id, '2023-09-05', 'khoi-dn').expect(200);
      const dossier = (await t.as(ADMIN).get(`${V1}/dossiers/${id}`).expect(200)).body;
      expect(dossier.stage).toBe('admitted');
    });

    it('a person readmitted once before is refused at the door, with R-READMIT and its reason', async () => {
      const { type: _type, ...body } = ev.nominated('2023-01-05', { readmission: readmission({ readmittedBefore: true }) });
      const res = await t.as(tokens.cell).post(`${V1}/dossiers`).send({ id: randomUUID(), ...newPerson(body) }).expect(422);
      expect(res.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-READMIT', reason: 'ALREADY_READMITTED' });
    });

    it('over 60, the province decides; the block is refused, naming the province and R-AGE', async () => {
      const older = [
        ...before('CellAdmissionVoteHeld').map((e) => (e.type === 'CandidateNominated' ? { ...e, candidate: { ...e.candidate, dateOfBirth: '1960-01-01' } } : e)),
        ev.cellVote('2023-06-26', { specialApproval: { by: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '15-CV/TU' } }),
        ev.grassroots(),
      ];
      const id = await awaitingDecision('cell-a', older);
      const refused = await decide(tokens.competent, id, '2023-09-05', 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp').expect(403);
      expect(refused.body).toMatchObject({ code: 'NOT_COMPETENT', rule: 'R-AGE', body: { id: 'tinh', kind: 'province' } });
      expect(refused.body.detailVi).toBe('Việc này do Ban Thường vụ Tỉnh ủy Bình Dương (tinh) ghi nhận.');
      await decide(tokens.above, id, '2023-09-05', 'Ban Thường vụ Tỉnh ủy Bình Dương').expect(200);
    });

    it('a district decides until 2025-06-30; from 2025-07-01 only once its succession is recorded, and then its successor', async () => {
      const district = await clerkOf('huyen');
      const commune = await clerkOf('xa-bau-bang');
      const june = await awaitingDecision('cb-ap-1');
      await decide(district, june, '2025-06-30', 'Ban Thường vụ Huyện ủy Bàu Bàng').expect(200);

      const august = await awaitingDecision('cb-ap-1');
      const stale = await decide(district, august, '2025-08-04', 'Ban Thường vụ Huyện ủy Bàu Bàng').expect(422);
      expect(stale.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-AUTHORITY', detailVi: expect.stringContaining('sắp xếp tổ chức') });

      await t.as(ADMIN).post(`${V1}/organizations/huyen/succession`).send({ successorId: 'xa-bau-bang', effectiveOn: '2025-07-01' }).expect(200);
      // the district's own clerk: its organisation is dissolved (R-ORG-DISSOLVED); its name is no longer the body's
      const dissolved = await decide(district, august, '2025-08-04', 'Ban Thường vụ Huyện ủy Bàu Bàng').expect(422);
      expect(dissolved.body).toMatchObject({ code: 'ORG_DISSOLVED', successorId: 'xa-bau-bang' });
      const misnamed = await decide(commune, august, '2025-08-04', 'Ban Thường vụ Huyện ủy Bàu Bàng').expect(422);
      expect(misnamed.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-AUTHORITY' });
      await decide(commune, august, '2025-08-04', 'Ban Thường vụ Đảng ủy xã Bàu Bàng').expect(200);
    });
  });
});
