/**
 * Bearer-token authentication and role checks, on every route unless marked @Public().
 * A token is scoped to an organisation's subtree; the bootstrap admin token sees the whole tree.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { TOKEN_TABLE } from '../../../projections/access-tokens';
import { sha256Hex } from '../../engine/hash-chain';
import { ReadModelDb } from '../../read-models/read-model-db';
import { ADMIN_TOKEN } from '../../tokens';
import { ForbiddenError, UnauthenticatedError } from '../problem-details';

export const ROLES = ['viewer', 'clerk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  role: Role;
  /** the root of the caller's scope; null for the bootstrap admin, who sees every tree */
  orgId: string | null;
}

const PUBLIC = 'ketnap:public';
const MIN_ROLE = 'ketnap:min-role';

/** No token needed (health, metrics, docs). */
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

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminHash: Buffer;
  private readonly known = new Map<string, Principal>();
  private readonly lookup;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKEN) adminToken: string,
    readModels: ReadModelDb,
  ) {
    this.adminHash = Buffer.from(hashToken(adminToken), 'hex');
    this.lookup = readModels.db.prepare<[string], { subject: string; role: Role; org_id: string }>(
      `SELECT subject, role, org_id FROM ${TOKEN_TABLE} WHERE token_hash = ?`,
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.authenticate(request.headers.authorization);
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<Role>(MIN_ROLE, targets) ?? 'viewer';
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(needed)) {
      throw new ForbiddenError(`This needs the ${needed} role; your token has ${principal.role}`);
    }
    return true;
  }

  private authenticate(header: string | undefined): Principal {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(header ?? '');
    if (!match) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
    const hash = hashToken(match[1]);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) return { subject: 'admin', role: 'admin', orgId: null };
    let principal = this.known.get(hash);
    if (!principal) {
      const row = this.lookup.get(hash);
      if (!row) throw new UnauthenticatedError('The token is not known');
      principal = { subject: row.subject, role: row.role, orgId: row.org_id };
      // Issued tokens never change (there is no revocation yet), so a hit can be kept.
      if (this.known.size >= 10_000) this.known.clear();
      this.known.set(hash, principal);
    }
    return principal;
  }
}
