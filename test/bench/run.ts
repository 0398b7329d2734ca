/**
 * `npm run bench -- <name>`: benchmarks. Each prints its figures as ratios against a limit measured in the same
 * run on the same machine, because absolute times on shared machines say little.
 */
import { benchHttp } from './http.bench';
import { benchImport } from './import.bench';
import { benchProjections } from './projections.bench';
import { benchStore } from './store.bench';
import { benchTimers } from './timers.bench';

const benches: Record<string, () => Promise<void>> = {
  store: benchStore,
  http: benchHttp,
  timers: benchTimers,
  projections: benchProjections,
  import: benchImport,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !benches[n]);
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : Object.keys(benches)) await benches[name]();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
