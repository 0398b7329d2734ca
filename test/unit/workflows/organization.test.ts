import { decideCongress, decideCreate, decideMove, decideSuccession, dissolvedOn, OrgFacts, ORG_KINDS, PARENT_KINDS, REFUSED } from '../../../workflows/organization';

const org = (id: string, kind: OrgFacts['kind'], extra: Partial<OrgFacts> = {}): OrgFacts => ({ id, kind, since: null, ...extra });
const create = (kind: OrgFacts['kind']) => ({ type: 'OrganizationCreated' as const, id: 'x', name: 'X', kind, authorisedToAdmit: false });

describe('organisation rules', () => {
  describe('R-ORG-KIND: which level sits under which', () => {
    it.each([
      ['cell', 'grassroots'],
      ['cell', 'branch'],
      ['branch', 'grassroots'],
      ['grassroots', 'commune'],
      ['grassroots', 'block'],
      ['commune', 'province'],
      ['block', 'central'],
    ] as const)('a %s may sit under a %s', (kind, parent) => {
      expect(decideCreate(create(kind), org('p', parent))).toBeUndefined();
    });

    it.each([
      ['cell', 'block'],
      ['cell', 'cell'],
      ['commune', 'district'],
      ['province', 'province'],
      ['central', 'province'],
    ] as const)('a %s may not sit under a %s', (kind, parent) => {
      expect(decideCreate(create(kind), org('p', parent))).toMatchObject({ rule: 'R-ORG-KIND', detailVi: expect.any(String) });
    });

    it('a cell or a branch needs a parent; the levels above may be a root', () => {
      expect(decideCreate(create('cell'), undefined)?.rule).toBe('R-ORG-KIND');
      expect(decideCreate(create('branch'), undefined)?.rule).toBe('R-ORG-KIND');
      expect(decideCreate(create('province'), undefined)).toBeUndefined();
      expect(decideCreate(create('grassroots'), undefined)).toBeUndefined();
    });

    it('refuses a founding date after the day of recording (R-DATE); that very day is accepted', () => {
      expect(decideCreate({ ...create('cell'), foundedOn: '2024-12-21' }, org('p', 'grassroots'), '2024-12-20')?.rule).toBe('R-DATE');
      expect(decideCreate({ ...create('cell'), foundedOn: '2024-12-20' }, org('p', 'grassroots'), '2024-12-20')).toBeUndefined();
    });

    it('every kind has its parents listed', () => {
      expect(Object.keys(PARENT_KINDS).sort()).toEqual([...ORG_KINDS].sort());
    });
  });

  describe('moves', () => {
    it('refuses a move under the organisation itself or its own subtree (R-ORG-CYCLE)', () => {
      expect(decideMove(org('a', 'grassroots'), org('b', 'commune'), '2025-07-01', true)?.rule).toBe('R-ORG-CYCLE');
    });

    it('refuses an effective date before its last move; the same day is accepted', () => {
      const moved = org('a', 'grassroots', { since: '2025-07-01' });
      expect(decideMove(moved, org('b', 'commune'), '2025-06-30', false)?.rule).toBe('R-DATE');
      expect(decideMove(moved, org('b', 'commune'), '2025-07-01', false)).toBeUndefined();
    });

    it('checks the kind against the new parent', () => {
      expect(decideMove(org('a', 'cell'), org('b', 'commune'), '2025-07-01', false)?.rule).toBe('R-ORG-KIND');
    });
  });

  describe('succession', () => {
    it('is accepted once', () => {
      expect(decideSuccession(org('a', 'district'), org('b', 'commune'), '2025-07-01', false)).toBeUndefined();
      expect(decideSuccession(org('a', 'district', { successorId: 'b' }), org('c', 'commune'), '2025-07-01', false)?.rule).toBe(
        'R-ORG-SUCCESSION',
      );
    });

    it('refuses a successor inside its own subtree, or one that was itself succeeded', () => {
      expect(decideSuccession(org('a', 'province'), org('b', 'district'), '2025-07-01', true)?.rule).toBe('R-ORG-SUCCESSION');
      expect(decideSuccession(org('a', 'province'), org('b', 'province', { successorId: 'c' }), '2025-07-01', false)?.rule).toBe(
        'R-ORG-SUCCESSION',
      );
    });
  });

  describe('restructuring by date (domain.md "Restructuring")', () => {
    const day = { today: '2025-06-20', horizonDays: 31 };
    const succeeded = org('bd', 'province', { successorId: 'hcm', succeededOn: '2025-07-01' });

    it('a succeeded organisation acts on the day before its succession takes effect, and is dissolved from that day', () => {
      expect(dissolvedOn(succeeded, '2025-06-30', REFUSED.act)).toBeUndefined();
      expect(dissolvedOn(succeeded, '2025-07-01', REFUSED.act)).toMatchObject({ rule: 'R-ORG-DISSOLVED', successorId: 'hcm', detailVi: expect.stringContaining('hcm') });
    });

    it('takes a new child founded the day before, none founded on the day', () => {
      const child = (foundedOn: string) => ({ ...create('block'), foundedOn });
      expect(decideCreate(child('2025-06-30'), succeeded, '2025-07-02')).toBeUndefined();
      expect(decideCreate(child('2025-07-01'), succeeded, '2025-07-02')?.rule).toBe('R-ORG-DISSOLVED');
    });

    it('receives a moved organisation effective the day before, none effective on the day', () => {
      expect(decideMove(org('khoi', 'block'), succeeded, '2025-06-30', false, day)).toBeUndefined();
      expect(decideMove(org('khoi', 'block'), succeeded, '2025-07-01', false, day)?.rule).toBe('R-ORG-DISSOLVED');
      expect(decideMove(succeeded, org('central', 'central'), '2025-07-01', false, day)?.rule).toBe('R-ORG-DISSOLVED');
    });

    it('takes effect at most horizonDays ahead of today: the last day of the horizon is accepted, the next refused', () => {
      expect(decideMove(org('a', 'grassroots'), org('b', 'block'), '2025-07-21', false, day)).toBeUndefined();
      expect(decideMove(org('a', 'grassroots'), org('b', 'block'), '2025-07-22', false, day)?.rule).toBe('R-DATE');
      expect(decideSuccession(org('a', 'province'), org('b', 'province'), '2025-07-21', false, day)).toBeUndefined();
      expect(decideSuccession(org('a', 'province'), org('b', 'province'), '9999-12-31', false, day)?.rule).toBe('R-DATE');
    });

    it('refuses an effective date before the founding; the founding day itself is accepted', () => {
      const founded = org('a', 'grassroots', { since: '2024-05-02' });
      expect(decideSuccession(founded, org('b', 'grassroots'), '2024-05-01', false, day)?.rule).toBe('R-DATE');
      expect(decideSuccession(founded, org('b', 'grassroots'), '2024-05-02', false, day)).toBeUndefined();
    });

    it('R-ORG-LEVEL: a district founded until 2025-06-30, not from 2025-07-01; a commune from 2025-07-01, not before', () => {
      const at = (kind: OrgFacts['kind'], foundedOn: string) => decideCreate({ ...create(kind), foundedOn }, org('p', 'province'), '2025-07-10');
      expect(at('district', '2025-06-30')).toBeUndefined();
      expect(at('district', '2025-07-01')?.rule).toBe('R-ORG-LEVEL');
      expect(at('commune', '2025-06-30')?.rule).toBe('R-ORG-LEVEL');
      expect(at('commune', '2025-07-01')).toBeUndefined();
      // without a founding date the day of recording stands in for it
      expect(decideCreate(create('district'), org('p', 'province'), '2025-07-01')?.rule).toBe('R-ORG-LEVEL');
    });

    it('R-ORG-LEVEL: nothing moves under a district from 2025-07-01; a district succeeded by a commune that day is the restructuring itself', () => {
      expect(decideMove(org('a', 'grassroots'), org('h', 'district'), '2025-06-30', false, day)).toBeUndefined();
      expect(decideMove(org('a', 'grassroots'), org('h', 'district'), '2025-07-01', false, day)?.rule).toBe('R-ORG-LEVEL');
      expect(decideSuccession(org('h', 'district'), org('x', 'commune'), '2025-07-01', false, day)).toBeUndefined();
      expect(decideSuccession(org('h', 'district'), org('x', 'commune'), '2025-06-30', false, day)?.rule).toBe('R-ORG-LEVEL');
    });
  });

  describe('congresses (CongressHeld): the day a term opens', () => {
    const vsip = org('vsip', 'grassroots');
    const held = (term: string, openedOn: string, recorded: { term: string; openedOn: string }[] = [], who: Parameters<typeof decideCongress>[0] = vsip) =>
      decideCongress(who, { term, openedOn }, recorded, '2025-08-10');

    it('given a term of one to five years opened in its first year, up to today, then it is accepted', () => {
      expect(held('2025-2030', '2025-08-04')).toBeUndefined();
      expect(held('2025-2030', '2025-08-10')).toBeUndefined();
      expect(held('2020-2025', '2020-06-15', [{ term: '2025-2030', openedOn: '2025-08-04' }])).toBeUndefined();
    });

    it('R-ORG-TERM: the years of the term must match the congress and make a term', () => {
      expect(held('2025-2030', '2024-12-20')).toMatchObject({ rule: 'R-ORG-TERM', detailVi: expect.stringContaining('nhiệm kỳ 2025-2030') });
      expect(held('2025-2025', '2025-03-01')?.rule).toBe('R-ORG-TERM');
      expect(held('2025-2031', '2025-03-01')?.rule).toBe('R-ORG-TERM');
      expect(held('2025-2020', '2025-03-01')?.rule).toBe('R-ORG-TERM');
    });

    it('R-ORG-TERM: one opening per term, and one term opened in a year', () => {
      const recorded = [{ term: '2025-2030', openedOn: '2025-08-04' }];
      expect(held('2025-2030', '2025-08-05', recorded)).toMatchObject({ rule: 'R-ORG-TERM', detail: expect.stringContaining('2025-08-04') });
      expect(held('2025-2027', '2025-08-05', recorded)?.rule).toBe('R-ORG-TERM');
    });

    it('R-DATE: not in the future, not before the founding; R-ORG-DISSOLVED: not from the succession on', () => {
      expect(held('2025-2030', '2025-08-11')?.rule).toBe('R-DATE');
      expect(held('2025-2030', '2025-03-01', [], { ...vsip, foundedOn: '2025-04-01' })?.rule).toBe('R-DATE');
      const dissolved = { ...vsip, successorId: 'hcm', succeededOn: '2025-07-01' };
      expect(held('2025-2030', '2025-07-01', [], dissolved)).toMatchObject({ rule: 'R-ORG-DISSOLVED', successorId: 'hcm' });
      expect(held('2025-2030', '2025-06-30', [], dissolved)).toBeUndefined();
    });
  });
});
