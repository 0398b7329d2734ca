/**
 * The nested objects of the dossier events: candidate, nominator, helper, relatives, sponsors, special approval.
 * Each class `implements` the workflow's type, so a field the workflow requires cannot go missing here unnoticed.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, ValidateNested } from 'class-validator';
import {
  CANDIDATE_CATEGORIES,
  EDUCATION_LEVELS,
  GENDERS,
  HARDSHIP_AREAS,
  LEFT_HOW,
  NOMINATOR_KINDS,
  OFFENCE_SEVERITIES,
  RELATIONS,
  type Candidate,
  type CandidateCategory,
  type CandidateNominated,
  type CommitteeSponsor,
  type Education,
  type Gender,
  type HardshipArea,
  type LeftHow,
  type OffenceSeverity,
  type Readmission,
  type MemberSponsor,
  type NominatorKind,
  type Relation,
  type Relative,
  type SpecialApproval,
} from '../../../../workflows/admission';
import { IsCalendarDate } from '../../validation';
import { isPlainObject, IsText, LIMITS, Optional } from './fields';

export class CandidateDto implements Candidate {
  @ApiProperty({ example: 'Nguyễn Thị Lan', maxLength: LIMITS.name, description: 'full name as on the identity card' })
  @IsText(LIMITS.name)
  fullName!: string;

  @ApiProperty({ example: '1998-05-14', format: 'date', description: 'date of birth (YYYY-MM-DD); R-AGE is checked on it at the cell vote' })
  @IsCalendarDate()
  dateOfBirth!: string;

  @ApiProperty({ enum: [...GENDERS], example: 'female', description: 'gender as on the identity card' })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiPropertyOptional({ example: 'Kinh', maxLength: LIMITS.attribute, description: 'ethnic group' })
  @Optional()
  @IsText(LIMITS.attribute)
  ethnicity?: string;

  @ApiPropertyOptional({ example: 'Không', maxLength: LIMITS.attribute, description: 'religion, as declared' })
  @Optional()
  @IsText(LIMITS.attribute)
  religion?: string;

  @ApiProperty({
    enum: [...EDUCATION_LEVELS],
    example: 'university',
    description: 'highest general or professional education, in ascending order of the enumeration (R-EDU)',
  })
  @IsIn(EDUCATION_LEVELS)
  education!: Education;

  @ApiPropertyOptional({
    example: 'Kỹ sư quản lý chất lượng, Công ty TNHH Điện tử Mỹ Phước',
    maxLength: LIMITS.occupation,
    description: 'job and workplace',
  })
  @Optional()
  @IsText(LIMITS.occupation)
  occupation?: string;

  @ApiProperty({
    enum: [...CANDIDATE_CATEGORIES],
    isArray: true,
    uniqueItems: true,
    example: ['youth_union', 'worker'],
    description: 'the groups the candidate belongs to (reports count admissions by category; R-SPONSOR looks at the unions)',
  })
  @IsArray()
  @ArrayUnique()
  @IsIn(CANDIDATE_CATEGORIES, { each: true })
  categories!: CandidateCategory[];

  @ApiPropertyOptional({
    enum: [...HARDSHIP_AREAS],
    example: 'mountain',
    description: 'set when the candidate lives or works in a hardship area, where primary education suffices (R-EDU)',
  })
  @Optional()
  @IsIn(HARDSHIP_AREAS)
  hardshipArea?: HardshipArea;
}

type Nominator = CandidateNominated['nominatedBy'];
type Helper = CandidateNominated['helper'];

export class NominatorDto implements Nominator {
  @ApiProperty({ enum: [...NOMINATOR_KINDS], example: 'youth_union', description: 'who proposes the candidate to the cell' })
  @IsIn(NOMINATOR_KINDS)
  kind!: NominatorKind;

  @ApiProperty({
    example: 'Đoàn Thanh niên Công ty TNHH Điện tử Mỹ Phước',
    maxLength: LIMITS.title,
    description: 'the proposing organisation, or the party member or outreach cadre by name',
  })
  @IsText(LIMITS.title)
  name!: string;
}

export class HelperDto implements Helper {
  @ApiProperty({ example: 'Trần Văn Hùng', maxLength: LIMITS.name, description: 'the official member the cell assigns to help the candidate' })
  @IsText(LIMITS.name)
  name!: string;
}

export class RelativeDto implements Relative {
  @ApiProperty({ enum: [...RELATIONS], example: 'father', description: "the relative's relation to the candidate" })
  @IsIn(RELATIONS)
  relation!: Relation;

  @ApiProperty({ example: 'Nguyễn Văn Bình', maxLength: LIMITS.name, description: "the relative's full name" })
  @IsText(LIMITS.name)
  fullName!: string;

  @ApiProperty({ example: true, description: 'under R2025b relatives who are party members need no verification' })
  @IsBoolean()
  isPartyMember!: boolean;
}

export const SPONSOR_KINDS = ['party_member', 'youth_union_committee', 'trade_union_committee'] as const;
const COMMITTEE_KINDS = ['youth_union_committee', 'trade_union_committee'] as const;

export class MemberSponsorDto implements MemberSponsor {
  @ApiProperty({ enum: ['party_member'], example: 'party_member', description: 'an official party member sponsors the candidate' })
  @IsIn(['party_member'])
  kind!: 'party_member';

  @ApiProperty({ example: 'Trần Văn Hùng', maxLength: LIMITS.name, description: "the sponsor's full name" })
  @IsText(LIMITS.name)
  fullName!: string;

  @ApiProperty({ example: '2015-09-02', format: 'date', description: 'the day the sponsor became an official (not probationary) member' })
  @IsCalendarDate()
  officialSince!: string;

  @ApiProperty({
    example: '2021-03-01',
    format: 'date',
    description: 'since when the sponsor has worked, studied or lived with the candidate (R-SPONSOR: at least 12 months)',
  })
  @IsCalendarDate()
  knownSince!: string;

  @ApiPropertyOptional({
    example: false,
    description: 'true when this sponsor replaces one who could not continue: the 12-month acquaintance is then not required',
  })
  @Optional()
  @IsBoolean()
  replacement?: boolean;
}

export class CommitteeSponsorDto implements CommitteeSponsor {
  @ApiProperty({
    enum: [...COMMITTEE_KINDS],
    example: 'youth_union_committee',
    description: 'the youth-union or trade-union committee sponsors the candidate by resolution',
  })
  @IsIn(COMMITTEE_KINDS)
  kind!: 'youth_union_committee' | 'trade_union_committee';

  @ApiProperty({ example: '15-NQ/ĐTN', maxLength: LIMITS.documentNo, description: "number of the committee's sponsoring resolution" })
  @IsText(LIMITS.documentNo)
  resolutionNo!: string;
}

/**
 * Stands in for a sponsor whose `kind` is missing or unknown, so that the answer names `sponsors.<i>.kind` alone instead
 * of that plus every other field of the item. Never part of a valid event.
 */
