/**
 * API tokens for machines. Every token belongs to an account and acts with that account's role and organisation as
 * they stand (a token never outranks its account). `POST /tokens {subject, role, orgId}` — the first version's call —
 * creates a machine account whose display name is the subject and issues its first token; `{subject, accountId}`
 * issues another token for an existing account. Tokens expire (`expiresInDays`, default 90, at most 365) and can be
 * revoked; the list shows no secrets. A scoped admin issues only inside its subtree (404 outside, as if the
 * organisation did not exist) and never a role above its own (403).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';
import { Accounts, accountIdOf, decideIssueToken, decideRevokeToken, mayGrant, normaliseDisplayName, Role, ROLES } from '../../engine/accounts';
import { NotFoundError, ValidationFailedError } from '../../engine/errors';
import { TOKEN_TABLE } from '../../../projections/access-tokens';
import { OrgDirectory } from '../../read-models/org-directory';
import { ReadFence } from '../../read-models/read-fence';
import { ReadModelDb } from '../../read-models/read-model-db';
import { ForbiddenError } from '../problem-details';
import { Caller, commandContextOf, credentialToken, hashToken, Principal, Requires } from './auth';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

export class CreateTokenDto {
  @ApiProperty({
    example: 'Phần mềm quản lý hồ sơ VSIP',
    description: 'what the token is for; for a new machine account also its display name, the actor of what it records (1–120 characters, no control characters)',
  })
  @IsString()
  @MaxLength(1000)
  subject!: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'clerk', description: 'the new machine account\'s role (required without accountId)' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'dang-bo-kcn-vsip', description: 'the organisation whose subtree the new machine account sees (required without accountId)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'issue the token for this existing account instead of a new machine account' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TOKEN_DAYS, default: DEFAULT_TOKEN_DAYS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  expiresInDays?: number;
}

export class TokenAnswer {
  @ApiProperty({ description: 'the bearer token; shown this once, only its hash is stored' }) token!: string;
  @ApiProperty({ format: 'uuid' }) tokenId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() orgId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class TokenListQuery {
  @ApiPropertyOptional({ description: 'only the tokens of accounts in this organisation\'s subtree' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/)
  orgId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;
}

export class TokenListItem {
  @ApiProperty({ format: 'uuid' }) tokenId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!: 'active' | 'expired' | 'revoked';
}

interface TokenRow {
  token_id: string;
  account_id: string;
  subject: string;
  role: string;
  org_id: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** Where a new token's organisation is checked: the HTTP directory, or the CLI's own reading of the tree. */
export interface OrgScope {
  require(orgId: string, scope: string | null): unknown;
}

/**
 * Issues a token (only its hash is stored) and returns it: the one time it is ever shown. Shared by POST /tokens and
 * `ketnap tokens create`. 400 for a bad subject or a missing role/orgId, 404 outside the caller's subtree, 403 above
 * its role.
 */
export async function issueToken(accounts: Accounts, orgs: OrgScope, body: CreateTokenDto, caller: Principal): Promise<TokenAnswer & { position?: number }> {
  const subject = normaliseDisplayName(body.subject, 'subject');
  const days = body.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  const tokenId = randomUUID();
  const expiresAt = new Date(accounts.now().getTime() + days * 86_400_000).toISOString();
  const context = commandContextOf(caller, body.orgId);

  if (body.accountId !== undefined) {
    const account = await accounts.get(body.accountId);
    if (!account) throw new NotFoundError(`account ${body.accountId}`);
    orgs.require(account.orgId, caller.orgId);
    if ((body.role !== undefined && body.role !== account.role) || (body.orgId !== undefined && body.orgId !== account.orgId)) {
      throw new ValidationFailedError([{ field: 'role', message: 'a token has its account\'s role and organisation: leave role and orgId out', messageVi: 'token mang vai trò và tổ chức của tài khoản' }]);
    }
    refuseAbove(caller, account.role);
    const token = credentialToken('token', account.id, tokenId, randomBytes(32).toString('base64url'));
    const { position } = await accounts.run(account.id, context, (state) => decideIssueToken(state, account.id, { tokenId, tokenHash: hashToken(token), subject, expiresAt }));
    return { token, tokenId, accountId: account.id, subject, role: account.role, orgId: account.orgId, expiresAt, position };
  }

  const missing = (['role', 'orgId'] as const).filter((field) => body[field] === undefined);
  if (missing.length > 0) {
    throw new ValidationFailedError(missing.map((field) => ({ field, message: `${field} is required without accountId`, messageVi: `cần ${field} khi không có accountId` })));
  }
  const role = body.role!;
  const orgId = body.orgId!;
  orgs.require(orgId, caller.orgId);
  refuseAbove(caller, role);
  // A machine account of its own: its username is made from the token's id (machine accounts never sign in).
  const username = `machine.${tokenId}`;
  const accountId = accountIdOf(username);
  const token = credentialToken('token', accountId, tokenId, randomBytes(32).toString('base64url'));
  const { position } = await accounts.create({ username, displayName: subject, role, orgId, kind: 'machine' }, context, {
    token: { tokenId, tokenHash: hashToken(token), subject, expiresAt },
  });
  return { token, tokenId, accountId, subject, role, orgId, expiresAt, position };
}

