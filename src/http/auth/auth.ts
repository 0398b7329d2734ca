/**
 * Bearer authentication and role checks, on every route unless marked @Public().
 *
 * A credential is one of:
 * - the bootstrap admin token (KETNAP_ADMIN_TOKEN): the account `bootstrap`, every tree;
 * - a session token (`kts.<accountId>.<sessionId>.<secret>`) from POST /sessions;
 * - an API token (`ktn.<accountId>.<tokenId>.<secret>`) from POST /tokens.
 * The ids in a token only say which account stream to read: the guard folds that stream (the engine caches the fold
 * and checks its revision against the store) and accepts the token only if the account exists and is enabled, the
 * session or token is there with the SHA-256 of this very token, and is neither ended, revoked nor expired. No read
 * model is consulted, so a row written into the read-model file by hand authenticates nobody, and an ended session
 * or a revoked token stops working on every replica at once.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { accountStream, accountStreamId, BOOTSTRAP_ACCOUNT, CredentialKind, liveCredential, Role, roleRank, ROLES } from '../../engine/accounts';
import type { Clock } from '../../engine/clock';
import { CommandContext, Engine } from '../../engine/engine';
import { sha256Hex } from '../../engine/hash-chain';
import { ADMIN_TOKEN, CLOCK } from '../../tokens';
import { ForbiddenError, UnauthenticatedError } from '../problem-details';

export { ROLES };
export type { Role };

export interface Principal {
  accountId: string;
  /** null for the bootstrap admin, which has no account stream */
  username: string | null;
  /** the account's display name: the `actor` of what it records */
  displayName: string;
  /** the same as displayName (the name callers used before accounts) */
  subject: string;
  role: Role;
  /** the root of the caller's scope; null for the bootstrap admin, who sees every tree */
  orgId: string | null;
  credential: { kind: CredentialKind | 'bootstrap' | 'cli'; id: string; expiresAt: string | null };
}

export const BOOTSTRAP_PRINCIPAL: Principal = {
  accountId: BOOTSTRAP_ACCOUNT,
  username: null,
  displayName: 'admin',
  subject: 'admin',
  role: 'admin',
  orgId: null,
  credential: { kind: 'bootstrap', id: BOOTSTRAP_ACCOUNT, expiresAt: null },
};

/**
 * The audit metadata of what the caller records: its display name, account and credential, and its organisation
 * (`fallbackOrgId` for the bootstrap admin, who has none: the organisation acted on, or `*`). Every controller that
 * records goes through this one function.
 */
export function commandContextOf(caller: Principal, fallbackOrgId = '*'): CommandContext {
  return {
    actor: caller.displayName,
    orgId: caller.orgId ?? fallbackOrgId,
    accountId: caller.accountId,
    credentialKind: caller.credential.kind,
    credentialId: caller.credential.id,
  };
}

const PUBLIC = 'ketnap:public';
const MIN_ROLE = 'ketnap:min-role';

/** No token needed (health, metrics, docs, sign-in). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The weakest role that may call the route; reads default to viewer. */
export const Requires = (role: Role) => SetMetadata(MIN_ROLE, role);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The authenticated caller of the current request. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthenticatedError('No authenticated caller');
  return principal;
});

export function hashToken(token: string): string {
  return sha256Hex(token);
}

const PREFIX: Record<CredentialKind, string> = { session: 'kts', token: 'ktn' };
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CREDENTIAL = new RegExp(`^(kts|ktn)\\.(${UUID})\\.(${UUID})\\.[A-Za-z0-9_-]{43}$`);

/** The bearer token of a session or API token: which account and credential it is, and its secret. */
export function credentialToken(kind: CredentialKind, accountId: string, credentialId: string, secret: string): string {
  return `${PREFIX[kind]}.${accountId}.${credentialId}.${secret}`;
}

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminHash: Buffer;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKEN) adminToken: string,
    private readonly engine: Engine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.adminHash = Buffer.from(hashToken(adminToken), 'hex');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<Role>(MIN_ROLE, targets) ?? 'viewer';
    if (roleRank(principal.role) < roleRank(needed)) {
      throw new ForbiddenError(`This needs the ${needed} role; you have ${principal.role}`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(header ?? '');
    if (!match) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
    const token = match[1];
    const hash = hashToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) return BOOTSTRAP_PRINCIPAL;
    const parts = CREDENTIAL.exec(token);
    if (!parts) throw new UnauthenticatedError('The token is not known');
    const kind: CredentialKind = parts[1] === 'kts' ? 'session' : 'token';
    const [accountId, credentialId] = [parts[2], parts[3]];
    const { state } = await this.engine.load(accountStream, accountStreamId(accountId));
    const live = liveCredential(state, kind, credentialId, hash, this.clock.now());
    if (!state || !live) throw new UnauthenticatedError(kind === 'session' ? 'The session has ended or expired; sign in again' : 'The token is not known, revoked or expired');
    return {
      accountId,
      username: state.username,
      displayName: state.displayName,
      subject: state.displayName,
      role: state.role,
      orgId: state.orgId,
      credential: { kind, id: credentialId, expiresAt: live.expiresAt },
    };
  }
}
