/**
 * One demo dossier: an invented candidate (drawn from the dossier's own seed) and the events of domain.md that record
 * their journey on the dates of a Timeline. Shapes follow test/fixtures/histories; every value is one a clerk could
 * have sent through POST /dossiers/{id}/events (the e2e test runs them through the HTTP validation to prove it).
 */
import type { AdmissionEvent, Candidate, CandidateCategory, Education, Gender, Relative, Sponsor } from '../../workflows/admission';
import { addDays, IsoDate } from '../../workflows/calendar';
import { REPORTED_ON } from './calendar';
import { familyOf, fullName, HOME_COMMITTEES, OCCUPATIONS } from './names';
import { BLOCK, BLOCK_STANDING_COMMITTEE, DemoOrg } from './organisations';
import { demoUuid, Rng } from './random';
import type { Timeline } from './timeline';
import { personIdOf } from '../engine/person-claims';

/** How the candidate came: a youth-union member, a trade-union worker, office staff, or a business owner. */
export type Profile = 'youth' | 'union' | 'office' | 'owner';

/** How a dossier ends early, if it does. */
export type Ending =
  | { type: 'CheckFailed' }
  | { type: 'AdmissionRejected'; reason: string }
  | { type: 'CandidateWithdrawn'; on: IsoDate; reason: string };

export interface DossierPlan {
  /** stable scenario key: the dossier id and every draw derive from it */
  key: string;
  /** unique in the scenario: numbers the certificates */
  serial: number;
  holder: DemoOrg;
  grassroots: DemoOrg;
  timeline: Timeline;
  /** the dotted machine state the events must leave the dossier in (checked when loading) */
  expectedState: string;
  ending?: Ending;
}

export interface DemoCommand {
  event: AdmissionEvent;
  actor: string;
  orgId: string;
}

export interface DemoDossier {
  id: string;
  key: string;
  expectedState: string;
  commands: DemoCommand[];
}

const PROFILES: Profile[] = ['union', 'union', 'union', 'union', 'union', 'youth', 'youth', 'office', 'office', 'owner'];
const CATEGORIES: Record<Profile, CandidateCategory[]> = {
  youth: ['youth_union', 'trade_union', 'worker'],
  union: ['trade_union', 'worker'],
  office: ['trade_union', 'other'],
  owner: ['business_owner'],
};
const AGES: Record<Profile, [number, number]> = { youth: [20, 29], union: [24, 45], office: [25, 45], owner: [32, 55] };
const EDUCATION: Record<Profile, Education[]> = {
  youth: ['upper_secondary', 'upper_secondary', 'vocational', 'college'],
  union: ['lower_secondary', 'upper_secondary', 'upper_secondary', 'vocational'],
  office: ['college', 'university', 'university'],
  owner: ['university', 'postgraduate'],
};

/**
 * `taken`: the people (personIdOf) the scenario drew already. A name and birth date drawn twice would be one person with
 * two open dossiers, which the engine refuses (DUPLICATE_DOSSIER): the name is drawn again then (the scenario's figures
 * do not depend on names).
 */
function candidateOf(rng: Rng, profile: Profile, votedOn: IsoDate, taken?: Set<string>): Candidate {
  const gender: Gender = rng.chance(0.55) ? 'female' : 'male';
  const [minAge, maxAge] = AGES[profile];
  const born = addDays(`${Number(votedOn.slice(0, 4)) - rng.int(minAge, maxAge)}-01-01`, -rng.int(0, 364));
  const occupations = profile === 'owner' ? OCCUPATIONS.owner : profile === 'office' ? OCCUPATIONS.office : OCCUPATIONS.worker;
  let name = fullName(rng, gender);
  while (taken?.has(personIdOf({ fullName: name, dateOfBirth: born }))) name = fullName(rng, gender);
  taken?.add(personIdOf({ fullName: name, dateOfBirth: born }));
  return {
    fullName: name,
    dateOfBirth: born,
    gender,
    ethnicity: rng.chance(0.9) ? 'Kinh' : rng.pick(['Hoa', 'Khmer', 'Tày', 'Mường', 'Nùng']),
    religion: rng.chance(0.8) ? 'Không' : rng.pick(['Phật giáo', 'Công giáo', 'Cao Đài']),
    education: rng.pick(EDUCATION[profile]),
    occupation: rng.pick(occupations),
    categories: CATEGORIES[profile],
  };
}