class UnknownSponsorDto {
  @IsIn(SPONSOR_KINDS)
  kind!: unknown;
}

const SPONSOR_CLASSES = new Map<unknown, new () => object>([
  ['party_member', MemberSponsorDto],
  ['youth_union_committee', CommitteeSponsorDto],
  ['trade_union_committee', CommitteeSponsorDto],
]);

/**
 * Picks each sponsor's class by `kind`. Used in a `@Transform` rather than class-transformer's `discriminator` option:
 * that option throws a TypeError on a `null` array item (class-transformer 0.5.1) and falls back to the base class for
 * an unknown kind, which reports every field of the item. Items that are not objects are left as they are for the
 * `@IsObject({ each: true })` check to refuse.
 */
export function toSponsorInstances(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw;
  return raw.map((item: unknown) => {
    if (!isPlainObject(item)) return item;
    const dto = SPONSOR_CLASSES.get(item.kind);
    if (dto) return plainToInstance(dto, item);
    return Object.assign(new UnknownSponsorDto(), { kind: item.kind });
  });
}

export class SpecialApprovalDto implements SpecialApproval {
  @ApiProperty({ example: 'Ban Thường vụ Tỉnh ủy Bình Dương', maxLength: LIMITS.title, description: 'the approving body (the provincial standing committee)' })
  @IsText(LIMITS.title)
  by!: string;

  @ApiProperty({ example: '2150-CV/TU', maxLength: LIMITS.documentNo, description: 'its document number' })
  @IsText(LIMITS.documentNo)
  ref!: string;
}

export class ConvictionDto implements NonNullable<Readmission['conviction']> {
  @ApiProperty({ enum: OFFENCE_SEVERITIES, example: 'less_serious', description: 'class of the offence (Bộ luật Hình sự 2015, Điều 9)' })
  @IsIn(OFFENCE_SEVERITIES)
  severity!: OffenceSeverity;

  @ApiProperty({ example: false, description: 'a corruption offence (never readmitted, R-READMIT)' })
  @IsBoolean()
  corruption!: boolean;

  @ApiPropertyOptional({ example: '2018-06-01', format: 'date', description: 'the day the conviction was cleared (xóa án tích): the 60 months run from it' })
  @Optional()
  @IsCalendarDate()
  clearedOn?: string;
}

/** R-READMIT: the former member's record, declared on the nomination (Quy định 24-QĐ/TW 3.5). */
export class ReadmissionDto implements Readmission {
  @ApiProperty({ example: '2020-03-10', format: 'date', description: 'the day the person left the Party' })
  @IsCalendarDate()
  leftOn!: string;

  @ApiProperty({ enum: LEFT_HOW, example: 'removed', description: 'how the person left (khai trừ, xóa tên, xin ra…)' })
  @IsIn(LEFT_HOW)
  leftHow!: LeftHow;

  @ApiProperty({ example: false, description: 'caused serious internal disunity (never readmitted)' })
  @IsBoolean()
  causedSeriousDisunity!: boolean;

  @ApiPropertyOptional({ type: () => ConvictionDto, description: 'a criminal conviction, if any' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConvictionDto)
  conviction?: ConvictionDto;

  @ApiProperty({ example: false, description: 'readmitted once before (readmission is possible once only)' })
  @IsBoolean()
  readmittedBefore!: boolean;
}
