/**
 * What committees and organisation departments look at: quotas, pipeline, reports, the dossier list and the audit
 * trail, each over the subtree of an organisation the caller can see (404 otherwise). Answers come from the read
 * models; writes wait until their event is projected, so a client reads its own writes.
 */
import { Body, Controller, Get, HttpCode, Injectable, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CANDIDATE_CATEGORIES, STAGES } from '../../../workflows/admission';
import { REFUSED } from '../../../workflows/organization';
import { BusinessDay } from '../../engine/clock';
import { quotaStream, quotaStreamId } from '../../engine/admin-streams';
import { Engine } from '../../engine/engine';
import { ValidationFailedError } from '../../engine/errors';
import { OrgDirectory } from '../../read-models/org-directory';
import { ProjectionRunner } from '../../read-models/projection-runner';
import { ReadFence } from '../../read-models/read-fence';
import { AuditItem, DossierListItem, Page, QuotaAnswer, ReadQueries, Report } from '../../read-models/read-queries';
import { Pipeline } from '../../read-models/pipeline-queries';
import { Caller, commandContextOf, Principal, Requires } from '../auth/auth';
import { plainText } from '../../engine/plain-text';
import { IsCalendarDate, IsPlainName } from '../validation';

const ORG_ID = /^[a-z0-9-]{1,64}$/;
/** A year ("2024") or a term of years ("2020-2025"). */
const PERIOD = /^\d{4}(-\d{4})?$/;
const METRICS = ['admissions', 'new_organizations'] as const;

export class QuotaDto {
  @ApiProperty({ enum: METRICS, example: 'admissions' })
  @IsIn(METRICS)
  metric!: (typeof METRICS)[number];

  @ApiProperty({
    example: '2020-2025',
    description:
      'a year, or a term such as 2020-2025. A year counts its calendar days; a term from the congress of the holding organisation that opened it ' +
      '(POST /organizations/{id}/congresses) to the day before the congress that opened its next term; see `from` and `to` in the answer',
  })
  @Matches(PERIOD)
  period!: string;

