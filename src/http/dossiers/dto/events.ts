/**
 * One request DTO per dossier event of domain.md: `POST /dossiers/{id}/events` takes `{type, occurredOn, ...data}` with
 * the data named as in the workflow's event types (workflows/admission/events.ts), and `POST /dossiers` takes the data
 * of CandidateNominated (OpenDossierDto). Each class `implements` its workflow event, so the compiler catches a required
 * field left out; the unit tests catch a field too many. The examples follow one candidate through the whole journey.
 *
 * Rules of the workflow (R-AGE, R-SPONSOR counts, R-VOTE arithmetic, dates in order) are not repeated here: the workflow
 * answers them with RULE_VIOLATION and a bilingual detail. These classes check shape, enumerations and bounds only.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsUUID, Matches, ValidateNested } from 'class-validator';
import { RELATIONS, type AdmissionDecided, type AdmissionEventType, type AdmissionRejected, type ApplicationSubmitted, type AwarenessCertificateIssued, type AwarenessClassEnrolled, type BackgroundCheckConcluded, type BackgroundCheckRequested, type CandidateNominated, type CeremonyDelayApproved, type CellAdmissionVoteHeld, type CheckSubject, type DecisionDeadlineExtended, type GrassrootsCommitteeResolved, type MassOrganizationOpinionsCollected, type PersonalHistoryDeclared, type SponsorsAssigned } from '../../../../workflows/admission';
import { IsCalendarDate } from '../../validation';
import { IsText, IsWholeNumber, LIMITS, Optional, ORG_ID, ORG_ID_RULE } from './fields';
import { CandidateDto, CommitteeSponsorDto, HelperDto, MemberSponsorDto, NominatorDto, ReadmissionDto, RelativeDto, SpecialApprovalDto, toSponsorInstances } from './parts';

const OCCURRED_ON =
  'the business date of the act (YYYY-MM-DD); may lie in the past when records are back-filled, never after today (R-DATE)';

/** The two fields every event carries: `type` (one value per class, the union's discriminator) and `occurredOn`. */
export function EventBody<T extends AdmissionEventType>(type: T, exampleDate: string) {
  class EventBody {
    @ApiProperty({ enum: [type], example: type, description: 'the event type' })
    @IsIn([type])
    type!: T;

    @ApiProperty({ example: exampleDate, format: 'date', description: OCCURRED_ON })
    @IsCalendarDate()
    occurredOn!: string;
  }
  return EventBody;
}

export const COMMITTEE = 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương';
const CELL_ID_DESCRIPTION = `id of a cell (chi bộ) or grassroots cell (chi bộ cơ sở); it ${ORG_ID_RULE}`;

/** The date and data of CandidateNominated, shared by the body of `POST /dossiers` and the event itself. */
class Nomination implements Omit<CandidateNominated, 'type'> {
  @ApiProperty({ example: '2024-03-04', format: 'date', description: OCCURRED_ON })
  @IsCalendarDate()
  occurredOn!: string;

  @ApiProperty({ example: 'chi-bo-cong-doan-kcn-ben-cat', pattern: ORG_ID.source, description: CELL_ID_DESCRIPTION })
  @Matches(ORG_ID, { message: `cellId ${ORG_ID_RULE}` })
  cellId!: string;

  @ApiProperty({ type: () => CandidateDto, description: 'the person nominated' })
  @IsObject()
  @ValidateNested()
  @Type(() => CandidateDto)
  candidate!: CandidateDto;

  @ApiProperty({ type: () => NominatorDto, description: 'who proposes the candidate (Đoàn, Công đoàn, a party member or an outreach cadre)' })
  @IsObject()
  @ValidateNested()
  @Type(() => NominatorDto)
  nominatedBy!: NominatorDto;

  @ApiProperty({ type: () => HelperDto, description: 'the official member the cell assigns to help the candidate' })
  @IsObject()
  @ValidateNested()
  @Type(() => HelperDto)
  helper!: HelperDto;

  @ApiPropertyOptional({ type: () => ReadmissionDto, description: 'a former member applying to be readmitted (R-READMIT)' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReadmissionDto)
  readmission?: ReadmissionDto;
}

/** `POST /dossiers`: the data of CandidateNominated, which opens the dossier in `nominated`, and an optional dossier id. */
export class OpenDossierDto extends Nomination {
  @ApiPropertyOptional({
    example: '3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63',
    format: 'uuid',
    description: 'client-chosen dossier id: the same id makes the call idempotent; the server picks one when it is left out',
  })
  @Optional()
  @IsUUID('all')
  id?: string;
}

/** The event that opens a dossier, as `parseEventBody` accepts it; not recordable through `/events` (see EVENT_DTOS). */
export class CandidateNominatedDto extends Nomination implements CandidateNominated {
  @ApiProperty({ enum: ['CandidateNominated'], example: 'CandidateNominated', description: 'the event type' })
  @IsIn(['CandidateNominated'])
  type!: 'CandidateNominated';
}

export class AwarenessClassEnrolledDto extends EventBody('AwarenessClassEnrolled', '2024-04-01') implements AwarenessClassEnrolled {
  @ApiProperty({ example: 'Lớp bồi dưỡng nhận thức về Đảng khóa 3/2024', maxLength: LIMITS.title, description: 'the awareness class (lớp bồi dưỡng nhận thức về Đảng)' })
  @IsText(LIMITS.title)
  className!: string;