/** Nobody grants a role above its own (403 FORBIDDEN). */
export function refuseAbove(caller: Principal, role: Role): void {
  const refused = mayGrant(caller.role, role);
  if (refused) throw new ForbiddenError(refused.message);
}

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('tokens')
export class TokensController {
  private readonly rows;
  private readonly byId;

  constructor(
    private readonly accounts: Accounts,
    private readonly orgs: OrgDirectory,
    private readonly fence: ReadFence,
    readModels: ReadModelDb,
  ) {
    this.rows = readModels.db.prepare<[], TokenRow>(`SELECT * FROM ${TOKEN_TABLE} ORDER BY issued_at, token_id`);
    this.byId = readModels.db.prepare<[string], TokenRow>(`SELECT * FROM ${TOKEN_TABLE} WHERE token_id = ?`);
  }

  @Post()
  @HttpCode(201)
  @Requires('admin')
  @ApiOperation({ summary: 'Issue an API token: for a new machine account ({subject, role, orgId}) or an existing account ({subject, accountId})' })
  @ApiResponse({ status: 201, type: TokenAnswer })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: a blank, over-long or control-character subject; role and orgId missing' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: a role above the caller\'s own' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: an organisation or account outside the caller\'s subtree' })
  async create(@Body() body: CreateTokenDto, @Caller() caller: Principal): Promise<TokenAnswer> {
    const { position, ...answer } = await issueToken(this.accounts, this.orgs, body, caller);
    this.fence.written(position);
    return answer;
  }

  @Get()
  @Requires('admin')
  @ApiOperation({ summary: 'The API tokens of the accounts in the caller\'s subtree, without their secrets' })
  @ApiResponse({ status: 200, type: [TokenListItem] })
  async list(@Query() query: TokenListQuery, @Caller() caller: Principal): Promise<TokenListItem[]> {
    if (query.orgId !== undefined) this.orgs.require(query.orgId, caller.orgId);
    await this.fence.caughtUp();
    const now = this.accounts.now().toISOString();
    const scope = query.orgId ?? caller.orgId;
    return this.rows
      .all()
      .filter((row) => (query.accountId === undefined || row.account_id === query.accountId) && this.orgs.visible(row.org_id, scope) !== undefined)
      .map((row) => ({
        tokenId: row.token_id,
        accountId: row.account_id,
        subject: row.subject,
        role: row.role,
        orgId: row.org_id,
        issuedAt: row.issued_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
        status: row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
      }));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Requires('admin')
  @ApiOperation({ summary: 'Revoke an API token: it answers 401 from now on (revoking again changes nothing)' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such token in the caller\'s subtree' })
  async revoke(@Param('id') id: string, @Caller() caller: Principal): Promise<{ tokenId: string; revokedAt: string }> {
    await this.fence.caughtUp();
    const row = /^[0-9a-f-]{36}$/.test(id) ? this.byId.get(id) : undefined;
    if (!row) throw new NotFoundError(`token ${id}`);
    const account = await this.accounts.get(row.account_id);
    if (!account || !this.orgs.visible(account.orgId, caller.orgId)) throw new NotFoundError(`token ${id}`);
    const { state, position } = await this.accounts.run(account.id, commandContextOf(caller, account.orgId), (s) => decideRevokeToken(s, id));
    this.fence.written(position);
    return { tokenId: id, revokedAt: state!.tokens[id].revokedAt! };
  }
}
