/**
 * `ketnap accounts …` and `ketnap tokens …`: accounts of people and API tokens from a terminal, through the same
 * engine and rules as the HTTP API. What these commands record names the actor `cli` (credential kind `cli`): whoever
 * runs them holds the data directory, the bootstrap admin's authority. A password is never taken from the command
 * line (it would stay in the shell's history and the process list): from `--password-file`, from stdin when it is not
 * a terminal, or generated and printed once.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ACCOUNT_PREFIX,
  accountIdOf,
  Accounts,
  AccountState,
  accountStream,
  checkPassword,
  decideDisable,
  decideRevokeToken,
  decideSetPassword,
  normaliseDisplayName,
  normaliseUsername,
  Role,
  ROLES,
} from '../engine/accounts';
import { BusinessDay } from '../engine/clock';
import { Engine } from '../engine/engine';
import { EngineError, ValidationFailedError } from '../engine/errors';
import { EventStore, hasStreamHeads } from '../engine/event-store';
import { hashPassword } from '../engine/passwords';
import type { Principal } from '../http/auth/auth';
import { CreateTokenDto, issueToken } from '../http/auth/tokens.controller';
import { flattenErrors } from '../http/validation';
import { COMMON_OPTIONS, Command, required, UsageError } from './command';
import { organisationsOf, withCli } from './context';

/** The operator at the terminal: every tree, admin. */
export const CLI_PRINCIPAL: Principal = {
  accountId: 'cli',
  username: null,
  displayName: 'cli',
  subject: 'cli',
  role: 'admin',
  orgId: null,
  credential: { kind: 'cli', id: 'cli', expiresAt: null },
};

const CONTEXT = { actor: 'cli', orgId: '*', accountId: 'cli', credentialKind: 'cli' as const, credentialId: 'cli' };

/** A refusal of the rules as the CLI's usage error (exit 2), with the field and both languages; other errors as they are. */
function asUsage(error: unknown): unknown {
  if (error instanceof ValidationFailedError) return new UsageError(error.errors.map((e) => `${e.field}: ${e.message}${e.messageVi ? ` (${e.messageVi})` : ''}`).join('; '));
  if (error instanceof EngineError && error.code === 'NOT_FOUND') return new UsageError(error.message);
  return error;
}

function usage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asUsage(error);
  }
}

async function readPassword(options: Record<string, string | boolean | undefined>): Promise<{ password: string; generated: boolean }> {
  const file = options['password-file'];
  if (typeof file === 'string') return { password: usage(() => checkPassword(readFileSync(file, 'utf8').replace(/\r?\n$/, ''))), generated: false };
  if (!process.stdin.isTTY && options['generate-password'] !== true) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (text !== '') return { password: usage(() => checkPassword(text)), generated: false };
  }
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

async function accountOf(accounts: Accounts, raw: string): Promise<AccountState> {
  const username = usage(() => normaliseUsername(raw));
  const account = await accounts.byUsername(username);
  if (!account) throw new UsageError(`there is no account ${username}`);
  return account;
}

/** Every account's folded stream (stores that list their streams; others are read through the whole log). */
async function allAccounts(store: EventStore, engine: Engine): Promise<AccountState[]> {
  const ids = new Set<string>();
  if (hasStreamHeads(store)) {
    for await (const { streamId } of store.streamHeads()) if (streamId.startsWith(ACCOUNT_PREFIX)) ids.add(streamId);
  } else {
    for (let after: number | undefined; ; ) {
      const page = await store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) break;
      for (const event of page) if (event.streamId.startsWith(ACCOUNT_PREFIX)) ids.add(event.streamId);
      after = page[page.length - 1].position;
    }
  }
  const accounts: AccountState[] = [];
  for (const id of ids) {
    const { state } = await engine.load(accountStream, id);
    if (state) accounts.push(state);
  }
  return accounts;
}

const PASSWORD_OPTIONS = `  --password-file <file>  the password (first line); otherwise read from stdin when it is not a terminal,
                          otherwise generated and printed once (--generate-password forces that)`;

