/**
 * The account rules, pure: given these account events, when this is decided, then these events or this refusal.
 * No Nest, no store, no clock: times are arguments.
 */
import {
  AccountDisabledError,
  AccountEvent,
  AccountExistsError,
  accountIdOf,
  AccountState,
  checkPassword,
  decideChangeScope,
  decideCreate,
  decideDisable,
  decideEndSession,
  decideIssueToken,
  decideRevokeToken,
  decideSetPassword,
  decideStartSession,
  evolveAccount,
  liveCredential,
  mayGrant,
  NewAccount,
  normaliseDisplayName,
  normaliseUsername,
} from '../../../src/engine/accounts';
import { NotFoundError, ValidationFailedError } from '../../../src/engine/errors';
import { hashPassword, verifyPassword } from '../../../src/engine/passwords';

const AT = '2025-03-01T02:00:00.000Z';
const lan: NewAccount = { username: 'nguyen.thi.lan', displayName: 'Nguyễn Thị Lan', role: 'clerk', orgId: 'chi-bo-a', kind: 'person' };
const ID = accountIdOf(lan.username);
const PASSWORD = { scheme: 'scrypt' as const, N: 1024, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' };

function given(...events: AccountEvent[]): AccountState | undefined {
  return events.reduce<AccountState | undefined>((state, event) => evolveAccount(state, event, AT), undefined);
}
const created = decideCreate(undefined, lan)[0];
const session = (sessionId: string, expiresAt = '2025-03-01T14:00:00.000Z'): AccountEvent => ({
  type: 'SessionStarted',
  data: { sessionId, secretHash: `hash-${sessionId}`, expiresAt },
});
const token = (tokenId: string, expiresAt = '2025-05-30T02:00:00.000Z'): AccountEvent => ({
  type: 'TokenIssued',
  data: { tokenId, tokenHash: `hash-${tokenId}`, subject: 'máy chủ', role: 'clerk', orgId: 'chi-bo-a', expiresAt },
});

function refusal(run: () => unknown): ValidationFailedError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error('expected a VALIDATION_FAILED refusal, got none');
}

