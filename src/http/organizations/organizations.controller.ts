import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import {
  decideCongress,
  decideCreate,
  decideMove,
  decideSuccession,
  OrgDay,
  OrgFacts,
  OrgKind,
  OrgRefusal,
  ORG_KINDS,
  OrganizationEvent,
  REFUSED,
} from '../../../workflows/organization';
import type { Config } from '../../config/config';
import { BusinessDay } from '../../engine/clock';
import { organizationStream, organizationStreamId } from '../../engine/admin-streams';
import { Engine } from '../../engine/engine';
import { ForbiddenError } from '../problem-details';
import { NotFoundError, OrganizationDissolvedError, RuleViolationError } from '../../engine/errors';
import { OrgDirectory, OrgRow } from '../../read-models/org-directory';
import { ProjectionRunner } from '../../read-models/projection-runner';
import { CONFIG } from '../../tokens';
import { Caller, commandContextOf, Principal, Requires } from '../auth/auth';
import { plainText } from '../../engine/plain-text';
import { IsCalendarDate, IsPlainName } from '../validation';

const ORG_ID = /^[a-z0-9-]{1,64}$/;

export class CreateOrganizationDto {
  @ApiProperty({ example: 'dang-bo-kcn-vsip', pattern: ORG_ID.source, description: 'chosen by the client' })
  @Matches(ORG_ID)
  id!: string;

  @ApiProperty({ example: 'Đảng bộ Khu công nghiệp Việt Nam – Singapore', description: 'NFC, trimmed; no control or invisible characters; at most 300' })
  @IsPlainName(300)
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
  @ApiProperty({ example: 'thanh-uy-tp-ho-chi-minh', description: 'the organisation that takes over everything this one holds' })
  @Matches(ORG_ID)
  successorId!: string;

