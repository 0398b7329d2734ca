import { sha256Hex } from './hash-chain';

/**
 * A name-based UUID (the version 8 layout, from SHA-256): the same name always gives the same id. Event ids derive
 * from command ids this way, and so do the ids of demo and imported dossiers.
 */
export function nameUuid(name: string): string {
  const hex = sha256Hex(name);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
