/**
 * Reminders over HTTP: the list of a subtree and the acknowledgement. Scope follows the dossier's current cell, so
 * a reminder escalated to a committee is seen from that committee's subtree and from the cell alike; outside the
 * caller's subtree a reminder answers 404, as if it did not exist.
 */
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { ReminderStatus } from '../../../projections/reminders';
import { NotFoundError } from '../../engine/errors';
import { OrgDirectory } from '../../read-models/org-directory';
import { Reminders, viewOfRow, type ReminderView } from '../../timers/reminders';
import { TimerReadModels } from '../../timers/timer-read-models';
import { REFUSED } from '../../../workflows/organization';
import { Caller, commandContextOf, Principal, Requires } from '../auth/auth';

const STATUSES: ReminderStatus[] = ['open', 'acknowledged', 'resolved'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ListRemindersQuery {
  @ApiPropertyOptional({ example: 'dang-bo-kcn-vsip', description: "the subtree to list; default the caller's own" })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: ReminderStatus;
}

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(
    private readonly reminders: Reminders,
    private readonly readModels: TimerReadModels,
    private readonly orgs: OrgDirectory,
  ) {}

  /** Oldest due first. */
  @Get()
  list(@Query() query: ListRemindersQuery, @Caller() caller: Principal): ReminderView[] {
    const scope = query.orgId ?? caller.orgId;
    if (query.orgId !== undefined) this.orgs.require(query.orgId, caller.orgId);
    return this.readModels
      .reminders(query.status)
      .filter((row) => this.orgs.visible(row.cell_id, scope))
      .map(viewOfRow);
  }

  /** Acknowledging again is a no-op; a resolved reminder answers 422 TRANSITION_NOT_ALLOWED. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Requires('clerk')
  async acknowledge(@Param('id') id: string, @Caller() caller: Principal): Promise<ReminderView> {
    const row = UUID.test(id) ? this.readModels.reminder(id.toLowerCase()) : undefined;
    if (!row || !this.orgs.visible(row.cell_id, caller.orgId)) throw new NotFoundError(`reminder ${id}`);
    this.orgs.requireActive(caller.orgId, this.orgs.today(), REFUSED.act);
    const { view, position } = await this.reminders.acknowledge(row, commandContextOf(caller));
    // Read-your-writes for the list that usually follows; after a second, answer anyway.
    if (position !== undefined) await this.readModels.runner.waitFor(position, 1_000);
    return view;
  }
}