describe('usernames', () => {
  it('are NFC and lower-cased, then [a-z0-9._-]{3,64}', () => {
    expect(normaliseUsername('Nguyen.Thi_Lan-2')).toBe('nguyen.thi_lan-2');
    expect(normaliseUsername('abc')).toBe('abc');
    expect(normaliseUsername('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it.each([
    ['blank', ''],
    ['spaces', '   '],
    ['too short', 'ab'],
    ['too long', 'a'.repeat(65)],
    ['a control character', 'lan\u0000x'],
    ['a zero-width space', 'lan\u200bx'],
    ['Vietnamese letters', 'nguyễn'],
    ['an @', 'clerk@vsip'],
    ['not text', 42],
  ])('refuse %s with an English and a Vietnamese message', (_, raw) => {
    const error = refusal(() => normaliseUsername(raw));
    expect(error.errors).toEqual([{ field: 'username', message: expect.any(String), messageVi: expect.stringContaining('ký tự') }]);
  });
});

describe('display names', () => {
  it('are NFC and trimmed: a decomposed "ễ" becomes the composed one', () => {
    const decomposed = 'Nguye\u0302\u0303n Thi\u0323 Lan';
    expect(normaliseDisplayName(`  ${decomposed} `)).toBe('Nguyễn Thị Lan');
  });

  it('may be 120 characters of Vietnamese (counted as characters, not UTF-16 units)', () => {
    expect(normaliseDisplayName('ễ'.repeat(120))).toHaveLength(120);
  });

  it.each([
    ['blank', '   '],
    ['empty', ''],
    ['over 120 characters', 'a'.repeat(121)],
    ['a newline', 'Lan\nAdmin'],
    ['a right-to-left override', 'Lan\u202eadmin'],
    ['a zero-width joiner', 'La\u200dn'],
    ['a lone surrogate', 'Lan\ud800'],
  ])('refuse %s', (_, raw) => {
    expect(refusal(() => normaliseDisplayName(raw, 'subject')).errors).toEqual([{ field: 'subject', message: expect.any(String), messageVi: expect.any(String) }]);
  });
});

describe('passwords', () => {
  it('need at least 10 characters', () => {
    expect(refusal(() => checkPassword('ngắn quá')).errors[0]).toMatchObject({ field: 'password', messageVi: expect.stringContaining('10') });
    expect(checkPassword('mười ký tự!')).toBe('mười ký tự!');
  });

  it('hash with scrypt, a random salt and their parameters, and verify only the same password', async () => {
    const cheap = { N: 1024, r: 8, p: 1 };
    const [one, two] = [await hashPassword('đúng mật khẩu', cheap), await hashPassword('đúng mật khẩu', cheap)];
    expect(one).toMatchObject({ scheme: 'scrypt', N: 1024, r: 8, p: 1 });
    expect(one.salt).not.toBe(two.salt);
    expect(one.hash).not.toBe(two.hash);
    expect(await verifyPassword('đúng mật khẩu', one)).toBe(true);
    expect(await verifyPassword('sai mật khẩu!', one)).toBe(false);
  });
});

describe('creating an account', () => {
  it('given no stream, when created with a password, then AccountCreated and PasswordSet, the id derived from the username', () => {
    expect(decideCreate(undefined, lan, PASSWORD)).toEqual([
      { type: 'AccountCreated', data: { accountId: ID, ...lan } },
      { type: 'PasswordSet', data: PASSWORD },
    ]);
    expect(accountIdOf('nguyen.thi.lan')).toBe(ID);
    expect(accountIdOf('nguyen.thi.lan2')).not.toBe(ID);
  });

  it('given the account exists, when created again, then the username is taken', () => {
    expect(() => decideCreate(given(created), { ...lan, displayName: 'Someone else' })).toThrow(AccountExistsError);
  });
});

describe('sessions', () => {
  it('given a started session, it is live until it expires and with its own hash only', () => {
    const state = given(created, session('s1'));
    expect(liveCredential(state, 'session', 's1', 'hash-s1', new Date('2025-03-01T13:59:59Z'))).toEqual({ expiresAt: '2025-03-01T14:00:00.000Z' });
    expect(liveCredential(state, 'session', 's1', 'hash-s1', new Date('2025-03-01T14:00:00Z'))).toBeUndefined();
    expect(liveCredential(state, 'session', 's1', 'hash-other', new Date(AT))).toBeUndefined();
    expect(liveCredential(state, 'token', 's1', 'hash-s1', new Date(AT))).toBeUndefined();
  });

  it('given an ended session, it is not live, and ending it again records nothing', () => {
    const state = given(created, session('s1'), { type: 'SessionEnded', data: { sessionId: 's1' } });
    expect(liveCredential(state, 'session', 's1', 'hash-s1', new Date(AT))).toBeUndefined();
    expect(decideEndSession(state, 's1')).toEqual([]);
    expect(decideEndSession(given(created, session('s2')), 's2')).toEqual([{ type: 'SessionEnded', data: { sessionId: 's2' } }]);
  });

  it('given a disabled account, no session starts and the live ones stop counting', () => {
    const state = given(created, session('s1'), { type: 'AccountDisabled', data: {} });
    expect(() => decideStartSession(state, ID, { sessionId: 's2', secretHash: 'h', expiresAt: AT })).toThrow(AccountDisabledError);
    expect(liveCredential(state, 'session', 's1', 'hash-s1', new Date(AT))).toBeUndefined();
  });

  it('given no account, no session starts', () => {
    expect(() => decideStartSession(undefined, ID, { sessionId: 's', secretHash: 'h', expiresAt: AT })).toThrow(NotFoundError);
  });
});

describe('API tokens', () => {
  it('when issued, then TokenIssued with the account\'s role and organisation as they stand', () => {
    const state = given(created, { type: 'AccountScopeChanged', data: { role: 'viewer', orgId: 'vsip' } });
    expect(decideIssueToken(state, ID, { tokenId: 't1', tokenHash: 'h', subject: 'máy chủ', expiresAt: AT })).toEqual([
      { type: 'TokenIssued', data: { tokenId: 't1', tokenHash: 'h', subject: 'máy chủ', role: 'viewer', orgId: 'vsip', expiresAt: AT } },
    ]);
  });

  it('given a revoked token, it is not live, and revoking it again records nothing', () => {
    const state = given(created, token('t1'), token('t2'), { type: 'TokenRevoked', data: { tokenId: 't1' } });
    expect(liveCredential(state, 'token', 't1', 'hash-t1', new Date(AT))).toBeUndefined();
    expect(liveCredential(state, 'token', 't2', 'hash-t2', new Date(AT))).toEqual({ expiresAt: '2025-05-30T02:00:00.000Z' });
    expect(decideRevokeToken(state, 't1')).toEqual([]);
    expect(() => decideRevokeToken(state, 't3')).toThrow(NotFoundError);
  });

  it('given an expired token, it is not live', () => {
    expect(liveCredential(given(created, token('t1', '2025-03-01T00:00:00.000Z')), 'token', 't1', 'hash-t1', new Date(AT))).toBeUndefined();
  });
});

describe('managing the account', () => {
  it('a new password, a change of scope, disabling (once)', () => {
    const state = given(created);
    expect(decideSetPassword(state, ID, PASSWORD)).toEqual([{ type: 'PasswordSet', data: PASSWORD }]);
    expect(decideChangeScope(state, ID, { role: 'clerk', orgId: 'chi-bo-a' })).toEqual([]);
    expect(decideChangeScope(state, ID, { role: 'inspector', orgId: 'chi-bo-a' })).toEqual([{ type: 'AccountScopeChanged', data: { role: 'inspector', orgId: 'chi-bo-a' } }]);
    expect(decideDisable(state, ID)).toEqual([{ type: 'AccountDisabled', data: {} }]);
    expect(decideDisable(given(created, { type: 'AccountDisabled', data: {} }), ID)).toEqual([]);
    expect(() => decideSetPassword(given(created, { type: 'AccountDisabled', data: {} }), ID, PASSWORD)).toThrow(AccountDisabledError);
  });

  it('no one grants a role above its own', () => {
    expect(mayGrant('admin', 'admin')).toBeUndefined();
    expect(mayGrant('clerk', 'viewer')).toBeUndefined();
    expect(mayGrant('clerk', 'admin')).toMatchObject({ field: 'role' });
    expect(mayGrant('inspector', 'clerk')).toMatchObject({ field: 'role' });
    expect(mayGrant('viewer', 'inspector')).toMatchObject({ field: 'role' });
  });
});
