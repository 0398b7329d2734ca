/**
 * The API tokens of every account, for listing them (GET /api/v1/tokens) and finding a token's account by its id
 * (revocation). Authentication never reads this table: the guard folds the account's own stream (src/http/auth/auth.ts),
 * so a row written here by hand grants nothing. Sessions are not listed here (there is one per sign-in).
 *
 * Only tokens on account streams (`account-<id>`): the tokens of the first version (`token-<id>` streams, before
 * accounts) no longer authenticate and are left out.
 */
import type { Projection, RowChange } from './projection';
import { text } from './stored-events';

export const TOKEN_TABLE = 'access_tokens';

export const accessTokensProjection: Projection = {
  name: 'access-tokens',
  version: 2,
  tables: [
    {
      name: TOKEN_TABLE,
      columns: {
        token_id: 'TEXT',
        token_hash: 'TEXT',
        account_id: 'TEXT',
        subject: 'TEXT',
        role: 'TEXT',
        org_id: 'TEXT',
        issued_at: 'TEXT',
        expires_at: 'TEXT',
        revoked_at: 'TEXT',
      },
      key: ['token_id'],
      indexes: [['org_id'], ['account_id']],
    },
  ],
  apply(event, rows): RowChange[] {
    if (!event.streamId.startsWith('account-')) return [];
    const accountId = event.streamId.slice('account-'.length);
    if (event.type === 'TokenIssued') {
      const { tokenId, tokenHash, subject, role, orgId, expiresAt } = event.data as Record<string, string>;
      return [
        {
          table: TOKEN_TABLE,
          upsert: { token_id: tokenId, token_hash: tokenHash, account_id: accountId, subject, role, org_id: orgId, issued_at: event.recordedAt, expires_at: expiresAt, revoked_at: null },
        },
      ];
    }
    if (event.type === 'TokenRevoked') {
      const row = rows.get(TOKEN_TABLE, { token_id: text(event.data.tokenId) });
      return row ? [{ table: TOKEN_TABLE, upsert: { ...row, revoked_at: event.recordedAt } }] : [];
    }
    if (event.type === 'AccountScopeChanged') {
      const { role, orgId } = event.data as Record<string, string>;
      return rows.where(TOKEN_TABLE, 'account_id', accountId).map((row) => ({ table: TOKEN_TABLE, upsert: { ...row, role, org_id: orgId } }));
    }
    return [];
  },
};
