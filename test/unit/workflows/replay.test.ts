/**
 * Stored histories must keep replaying: every event of every fixture is decided again (with a fixed today) and folded
 * through the machine version the fixture is pinned to. A change to the rules or the machine that would refuse an
 * event already on record, or land a dossier in another state, fails here, before it reaches real dossiers.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  AdmissionEvent,
  decide,
  DossierState,
  END_STAGES,
  EVENT_TYPES,
  evolve,
  stageOf,
  stateOf,
} from '../../../workflows/admission';

/** Later than every fixture's last act; fixed so that a fixture does not change meaning as time passes. */
const TODAY = '2026-06-30';
const DIR = join(__dirname, '../../fixtures/histories');

interface Fixture {
  description: string;
  machineVersion: number;
  events: AdmissionEvent[];
  expected: { stage: string; state: string };
}

const fixtures: [string, Fixture][] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture]);

describe('stored histories replay', () => {
  it('there are fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(fixtures)('%s', (_file, fixture) => {
    let state: DossierState | undefined;
    fixture.events.forEach((event, index) => {
      const decision = decide(state, event, { today: TODAY });
      if (!('ok' in decision)) {
        throw new Error(`event #${index} (${event.type} of ${event.occurredOn}) is no longer accepted: ${JSON.stringify(decision)}`);
      }
      expect(decision.machineVersion).toBe(fixture.machineVersion);
      state = evolve(state, event, { machineVersion: fixture.machineVersion });
    });
    expect(state && { stage: stageOf(state), state: stateOf(state) }).toEqual(fixture.expected);
  });

  it('cover every ending and every event type', () => {
    const stages = new Set(fixtures.map(([, f]) => f.expected.stage));
    for (const end of END_STAGES) expect(stages).toContain(end);
    const types = new Set(fixtures.flatMap(([, f]) => f.events.map((e) => e.type)));
    expect([...EVENT_TYPES].filter((t) => !types.has(t))).toEqual([]);
  });
});
