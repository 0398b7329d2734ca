/**
 * R-VOTE arithmetic, shared by the rule checks (which refuse impossible counts) and by the machine (which routes a
 * passed vote onwards and keeps a failed one where it is).
 *
 * A cell resolves with at least two thirds of its official members counted over all official members minus
 * `excluded` (members away in temporary activity, exempt members who are absent), not over those present
 * (Quy định 24-QĐ/TW, Hướng dẫn 01-HD/TW on kết nạp đảng viên). Integer arithmetic: 2/3 of 9 is 6 exactly, no rounding.
 */
import type { CellAdmissionVoteHeld, RecognitionVoteHeld } from './events';
import { rulesOn, RuleSet } from './rule-sets';

export function reachesThreshold(rules: RuleSet, votes: number, officialMembers: number, excluded: number): boolean {
  const eligible = officialMembers - excluded;
  return eligible > 0 && votes * rules.vote.denominator >= eligible * rules.vote.numerator;
}

export function cellVotePassed(event: CellAdmissionVoteHeld): boolean {
  return reachesThreshold(rulesOn(event.occurredOn), event.votesFor, event.officialMembers, event.excluded);
}

export type RecognitionOutcome = 'recognise' | 'remove' | 'inconclusive';

/** Two thirds for recognition, two thirds for removal, or neither (R-DEADLOCK counts these). */
export function recognitionOutcome(event: RecognitionVoteHeld): RecognitionOutcome {
  const rules = rulesOn(event.occurredOn);
  if (reachesThreshold(rules, event.votesForRecognition, event.officialMembers, event.excluded)) return 'recognise';
  if (reachesThreshold(rules, event.votesForRemoval, event.officialMembers, event.excluded)) return 'remove';
  return 'inconclusive';
}
