import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdmissionEvent } from '../../../workflows/admission';
import { BusinessDay } from '../../../src/engine/clock';
import { Dossiers, dossierStreamId, HistoryRefusedError } from '../../../src/engine/dossiers';
import { Engine, eventIdFor, StreamType } from '../../../src/engine/engine';
import { RevisionConflictError, RuleViolationError, TransitionNotAllowedError } from '../../../src/engine/errors';
import { verifyStore } from '../../../src/engine/verify';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

/**
 * A back-filled history recorded at once (what `ketnap import` does per row): decided event by event by the workflow,
 * appended in one append, all or nothing.
 */
const happyPath = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: AdmissionEvent[] })
  .events;
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };
const importer = { actor: 'import', orgId: '*' };

describe('Dossiers.recordHistory', () => {
  let store: SqliteEventStore;
  let dossiers: Dossiers;
  const fresh = () => new Dossiers(new Engine(store, { clock }), store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    dossiers = fresh();
  });
  afterEach(() => store.close());

  it('given a whole history, then it lands in one append, as the same events a clerk would have recorded one by one', async () => {
    const outcome = await dossiers.recordHistory('d-1', happyPath, { ...importer, commandId: 'import/d-1', expectedRevision: -1 });

    expect([outcome.stage, outcome.revision, outcome.replayed]).toEqual(['official', happyPath.length - 1, false]);
    const stored = await store.readStream(dossierStreamId('d-1'));
    expect(stored.map((e) => e.id)).toEqual(happyPath.map((_, i) => eventIdFor('import/d-1', i)));
    expect(new Set(stored.map((e) => e.position)).size).toBe(happyPath.length);
    expect(stored.map((e) => e.metadata.occurredOn)).toEqual(happyPath.map((e) => e.occurredOn));

    // The same history recorded event by event in another dossier: the same state, data and rule sets.
    for (const event of happyPath) await dossiers.record('d-2', event, importer);
    const byHand = await store.readStream(dossierStreamId('d-2'));
    expect(stored.map(({ type, data, metadata }) => ({ type, data, ruleSet: metadata.ruleSet, machineVersion: metadata.machineVersion }))).toEqual(
      byHand.map(({ type, data, metadata }) => ({ type, data, ruleSet: metadata.ruleSet, machineVersion: metadata.machineVersion })),
    );
    // A restart folds the stored stream to the state the import left in the engine's cache.
    expect((await fresh().get('d-1')).view).toEqual({ ...(await fresh().get('d-2')).view, id: 'd-1' });
    expect((await dossiers.get('d-1')).view).toEqual((await fresh().get('d-1')).view);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('given a rule broken half-way, then nothing is written and the refusal names the event and the rule', async () => {
    // Born 2006-02-15: 17 on the day of the cell vote (2023-06-26).
    const [nominated, ...rest] = happyPath;
    const young = { ...nominated, candidate: { ...(nominated as { candidate: object }).candidate, dateOfBirth: '2006-02-15' } } as AdmissionEvent;
    const error = await dossiers.recordHistory('d-1', [young, ...rest], importer).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HistoryRefusedError);
    const refused = error as HistoryRefusedError;
    expect([refused.index, refused.event.type]).toEqual([happyPath.findIndex((e) => e.type === 'CellAdmissionVoteHeld'), 'CellAdmissionVoteHeld']);
    expect(refused.refusal).toBeInstanceOf(RuleViolationError);
    expect((refused.refusal as RuleViolationError).rule).toBe('R-AGE');
    await expect(store.readStream(dossierStreamId('d-1'))).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
  });

  it('given acts out of order, then the step the machine does not allow is refused with what it allows', async () => {
    const [nominated, enrolled, certified] = happyPath;
    const error = (await dossiers.recordHistory('d-1', [nominated, certified, enrolled], importer).catch((e: unknown) => e)) as HistoryRefusedError;

    expect(error.index).toBe(1);
    expect(error.refusal).toBeInstanceOf(TransitionNotAllowedError);
    expect((error.refusal as TransitionNotAllowedError).allowed).toContain('AwarenessClassEnrolled');
  });

  it('given the same command again, then the first result is returned and nothing is appended', async () => {
    const context = { ...importer, commandId: 'import/d-1', expectedRevision: -1 };
    await dossiers.recordHistory('d-1', happyPath.slice(0, 5), context);
    const again = await fresh().recordHistory('d-1', happyPath.slice(0, 5), context);

    expect([again.replayed, again.revision, again.state]).toEqual([true, 4, 'backgroundCheck.verification']);
    expect(await store.headPosition()).toBe(5);
  });

  it('given a dossier that exists already, then a history that expects none is a revision conflict', async () => {
    await dossiers.record('d-1', happyPath[0], importer);
    await expect(dossiers.recordHistory('d-1', happyPath.slice(0, 3), { ...importer, expectedRevision: -1 })).rejects.toBeInstanceOf(
      RevisionConflictError,
    );
    expect(await store.headPosition()).toBe(1);
  });
});

describe('Engine: a decider that folded its events already', () => {
  it('then the engine keeps the state it was given and does not fold the events again', async () => {
    const store = new SqliteEventStore(':memory:');
    let folds = 0;
    const counter: StreamType<number> = { name: 'counter', evolve: (n) => (folds++, (n ?? 0) + 1) };
    const engine = new Engine(store, { clock });
    const events = [1, 2, 3].map((n) => ({ type: 'Counted', data: { n }, occurredOn: '2024-05-02' }));

    const result = await engine.execute(counter, 'counter-1', importer, () => ({ events, state: 3 }));
    expect([result.state, result.revision, folds]).toEqual([3, 2, 0]);
    expect(await engine.load(counter, 'counter-1')).toEqual({ state: 3, revision: 2 });
    // A cold engine folds the stored events to the same state.
    expect(await new Engine(store, { clock }).load(counter, 'counter-1')).toEqual({ state: 3, revision: 2 });
    expect(folds).toBe(3);
    await store.close();
  });
});
