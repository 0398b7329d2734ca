/**
 * Password hashes: scrypt from node:crypto with a random 16-byte salt, the parameters stored beside the hash (so
 * they can be raised later without invalidating old hashes), compared in constant time.
 *
 * Cost: N = 2^15, r = 8, p = 1 (32 MiB, OWASP's minimum for scrypt is N = 2^17 at r = 8 — we take 2^15 because the
 * embedded deployment shares two cores with everything else; the parameters travel with each hash, so raising them
 * is a one-line change that applies from the next password set). Hashing runs on libuv's thread pool, off the event loop.
 */
import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface PasswordHash {
  scheme: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64, `keyLength` bytes */
  hash: string;
}

const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return { scheme: 'scrypt', ...cost, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.scheme !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<PasswordHash> | undefined;

/**
 * A hash of a random password with the default cost: an unknown username is compared against it, so that it takes
 * as long as a wrong password and the answer's time does not tell which usernames exist.
 */
export function dummyPasswordHash(): Promise<PasswordHash> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  return dummy;
}