export const accountsCommand: Command = {
  help: `Usage: ketnap accounts create --username <name> --name <display name> --role ${ROLES.join('|')} --org <organisation id>
       ketnap accounts reset-password --username <name>
       ketnap accounts disable --username <name>

create          a person's account (username [a-z0-9._-]{3,64}, permanent; display name 1–120 characters), with a
                password of at least 10 characters
reset-password  sets a new password (the sessions already started stay until they end or expire)
disable         the account's sessions and tokens stop working at once; it cannot be enabled again

${PASSWORD_OPTIONS}

Recorded in the log with the actor "cli".

${COMMON_OPTIONS}`,
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    org: { type: 'string' },
    'password-file': { type: 'string' },
    'generate-password': { type: 'boolean' },
  },
  run: async ({ args: [action], options, env, overrides }) => {
    if (action === 'create') {
      const username = usage(() => normaliseUsername(required(options, 'username')));
      const displayName = usage(() => normaliseDisplayName(required(options, 'name'), 'name'));
      const role = required(options, 'role') as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const orgId = required(options, 'org');
      const { password, generated } = await readPassword(options);
      return withCli(env, overrides, async ({ app, store }) => {
        const { orgs, close } = await organisationsOf(store, app.get(BusinessDay));
        try {
          if (!orgs.get(orgId)) throw new UsageError(`there is no organisation ${orgId}`);
        } finally {
          close();
        }
        const { account } = await app.get(Accounts).create({ username, displayName, role, orgId, kind: 'person' }, CONTEXT, { password: await hashPassword(password) });
        console.error(`accounts: created ${account.username} (${account.id}), ${role} on ${orgId}`);
        if (generated) {
          console.error('accounts: the generated password is shown once, here:');
          console.log(password);
        }
        return 0;
      });
    }
    if (action === 'reset-password' || action === 'disable') {
      const raw = required(options, 'username');
      const reset = action === 'reset-password' ? await readPassword(options) : undefined;
      return withCli(env, overrides, async ({ app }) => {
        const accounts = app.get(Accounts);
        const account = await accountOf(accounts, raw);
        if (reset) {
          const hash = await hashPassword(reset.password);
          await accounts.run(account.id, CONTEXT, (s) => decideSetPassword(s, account.id, hash));
          console.error(`accounts: new password set for ${account.username}`);
          if (reset.generated) {
            console.error('accounts: the generated password is shown once, here:');
            console.log(reset.password);
          }
        } else {
          await accounts.run(account.id, CONTEXT, (s) => decideDisable(s, account.id));
          console.error(`accounts: ${account.username} is disabled; its sessions and tokens no longer work`);
        }
        return 0;
      });
    }
    throw new UsageError('accounts needs "create", "reset-password" or "disable"');
  },
};

export const tokensCommand: Command = {
  help: `Usage: ketnap tokens create --subject <what it is for> --role ${ROLES.join('|')} --org <organisation id> [--expires-in-days <1–365>]
       ketnap tokens create --subject <what it is for> --account <username> [--expires-in-days <1–365>]
       ketnap tokens list
       ketnap tokens revoke <token id>

create   issues an API token (as POST /api/v1/tokens does) and prints it once: only its hash is stored. With --role
         and --org it belongs to a new machine account named by the subject; with --account to that account.
         It expires after 90 days unless --expires-in-days says otherwise.
list     every API token: id, account, subject, role, organisation, expiry, status (never a secret)
revoke   the token answers 401 from now on

Recorded in the log with the actor "cli".

${COMMON_OPTIONS}`,
  options: { subject: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, account: { type: 'string' }, 'expires-in-days': { type: 'string' } },
  run: ({ args: [action, id], options, env, overrides }) => {
    if (action === 'create') {
      const days = options['expires-in-days'];
      const account = typeof options.account === 'string' ? usage(() => normaliseUsername(options.account, 'account')) : undefined;
      const body = plainToInstance(CreateTokenDto, {
        subject: required(options, 'subject'),
        ...(account ? {} : { role: required(options, 'role'), orgId: required(options, 'org') }),
        ...(account ? { accountId: accountIdOf(account) } : {}),
        ...(typeof days === 'string' ? { expiresInDays: Number(days) } : {}),
      });
      const errors = flattenErrors(validateSync(body));
      if (errors.length > 0) throw new UsageError(errors.map((e) => `${e.field === 'orgId' ? 'org' : e.field}: ${e.message}`).join('; '));
      return withCli(env, overrides, async ({ app, store }) => {
        const { orgs, close } = await organisationsOf(store, app.get(BusinessDay));
        try {
          if (body.orgId !== undefined && !orgs.get(body.orgId)) throw new UsageError(`there is no organisation ${body.orgId}`);
          const issued = await issueToken(app.get(Accounts), orgs, body, CLI_PRINCIPAL).catch((error: unknown) => {
            throw asUsage(error);
          });
          console.error(`tokens: ${issued.role} token ${issued.tokenId} for ${issued.subject} on ${issued.orgId}, until ${issued.expiresAt}; it is shown once, here:`);
          console.log(issued.token);
          return 0;
        } finally {
          close();
        }
      });
    }
    if (action === 'list') {
      return withCli(env, overrides, async ({ app, store }) => {
        const now = app.get(Accounts).now().toISOString();
        for (const account of await allAccounts(store, app.get(Engine))) {
          for (const [tokenId, token] of Object.entries(account.tokens)) {
            const status = token.revokedAt ? 'revoked' : token.expiresAt <= now ? 'expired' : 'active';
            console.log([tokenId, account.username, token.label, account.role, account.orgId, token.expiresAt, status].join('\t'));
          }
        }
        return 0;
      });
    }
    if (action === 'revoke') {
      if (!id) throw new UsageError('tokens revoke needs the token id');
      return withCli(env, overrides, async ({ app, store }) => {
        const owner = (await allAccounts(store, app.get(Engine))).find((account) => account.tokens[id]);
        if (!owner) throw new UsageError(`there is no token ${id}`);
        await app.get(Accounts).run(owner.id, CONTEXT, (s) => decideRevokeToken(s, id));
        console.error(`tokens: ${id} of ${owner.username} is revoked`);
        return 0;
      });
    }
    throw new UsageError('tokens needs "create", "list" or "revoke"');
  },
};
