// Builds the dashboard into dist/web (type check, then Vite) unless the last build came from the same sources.
// `npm run build` runs it after the server's tsc, so `npm start` and `npm test` build the dashboard on a fresh clone
// and skip it (a hash of a few dozen files) afterwards. `--force` builds regardless.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(webDir);
const outDir = join(root, 'dist', 'web');
const stampFile = join(outDir, '.source-hash');
const require = createRequire(import.meta.url);

/** Every file under web/, and the versions of the tools and libraries that turn them into the bundle. */
function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${relative(webDir, path)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(webDir);
  for (const pkg of ['vite', 'preact', 'typescript']) hash.update(`${pkg}@${require(`${pkg}/package.json`).version}\0`);
  return hash.digest('hex');
}

const started = Date.now();
const hash = sourceHash();
if (!process.argv.includes('--force') && existsSync(join(outDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  console.log('web: dist/web is up to date');
  process.exit(0);
}

console.log('web: type-checking the dashboard (web/tsconfig.json)');
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(webDir, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('web: type errors, dashboard not built');
  process.exit(1);
}

console.log('web: bundling with Vite into dist/web');
const { build } = await import('vite');
await build({ configFile: join(webDir, 'vite.config.mjs'), logLevel: 'warn' });
writeFileSync(stampFile, hash);
console.log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