  @ApiProperty({ example: 80, description: 'the target, or the lower bound of a range ("90–100")' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  target!: number;

  @ApiPropertyOptional({ example: 100, description: 'the upper bound of a range target' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  targetMax?: number;

  @ApiPropertyOptional({ example: false, description: 'the target is a floor ("ít nhất 400", "từ 180 trở lên"); not with targetMax' })
  @IsOptional()
  @IsBoolean()
  atLeast?: boolean;

  @ApiProperty({ example: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương' })
  @IsPlainName(300)
  assignedBy!: string;
}

export class QuotaQuery {
  @ApiPropertyOptional({ example: '2024' })
  @IsOptional()
  @Matches(PERIOD)
  period?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'achievement as of this day (default today)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2024-06-30', description: 'as the records stood at the end of this day (default today)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class ReportQuery {
  @ApiProperty({ example: '2024-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2024-06-30' })
  @IsCalendarDate()
  to!: string;
}

/** limit and cursor, shared by the paged lists. */
class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'items per page (default 50 for dossiers, 100 for audit)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,15}$/)
  cursor?: string;
}

export class DossierListQuery extends PageQuery {
  @ApiProperty({ example: 'dang-bo-kcn-vsip' })
  @Matches(ORG_ID)
  orgId!: string;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: string;

  @ApiPropertyOptional({ example: 'backgroundCheck.awaitingDecision', description: 'the detailed state, dotted' })
  @IsOptional()
  @Matches(/^[a-zA-Z]{1,40}(\.[a-zA-Z]{1,40}){0,3}$/)
  state?: string;

  @ApiPropertyOptional({ enum: CANDIDATE_CATEGORIES })
  @IsOptional()
  @IsIn(CANDIDATE_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    example: '2024-06-30',
    description:
      'the list as the records stood at the end of that day: the dossiers then in the subtree (and, with stage, then in that stage); ' +
      "each item's stage and cellId are those of that day (no state or revision: those are today's), and the name only for a dossier still in your scope today. Not with state.",
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class AuditQuery extends PageQuery {
  @ApiProperty({ example: 'dang-uy-khoi-doanh-nghiep' })
  @Matches(ORG_ID)
  orgId!: string;

  @ApiPropertyOptional({ example: 'can-bo-van-thu-vsip' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ description: 'only what this account recorded (display names may repeat; account ids do not); `bootstrap` for the bootstrap admin' })
  @IsOptional()
  @Matches(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|bootstrap)$/)
  accountId?: string;

  @ApiPropertyOptional({ example: '2024-01-01', description: 'first day recorded (server time zone)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'last day recorded (server time zone)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/**
 * Shared by the read controllers: the queries, today's date, and the organisation if the caller may see it.
 * Injectable so that its constructor's parameter types are recorded for the subclasses that inherit it.
 */
@Injectable()
abstract class ScopedReads {
  constructor(
    protected readonly queries: ReadQueries,
    protected readonly orgs: OrgDirectory,
    protected readonly day: BusinessDay,
    private readonly fence: ReadFence,
  ) {}

  /** The read models, once they include every write acknowledged before this request (read-your-writes). */
  protected async fresh(): Promise<ReadQueries> {
    await this.fence.caughtUp();
    return this.queries;
  }

  protected today(): string {
    return this.day.today();
  }

  protected visible(orgId: string, caller: Principal): void {
    this.orgs.require(orgId, caller.orgId);
  }
}

@ApiTags('quotas, pipeline, reports')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationReadsController extends ScopedReads {
  constructor(
    queries: ReadQueries,
    orgs: OrgDirectory,
    day: BusinessDay,
    fence: ReadFence,
    private readonly engine: Engine,
    private readonly runner: ProjectionRunner,
  ) {
    super(queries, orgs, day, fence);
  }

  @Post(':id/quotas')
  @HttpCode(201)
  @Requires('admin')
  async assignQuota(@Param('id') id: string, @Body() body: QuotaDto, @Caller() caller: Principal): Promise<QuotaAnswer> {
    this.visible(id, caller);
    if (body.targetMax !== undefined && body.targetMax < body.target) {
      throw new ValidationFailedError([{ field: 'targetMax', message: 'targetMax must not be below target' }]);
    }
    if (body.atLeast && body.targetMax !== undefined) {
      throw new ValidationFailedError([{ field: 'atLeast', message: 'an "at least" target has no targetMax' }]);
    }
    const period = periodYears(body.period);
    this.orgs.requireActive(caller.orgId, this.today(), REFUSED.act);
    this.orgs.requireActive(id, this.today(), REFUSED.quota);
    const result = await this.engine.execute(quotaStream, quotaStreamId(id), commandContextOf(caller, id), () => [
      { type: 'QuotaAssigned', data: { orgId: id, ...body, assignedBy: plainText(body.assignedBy) }, occurredOn: this.today() },
    ]);
    if (result.position !== undefined) await this.runner.waitFor(result.position, 5000);
    const answers = this.queries.quotas(id, body.period, this.today() < period.to ? this.today() : period.to);
    const mine = answers.find((q) => q.heldBy === id && q.metric === body.metric && q.assignedBy === plainText(body.assignedBy));
    if (!mine) throw new Error('the quota just assigned is not in the read model');
    return mine;
  }

  @Get(':id/quotas')
  @ApiResponse({
    status: 200,
    description:
      '[{metric, period, target, targetMax, atLeast, assignedBy, heldBy, from, to, achieved, percent, met}]: `from`/`to` are the first and last day counted. ' +
      'A term runs from the holder\'s congress that opened it to the day before its next term\'s; where a congress is not recorded, ' +
      'from 1 January of its first year (of the year after, when the holder has a quota for the term before, which keeps that year) ' +
      'to 31 December of its last year. Two consecutive terms of one organisation never share a day.',
  })
  async quotas(@Param('id') id: string, @Query() query: QuotaQuery, @Caller() caller: Principal): Promise<QuotaAnswer[]> {
    this.visible(id, caller);
    return (await this.fresh()).quotas(id, query.period ?? null, query.asOf ?? this.today());
  }

  @Get(':id/pipeline')
  async pipeline(@Param('id') id: string, @Query() query: AsOfQuery, @Caller() caller: Principal): Promise<Pipeline> {
    this.visible(id, caller);
    return (await this.fresh()).pipeline(id, query.asOf ?? this.today());
  }

  @Get(':id/report')
  async report(@Param('id') id: string, @Query() query: ReportQuery, @Caller() caller: Principal): Promise<Report> {
    this.visible(id, caller);
    if (query.to < query.from) throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    return (await this.fresh()).report(id, query.from, query.to);
  }
}

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class DossierListController extends ScopedReads {

  @Get()
  async list(@Query() query: DossierListQuery, @Caller() caller: Principal): Promise<Page<DossierListItem>> {
    this.visible(query.orgId, caller);
    if (query.asOf !== undefined && query.state !== undefined) {
      throw new ValidationFailedError([{ field: 'state', message: 'state filters the detailed state of today; it cannot be combined with asOf (use stage)' }]);
    }
    return (await this.fresh()).dossiers({
      orgId: query.orgId,
      today: this.today(),
      scope: caller.orgId,
      asOf: query.asOf,
      stage: query.stage,
      state: query.state,
      category: query.category,
      limit: query.limit ?? 50,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController extends ScopedReads {

  @Get()
  async audit(@Query() query: AuditQuery, @Caller() caller: Principal): Promise<Page<AuditItem>> {
    this.visible(query.orgId, caller);
    return (await this.fresh()).audit({
      orgId: query.orgId,
      today: this.today(),
      actor: query.actor,
      accountId: query.accountId,
      fromInstant: query.from && this.day.startOf(query.from).toISOString(),
      toInstant: query.to && this.day.startOf(nextDay(query.to)).toISOString(),
      limit: query.limit ?? 100,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }
}

function periodYears(period: string): { from: string; to: string } {
  const [first, last = first] = period.split('-');
  if (last < first) throw new ValidationFailedError([{ field: 'period', message: 'a term must end after it starts' }]);
  return { from: `${first}-01-01`, to: `${last}-12-31` };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