  @ApiProperty({ example: '2024-04-08', format: 'date', description: 'first day of the class' })
  @IsCalendarDate()
  startsOn!: string;
}

export class AwarenessCertificateIssuedDto
  extends EventBody('AwarenessCertificateIssued', '2024-04-19')
  implements AwarenessCertificateIssued
{
  @ApiProperty({ example: '125/GCN-TTCT', maxLength: LIMITS.documentNo, description: 'number of the awareness certificate (giấy chứng nhận)' })
  @IsText(LIMITS.documentNo)
  certificateNo!: string;

  @ApiProperty({ example: '2024-04-19', format: 'date', description: 'issue date: the certificate is valid for 60 months from it (R-CERT)' })
  @IsCalendarDate()
  issuedOn!: string;

  @ApiProperty({ example: 'Trung tâm Chính trị thị xã Bến Cát', maxLength: LIMITS.title, description: 'the political centre or committee that issued it' })
  @IsText(LIMITS.title)
  issuer!: string;
}

/** 1-KNĐ: the application for admission. */
export class ApplicationSubmittedDto extends EventBody('ApplicationSubmitted', '2024-05-06') implements ApplicationSubmitted {}

/** 2-KNĐ: the personal history, with the relatives whose history is verified. */
export class PersonalHistoryDeclaredDto extends EventBody('PersonalHistoryDeclared', '2024-05-06') implements PersonalHistoryDeclared {
  @ApiProperty({
    type: [RelativeDto],
    maxItems: LIMITS.relatives,
    description: 'the relatives declared in the personal history (parents, parents-in-law, guardian, spouse, children)',
    example: [
      { relation: 'father', fullName: 'Nguyễn Văn Bình', isPartyMember: true },
      { relation: 'mother', fullName: 'Lê Thị Hoa', isPartyMember: false },
    ],
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.relatives)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RelativeDto)
  relatives!: RelativeDto[];
}

const CHECK_SUBJECTS: readonly CheckSubject[] = ['candidate', ...RELATIONS];

export class BackgroundCheckRequestedDto
  extends EventBody('BackgroundCheckRequested', '2024-05-10')
  implements BackgroundCheckRequested
{
  @ApiProperty({
    enum: [...CHECK_SUBJECTS],
    isArray: true,
    uniqueItems: true,
    example: ['candidate', 'father', 'mother'],
    description: 'whom this batch of verification letters is about: the candidate or relations declared in the personal history',
  })
  @IsArray()
  @ArrayMaxSize(CHECK_SUBJECTS.length)
  @ArrayUnique()
  @IsIn(CHECK_SUBJECTS, { each: true })
  subjects!: CheckSubject[];

  @ApiProperty({ example: 'Đảng ủy xã Phước Hòa, huyện Phú Giáo', maxLength: LIMITS.title, description: 'the body the letters go to' })
  @IsText(LIMITS.title)
  addressedTo!: string;
}

export class BackgroundCheckConcludedDto
  extends EventBody('BackgroundCheckConcluded', '2024-06-20')
  implements BackgroundCheckConcluded
{
  @ApiProperty({ enum: ['pass', 'fail'], example: 'pass', description: '`fail` ends the dossier in `dropped`' })
  @IsIn(['pass', 'fail'])
  result!: 'pass' | 'fail';

  @ApiProperty({ example: 'Đảng ủy cơ sở Khu công nghiệp Mỹ Phước', maxLength: LIMITS.title, description: 'the grassroots committee that certifies the history' })
  @IsText(LIMITS.title)
  concludedBy!: string;
}

/** 3-KNĐ, 4-KNĐ. */
@ApiExtraModels(MemberSponsorDto, CommitteeSponsorDto)
export class SponsorsAssignedDto extends EventBody('SponsorsAssigned', '2024-06-24') implements SponsorsAssigned {
  @ApiProperty({
    type: 'array',
    maxItems: LIMITS.sponsors,
    items: {
      oneOf: [{ $ref: getSchemaPath(MemberSponsorDto) }, { $ref: getSchemaPath(CommitteeSponsorDto) }],
      discriminator: {
        propertyName: 'kind',
        mapping: {
          party_member: getSchemaPath(MemberSponsorDto),
          youth_union_committee: getSchemaPath(CommitteeSponsorDto),
          trade_union_committee: getSchemaPath(CommitteeSponsorDto),
        },
      },
    },
    example: [
      { kind: 'party_member', fullName: 'Trần Văn Hùng', officialSince: '2015-09-02', knownSince: '2021-03-01' },
      { kind: 'youth_union_committee', resolutionNo: '15-NQ/ĐTN' },
    ],
    description:
      'two official members, or one official member and the youth-union or trade-union committee (R-SPONSOR, checked by the workflow)',
  })
  @IsArray()
  @ArrayMaxSize(LIMITS.sponsors)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => toSponsorInstances(obj[key]))
  sponsors!: (MemberSponsorDto | CommitteeSponsorDto)[];
}

