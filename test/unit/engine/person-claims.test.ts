import { CLAIM_GRACE_MS, decideClaim, holderOf, normaliseFullName, personIdOf, personStreamId } from '../../../src/engine/person-claims';
import { fold } from '../../../workflows/admission';
import type { AdmissionEvent } from '../../../workflows/admission';

const nomination = {
  type: 'CandidateNominated',
  occurredOn: '2024-01-10',
  cellId: 'cell-a',
  candidate: { fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14', gender: 'female', education: 'university', categories: ['youth_union'] },
  nominatedBy: { kind: 'youth_union', name: 'Đoàn TN' },
  helper: { name: 'Trần Văn Hùng' },
} as unknown as AdmissionEvent;
const open = fold([nomination], { machineVersion: 1 });
const withdrawn = fold([nomination, { type: 'CandidateWithdrawn', occurredOn: '2024-02-01', reason: 'chuyển công tác' } as AdmissionEvent], { machineVersion: 1 });

const now = new Date('2024-06-01T03:00:00Z');
const claimed = (dossierId: string, msAgo = 24 * 3600_000) => ({ dossierId, claimedAt: new Date(now.getTime() - msAgo).toISOString() });

describe('the claim of a person (pure decision)', () => {
  it('free: nobody ever claimed the person', () => {
    expect(decideClaim(undefined, 'd-new', undefined, now)).toEqual({ claim: true });
  });

  it('held by an open dossier: refused, naming it and its cell', () => {
    expect(decideClaim(claimed('d-open'), 'd-new', holderOf(open), now)).toEqual({ refused: { openDossierId: 'd-open', cellId: 'cell-a' } });
  });

  it('held by a dossier that ended: free again (readmission later)', () => {
    expect(holderOf(withdrawn)).toEqual({ status: 'ended' });
    expect(decideClaim(claimed('d-ended'), 'd-new', holderOf(withdrawn), now)).toEqual({ claim: true });
  });

  it('held by a dossier that was never written (a crash between the two appends): free', () => {
    expect(holderOf(undefined)).toEqual({ status: 'unwritten' });
    expect(decideClaim(claimed('d-lost', CLAIM_GRACE_MS), 'd-new', holderOf(undefined), now)).toEqual({ claim: true });
  });

  it('held by a dossier not written yet, within the grace period (another replica between its two appends): refused, without a cell', () => {
    expect(decideClaim(claimed('d-writing', CLAIM_GRACE_MS - 1), 'd-new', holderOf(undefined), now)).toEqual({ refused: { openDossierId: 'd-writing' } });
    expect(decideClaim(claimed('d-writing', 1000), 'd-new', holderOf(undefined), now, 500)).toEqual({ claim: true });
  });

  it('held by the same dossier (its retry or replay): nothing more to claim', () => {
    expect(decideClaim(claimed('d-1', 0), 'd-1', undefined, now)).toEqual({ claim: false });
  });
});

describe('who counts as the same person', () => {
  it('compares names after NFC, case and spacing', () => {
    expect(normaliseFullName('  nguyễn   THỊ lan ')).toBe('nguyễn thị lan');
    expect(normaliseFullName('Nguyễn\tThị\u00a0Lan')).toBe('nguyễn thị lan');
    const nfd = 'Nguyễn Thị Lan'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Lan');
    expect(personIdOf({ fullName: nfd, dateOfBirth: '1998-05-14' })).toBe(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14' }));
    expect(personIdOf({ fullName: '  nguyễn   THỊ lan ', dateOfBirth: '1998-05-14' })).toBe(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14' }));
  });

  it('keeps diacritics: "Nguyen Thi Lan" is another name than "Nguyễn Thị Lan"', () => {
    expect(personIdOf({ fullName: 'Nguyen Thi Lan', dateOfBirth: '1998-05-14' })).not.toBe(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14' }));
  });

  it('another date of birth is another person', () => {
    expect(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-15' })).not.toBe(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14' }));
  });

  it('puts no personal data in the stream id: a name-based UUID of the identity', () => {
    const id = personStreamId(personIdOf({ fullName: 'Nguyễn Thị Lan', dateOfBirth: '1998-05-14' }));
    expect(id).toMatch(/^person-[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toMatch(/1998|lan/i);
  });
});
