import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Path of a compiled file under dist/ (`npm test` builds first); fails clearly when it has not been built. */
export function built(relative: string): string {
  const file = join(ROOT, 'dist', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}
