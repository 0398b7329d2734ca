import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialTransition, transition } from 'xstate';
import { AdmissionEvent, CandidateNominated, MACHINES } from '../../../workflows/admission';
import { initialSnapshot, nextSnapshot } from '../../../workflows/admission/pure-transition';

/**
 * The shared-scope transitions must give exactly what XState's own pure `initialTransition` and `transition` give,
 * step by step.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'histories');
const histories = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, (JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { events: AdmissionEvent[] }).events] as const);

describe('initialSnapshot and nextSnapshot', () => {
  it.each(histories)('match xstate initialTransition and transition on every step of %s', (_, events) => {
    const machine = MACHINES[1];
    const [first, ...rest] = events;
    let ours = initialSnapshot(machine, first as CandidateNominated);
    let theirs = initialTransition(machine, first as CandidateNominated)[0];
    expect({ value: ours.value, context: ours.context, status: ours.status }).toEqual({ value: theirs.value, context: theirs.context, status: theirs.status });
    for (const event of rest) {
      ours = nextSnapshot(machine, ours, event);
      theirs = transition(machine, theirs, event)[0];
      expect({ value: ours.value, context: ours.context }).toEqual({ value: theirs.value, context: theirs.context });
    }
  });
});
