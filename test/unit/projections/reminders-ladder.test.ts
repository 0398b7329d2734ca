/** The escalation ladder (src/timers/ladder.ts): cell → grassroots committee → competent committee. */
import { firstLevel, targetOf, type OrgNode } from '../../../src/timers/ladder';

const tree: OrgNode[] = [
  { id: 'khoi-dn', kind: 'block', parent_id: 'tinh', authorised_to_admit: 0 },
  { id: 'vsip', kind: 'grassroots', parent_id: 'khoi-dn', authorised_to_admit: 0 },
  { id: 'bo-phan', kind: 'branch', parent_id: 'vsip', authorised_to_admit: 0 },
  { id: 'cb-a', kind: 'cell', parent_id: 'bo-phan', authorised_to_admit: 0 },
  { id: 'my-phuoc', kind: 'grassroots', parent_id: 'khoi-dn', authorised_to_admit: 1 },
  { id: 'cb-b', kind: 'cell', parent_id: 'my-phuoc', authorised_to_admit: 0 },
  { id: 'chi-bo-co-so', kind: 'grassroots', parent_id: 'khoi-dn', authorised_to_admit: 0 },
  { id: 'lost', kind: 'cell', parent_id: 'nowhere', authorised_to_admit: 0 },
];
const orgs = { get: (id: string) => tree.find((o) => o.id === id) };

describe('escalation ladder', () => {
  it('climbs from the cell past a branch to its grassroots committee, then to the level above it', () => {
    expect([0, 1, 2].map((level) => targetOf('cb-a', level as 0 | 1 | 2, orgs))).toEqual(['cb-a', 'vsip', 'khoi-dn']);
  });

  it('stops at an authorised grassroots committee, which is then the competent one', () => {
    expect(targetOf('cb-b', 2, orgs)).toBe('my-phuoc');
  });

  it('a chi bộ cơ sở is its own grassroots organisation', () => {
    expect(targetOf('chi-bo-co-so', 1, orgs)).toBe('chi-bo-co-so');
    expect(targetOf('chi-bo-co-so', 2, orgs)).toBe('khoi-dn');
  });

  it('an incomplete tree gives no target rather than a guess', () => {
    expect(targetOf('lost', 1, orgs)).toBeNull();
    expect(targetOf('unknown', 2, orgs)).toBeNull();
  });

  it('decision deadlines start at the competent committee, the others at the cell', () => {
    expect([firstLevel('R-T-DECIDE'), firstLevel('R-T-RECOGNISE'), firstLevel('R-T-CEREMONY'), firstLevel(null)]).toEqual([2, 2, 0, 0]);
  });
});
