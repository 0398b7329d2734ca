/**
 * Who owns each act (workflows/admission/authority.ts): given a dossier's organisation path on the act's date, when an
 * act is proposed by someone of some organisation, then which body owns it and whether that organisation may record it.
 */
import {
  AdmissionEvent,
  AdmissionEventType,
  AUTHORITY,
  authorise,
  AuthorityNode,
  EVENT_TYPES,
  overSixty,
  owningBody,
  RULE_SETS,
} from '../../../workflows/admission';
import { ev, until } from './support/events';
import { replay } from './support/given';

const node = (id: string, kind: string, extra: Partial<AuthorityNode> = {}): AuthorityNode => ({
  id,
  name: extra.name ?? id,
  kind,
  authorisedToAdmit: false,
  dissolved: false,
  ...extra,
});

const province = node('tinh-uy-bd', 'province', { name: 'Tỉnh ủy Bình Dương' });
const block = node('dang-uy-khoi-dn', 'block', { name: 'Đảng ủy Khối Doanh nghiệp' });
const vsip = node('vsip', 'grassroots', { name: 'Đảng bộ KCN VSIP' });
const cell = node('cb-a', 'cell', { name: 'Chi bộ Công ty A' });
const PATH = [province, block, vsip, cell];

/** given a path, when an act of `type` dated `on` is proposed: its owner's id (or why none). */
const ownerOf = (type: AdmissionEventType, path: AuthorityNode[], on = '2024-06-03', overAge = false) => {
  const owner = owningBody({ type, on, path, overAge });
  return owner.ok ? owner.body.id : owner.reason;
};
const decided = (on = '2024-06-03', decidedBy = 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp'): AdmissionEvent => ({ ...ev.decided(on, on), decidedBy });

describe('the authority of each act', () => {
  describe('the table, by rule set', () => {
    it('names an owner for every event type in every rule set, as domain.md lists them', () => {
      for (const id of Object.keys(RULE_SETS) as (keyof typeof RULE_SETS)[]) {
        expect(Object.keys(AUTHORITY[id].acts).sort()).toEqual([...EVENT_TYPES].sort());
      }
      const { acts } = AUTHORITY.R2021;
      const byBody = (body: string) => EVENT_TYPES.filter((type) => acts[type] === body);
      expect(byBody('grassroots')).toEqual([
        'AwarenessCertificateIssued',
        'BackgroundCheckRequested',
        'BackgroundCheckConcluded',
        'GrassrootsCommitteeResolved',
        'TheoryClassCompleted',
        'GrassrootsRecognitionResolved',
      ]);
      expect(byBody('competent')).toEqual([
        'DecisionDeadlineExtended',
        'AdmissionDecided',
        'AdmissionRejected',
        'CeremonyDelayApproved',
        'OfficialMembershipRecognized',
        'ProbationaryMemberRemoved',
      ]);
      expect(acts.RecognitionVoteHeld).toBe('cell');
    });
  });

  describe('each body', () => {
    it('a cell act belongs to the cell, a grassroots act to the grassroots organisation, a decision to the level above it', () => {
      expect(ownerOf('CellAdmissionVoteHeld', PATH)).toBe('cb-a');
      expect(ownerOf('GrassrootsCommitteeResolved', PATH)).toBe('vsip');
      expect(ownerOf('AdmissionDecided', PATH)).toBe('dang-uy-khoi-dn');
    });

    it('the competent committee is named by its standing committee', () => {
      expect(owningBody({ type: 'AdmissionDecided', on: '2024-06-03', path: PATH })).toMatchObject({
        ok: true,
        role: 'competent',
        title: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
        rule: 'R-AUTHORITY',
        ruleSet: 'R2021',
      });
    });

    it('an authorised grassroots committee decides itself', () => {
      const path = [province, block, { ...vsip, authorisedToAdmit: true }, cell];
      expect(ownerOf('AdmissionDecided', path)).toBe('vsip');
      expect(ownerOf('OfficialMembershipRecognized', path)).toBe('vsip');
      expect(ownerOf('CeremonyDelayApproved', path)).toBe('vsip');
    });

    it('a branch (đảng ủy bộ phận) between the cell and the grassroots organisation is passed by', () => {
      const path = [province, block, vsip, node('bo-phan', 'branch'), cell];
      expect(ownerOf('BackgroundCheckRequested', path)).toBe('vsip');
      expect(ownerOf('AdmissionRejected', path)).toBe('dang-uy-khoi-dn');
    });

    it('a chi bộ cơ sở holds dossiers itself: it is the cell and the grassroots organisation', () => {
      const coSo = node('chi-bo-co-so', 'grassroots');
      const path = [province, block, coSo];
      expect(ownerOf('CellAdmissionVoteHeld', path)).toBe('chi-bo-co-so');
      expect(ownerOf('GrassrootsCommitteeResolved', path)).toBe('chi-bo-co-so');
      expect(ownerOf('AdmissionDecided', path)).toBe('dang-uy-khoi-dn');
    });
  });

  describe('over 60 (R-AGE): a committee directly under the Central Committee decides', () => {
    it('the province decides, whatever the authorisation', () => {
      const authorised = [province, block, { ...vsip, authorisedToAdmit: true }, cell];
      expect(owningBody({ type: 'AdmissionDecided', on: '2024-06-03', path: authorised, overAge: true })).toMatchObject({
        ok: true,
        body: { id: 'tinh-uy-bd' },
        title: 'Ban Thường vụ Tỉnh ủy Bình Dương',
        rule: 'R-AGE',
      });
      expect(ownerOf('AdmissionRejected', PATH, '2024-06-03', true)).toBe('tinh-uy-bd');
    });

    it('the authorised grassroots committee, and the block, are refused', () => {
      const authorised = [province, block, { ...vsip, authorisedToAdmit: true }, cell];
      for (const recorder of ['vsip', 'dang-uy-khoi-dn']) {
        expect(authorise({ event: decided(), path: authorised, overAge: true, recorder })).toMatchObject({
          code: 'NOT_COMPETENT',
          detailVi: 'Việc này do Ban Thường vụ Tỉnh ủy Bình Dương (tinh-uy-bd) ghi nhận.',
        });
      }
      const byProvince = { ...ev.decided('2024-06-03', '2024-06-03'), decidedBy: 'Ban Thường vụ Tỉnh ủy Bình Dương' };
      expect(authorise({ event: byProvince, path: authorised, overAge: true, recorder: 'tinh-uy-bd' })).toMatchObject({ ok: true });
    });

    it('other acts of an older candidate stay with the ordinary bodies', () => {
      expect(ownerOf('OfficialMembershipRecognized', PATH, '2024-06-03', true)).toBe('dang-uy-khoi-dn');
      expect(ownerOf('CellAdmissionVoteHeld', PATH, '2024-06-03', true)).toBe('cb-a');
    });

    it('a block directly under the centre counts as a committee directly under the Central Committee', () => {
      const path = [node('tw', 'central'), node('khoi-tw', 'block'), vsip, cell];
      expect(ownerOf('AdmissionDecided', path, '2024-06-03', true)).toBe('khoi-tw');
      expect(ownerOf('AdmissionDecided', [block, vsip, cell], '2024-06-03', true)).toBe('NO_PROVINCE_COMMITTEE');
    });

    it('over 60 is the vote’s special approval, or an age above 720 months on the act’s date', () => {
      const born = (dateOfBirth: string) => replay(until('GrassrootsCommitteeResolved').map((e) =>
        e.type === 'CandidateNominated' ? { ...e, candidate: { ...e.candidate, dateOfBirth } } : e,
      ))!.context;
      // born 1963-07-10: 719 months at the vote of 2023-06-26, 720 on 2023-07-10, 721 from 2023-08-10
      const older = born('1963-07-10');
      expect(overSixty(older, '2023-07-10')).toBe(false);
      expect(overSixty(older, '2023-08-10')).toBe(true);
      expect(overSixty(born('1995-05-20'), '2023-09-05')).toBe(false);
      const approved = replay([
        ...until('MassOrganizationOpinionsCollected').map((e) =>
          e.type === 'CandidateNominated' ? { ...e, candidate: { ...e.candidate, dateOfBirth: '1960-01-01' } } : e,
        ),
        ev.cellVote('2023-06-26', { specialApproval: { by: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '15-CV/TU' } }),
      ])!.context;
      expect(overSixty(approved, '2023-06-26')).toBe(true);
      expect(overSixty(undefined, '2023-06-26')).toBe(false);
    });
  });

  describe('by date: districts end on 2025-07-01 (R2025b)', () => {
    const district = node('huyen-uy-bc', 'district', { name: 'Huyện ủy Bàu Bàng' });
    const path = [province, district, vsip, cell];

    it('on 2025-06-30 the district’s standing committee is competent', () => {
      expect(ownerOf('AdmissionDecided', path, '2025-06-30')).toBe('huyen-uy-bc');
    });

    it('on 2025-07-01 there is no competent committee until the restructuring is recorded', () => {
      const owner = owningBody({ type: 'AdmissionDecided', on: '2025-07-01', path });
      expect(owner).toMatchObject({ ok: false, reason: 'LEVEL_ABOLISHED', rule: 'R-AUTHORITY', detailVi: expect.stringContaining('sắp xếp') });
      expect(authorise({ event: decided('2025-08-04', 'Ban Thường vụ Huyện ủy Bàu Bàng'), path, overAge: false, recorder: 'huyen-uy-bc' }))
        .toMatchObject({ code: 'RULE_VIOLATION', reason: 'LEVEL_ABOLISHED' });
      // the cell's and the grassroots' own acts go on
      expect(ownerOf('CellAdmissionVoteHeld', path, '2025-07-01')).toBe('cb-a');
      expect(ownerOf('GrassrootsCommitteeResolved', path, '2025-07-01')).toBe('vsip');
    });

    it('once succeeded by a commune, the commune (above the dissolved district in the path) decides', () => {
      const commune = node('dang-uy-xa-bb', 'commune', { name: 'Đảng ủy xã Bàu Bàng' });
      const restructured = [province, commune, { ...district, dissolved: true }, vsip, cell];
      expect(ownerOf('AdmissionDecided', restructured, '2025-07-01')).toBe('dang-uy-xa-bb');
      // (that the dissolved district's own people record nothing is R-ORG-DISSOLVED: test/unit/workflows/organization.test.ts)
      expect(authorise({ event: ev.grassroots('2025-07-02'), path: restructured, overAge: false, recorder: 'dang-uy-xa-bb' })).toMatchObject({ ok: true });
    });
  });

  it('a dissolved grassroots organisation is skipped for its successor', () => {
    const successor = node('dang-bo-kcn-moi', 'grassroots', { name: 'Đảng bộ KCN mới' });
    const path = [province, block, successor, { ...vsip, dissolved: true }, cell];
    expect(ownerOf('BackgroundCheckConcluded', path)).toBe('dang-bo-kcn-moi');
    expect(ownerOf('AdmissionDecided', path)).toBe('dang-uy-khoi-dn');
    expect(authorise({ event: ev.checkConcluded('2024-06-03'), path, overAge: false, recorder: 'vsip' })).toMatchObject({ code: 'NOT_COMPETENT' });
  });

  describe('who may record', () => {
    const may = (event: AdmissionEvent, recorder: string | null) => authorise({ event, path: PATH, overAge: false, recorder });

    it('the owning body and those above it in the path; not those below, nor those outside', () => {
      const decision = decided();
      expect(['dang-uy-khoi-dn', 'tinh-uy-bd', null].map((r) => may(decision, r))).toEqual([0, 1, 2].map(() => expect.objectContaining({ ok: true })));
      for (const recorder of ['vsip', 'cb-a', 'my-phuoc']) {
        expect(may(decision, recorder)).toMatchObject({
          code: 'NOT_COMPETENT',
          owner: { body: { id: 'dang-uy-khoi-dn', kind: 'block' }, rule: 'R-AUTHORITY' },
          detailVi: 'Việc này do Ban Thường vụ Đảng ủy Khối Doanh nghiệp (dang-uy-khoi-dn) ghi nhận.',
        });
      }
      expect(may(ev.applied('2024-06-03'), 'cb-a')).toMatchObject({ ok: true });
      expect(may(ev.checkRequested('2024-06-03'), 'cb-a')).toMatchObject({ code: 'NOT_COMPETENT' });
    });

    it('an organisation that has taken over the owning body since (it lies under the recorder today) records its past acts', () => {
      const decision = decided();
      const heldBy = (recorder: string) => (bodyId: string) => recorder === 'tp-hcm' && bodyId === 'dang-uy-khoi-dn';
      expect(authorise({ event: decision, path: PATH, overAge: false, recorder: 'tp-hcm', heldToday: heldBy('tp-hcm') })).toMatchObject({ ok: true });
      expect(authorise({ event: decision, path: PATH, overAge: false, recorder: 'hn', heldToday: heldBy('hn') })).toMatchObject({ code: 'NOT_COMPETENT' });
    });
  });

  describe('the decision names its body (decidedBy, approvedBy)', () => {
    const byBlock = (decidedBy: string) => authorise({ event: decided('2024-06-03', decidedBy), path: PATH, overAge: false, recorder: null });

    it.each(['dang-uy-khoi-dn', 'Đảng ủy Khối Doanh nghiệp', 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp', 'ban thường vụ  đảng uỷ khối doanh nghiệp'])(
      'accepts "%s"',
      (decidedBy) => expect(byBlock(decidedBy)).toMatchObject({ ok: true }),
    );

    it('refuses another body, naming what is expected, also for the admin', () => {
      expect(byBlock('Ban Thường vụ Huyện ủy Bàu Bàng')).toMatchObject({
        code: 'RULE_VIOLATION',
        rule: 'R-AUTHORITY',
        reason: 'DECIDER_MISMATCH',
        detail: expect.stringContaining('"Ban Thường vụ Đảng ủy Khối Doanh nghiệp" or "dang-uy-khoi-dn"'),
      });
      const delay = { ...ev.delayApproved('2024-06-03', '2024-07-01'), approvedBy: 'Đảng bộ KCN VSIP' };
      expect(authorise({ event: delay, path: PATH, overAge: false, recorder: null })).toMatchObject({ reason: 'DECIDER_MISMATCH' });
    });

    it('an authorised "Đảng bộ X" decides as its committee "Đảng ủy X"', () => {
      const path = [province, block, { ...vsip, authorisedToAdmit: true }, cell];
      for (const decidedBy of ['Đảng ủy KCN VSIP', 'Đảng bộ KCN VSIP', 'vsip']) {
        expect(authorise({ event: decided('2024-06-03', decidedBy), path, overAge: false, recorder: 'vsip' })).toMatchObject({ ok: true });
      }
    });
  });
});
