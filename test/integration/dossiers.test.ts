import { BusinessDay } from '../../src/engine/clock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdmissionEvent, ruleSetFor } from '../../workflows/admission';
import { Dossiers, dossierStreamId } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { EngineError, RuleViolationError, TransitionNotAllowedError } from '../../src/engine/errors';
import { verifyStore } from '../../src/engine/verify';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

/**
 * The admission workflow through the engine and a real store: every stored example history is recorded event by
 * event as a clerk would, lands in the expected state, carries its rule set and machine version, and verifies.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'))] as [string, { events: AdmissionEvent[]; expected: { stage: string; state: string } }]);

const clock = { now: () => new Date('2026-11-20T03:00:00Z') }; // 2026-11-20 in Asia/Ho_Chi_Minh
const clerk = { actor: 'clerk-1', orgId: 'cell-a' };

describe('dossiers through the engine', () => {
  let store: SqliteEventStore;
  let dossiers: Dossiers;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    dossiers = new Dossiers(new Engine(store, { clock }), store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
  });
  afterEach(() => store.close());

  it.each(fixtures)('records %s event by event and ends where it should', async (_, fixture) => {
    let last;
    for (const event of fixture.events) last = await dossiers.record('d-1', event, clerk);
    expect({ stage: last!.view.stage, state: last!.view.state }).toEqual(fixture.expected);

    const stored = await store.readStream(dossierStreamId('d-1'));
    expect(stored.map((e) => e.metadata.ruleSet)).toEqual(fixture.events.map((e) => ruleSetFor(e.occurredOn)));
    expect(new Set(stored.map((e) => e.metadata.machineVersion))).toEqual(new Set([1]));
    expect(stored.map((e) => e.metadata.occurredOn)).toEqual(fixture.events.map((e) => e.occurredOn));
    expect((await verifyStore(store)).ok).toBe(true);

    // A fresh engine (a restart) folds the stored stream to the same view.
    const reloaded = new Dossiers(new Engine(store, { clock }), store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
    expect((await reloaded.get('d-1')).view).toEqual(last!.view);
  });

  describe('refusals write nothing', () => {
    const nominated = fixtures.find(([f]) => f === 'happy-path.json')![1].events[0];

    it('an event the state does not allow is TRANSITION_NOT_ALLOWED with the allowed types', async () => {
      await dossiers.record('d-1', nominated, clerk);
      const error = await dossiers
        .record('d-1', { type: 'AdmissionCeremonyHeld', occurredOn: '2024-01-10' } as AdmissionEvent, clerk)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransitionNotAllowedError);
      expect((error as TransitionNotAllowedError).allowed).toContain('AwarenessClassEnrolled');
      expect(await store.readStream(dossierStreamId('d-1'))).toHaveLength(1);
    });

    it('an allowed event that breaks a rule is RULE_VIOLATION naming the rule, in English and Vietnamese', async () => {
      await dossiers.record('d-1', nominated, clerk);
      const error = await dossiers
        .record('d-1', { type: 'AwarenessClassEnrolled', occurredOn: '2000-01-01', className: 'K1', startsOn: '2000-01-01' } as AdmissionEvent, clerk)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuleViolationError);
      expect(error).toMatchObject({ rule: 'R-DATE', detailVi: expect.any(String) });
      expect(await store.readStream(dossierStreamId('d-1'))).toHaveLength(1);
    });

    it('a first event other than a nomination is refused and opens nothing', async () => {
      const error = await dossiers.record('d-2', { type: 'ApplicationSubmitted', occurredOn: '2024-01-10' } as AdmissionEvent, clerk).catch((e: unknown) => e);
      expect((error as EngineError).code).toBe('TRANSITION_NOT_ALLOWED');
      await expect(dossiers.get('d-2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('an event dated after today (server time zone) is refused', async () => {
      await dossiers.record('d-1', nominated, clerk);
      const error = await dossiers
        .record('d-1', { type: 'AwarenessClassEnrolled', occurredOn: '2026-11-21', className: 'K1', startsOn: '2026-11-21' } as AdmissionEvent, clerk)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-DATE' });
    });

    it("today is the server time zone's date: at 00:30 in Hà Nội it is already the next day though UTC is not", async () => {
      const lateUtc = { now: () => new Date('2026-11-20T17:30:00Z') };
      const atNight = new Dossiers(new Engine(store, { clock: lateUtc }), store, new BusinessDay(lateUtc, 'Asia/Ho_Chi_Minh'));
      await atNight.record('d-1', nominated, clerk);
      const enrolled = await atNight.record(
        'd-1',
        { type: 'AwarenessClassEnrolled', occurredOn: '2026-11-21', className: 'K1', startsOn: '2026-11-21' } as AdmissionEvent,
        clerk,
      );
      expect(enrolled.view.stage).toBe('awarenessClass');
    });
  });

  it('a repeated command id answers the first result and records once', async () => {
    const nominated = fixtures.find(([f]) => f === 'happy-path.json')![1].events[0];
    const first = await dossiers.record('d-1', nominated, { ...clerk, commandId: 'open-d-1' });
    const again = await dossiers.record('d-1', nominated, { ...clerk, commandId: 'open-d-1' });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream(dossierStreamId('d-1'))).toHaveLength(1);
  });
});
