/**
 * `ketnap claims backfill`: claims the person of every open dossier that holds no claim yet — the dossiers of a store
 * written before the rule "one open dossier per person" (src/engine/person-claims.ts) — so that a later nomination of
 * the same person is refused like any other duplicate. Two open dossiers of one person already in the store are
 * listed, not closed: which one goes is a clerk's decision. Idempotent; safe while the server runs (each claim is an
 * ordinary append with its expected revision).
 */
import { PersonClaims } from '../engine/person-claims';
import { COMMON_OPTIONS, Command, UsageError } from './command';
import { withCli } from './context';

export const claimsCommand: Command = {
  help: `Usage: ketnap claims backfill

Claims the person (full name and date of birth) of every open dossier that holds no claim yet, e.g. the dossiers of a
store written before duplicates were refused. Lists two open dossiers of one person found on the way (exit 1); closes
nothing. Running it again appends nothing.

${COMMON_OPTIONS}`,
  run: ({ args, env, overrides }) => {
    if (args[0] !== 'backfill' || args.length !== 1) throw new UsageError('expected: ketnap claims backfill');
    return withCli(env, overrides, async ({ app, store, where }) => {
      const result = await app.get(PersonClaims).backfill(store, { actor: 'ketnap claims backfill', orgId: '*', credentialKind: 'cli' });
      console.log(`claims: ${result.open} open dossiers in ${where}, ${result.claimed} claimed now`);
      for (const { dossierId, openDossierId } of result.duplicates) {
        console.log(`  duplicate: dossier ${dossierId} is a second open dossier of the person of ${openDossierId ?? 'a dossier being written'}`);
      }
      return result.duplicates.length > 0 ? 1 : 0;
    });
  },
};
