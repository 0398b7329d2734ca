/**
 * API tokens by the SHA-256 of their secret: the secret itself is never stored or logged.
 */
import type { Projection, RowChange } from './projection';

export const TOKEN_TABLE = 'access_tokens';

export const accessTokensProjection: Projection = {
  name: 'access-tokens',
  version: 1,
  tables: [
    {
      name: TOKEN_TABLE,
      columns: { token_hash: 'TEXT', token_id: 'TEXT', subject: 'TEXT', role: 'TEXT', org_id: 'TEXT', issued_at: 'TEXT' },
      key: ['token_hash'],
    },
  ],
  apply(event): RowChange[] {
    if (event.type !== 'TokenIssued') return [];
    const { tokenId, tokenHash, subject, role, orgId } = event.data as Record<string, string>;
    return [{ table: TOKEN_TABLE, upsert: { token_hash: tokenHash, token_id: tokenId, subject, role, org_id: orgId, issued_at: event.recordedAt } }];
  },
};
