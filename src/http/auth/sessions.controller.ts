/**
 * Sign-in (POST /sessions), sign-out (DELETE /sessions/current) and who is signed in (GET /me).
 *
 * A session is the event SessionStarted on the account's stream, with the SHA-256 of its token (never the token); it
 * lasts KETNAP_SESSION_HOURS (default 12). Wrong passwords are slowed down and locked out per username and per
 * address (sign-in-limiter.ts). An unknown username is checked against a dummy hash, so it takes as long as a wrong
 * password, and both answer the same 401.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Accounts, decideEndSession, decideStartSession, normaliseUsername, Role, ROLES } from '../../engine/accounts';
import { ValidationFailedError } from '../../engine/errors';
import { dummyPasswordHash, verifyPassword } from '../../engine/passwords';
import type { Config } from '../../config/config';
import { ReadFence } from '../../read-models/read-fence';
import { CONFIG } from '../../tokens';
import { UnauthenticatedError } from '../problem-details';
import { Caller, commandContextOf, credentialToken, hashToken, Principal, Public } from './auth';
import { SignInLimiter } from './sign-in-limiter';

export class SignInDto {
  @ApiProperty({ example: 'nguyen.thi.lan' })
  @IsString()
  @Length(1, 200)
  username!: string;

  @ApiProperty({ example: 'mật khẩu đủ dài', minLength: 10 })
  @IsString()
  @Length(1, 1024)
  password!: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for the bootstrap admin' }) username!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String, description: 'the root of the scope; null: every tree (bootstrap admin)' }) orgId!: string | null;
}

export class SessionAnswer {
  @ApiProperty({ description: 'the bearer token of the session; shown this once' }) token!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: AccountView }) account!: AccountView;
}

class CredentialView {
  @ApiProperty({ enum: ['session', 'token', 'bootstrap'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt!: string | null;
}

export class MeAnswer {
  @ApiProperty({ type: AccountView }) account!: AccountView;
  @ApiProperty({ type: CredentialView }) credential!: CredentialView;
}

const WRONG = 'Wrong username or password';

@ApiTags('accounts and sessions')
@Controller()
export class SessionsController {
  constructor(
    private readonly accounts: Accounts,
    private readonly limiter: SignInLimiter,
    private readonly fence: ReadFence,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('sessions')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in with username and password; answers a session token that expires' })
  @ApiResponse({ status: 201, type: SessionAnswer })
  @ApiResponse({ status: 401, description: 'UNAUTHENTICATED: wrong username or password, or the account is disabled' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_ATTEMPTS: too many failures for this username or address; see Retry-After' })
  async signIn(@Body() body: SignInDto, @Req() request: FastifyRequest): Promise<SessionAnswer> {
    const username = usernameOrNull(body.username);
    const key = username ?? body.username;
    this.limiter.check(key, request.ip);
    const account = username === null ? undefined : await this.accounts.byUsername(username);
    const usable = account && !account.disabled && account.password ? account.password : undefined;
    // Always one scrypt: an unknown username costs what a wrong password costs.
    const matches = await verifyPassword(body.password.normalize('NFC'), usable ?? (await dummyPasswordHash()));
    if (!account || !usable || !matches) {
      this.limiter.failed(key, request.ip);
      throw new UnauthenticatedError(WRONG);
    }
    this.limiter.succeeded(key);
    const sessionId = randomUUID();
    const token = credentialToken('session', account.id, sessionId, randomBytes(32).toString('base64url'));
    const expiresAt = new Date(this.accounts.now().getTime() + this.config.sessionHours * 3_600_000).toISOString();
    const context = { actor: account.displayName, orgId: account.orgId, accountId: account.id, credentialKind: 'session' as const, credentialId: sessionId };
    const { state, position } = await this.accounts.run(account.id, context, (s) => decideStartSession(s, account.id, { sessionId, secretHash: hashToken(token), expiresAt }));
    this.fence.written(position);
    const now = state!;
    return { token, sessionId, expiresAt, account: { id: now.id, username: now.username, displayName: now.displayName, role: now.role, orgId: now.orgId } };
  }

  @Delete('sessions/current')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: ends the session whose token authenticates this request' })
  @ApiResponse({ status: 204, description: 'the session has ended; its token answers 401 from now on' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the request was not made with a session token' })
  async signOut(@Caller() caller: Principal): Promise<void> {
    if (caller.credential.kind !== 'session') {
      throw new ValidationFailedError([
        { field: 'authorization', message: 'only a session can be ended this way; revoke an API token instead', messageVi: 'chỉ phiên đăng nhập mới kết thúc được theo cách này' },
      ]);
    }
    const { position } = await this.accounts.run(caller.accountId, commandContextOf(caller), (s) => decideEndSession(s, caller.credential.id));
    this.fence.written(position);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who is signed in: the account, its role and scope, and the credential used' })
  @ApiOkResponse({ type: MeAnswer })
  me(@Caller() caller: Principal): MeAnswer {
    return {
      account: { id: caller.accountId, username: caller.username, displayName: caller.displayName, role: caller.role, orgId: caller.orgId },
      credential: { ...caller.credential },
    };
  }
}

function usernameOrNull(raw: string): string | null {
  try {
    return normaliseUsername(raw);
  } catch {
    return null;
  }
}