function relativesOf(rng: Rng, candidate: Candidate, profile: Profile): Relative[] {
  const family = familyOf(candidate.fullName);
  const relatives: Relative[] = [
    { relation: 'father', fullName: fullName(rng, 'male', family), isPartyMember: rng.chance(0.12) },
    { relation: 'mother', fullName: fullName(rng, 'female'), isPartyMember: rng.chance(0.08) },
  ];
  if (profile !== 'youth' && rng.chance(0.6)) {
    const spouse = fullName(rng, candidate.gender === 'male' ? 'female' : 'male');
    relatives.push({ relation: 'spouse', fullName: spouse, isPartyMember: rng.chance(0.1) });
    const father = candidate.gender === 'male' ? candidate.fullName : spouse;
    if (rng.chance(0.3)) relatives.push({ relation: 'child', fullName: fullName(rng, anyGender(rng), familyOf(father)), isPartyMember: false });
  }
  return relatives;
}

function sponsorsOf(rng: Rng, profile: Profile, on: IsoDate): Sponsor[] {
  const member = (): Sponsor => ({
    kind: 'party_member',
    fullName: fullName(rng, anyGender(rng)),
    officialSince: back(on, rng.int(3 * 365, 20 * 365)),
    // Known well over the 12 months of R-SPONSOR: worked together since at least 13 months.
    knownSince: back(on, rng.int(400, 2000)),
  });
  const first = member();
  if (profile === 'youth') return [first, { kind: 'youth_union_committee', resolutionNo: `${rng.int(1, 60)}-NQ/ĐTN` }];
  if (profile === 'union' && rng.chance(0.5)) return [first, { kind: 'trade_union_committee', resolutionNo: `${rng.int(1, 60)}-NQ/CĐCS` }];
  let second = member();
  while (second.kind === 'party_member' && first.kind === 'party_member' && second.fullName === first.fullName) second = member();
  return [first, second];
}

function anyGender(rng: Rng): Gender {
  return rng.chance(0.5) ? 'male' : 'female';
}

function back(date: IsoDate, days: number): IsoDate {
  return addDays(date, -days);
}

function vote(rng: Rng): { officialMembers: number; excluded: number; eligible: number } {
  const officialMembers = rng.int(5, 25);
  const excluded = rng.int(0, 2);
  return { officialMembers, excluded, eligible: officialMembers - excluded };
}

