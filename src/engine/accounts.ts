/**
 * Accounts: the people and machines that act on the system, each the stream `account-<id>`. Its events say who the
 * account is (username, display name, role, organisation), its password, and every credential it was given: the
 * sessions of a person's sign-ins and the API tokens of a machine. Authentication is decided from this fold, not
 * from a read model: a credential counts only while the account's own stream says it is live.
 *
 * Usernames are permanent. The account id is a name-based UUID of the normalised username, so creating an account
 * is an append with "no stream" expected: two concurrent creations of one username cannot both succeed, on any
 * adapter of the EventStore port, and no read model is asked. (Renaming would need a claim stream per username.)
 *
 * The rules and the fold are pure: time, random ids and password hashes come in as arguments, decided inside the
 * engine's `execute` closure so that a retry after a concurrent write decides again.
 */
import { BusinessDay, Clock } from './clock';
import { CommandContext, DecidedEvent, Engine, RecordedEvent, StreamType } from './engine';
import { EngineError, FieldError, NotFoundError, ValidationFailedError } from './errors';
import type { JsonObject } from './event-store';
import { nameUuid } from './name-uuid';
import type { PasswordHash } from './passwords';
import { hasLoneSurrogate, plainText, plainTextProblem } from './plain-text';

export const ROLES = ['viewer', 'inspector', 'clerk', 'admin'] as const;
/** Ordered by what they may do: viewer reads, inspector reads everything (and records nothing), clerk records, admin manages. */
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export type AccountKind = 'person' | 'machine';
export type CredentialKind = 'session' | 'token';

export interface SessionState {
  secretHash: string;
  startedAt: string;
  expiresAt: string;
}

export interface TokenState {
  tokenHash: string;
  /** what the token is for (the `subject` of POST /tokens) */
  label: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export interface AccountState {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  kind: AccountKind;
  disabled: boolean;
  password?: PasswordHash;
  /** sessions not ended; an expired one stays until it is ended (the fold knows no time) */
  sessions: Record<string, SessionState>;
  tokens: Record<string, TokenState>;
}

export type AccountEvent =
  | { type: 'AccountCreated'; data: { accountId: string; username: string; displayName: string; role: Role; orgId: string; kind: AccountKind } }
  | { type: 'AccountScopeChanged'; data: { role: Role; orgId: string } }
  | { type: 'PasswordSet'; data: PasswordHash }
  | { type: 'AccountDisabled'; data: Record<string, never> }
  | { type: 'SessionStarted'; data: { sessionId: string; secretHash: string; expiresAt: string } }
  | { type: 'SessionEnded'; data: { sessionId: string } }
  | { type: 'TokenIssued'; data: { tokenId: string; tokenHash: string; subject: string; role: Role; orgId: string; expiresAt: string } }
  | { type: 'TokenRevoked'; data: { tokenId: string } };

export const ACCOUNT_PREFIX = 'account-';

export const accountStreamId = (accountId: string) => `${ACCOUNT_PREFIX}${accountId}`;

/** The id of the account with this (normalised) username. */
export const accountIdOf = (username: string) => nameUuid(`account:${username}`);

/** The bootstrap admin (KETNAP_ADMIN_TOKEN) acts as this account; it has no stream. */
export const BOOTSTRAP_ACCOUNT = 'bootstrap';

export class AccountExistsError extends EngineError {
  readonly code = 'ACCOUNT_EXISTS';
  constructor(readonly username: string) {
    super(`the username ${username} is taken`);
  }
}

export class AccountDisabledError extends EngineError {
  readonly code = 'ACCOUNT_DISABLED';
  constructor(readonly accountId: string) {
    super(`account ${accountId} is disabled`);
  }
}

// ---------------------------------------------------------------------------------------------- input rules

const USERNAME = /^[a-z0-9._-]{3,64}$/;

function invalid(field: string, message: string, messageVi: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message, messageVi }]);
}


/** NFC and lower case, then `[a-z0-9._-]{3,64}`; otherwise VALIDATION_FAILED on `field`. */
export function normaliseUsername(raw: unknown, field = 'username'): string {
  const value = typeof raw === 'string' && !hasLoneSurrogate(raw) ? raw.normalize('NFC').toLowerCase() : '';
  if (!USERNAME.test(value)) {
    throw invalid(
      field,
      `${field} must be 3 to 64 characters of a-z, 0-9, ".", "_" or "-"`,
      `${field} phải gồm 3 đến 64 ký tự a-z, 0-9, ".", "_" hoặc "-"`,
    );
  }
  return value;
}