  @ApiProperty({
    example: '2025-07-01',
    description:
      'from this day the organisation is dissolved (422 ORG_DISSOLVED for any act, child or dossier dated then or later); ' +
      'on or after its founding, at most KETNAP_ORG_HORIZON_DAYS (31) ahead of today',
  })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class MoveDto {
  @ApiProperty({ example: 'dang-uy-phuong-thoi-hoa' })
  @Matches(ORG_ID)
  parentId!: string;

  @ApiProperty({
    example: '2025-07-01',
    description: 'the organisation and what it holds lie under the new parent from this day; on or after its founding, at most KETNAP_ORG_HORIZON_DAYS (31) ahead of today',
  })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class CongressDto {
  @ApiProperty({ example: '2025-2030', description: 'the term the congress opened (nhiệm kỳ): "A-B", 1 to 5 years, opened in year A' })
  @Matches(/^\d{4}-\d{4}$/)
  term!: string;

  @ApiProperty({
    example: '2025-08-04',
    description:
      'the day the congress opened: the term counts from it, and the term before ends the day before; in the first year of the term, not after today, ' +
      'not before the founding; one opening per term (422 R-ORG-TERM otherwise)',
  })
  @IsCalendarDate()
  openedOn!: string;
}

/** The congresses recorded for an organisation, earliest term first. */
export interface CongressesView {
  orgId: string;
  congresses: { term: string; openedOn: string }[];
}

/** A change of place recorded ahead of the day it takes effect. */
export interface ScheduledChange {
  kind: 'move' | 'succession';
  effectiveOn: string;
  /** the new parent of a move, the successor of a succession */
  to: string;
}

/** An organisation in the tree of today; what takes effect later is listed apart, under `scheduled`. */
export interface OrganizationView {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string[];
  authorisedToAdmit: boolean;
  /** set from the succession's effective date on: then the organisation is dissolved */
  successorId: string | null;
  succeededOn: string | null;
  foundedOn: string | null;
  children: { id: string; name: string; kind: string }[];
  scheduled: ScheduledChange[];
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
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @ApiResponse({ status: 422, description: 'RULE_VIOLATION with rule and reason (R-ORG-KIND, R-ORG-CYCLE, R-ORG-SUCCESSION, R-ORG-LEVEL, R-DATE: before the founding or beyond the horizon) or ORG_DISSOLVED (successorId)' })
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: CreateOrganizationDto, @Caller() caller: Principal): Promise<OrganizationView> {
    let parent: OrgRow | undefined;
    if (body.parentId) parent = this.visible(body.parentId, caller);
    else if (caller.orgId !== null) throw new ForbiddenError('Only the bootstrap admin creates a root organisation');
    const event = { type: 'OrganizationCreated', ...body, name: plainText(body.name), authorisedToAdmit: body.authorisedToAdmit ?? false } as const;
    this.refuse(decideCreate(event, parent && facts(parent), this.today().today));
    await this.record(body.id, event, caller, -1);
    return this.view(body.id);
  }

  @Get(':id')
  get(@Param('id') id: string, @Caller() caller: Principal): OrganizationView {
    this.visible(id, caller);
    return this.view(id);
  }

  @Post(':id/move')
  @ApiResponse({ status: 422, description: 'RULE_VIOLATION with rule and reason (R-ORG-KIND, R-ORG-CYCLE, R-ORG-SUCCESSION, R-ORG-LEVEL, R-DATE: before the founding or beyond the horizon) or ORG_DISSOLVED (successorId)' })
  @HttpCode(200)
  @Requires('admin')
  async move(@Param('id') id: string, @Body() body: MoveDto, @Caller() caller: Principal): Promise<OrganizationView> {
    const org = this.visible(id, caller);
    const parent = this.visible(body.parentId, caller);
    this.refuse(decideMove(facts(org), facts(parent), body.effectiveOn, this.liesUnder(body.parentId, id, body.effectiveOn), this.today()));
    await this.record(id, { type: 'OrganizationMoved', id, newParent: body.parentId, effectiveOn: body.effectiveOn }, caller);
    return this.view(id);
  }

  @Post(':id/succession')
  @ApiResponse({ status: 422, description: 'RULE_VIOLATION with rule and reason (R-ORG-KIND, R-ORG-CYCLE, R-ORG-SUCCESSION, R-ORG-LEVEL, R-DATE: before the founding or beyond the horizon) or ORG_DISSOLVED (successorId)' })
  @HttpCode(200)
  @Requires('admin')
  async succession(@Param('id') id: string, @Body() body: SuccessionDto, @Caller() caller: Principal): Promise<OrganizationView> {
    const org = this.visible(id, caller);
    const successor = this.visible(body.successorId, caller);
    this.refuse(decideSuccession(facts(org), facts(successor), body.effectiveOn, this.liesUnder(body.successorId, id, body.effectiveOn), this.today()));
    await this.record(id, { type: 'OrganizationSucceeded', predecessor: id, successor: body.successorId, effectiveOn: body.effectiveOn }, caller);
    return this.view(id);
  }

  @Post(':id/congresses')
  @ApiResponse({ status: 201, description: 'the congresses recorded for the organisation, this one among them' })
  @ApiResponse({ status: 422, description: 'RULE_VIOLATION (R-ORG-TERM: years that do not match, a term already opened; R-DATE: in the future or before the founding) or ORG_DISSOLVED (successorId)' })
  @HttpCode(201)
  @Requires('admin')
  async congress(@Param('id') id: string, @Body() body: CongressDto, @Caller() caller: Principal): Promise<CongressesView> {
    const org = this.visible(id, caller);
    this.refuse(decideCongress({ ...facts(org), foundedOn: org.founded_on }, body, this.orgs.congressesOf(id), this.day.today()));
    await this.record(id, { type: 'CongressHeld', id, term: body.term, openedOn: body.openedOn }, caller);
    return { orgId: id, congresses: this.orgs.congressesOf(id) };
  }

  @Get(':id/congresses')
  congresses(@Param('id') id: string, @Caller() caller: Principal): CongressesView {
    this.visible(id, caller);
    return { orgId: id, congresses: this.orgs.congressesOf(id) };
  }

  private async record(id: string, event: OrganizationEvent, caller: Principal, expectedRevision?: number): Promise<void> {
    this.orgs.requireActive(caller.orgId, this.day.today(), REFUSED.act);
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

  private today(): OrgDay {
    return { today: this.day.today(), horizonDays: this.config.orgHorizonDays };
  }

  /**
   * Whether `id` is `ancestor` or lies under it, on `day` or at any later date already recorded (a move scheduled
   * after `day` counts too): a move or succession there would close a cycle.
   */
  private liesUnder(id: string, ancestor: string, day: string): boolean {
    return [day, LAST_DAY].some((on) => this.orgs.pathOn(id, on).some((org) => org.id === ancestor));
  }

  private refuse(refusal: OrgRefusal | undefined): void {
    if (refusal?.rule === 'R-ORG-DISSOLVED') throw new OrganizationDissolvedError(refusal.detail, refusal.detailVi, refusal.successorId ?? '');
    if (refusal) throw new RuleViolationError(refusal.rule, refusal.reason, refusal.detail, refusal.detailVi);
  }

  private view(id: string): OrganizationView {
    const today = this.day.today();
    const path = this.orgs.pathOn(id, today);
    const org = path[path.length - 1];
    if (!org) throw new NotFoundError(`organisation ${id}`);
    const dissolved = this.orgs.dissolvedOn(org, today);
    return {
      id: org.id,
      name: org.name,
      kind: org.kind,
      parentId: path.length > 1 ? path[path.length - 2].id : null,
      path: path.map((o) => o.id),
      authorisedToAdmit: org.authorised_to_admit === 1,
      successorId: dissolved ? org.successor_id : null,
      succeededOn: dissolved ? org.succeeded_on : null,
      foundedOn: org.founded_on,
      children: this.orgs.childrenOn(id, today).map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
      scheduled: this.orgs.scheduledAfter(id, today),
    };
  }
}

/** A date after every effective date the horizon allows: the tree once everything recorded has taken effect. */
const LAST_DAY = '9999-12-31';

function facts(org: OrgRow): OrgFacts {
  return { id: org.id, kind: org.kind as OrgKind, since: org.since ?? org.founded_on, successorId: org.successor_id, succeededOn: org.succeeded_on };
}
