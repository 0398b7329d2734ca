/** R-SPONSOR: who sponsors a candidate (Điều lệ Đảng, Điều 4.1). */
import { AdmissionContext } from './context';
import { SponsorsAssigned } from './events';
import { RuleSet, wholeMonthsUnder } from './rule-sets';
import { RuleViolation, violation } from './rule-violation';

/**
 * R-SPONSOR (Điều lệ Đảng, Điều 4.1; Quy định 24-QĐ/TW, 3.1–3.2): two official members, or one official member and the
 * executive committee of the youth union (the candidate is a youth-union member) or of the trade union (the candidate
 * is a trade-union member and not a youth-union member: our reading of "no youth union there", which the dossier cannot
 * see otherwise). A youth-union member of youth age (16–30 at the assignment) is sponsored by the youth-union committee
 * and one official member: "người vào Đảng trong độ tuổi thanh niên phải là đoàn viên …, được ban chấp hành đoàn cơ sở
 * và một đảng viên chính thức giới thiệu"; two members are refused. A member sponsor must be official on the assignment
 * date and have worked, studied or lived with the candidate for at least 12 months (since a day between the candidate's
 * birth and the assignment), unless appointed to replace a sponsor assigned earlier (Quy định 24-QĐ/TW 3.2: moved away,
 * disciplined, died): a first assignment has nobody to replace.
 */
export function checkSponsors(context: AdmissionContext, event: SponsorsAssigned, rules: RuleSet): RuleViolation | null {
  const sponsors = event.sponsors;
  const members = sponsors.filter((s) => s.kind === 'party_member');
  const committees = sponsors.filter((s) => s.kind !== 'party_member');
  const categories = context.candidate.categories;
  if (sponsors.length !== 2 || members.length === 0) {
    return violation(
      'R-SPONSOR',
      'WRONG_SPONSORS',
      'A candidate needs two sponsors: two official party members, or one official member and the youth-union or trade-union committee.',
      'Người vào Đảng cần hai người giới thiệu: hai đảng viên chính thức, hoặc một đảng viên chính thức và ban chấp hành đoàn thanh niên hoặc công đoàn cơ sở.',
    );
  }
  for (const committee of committees) {
    if (committee.kind === 'youth_union_committee' && !categories.includes('youth_union')) {
      return violation(
        'R-SPONSOR',
        'YOUTH_UNION_COMMITTEE_NOT_ALLOWED',
        'The youth-union committee may sponsor only a youth-union member.',
        'Ban chấp hành đoàn cơ sở chỉ giới thiệu người vào Đảng là đoàn viên.',
      );
    }
    if (committee.kind === 'trade_union_committee' && (!categories.includes('trade_union') || categories.includes('youth_union'))) {
      return violation(
        'R-SPONSOR',
        'TRADE_UNION_COMMITTEE_NOT_ALLOWED',
        'The trade-union committee may sponsor only a trade-union member who is not a youth-union member (a youth-union member is sponsored by the youth-union committee).',
        'Ban chấp hành công đoàn cơ sở chỉ giới thiệu người vào Đảng là đoàn viên công đoàn không phải là đoàn viên thanh niên (đoàn viên thanh niên do ban chấp hành đoàn cơ sở giới thiệu).',
      );
    }
  }
  const ageYears = Math.floor(wholeMonthsUnder(rules, context.candidate.dateOfBirth, event.occurredOn) / 12);
  const youthAge = ageYears >= rules.youthAge.minYears && ageYears <= rules.youthAge.maxYears;
  if (youthAge && categories.includes('youth_union') && !committees.some((c) => c.kind === 'youth_union_committee')) {
    return violation(
      'R-SPONSOR',
      'YOUTH_UNION_COMMITTEE_REQUIRED',
      `On ${event.occurredOn} the candidate is ${ageYears}, of youth age (${rules.youthAge.minYears}–${rules.youthAge.maxYears}), and a youth-union member: the sponsors are the youth-union committee and one official member, not two members.`,
      `Ngày ${event.occurredOn} người vào Đảng ${ageYears} tuổi, trong độ tuổi thanh niên (${rules.youthAge.minYears}–${rules.youthAge.maxYears}) và là đoàn viên: người giới thiệu là ban chấp hành đoàn cơ sở và một đảng viên chính thức, không phải hai đảng viên.`,
    );
  }
  if (members.length === 2 && members[0].fullName.trim().toLowerCase() === members[1].fullName.trim().toLowerCase()) {
    return violation(
      'R-SPONSOR',
      'SAME_SPONSOR_TWICE',
      `${members[0].fullName} is named twice: the two sponsors must be different members.`,
      `${members[0].fullName} được ghi hai lần: hai người giới thiệu phải là hai đảng viên khác nhau.`,
    );
  }
  for (const member of members) {
    if (member.knownSince < context.candidate.dateOfBirth) {
      return violation(
        'R-SPONSOR',
        'KNOWN_BEFORE_BIRTH',
        `${member.fullName} cannot have known the candidate since ${member.knownSince}, before the candidate was born (${context.candidate.dateOfBirth}).`,
        `${member.fullName} không thể biết người vào Đảng từ ngày ${member.knownSince}, trước ngày sinh của người vào Đảng (${context.candidate.dateOfBirth}).`,
      );
    }
    if (member.knownSince > event.occurredOn) {
      return violation(
        'R-SPONSOR',
        'KNOWN_AFTER_ASSIGNMENT',
        `${member.fullName} is said to know the candidate only from ${member.knownSince}, after the assignment (${event.occurredOn}).`,
        `${member.fullName} được ghi là biết người vào Đảng từ ngày ${member.knownSince}, sau ngày được phân công (${event.occurredOn}).`,
      );
    }
    if (member.officialSince > event.occurredOn) {
      return violation(
        'R-SPONSOR',
        'SPONSOR_NOT_OFFICIAL',
        `${member.fullName} is an official member only from ${member.officialSince}; a sponsor must be official when assigned (${event.occurredOn}).`,
        `${member.fullName} là đảng viên chính thức từ ngày ${member.officialSince}; người giới thiệu phải là đảng viên chính thức khi được phân công (${event.occurredOn}).`,
      );
    }
    if (member.replacement && context.sponsors === null) {
      return violation(
        'R-SPONSOR',
        'REPLACEMENT_WITHOUT_PREDECESSOR',
        `${member.fullName} is marked as a replacement, but no sponsors were assigned before: the 12-month exemption is only for a sponsor who replaces one assigned earlier.`,
        `${member.fullName} được ghi là người thay thế, nhưng trước đó chưa phân công người giới thiệu: chỉ người thay thế người giới thiệu đã được phân công mới không cần đủ 12 tháng.`,
      );
    }
    const known = wholeMonthsUnder(rules, member.knownSince, event.occurredOn);
    if (!member.replacement && known < rules.sponsorKnownMonths) {
      return violation(
        'R-SPONSOR',
        'KNOWN_TOO_SHORT',
        `${member.fullName} has known the candidate for ${Math.max(known, 0)} whole months (since ${member.knownSince}); a sponsor needs ${rules.sponsorKnownMonths}, unless appointed as a replacement.`,
        `${member.fullName} mới cùng công tác, học tập hoặc sinh sống với người vào Đảng ${Math.max(known, 0)} tháng (từ ${member.knownSince}); người giới thiệu phải đủ ${rules.sponsorKnownMonths} tháng, trừ khi được phân công thay thế.`,
      );
    }
  }
  return null;
}