export function buildDossier(plan: DossierPlan, taken?: Set<string>): DemoDossier {
  const id = demoUuid(plan.key);
  const rng = new Rng(`${plan.key}/person`);
  const t = plan.timeline;
  const profile = rng.pick(PROFILES);
  const candidate = candidateOf(rng, profile, t.voteOn ?? REPORTED_ON, taken);
  const company = plan.holder.company ?? plan.grassroots.name;
  const committee = plan.grassroots.committee ?? plan.grassroots.name;
  const clerk = { actor: `van-thu-${plan.grassroots.id}`, orgId: plan.grassroots.id };
  const block = { actor: 'ban-to-chuc-dang-uy-khoi', orgId: BLOCK };
  // A chi bộ cơ sở resolves as a cell (NQ/CB); a đảng bộ cơ sở as its committee (NQ/ĐU).
  const chiBoCoSo = plan.holder.id === plan.grassroots.id;
  const commands: DemoCommand[] = [];
  const add = (event: AdmissionEvent, by = clerk) => commands.push({ event, ...by });

  add({
    type: 'CandidateNominated',
    occurredOn: t.nominatedOn,
    candidate,
    cellId: plan.holder.id,
    nominatedBy:
      profile === 'youth'
        ? { kind: 'youth_union', name: `Đoàn Thanh niên ${company}` }
        : profile === 'owner'
          ? { kind: 'outreach_cadre', name: `${fullName(rng, 'male')} (cán bộ Đề án 03)` }
          : { kind: 'trade_union', name: `Công đoàn ${company}` },
    helper: { name: fullName(rng, anyGender(rng)) },
  });
  add({ type: 'AwarenessClassEnrolled', occurredOn: t.enrolledOn, className: t.awarenessClass.name, startsOn: t.awarenessClass.startsOn });
  if (t.certifiedOn) {
    const issuer = 'Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương';
    add({ type: 'AwarenessCertificateIssued', occurredOn: t.certifiedOn, certificateNo: `${plan.serial}/GCN-ĐUK`, issuedOn: t.certifiedOn, issuer });
  }
  if (t.appliedOn) add({ type: 'ApplicationSubmitted', occurredOn: t.appliedOn });
  const relatives = relativesOf(rng, candidate, profile);
  if (t.historyOn) add({ type: 'PersonalHistoryDeclared', occurredOn: t.historyOn, relatives });
  if (t.requestedOn) {
    // The candidate's own history and the parents' go to the home commune; the spouse's family to theirs.
    const home = rng.pick(HOME_COMMITTEES);
    add({ type: 'BackgroundCheckRequested', occurredOn: t.requestedOn, subjects: ['candidate', 'father', 'mother'], addressedTo: home });
    const own = relatives.filter((r) => r.relation === 'spouse' || r.relation === 'child').map((r) => r.relation);
    const elsewhere = rng.pick(HOME_COMMITTEES.filter((h) => h !== home));
    if (own.length > 0) add({ type: 'BackgroundCheckRequested', occurredOn: t.requestedOn, subjects: own, addressedTo: elsewhere });
  }
  if (t.concludedOn) {
    const failed = plan.ending?.type === 'CheckFailed';
    add({ type: 'BackgroundCheckConcluded', occurredOn: t.concludedOn, result: failed ? 'fail' : 'pass', concludedBy: committee });
  }
  if (t.sponsorsOn) add({ type: 'SponsorsAssigned', occurredOn: t.sponsorsOn, sponsors: sponsorsOf(rng, profile, t.sponsorsOn) });
  if (t.opinionsOn) add({ type: 'MassOrganizationOpinionsCollected', occurredOn: t.opinionsOn });
  if (t.voteOn) {
    const { officialMembers, excluded, eligible } = vote(rng);
    const votesFor = eligible - rng.int(0, 1);
    add({ type: 'CellAdmissionVoteHeld', occurredOn: t.voteOn, officialMembers, excluded, votesFor, resolutionNo: `${rng.int(1, 40)}-NQ/CB` });
  }
  if (t.resolvedOn) {
    const resolutionNo = `${rng.int(10, 300)}-NQ/${chiBoCoSo ? 'CB' : 'ĐU'}`;
    add({ type: 'GrassrootsCommitteeResolved', occurredOn: t.resolvedOn, approve: true, resolutionNo });
  }
  if (t.decidedOn && plan.ending?.type === 'AdmissionRejected') {
    add({ type: 'AdmissionRejected', occurredOn: t.decidedOn, decidedBy: BLOCK_STANDING_COMMITTEE, reason: plan.ending.reason }, block);
  } else if (t.decidedOn) {
    const decisionNo = `${rng.int(100, 2999)}-QĐ/ĐUK`;
    add({ type: 'AdmissionDecided', occurredOn: t.decidedOn, decisionNo, decidedBy: BLOCK_STANDING_COMMITTEE, receivedOn: t.receivedOn! }, block);
  }
  if (t.ceremonyOn) add({ type: 'AdmissionCeremonyHeld', occurredOn: t.ceremonyOn });
  if (t.theoryOn) add({ type: 'TheoryClassCompleted', occurredOn: t.theoryOn, certificateNo: `${plan.serial}/GCN-LLCT` });
  if (t.recognitionVoteOn) {
    const { officialMembers, excluded, eligible } = vote(rng);
    const votesForRecognition = eligible - rng.int(0, 1);
    add({ type: 'RecognitionVoteHeld', occurredOn: t.recognitionVoteOn, officialMembers, excluded, votesForRecognition, votesForRemoval: 0 });
  }
  if (t.recognisedOn) {
    const decisionNo = `${rng.int(100, 2999)}-QĐ/ĐUK`;
    add({ type: 'OfficialMembershipRecognized', occurredOn: t.recognisedOn, decisionNo, decidedBy: BLOCK_STANDING_COMMITTEE }, block);
  }
  if (plan.ending?.type === 'CandidateWithdrawn') add({ type: 'CandidateWithdrawn', occurredOn: plan.ending.on, reason: plan.ending.reason });
  return { id, key: plan.key, expectedState: plan.expectedState, commands };
}
