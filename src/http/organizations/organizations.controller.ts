import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  decideCreate,
  decideMove,
  decideSuccession,
  OrgFacts,
  OrgKind,
  OrgRefusal,
  ORG_KINDS,
  OrganizationEvent,
} from '../../../workflows/organization';
import { BusinessDay } from '../../engine/clock';
import { organizationStream, organizationStreamId } from '../../engine/admin-streams';
import { Engine } from '../../engine/engine';
import { ForbiddenError } from '../problem-details';
import { NotFoundError, RuleViolationError } from '../../engine/errors';
import { OrgDirectory, OrgRow } from '../../read-models/org-directory';
import { ProjectionRunner } from '../../read-models/projection-runner';
import { Caller, commandContextOf, Principal, Requires } from '../auth/auth';
import { IsCalendarDate } from '../validation';

const ORG_ID = /^[a-z0-9-]{1,64}$/;

export class CreateOrganizationDto {
  @ApiProperty({ example: 'dang-bo-kcn-vsip', pattern: ORG_ID.source, description: 'chosen by the client' })
  @Matches(ORG_ID)
  id!: string;

  @ApiProperty({ example: 'Đảng bộ Khu công nghiệp Việt Nam – Singapore' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ enum: ORG_KINDS, example: 'grassroots' })
  @IsIn(ORG_KINDS)
  kind!: OrgKind;

  @ApiPropertyOptional({ example: 'dang-uy-khoi-doanh-nghiep-binh-duong' })
  @IsOptional()
  @Matches(ORG_ID)
  parentId?: string;

  @ApiPropertyOptional({ example: false, description: 'the grassroots committee may decide admissions itself' })
  @IsOptional()
  @IsBoolean()
  authorisedToAdmit?: boolean;

  @ApiPropertyOptional({
    example: '2021-05-19',
    description: 'the founding date, when known (not after today); new_organizations quotas count by it, and no move or succession may take effect before it',
  })
  @IsOptional()
  @IsCalendarDate()
  foundedOn?: string;
}

export class SuccessionDto {
  @ApiProperty({ example: 'tinh-uy-binh-duong-moi' })
  @Matches(ORG_ID)
  successorId!: string;

  @ApiProperty({ example: '2025-07-01' })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class MoveDto {
  @ApiProperty({ example: 'dang-uy-phuong-thoi-hoa' })
  @Matches(ORG_ID)
  parentId!: string;

  @ApiProperty({ example: '2025-07-01' })
  @IsCalendarDate()
  effectiveOn!: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string[];
  authorisedToAdmit: boolean;
  successorId: string | null;
  succeededOn: string | null;
  foundedOn: string | null;
  children: { id: string; name: string; kind: string }[];
}

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly engine: Engine,
    private readonly orgs: OrgDirectory,
    private readonly runner: ProjectionRunner,
    private readonly day: BusinessDay,
  ) {}

  @Post()
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: CreateOrganizationDto, @Caller() caller: Principal): Promise<OrganizationView> {
    let parent: OrgRow | undefined;
    if (body.parentId) parent = this.visible(body.parentId, caller);
    else if (caller.orgId !== null) throw new ForbiddenError('Only the bootstrap admin creates a root organisation');
    const event = { type: 'OrganizationCreated', ...body, authorisedToAdmit: body.authorisedToAdmit ?? false } as const;
    this.refuse(decideCreate(event, parent && facts(parent), this.day.today()));
    await this.record(body.id, event, caller, -1);
    return this.view(body.id);
  }

  @Get(':id')
  get(@Param('id') id: string, @Caller() caller: Principal): OrganizationView {
    this.visible(id, caller);
    return this.view(id);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Requires('admin')
  async move(@Param('id') id: string, @Body() body: MoveDto, @Caller() caller: Principal): Promise<OrganizationView> {
    const org = this.visible(id, caller);
    const parent = this.visible(body.parentId, caller);
    this.refuse(decideMove(facts(org), facts(parent), body.effectiveOn, parent.path.startsWith(org.path)));
    await this.record(id, { type: 'OrganizationMoved', id, newParent: body.parentId, effectiveOn: body.effectiveOn }, caller);
    return this.view(id);
  }

  @Post(':id/succession')
  @HttpCode(200)
  @Requires('admin')
  async succession(@Param('id') id: string, @Body() body: SuccessionDto, @Caller() caller: Principal): Promise<OrganizationView> {
    const org = this.visible(id, caller);
    const successor = this.visible(body.successorId, caller);
    this.refuse(decideSuccession(facts(org), facts(successor), body.effectiveOn, successor.path.startsWith(org.path)));
    await this.record(id, { type: 'OrganizationSucceeded', predecessor: id, successor: body.successorId, effectiveOn: body.effectiveOn }, caller);
    return this.view(id);
  }

  private async record(id: string, event: OrganizationEvent, caller: Principal, expectedRevision?: number): Promise<void> {
    const { type, ...data } = event;
    const result = await this.engine.execute(
      organizationStream,
      organizationStreamId(id),
      { ...commandContextOf(caller, id), expectedRevision },
      () => [{ type, data, occurredOn: this.day.today() }],
    );
    // Read-your-writes: the tree (and every scope check) includes the change before we answer.
    if (result.position !== undefined) await this.runner.waitFor(result.position, 5000);
  }

  private visible(id: string, caller: Principal): OrgRow {
    return this.orgs.require(id, caller.orgId);
  }

  private refuse(refusal: OrgRefusal | undefined): void {
    if (refusal) throw new RuleViolationError(refusal.rule, refusal.detail, refusal.detailVi);
  }

  private view(id: string): OrganizationView {
    const org = this.orgs.get(id);
    if (!org) throw new NotFoundError(`organisation ${id}`);
    return {
      id: org.id,
      name: org.name,
      kind: org.kind,
      parentId: org.parent_id,
      path: OrgDirectory.pathIds(org),
      authorisedToAdmit: org.authorised_to_admit === 1,
      successorId: org.successor_id,
      succeededOn: org.succeeded_on,
      foundedOn: org.founded_on,
      children: this.orgs.children(id).map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    };
  }
}

function facts(org: OrgRow): OrgFacts {
  return { id: org.id, kind: org.kind as OrgKind, since: org.since ?? org.founded_on, successorId: org.successor_id };
}