/** NFC, trimmed, 1–120 characters, no control or format characters; otherwise VALIDATION_FAILED on `field`. */
export function normaliseDisplayName(raw: unknown, field = 'displayName'): string {
  const problem = plainTextProblem(raw, 120);
  if (problem) throw invalid(field, `${field} ${problem.message}`, `${field} ${problem.messageVi}`);
  return plainText(raw as string);
}

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/** NFC; at least 10 characters (code points), at most 1024. */
export function checkPassword(raw: unknown, field = 'password'): string {
  const value = typeof raw === 'string' && !hasLoneSurrogate(raw) ? raw.normalize('NFC') : '';
  const length = [...value].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw invalid(field, `${field} must be at least ${MIN_PASSWORD_LENGTH} characters`, `${field} phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự`);
  }
  if (length > MAX_PASSWORD_LENGTH) throw invalid(field, `${field} must be at most ${MAX_PASSWORD_LENGTH} characters`, `${field} tối đa ${MAX_PASSWORD_LENGTH} ký tự`);
  return value;
}

// ---------------------------------------------------------------------------------------------- the fold

export function evolveAccount(state: AccountState | undefined, event: AccountEvent, recordedAt: string): AccountState {
  if (event.type === 'AccountCreated') {
    const { accountId, username, displayName, role, orgId, kind } = event.data;
    return { id: accountId, username, displayName, role, orgId, kind, disabled: false, sessions: {}, tokens: {} };
  }
  if (!state) throw new Error(`${event.type} before AccountCreated`);
  switch (event.type) {
    case 'AccountScopeChanged':
      return { ...state, role: event.data.role, orgId: event.data.orgId };
    case 'PasswordSet':
      return { ...state, password: event.data };
    case 'AccountDisabled':
      return { ...state, disabled: true };
    case 'SessionStarted': {
      const { sessionId, secretHash, expiresAt } = event.data;
      return { ...state, sessions: { ...state.sessions, [sessionId]: { secretHash, startedAt: recordedAt, expiresAt } } };
    }
    case 'SessionEnded': {
      // Ended sessions are forgotten: the fold stays the size of the live ones.
      const { [event.data.sessionId]: _ended, ...sessions } = state.sessions;
      return { ...state, sessions };
    }
    case 'TokenIssued': {
      const { tokenId, tokenHash, subject, expiresAt } = event.data;
      return { ...state, tokens: { ...state.tokens, [tokenId]: { tokenHash, label: subject, issuedAt: recordedAt, expiresAt } } };
    }
    case 'TokenRevoked': {
      const token = state.tokens[event.data.tokenId];
      return token ? { ...state, tokens: { ...state.tokens, [event.data.tokenId]: { ...token, revokedAt: recordedAt } } } : state;
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown account event ${(unknown as { type: string }).type}`);
    }
  }
}

export const accountStream: StreamType<AccountState> = {
  name: 'account',
  evolve: (state, event: RecordedEvent) => evolveAccount(state, { type: event.type, data: event.data } as AccountEvent, event.recordedAt),
};

// ---------------------------------------------------------------------------------------------- the decisions

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  kind: AccountKind;
}

/** AccountCreated (and PasswordSet when a password is given) on a stream that must be empty. Inputs normalised first. */
export function decideCreate(state: AccountState | undefined, account: NewAccount, password?: PasswordHash): AccountEvent[] {
  if (state) throw new AccountExistsError(account.username);
  const events: AccountEvent[] = [{ type: 'AccountCreated', data: { accountId: accountIdOf(account.username), ...account } }];
  if (password) events.push({ type: 'PasswordSet', data: password });
  return events;
}

function enabled(state: AccountState | undefined, accountId: string): AccountState {
  if (!state) throw new NotFoundError(`account ${accountId}`);
  if (state.disabled) throw new AccountDisabledError(accountId);
  return state;
}

export function decideSetPassword(state: AccountState | undefined, accountId: string, password: PasswordHash): AccountEvent[] {
  enabled(state, accountId);
  return [{ type: 'PasswordSet', data: password }];
}

export function decideChangeScope(state: AccountState | undefined, accountId: string, scope: { role: Role; orgId: string }): AccountEvent[] {
  const account = enabled(state, accountId);
  return account.role === scope.role && account.orgId === scope.orgId ? [] : [{ type: 'AccountScopeChanged', data: scope }];
}

/** Disabling twice records nothing the second time. */
export function decideDisable(state: AccountState | undefined, accountId: string): AccountEvent[] {
  if (!state) throw new NotFoundError(`account ${accountId}`);
  return state.disabled ? [] : [{ type: 'AccountDisabled', data: {} }];
}

export function decideStartSession(state: AccountState | undefined, accountId: string, session: { sessionId: string; secretHash: string; expiresAt: string }): AccountEvent[] {
  enabled(state, accountId);
  return [{ type: 'SessionStarted', data: session }];
}

/** Ending a session that is not live (ended already, or never started) records nothing. */
export function decideEndSession(state: AccountState | undefined, sessionId: string): AccountEvent[] {
  return state?.sessions[sessionId] ? [{ type: 'SessionEnded', data: { sessionId } }] : [];
}

export function decideIssueToken(
  state: AccountState | undefined,
  accountId: string,
  token: { tokenId: string; tokenHash: string; subject: string; expiresAt: string },
): AccountEvent[] {
  const account = enabled(state, accountId);
  return [{ type: 'TokenIssued', data: { ...token, role: account.role, orgId: account.orgId } }];
}

/** Revoking twice records nothing the second time; a token the account never had is not found. */
export function decideRevokeToken(state: AccountState | undefined, tokenId: string): AccountEvent[] {
  const token = state?.tokens[tokenId];
  if (!token) throw new NotFoundError(`token ${tokenId}`);
  return token.revokedAt ? [] : [{ type: 'TokenRevoked', data: { tokenId } }];
}

/**
 * Whether `caller` may give a credential with `role` on `orgId`'s subtree: never a role above its own. (The subtree
 * itself is the organisation directory's to check.)
 */
export function mayGrant(callerRole: Role, role: Role): FieldError | undefined {
  if (roleRank(role) <= roleRank(callerRole)) return undefined;
  return { field: 'role', message: `a ${callerRole} cannot grant the ${role} role`, messageVi: `vai trò ${callerRole} không được cấp vai trò ${role}` };
}

/** The live credential of the account with this id and secret hash at `now`, or undefined. */
export function liveCredential(
  state: AccountState | undefined,
  kind: CredentialKind,
  credentialId: string,
  secretHash: string,
  now: Date,
): { expiresAt: string } | undefined {
  if (!state || state.disabled) return undefined;
  const credential = kind === 'session' ? state.sessions[credentialId] : state.tokens[credentialId];
  if (!credential) return undefined;
  if ((kind === 'session' ? (credential as SessionState).secretHash : (credential as TokenState).tokenHash) !== secretHash) return undefined;
  if ((credential as TokenState).revokedAt !== undefined) return undefined;
  if (Date.parse(credential.expiresAt) <= now.getTime()) return undefined;
  return { expiresAt: credential.expiresAt };
}

// ---------------------------------------------------------------------------------------------- the service

/** The account commands on the engine: each decides inside `execute`, so a retry after a concurrent write decides again. */
export class Accounts {
  constructor(
    private readonly engine: Engine,
    private readonly day: BusinessDay,
    private readonly clock: Clock,
  ) {}

  async get(accountId: string): Promise<AccountState | undefined> {
    return (await this.engine.load(accountStream, accountStreamId(accountId))).state;
  }

  async byUsername(username: string): Promise<AccountState | undefined> {
    return this.get(accountIdOf(username));
  }

  now(): Date {
    return this.clock.now();
  }

  /** Creates the account (inputs normalised by the caller), optionally with a first password and a first token. */
  async create(
    account: NewAccount,
    context: CommandContext,
    extra: { password?: PasswordHash; token?: { tokenId: string; tokenHash: string; subject: string; expiresAt: string } } = {},
  ): Promise<{ account: AccountState; position?: number }> {
    const accountId = accountIdOf(account.username);
    const result = await this.run(accountId, context, (state) => {
      const created = decideCreate(state, account, extra.password);
      if (!extra.token) return created;
      const after = created.reduce<AccountState | undefined>((s, e) => evolveAccount(s, e, ''), state);
      return [...created, ...decideIssueToken(after, accountId, extra.token)];
    });
    return { account: result.state!, position: result.position };
  }

  async run(
    accountId: string,
    context: CommandContext,
    decide: (state: AccountState | undefined) => AccountEvent[],
  ): Promise<{ state: AccountState | undefined; position?: number; events: RecordedEvent[] }> {
    const occurredOn = this.day.today();
    const result = await this.engine.execute(accountStream, accountStreamId(accountId), context, (state): DecidedEvent[] =>
      decide(state).map((event) => ({ type: event.type, data: event.data as unknown as JsonObject, occurredOn })),
    );
    return { state: result.state, position: result.position, events: result.events };
  }
}
