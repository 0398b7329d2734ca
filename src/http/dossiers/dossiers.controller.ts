import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AdmissionEvent } from '../../../workflows/admission';
import { REFUSED } from '../../../workflows/organization';
import type { CommandContext } from '../../engine/engine';
import { DossierOutcome, Dossiers, DossierView, HistoryEntry } from '../../engine/dossiers';
import { PersonClaims } from '../../engine/person-claims';
import { NotFoundError, ValidationFailedError } from '../../engine/errors';
import { canonicalJson, sha256Hex } from '../../engine/hash-chain';
import { OrgDirectory } from '../../read-models/org-directory';
import { ReadFence } from '../../read-models/read-fence';
import { Caller, commandContextOf, Principal, Requires } from '../auth/auth';
import { competenceOf } from './competence';
import { EVENT_DTOS, OpenDossierDto, parseEventBody, parseOpenDossierBody, RECORD_EVENT_BODY_SCHEMA } from './event-dtos';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Candidates belong to a cell, or to a chi bộ cơ sở (a grassroots organisation that is itself a cell). */
const HOLDERS = ['cell', 'grassroots'];


@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class DossiersController {
  constructor(
    private readonly dossiers: Dossiers,
    private readonly claims: PersonClaims,
    private readonly orgs: OrgDirectory,
    private readonly fence: ReadFence,
  ) {}

  /**
   * Opens a dossier by recording CandidateNominated. A client-chosen id makes a retry return the first answer. A person
   * (full name and date of birth) with an open dossier is refused (DUPLICATE_DOSSIER); the refusal names that dossier
   * only when it lies in the caller's scope.
   */
  @Post()
  @HttpCode(201)
  @Requires('clerk')
  @ApiBody({ type: OpenDossierDto })
  @ApiResponse({ status: 403, description: 'NOT_COMPETENT: the act belongs to another body (body: {id, kind, title}; detailVi names it); FORBIDDEN: role too weak' })
  @ApiResponse({
    status: 422,
    description:
      'TRANSITION_NOT_ALLOWED, RULE_VIOLATION (rule, reason, detailVi), ORG_DISSOLVED: your organisation or the cell is dissolved on that date (successorId), ' +
      'or DUPLICATE_DOSSIER (rule R-DUPLICATE, detailVi): the same person (full name compared after Unicode NFC, case and spacing, diacritics kept; date of birth) ' +
      'has an open dossier; `openDossierId` names it when it lies in your scope, and is absent otherwise',
  })
  async open(@Body() body: unknown, @Caller() caller: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, event } = parseOpenDossierBody(body);
    this.holderOf(event.cellId, caller.orgId);
    this.orgs.requireActive(caller.orgId, event.occurredOn, REFUSED.act);
    this.orgs.requireActive(event.cellId, event.occurredOn, REFUSED.dossier);
    const dossierId = id ?? randomUUID();
    const context = { ...this.context(caller), commandId: `open-${dossierId}`, fingerprint: fingerprint(event) };
    const outcome = await this.claims.open(dossierId, event, context, {
      authorise: competenceOf(this.orgs, caller),
      mayPoint: (cellId) => this.orgs.visible(cellId, caller.orgId) !== undefined,
    });
    return this.answer(reply, outcome, (v) => ({ id: v.id, stage: v.stage, state: v.state, revision: v.revision }));
  }

  @Post(':id/events')
  @HttpCode(200)
  @Requires('clerk')
  @ApiExtraModels(...Object.values(EVENT_DTOS))
  @ApiBody({ schema: RECORD_EVENT_BODY_SCHEMA })
  @ApiResponse({ status: 403, description: 'NOT_COMPETENT: the act belongs to another body (body: {id, kind, title}; detailVi names it); FORBIDDEN: role too weak' })
  @ApiResponse({ status: 422, description: 'TRANSITION_NOT_ALLOWED, RULE_VIOLATION (rule, reason, detailVi), or ORG_DISSOLVED: your organisation or the cell is dissolved on that date (successorId)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the revision you read, as "<revision>"' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'repeat a request safely: the same key and body answer the first result' })
  async record(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dossierId = this.dossierId(id);
    await this.assertVisible(dossierId, caller);
    const event = parseEventBody(body);
    if (event.type === 'CandidateNominated') throw new ValidationFailedError([{ field: 'type', message: 'open a dossier with POST /dossiers' }]);
    this.orgs.requireActive(caller.orgId, event.occurredOn, REFUSED.act);
    if (event.type === 'DossierTransferred') {
      // The transfer is the sending cell's act (domain.md "Who records which act"); the receiving cell may lie anywhere
      // in the tree (a member moves to another province), so it need not be in the recorder's scope.
      this.holderOf(event.toCellId, null);
      this.orgs.requireActive(event.toCellId, event.occurredOn, REFUSED.dossier);
    }
    const context: CommandContext = { ...this.context(caller), expectedRevision: parseIfMatch(ifMatch), fingerprint: fingerprint(event) };
    if (idempotencyKey !== undefined) context.commandId = commandIdFor(dossierId, idempotencyKey);
    const outcome = await this.dossiers.record(dossierId, event, context, competenceOf(this.orgs, caller));
    return this.answer(reply, outcome, (v) => ({ id: v.id, stage: v.stage, state: v.state, revision: v.revision, deadlines: v.deadlines }));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Caller() caller: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<DossierView> {
    const view = await this.visibleDossier(this.dossierId(id), caller);
    reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Get(':id/history')
  async historyOf(@Param('id') id: string, @Caller() caller: Principal): Promise<HistoryEntry[]> {
    const dossierId = this.dossierId(id);
    await this.assertVisible(dossierId, caller);
    return this.dossiers.history(dossierId);
  }

  private answer<T>(reply: FastifyReply, outcome: DossierOutcome, shape: (view: DossierView) => T): T {
    // Read-your-writes: the lists, pipelines and reports asked for after this answer wait until they include it.
    this.fence.written(outcome.position);
    reply.header('etag', `"${outcome.view.revision}"`);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return shape(outcome.view);
  }

  private context(caller: Principal): CommandContext {
    return commandContextOf(caller);
  }

  private dossierId(id: string): string {
    if (!UUID.test(id)) throw new NotFoundError(`dossier ${id}`);
    return id.toLowerCase();
  }

  /** The dossier, if it exists and its cell lies in the caller's subtree; otherwise 404 as if it did not exist. */
  private async visibleDossier(dossierId: string, caller: Principal): Promise<DossierView> {
    const { view } = await this.dossiers.get(dossierId);
    if (!this.orgs.visible(view.cellId, caller.orgId)) throw new NotFoundError(`dossier ${dossierId}`);
    return view;
  }

  private async assertVisible(dossierId: string, caller: Principal): Promise<void> {
    if (!this.orgs.visible(await this.dossiers.cellOf(dossierId), caller.orgId)) throw new NotFoundError(`dossier ${dossierId}`);
  }

  /** The organisation that takes the dossier, seen from `scope` (null: the whole tree). */
  private holderOf(cellId: string, scope: string | null): void {
    const org = this.orgs.require(cellId, scope);
    if (!HOLDERS.includes(org.kind)) {
      throw new ValidationFailedError([{ field: 'cellId', message: `${cellId} is a ${org.kind}; dossiers belong to a cell (chi bộ)` }]);
    }
  }
}

/** If-Match: "<revision>" (a strong ETag of ours), or * (any revision). */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  if (!match) throw new ValidationFailedError([{ field: 'If-Match', message: 'must be the ETag you received, e.g. "3"' }]);
  return Number(match[1]);
}

/** Keys are scoped to the dossier, so the same key on two dossiers is two commands. */
function commandIdFor(dossierId: string, key: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 1–200 visible ASCII characters' }]);
  }
  return sha256Hex(`${dossierId}\n${key}`);
}

function fingerprint(event: AdmissionEvent): string {
  return sha256Hex(canonicalJson(event)).slice(0, 32);
}