/** 5-KNĐ. */
export class MassOrganizationOpinionsCollectedDto
  extends EventBody('MassOrganizationOpinionsCollected', '2024-06-28')
  implements MassOrganizationOpinionsCollected {}

/** 6-KNĐ. Whether the vote passed is worked out by the workflow (R-VOTE), not sent. */
export class CellAdmissionVoteHeldDto extends EventBody('CellAdmissionVoteHeld', '2024-07-05') implements CellAdmissionVoteHeld {
  @ApiProperty({ example: 9, minimum: 0, maximum: LIMITS.members, description: 'official members of the cell' })
  @IsWholeNumber(0, LIMITS.members)
  officialMembers!: number;

  @ApiProperty({
    example: 1,
    minimum: 0,
    maximum: LIMITS.members,
    description: 'members not counted: in temporary activity elsewhere, or exempt and absent (R-VOTE)',
  })
  @IsWholeNumber(0, LIMITS.members)
  excluded!: number;

  @ApiProperty({ example: 8, minimum: 0, maximum: LIMITS.members, description: 'votes in favour of admission' })
  @IsWholeNumber(0, LIMITS.members)
  votesFor!: number;

  @ApiPropertyOptional({ example: '07-NQ/CB', maxLength: LIMITS.documentNo, description: "number of the cell's resolution" })
  @Optional()
  @IsText(LIMITS.documentNo)
  resolutionNo?: string;

  @ApiPropertyOptional({
    type: () => SpecialApprovalDto,
    description: 'required when the candidate is older than 60 years on the vote date (R-AGE)',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => SpecialApprovalDto)
  specialApproval?: SpecialApprovalDto;
}

/** 8-KNĐ. An approving resolution starts the decision clock (R-T-DECIDE). */
export class GrassrootsCommitteeResolvedDto
  extends EventBody('GrassrootsCommitteeResolved', '2024-07-15')
  implements GrassrootsCommitteeResolved
{
  @ApiProperty({ example: true, description: 'whether the committee proposes admission' })
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ example: '42-NQ/ĐU', maxLength: LIMITS.documentNo, description: "number of the grassroots committee's resolution" })
  @Optional()
  @IsText(LIMITS.documentNo)
  resolutionNo?: string;
}

export class DecisionDeadlineExtendedDto
  extends EventBody('DecisionDeadlineExtended', '2024-09-20')
  implements DecisionDeadlineExtended
{
  @ApiProperty({
    example: 15,
    minimum: LIMITS.workingDaysMin,
    maximum: LIMITS.workingDaysMax,
    description: 'working days added to the running deadline; once per deadline',
  })
  @IsWholeNumber(LIMITS.workingDaysMin, LIMITS.workingDaysMax)
  workingDays!: number;

  @ApiProperty({ example: 'Chờ kết quả thẩm tra bổ sung lý lịch của cha đẻ', maxLength: LIMITS.reason, description: 'why the decision needs more time' })
  @IsText(LIMITS.reason, { multiline: true })
  reason!: string;
}

/** 9-KNĐ: the candidate is admitted; party age counts from `occurredOn`. */
export class AdmissionDecidedDto extends EventBody('AdmissionDecided', '2024-10-02') implements AdmissionDecided {
  @ApiProperty({ example: '1250-QĐ/ĐUK', maxLength: LIMITS.documentNo, description: 'number of the admission decision (9-KNĐ)' })
  @IsText(LIMITS.documentNo)
  decisionNo!: string;

  @ApiProperty({ example: COMMITTEE, maxLength: LIMITS.title, description: 'the competent committee' })
  @IsText(LIMITS.title)
  decidedBy!: string;

  @ApiProperty({ example: '2024-10-07', format: 'date', description: 'the day the cell received the decision: starts R-T-CEREMONY' })
  @IsCalendarDate()
  receivedOn!: string;
}

export class AdmissionRejectedDto extends EventBody('AdmissionRejected', '2024-10-02') implements AdmissionRejected {
  @ApiProperty({ example: COMMITTEE, maxLength: LIMITS.title, description: 'the competent committee' })
  @IsText(LIMITS.title)
  decidedBy!: string;

  @ApiProperty({
    example: 'Chưa đủ điều kiện về tiêu chuẩn chính trị theo kết quả thẩm tra lý lịch',
    maxLength: LIMITS.reason,
    description: 'why the competent committee said no',
  })
  @IsText(LIMITS.reason, { multiline: true })
  reason!: string;
}

export class CeremonyDelayApprovedDto extends EventBody('CeremonyDelayApproved', '2024-11-15') implements CeremonyDelayApproved {
  @ApiProperty({ example: COMMITTEE, maxLength: LIMITS.title, description: 'the competent committee that allows the late ceremony' })
  @IsText(LIMITS.title)
  approvedBy!: string;

  @ApiProperty({ example: '2024-12-31', format: 'date', description: 'the last day on which the late ceremony may be held' })
  @IsCalendarDate()
  until!: string;
}
