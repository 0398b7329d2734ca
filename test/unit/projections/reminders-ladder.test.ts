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
const ON = '2024-06-03';

describe('escalation ladder', () => {
  it('climbs from the cell past a branch to its grassroots committee, then to the level above it', () => {
    expect([0, 1, 2].map((level) => targetOf('cb-a', level as 0 | 1 | 2, orgs, ON))).toEqual(['cb-a', 'vsip', 'khoi-dn']);
  });

  it('stops at an authorised grassroots committee, which is then the competent one', () => {
    expect(targetOf('cb-b', 2, orgs, ON)).toBe('my-phuoc');
  });

  it('a chi bộ cơ sở is its own grassroots organisation', () => {
    expect(targetOf('chi-bo-co-so', 1, orgs, ON)).toBe('chi-bo-co-so');
    expect(targetOf('chi-bo-co-so', 2, orgs, ON)).toBe('khoi-dn');
  });

  it('an incomplete tree gives no target rather than a guess', () => {
    expect(targetOf('lost', 1, orgs, ON)).toBeNull();
    expect(targetOf('unknown', 2, orgs, ON)).toBeNull();
  });

  it('from 2025-07-01 a district is nobody’s competent committee; a dissolved grassroots organisation gives way to its successor', () => {
    const restructured: OrgNode[] = [
      { id: 'huyen', kind: 'district', parent_id: 'tinh', authorised_to_admit: 0 },
      { id: 'xa', kind: 'commune', parent_id: 'tinh', authorised_to_admit: 0 },
      { id: 'old', kind: 'grassroots', parent_id: 'new', authorised_to_admit: 0, succeeded_on: '2025-07-01' },
      { id: 'new', kind: 'grassroots', parent_id: 'xa', authorised_to_admit: 0 },
      { id: 'cb-old', kind: 'cell', parent_id: 'old', authorised_to_admit: 0 },
      { id: 'g-huyen', kind: 'grassroots', parent_id: 'huyen', authorised_to_admit: 0 },
      { id: 'cb-huyen', kind: 'cell', parent_id: 'g-huyen', authorised_to_admit: 0 },
    ];
    const lookup = { get: (id: string) => restructured.find((o) => o.id === id) };
    expect(targetOf('cb-huyen', 2, lookup, '2025-06-30')).toBe('huyen');
    expect(targetOf('cb-huyen', 2, lookup, '2025-07-01')).toBeNull();
    expect(targetOf('cb-old', 1, lookup, '2025-07-01')).toBe('new');
    expect(targetOf('cb-old', 2, lookup, '2025-07-01')).toBe('xa');
  });

  it('decision deadlines start at the competent committee, the others at the cell', () => {
    expect([firstLevel('R-T-DECIDE'), firstLevel('R-T-RECOGNISE'), firstLevel('R-T-CEREMONY'), firstLevel(null)]).toEqual([2, 2, 0, 0]);
  });
});
