/**
 * `ketnap demo`: loads the Bình Dương scenario of seed 000 (src/demo) into the configured store, through the engine,
 * with the demo's fixed clock. Running it again adds nothing. Then `ketnap serve` answers the seed's figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config';
import { DEMO_NOW, REPORTED_ON } from '../demo/calendar';
import { loadDemo } from '../demo/load';
import { COMMON_OPTIONS, Command } from './command';
import { withCli } from './context';
import { progress } from './progress';

export const demoCommand: Command = {
  help: `Usage: ketnap demo

Loads the Bình Dương scenario of seed 000 (organisations, quotas and 758 dossiers whose figures reproduce the seed
articles) into the configured store, through the engine, with the demo's fixed clock. Running it again adds nothing.
Then \`ketnap serve\` answers the seed's figures.

${COMMON_OPTIONS}`,
  run: ({ env, overrides }) =>
    withCli(env, overrides, async ({ store, config, where }) => {
      let bar: ReturnType<typeof progress> | undefined;
      const summary = await loadDemo(store, {
        timeZone: config.timeZone,
        onProgress: (done, total) => (bar ??= progress('demo', 'events', total)).update(done),
      });
      if (bar) console.error(bar.finish(summary.commands));
      console.log(`demo: Bình Dương scenario (seed 000) in ${where}`);
      console.log(
        `  ${summary.organisations} organisations, ${summary.quotas} quotas, ${summary.dossiers} dossiers, ${summary.commands} events: ` +
          (summary.appended === 0 ? 'all already recorded, nothing new' : `${summary.appended} recorded now`),
      );
      const states = Object.entries(summary.states).sort(([a], [b]) => a.localeCompare(b));
      console.log(`  dossiers by state: ${states.map(([state, n]) => `${state} ${n}`).join(', ')}`);
      console.log(`  acts dated up to ${REPORTED_ON} (the article's "now"), recorded with the clock at ${DEMO_NOW}`);
      console.log(`  admin token: ${adminTokenHint(config)}`);
      console.log('  try: GET /api/v1/organizations/dang-bo-kcn-vsip/quotas?period=2024 (VSIP: 15 of 20, 75 %)');
      return 0;
    }),
};

/** Where the admin token comes from, never the token itself (the server writes the file on its first start). */
function adminTokenHint(config: Config): string {
  if (config.adminToken) return 'the value of KETNAP_ADMIN_TOKEN';
  if (config.eventStoreUrl) return 'set KETNAP_ADMIN_TOKEN before `ketnap serve` (required with EventStoreDB)';
  const file = join(config.dataDir, 'admin-token');
  return existsSync(file) ? `in ${file}` : `\`ketnap serve\` writes one to ${file} on its first start`;
}
