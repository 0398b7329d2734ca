/** The DTOs of the later acts and of those that may come at any stage: ceremony, probation, recognition, the readmission consent, the ends and transfers. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { type AdmissionCeremonyHeld, type CandidateDropped, type CandidateWithdrawn, type DossierTransferred, type GrassrootsRecognitionResolved, type ReadmissionConsented, type OfficialMembershipRecognized, type ProbationaryMemberRemoved, type RecognitionVoteHeld, type TheoryClassCompleted } from '../../../../workflows/admission';

import { IsText, IsWholeNumber, LIMITS, Optional, ORG_ID, ORG_ID_RULE } from './fields';
import { COMMITTEE, EventBody } from './events';

/** The dossier turns probationary; probation ends 12 months after `occurredOn`. */
export class AdmissionCeremonyHeldDto extends EventBody('AdmissionCeremonyHeld', '2024-10-18') implements AdmissionCeremonyHeld {}

export class TheoryClassCompletedDto extends EventBody('TheoryClassCompleted', '2025-03-14') implements TheoryClassCompleted {
  @ApiProperty({ example: '318/GCN-TTCT', maxLength: LIMITS.documentNo, description: "number of the new members' theory class certificate" })
  @IsText(LIMITS.documentNo)
  certificateNo!: string;
}

export class RecognitionVoteHeldDto extends EventBody('RecognitionVoteHeld', '2025-10-20') implements RecognitionVoteHeld {
  @ApiProperty({ example: 10, minimum: 0, maximum: LIMITS.members, description: 'official members of the cell' })
  @IsWholeNumber(0, LIMITS.members)
  officialMembers!: number;

  @ApiProperty({ example: 1, minimum: 0, maximum: LIMITS.members, description: 'members not counted (R-VOTE)' })
  @IsWholeNumber(0, LIMITS.members)
  excluded!: number;

  @ApiProperty({ example: 9, minimum: 0, maximum: LIMITS.members, description: 'votes for recognition as an official member' })
  @IsWholeNumber(0, LIMITS.members)
  votesForRecognition!: number;

  @ApiProperty({ example: 0, minimum: 0, maximum: LIMITS.members, description: 'votes for removal (xóa tên)' })
  @IsWholeNumber(0, LIMITS.members)
  votesForRemoval!: number;
}

/** R-READMIT: the provincial standing committee's written consent to a readmission (Quy định 24-QĐ/TW 3.5.1). */
export class ReadmissionConsentedDto extends EventBody('ReadmissionConsented', '2024-06-03') implements ReadmissionConsented {
  @ApiProperty({ example: 'Ban Thường vụ Tỉnh ủy Bình Dương', maxLength: LIMITS.title, description: 'the consenting body: the standing committee of the province-level committee' })
  @IsText(LIMITS.title)
  consentedBy!: string;

  @ApiProperty({ example: '1234-CV/TU', maxLength: LIMITS.documentNo, description: 'its document number' })
  @IsText(LIMITS.documentNo)
  ref!: string;
}

export class GrassrootsRecognitionResolvedDto
  extends EventBody('GrassrootsRecognitionResolved', '2024-10-01')
  implements GrassrootsRecognitionResolved
{
  @ApiProperty({ example: true, description: 'whether the grassroots committee proposes recognition (15-KNĐ)' })
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ example: '57-NQ/ĐU', maxLength: LIMITS.documentNo, description: "number of the grassroots committee's resolution" })
  @Optional()
  @IsText(LIMITS.documentNo)
  resolutionNo?: string;
}

export class OfficialMembershipRecognizedDto
  extends EventBody('OfficialMembershipRecognized', '2025-11-10')
  implements OfficialMembershipRecognized
{
  @ApiProperty({ example: '2104-QĐ/ĐUK', maxLength: LIMITS.documentNo, description: 'number of the recognition decision' })
  @IsText(LIMITS.documentNo)
  decisionNo!: string;

  @ApiProperty({ example: COMMITTEE, maxLength: LIMITS.title, description: 'the competent committee' })
  @IsText(LIMITS.title)
  decidedBy!: string;
}

export class ProbationaryMemberRemovedDto
  extends EventBody('ProbationaryMemberRemoved', '2025-11-10')
  implements ProbationaryMemberRemoved
{
  @ApiProperty({ example: '2105-QĐ/ĐUK', maxLength: LIMITS.documentNo, description: 'number of the removal (xóa tên) decision' })
  @IsText(LIMITS.documentNo)
  decisionNo!: string;

  @ApiProperty({ example: COMMITTEE, maxLength: LIMITS.title, description: 'the competent committee' })
  @IsText(LIMITS.title)
  decidedBy!: string;

  @ApiProperty({ example: 'Không đủ tư cách đảng viên trong thời gian dự bị', maxLength: LIMITS.reason, description: 'why the probationary member is removed' })
  @IsText(LIMITS.reason, { multiline: true })
  reason!: string;
}

export class CandidateDroppedDto extends EventBody('CandidateDropped', '2024-08-12') implements CandidateDropped {
  @ApiProperty({
    example: 'Chuyển công tác ra ngoài tỉnh, không còn sinh hoạt tại chi bộ',
    maxLength: LIMITS.reason,
    description: 'why the cell removes the candidate from its list',
  })
  @IsText(LIMITS.reason, { multiline: true })
  reason!: string;
}

export class CandidateWithdrawnDto extends EventBody('CandidateWithdrawn', '2024-08-12') implements CandidateWithdrawn {
  @ApiProperty({ example: 'Xin rút khỏi danh sách vì hoàn cảnh gia đình', maxLength: LIMITS.reason, description: 'why the candidate withdraws' })
  @IsText(LIMITS.reason, { multiline: true })
  reason!: string;
}

export class DossierTransferredDto extends EventBody('DossierTransferred', '2024-09-02') implements DossierTransferred {
  @ApiProperty({ example: 'chi-bo-phan-xuong-2', pattern: ORG_ID.source, description: `the cell that owns the dossier from \`occurredOn\`; it ${ORG_ID_RULE}` })
  @Matches(ORG_ID, { message: `toCellId ${ORG_ID_RULE}` })
  toCellId!: string;
}
