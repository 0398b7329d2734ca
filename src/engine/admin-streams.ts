/**
 * The streams of administrative acts beside the dossiers: organisations, quotas and tokens. They carry no
 * workflow state of their own (their rules are checked against the read models before the append), so their fold
 * just counts events; the streams exist for the audit trail and the hash chain.
 */
import type { StreamType } from './engine';

const counted = (name: string): StreamType<number> => ({ name, evolve: (n) => (n ?? 0) + 1 });

export const organizationStream = counted('organization');
export const quotaStream = counted('quotas');
export const tokenStream = counted('token');

export const organizationStreamId = (orgId: string) => `organization-${orgId}`;
export const quotaStreamId = (orgId: string) => `quotas-${orgId}`;
export const tokenStreamId = (tokenId: string) => `token-${tokenId}`;
