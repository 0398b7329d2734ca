/**
 * How a decision names the body that owns it (decidedBy, approvedBy, consentedBy are free text, as the forms write
 * them): the names accepted for a body, compared as writers vary.
 */
import type { AdmissionEventType } from './events';

/** The owning body and its title, as authority.ts finds them. */
export interface NamedBody {
  body: { id: string; name?: string };
  title: string;
}

/** The decision fields that must name the owning body (free text, as the forms write it). */
export const DECIDER_FIELDS: Partial<Record<AdmissionEventType, 'decidedBy' | 'approvedBy' | 'consentedBy'>> = {
  ReadmissionConsented: 'consentedBy',
  AdmissionDecided: 'decidedBy',
  AdmissionRejected: 'decidedBy',
  OfficialMembershipRecognized: 'decidedBy',
  ProbationaryMemberRemoved: 'decidedBy',
  CeremonyDelayApproved: 'approvedBy',
};

/**
 * Whether a decider field names the owning body: its id, its name, or its name as the forms write the deciding body
 * ("Ban Thường vụ <name>"; for a grassroots organisation registered as "Đảng bộ X", also its committee "Đảng ủy X").
 * Compared without case, spacing or the placement of tone marks ("Đảng uỷ" = "Đảng ủy").
 * ASSUMPTION: BackgroundCheckConcluded.concludedBy is not checked: "the grassroots committee or above" may conclude,
 * and the letters often name the committee's organisation department.
 */
export function namesBody(text: string, owner: NamedBody): boolean {
  const given = comparable(text);
  return acceptedNames(owner).some((name) => comparable(name) === given);
}

export function acceptedNames(owner: NamedBody): string[] {
  const { body } = owner;
  const names = [body.id, owner.title];
  if (body.name) {
    names.push(body.name, `Ban Thường vụ ${body.name}`);
    const dangBo = /^đảng bộ\s+/iu.exec(body.name.normalize('NFC'));
    if (dangBo) {
      const rest = body.name.normalize('NFC').slice(dangBo[0].length);
      names.push(`Đảng ủy ${rest}`, `Ban Thường vụ Đảng ủy ${rest}`);
    }
  }
  return [...new Set(names)];
}

/** Lower case, single spaces, tone marks dropped (vowel marks and đ kept): tone placement varies between writers. */
function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/\s+/g, ' ')
    .trim();
}
