import { decideCreate, decideMove, decideSuccession, OrgFacts, ORG_KINDS, PARENT_KINDS } from '../../../workflows/organization';

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
});
