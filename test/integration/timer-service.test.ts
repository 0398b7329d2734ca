/**
 * The timer service, contract-style: the same cases against the in-process scheduler on fake time and against
 * BullMQ on a real Redis with short real waits (its clock is real time shifted to the business date in question).
 * Dossiers are real (SQLite store, engine, workflow); only time is arranged.
 */
import type { TimersConfig } from '../../src/config/config';
import type { Clock } from '../../src/engine/clock';
import { BullMqScheduler } from '../../src/timers/bullmq/bullmq-scheduler';
import { InProcessScheduler } from '../../src/timers/in-process/in-process-scheduler';
import { eventIdFor } from '../../src/engine/engine';
import type { WebhookTarget } from '../../src/timers/webhook';
import type { AdmissionEvent } from '../../workflows/admission';
import { FakeTime } from '../contracts/scheduler-fake-time';
import { deletePrefix, redisSkipReason, startRedis, uniquePrefix, type TestRedis } from '../support/redis';
import { timersHarness, type TimersHarness } from '../support/timers-harness';
import { startReceiver } from '../support/timers-receiver';
import { ev, until } from '../unit/workflows/support/events';

jest.setTimeout(30_000);

const DAY = 24 * 3600_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Decision received 2024-01-25: the ceremony is due in 30 working days, which Tết (8–14 February) makes 2024-03-14. */
const ADMITTED: AdmissionEvent[] = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')];
/** Voted by the cell on 2023-06-26 and never resolved by the grassroots committee (R-T-DECIDE runs all the same). */
const VOTED: AdmissionEvent[] = until('CellAdmissionVoteHeld');
/** R-T-CEREMONY is missed from the start of 2024-03-15 in Hồ Chí Minh City: 2024-03-14T17:00Z. */
const DUE = new Date('2024-03-14T17:00:00.000Z');
const MISSED = { dossierId: 'd1', rule: 'R-T-CEREMONY', dueOn: '2024-03-14' };

interface Subject {
  h: TimersHarness;
  /** lets time pass for the schedulers: fake time, or a real wait */
  advance(ms: number): Promise<void>;
  /** moves the clock only, as days passing between two sweeps */
  jump(ms: number): void;
  /** the instant of the subject's clock */
  now(): number;
}

interface SubjectOptions {
  config?: Partial<TimersConfig>;
  webhook?: WebhookTarget;
  /** share the store (and queues) of an earlier subject: a restart, or a second replica */
  after?: Subject;
}

interface Adapter {
  /** how long before a due time a test starts: long on fake time, short on real time */
  lead: number;
  /** how close to the due time "not yet" is checked */
  margin: number;
  subject(start: Date, options?: SubjectOptions): Promise<Subject>;
  cleanup(): Promise<void>;
}

function timerServiceContract(name: string, adapter: () => Adapter): void {
  describe(`timer service: ${name}`, () => {
    let a: Adapter;
    beforeEach(() => (a = adapter()));
    afterEach(() => a.cleanup());

    /** advances in small steps until the condition holds */
    async function until(s: Subject, done: () => Promise<boolean>, limitMs = 15_000): Promise<void> {
      for (let waited = 0; !(await done()); waited += 50) {
        if (waited > limitMs) throw new Error(`condition not met after ${limitMs} ms`);
        await s.advance(50);
        await sleep(1);
      }
    }

    /** lets time pass until the subject's clock reaches the instant */
    const advanceTo = (s: Subject, instant: number) => s.advance(Math.max(0, instant - s.now()));

    async function started(start: Date, options?: SubjectOptions, dossiers = ['d1']): Promise<Subject> {
      const s = await a.subject(start, options);
      for (const id of dossiers) await s.h.record(id, ADMITTED);
      await s.h.settle();
      await s.h.service.start();
      return s;
    }

    it('a deadline fires once at its due date (working days, across Tết), not before', async () => {
      const s = await started(new Date(DUE.getTime() - a.lead));
      expect(await s.h.scheduler.pending()).toEqual([{ id: 'd1/R-T-CEREMONY', dueAt: DUE }]);
      await advanceTo(s, DUE.getTime() - a.margin);
      expect(await s.h.missed('d1')).toEqual([]);
      await until(s, async () => (await s.h.missed('d1')).length > 0);
      expect(s.now()).toBeGreaterThanOrEqual(DUE.getTime());
      await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderNotified'));
      // Later wake-ups, settles and sweeps add nothing.
      await s.h.settle();
      await s.h.service.sweep();
      await s.advance(500);
      expect(await s.h.missed('d1')).toEqual([MISSED]);
      expect(await s.h.reminderEvents('d1')).toEqual(['ReminderRaised', 'ReminderNotified']);
      expect(s.h.readModels.reminders()).toEqual([
        expect.objectContaining({ dossier_id: 'd1', kind: 'deadline-missed', rule: 'R-T-CEREMONY', due_on: '2024-03-14', status: 'open' }),
      ]);
      expect(await s.h.dossierRevision('d1')).toBe(ADMITTED.length - 1); // never the dossier's own stream
      expect(await s.h.scheduler.pending()).toEqual([]);
    });

    it('R-T-DECIDE runs from the cell\'s passed vote: a voted dossier the grassroots committee never resolved is reminded', async () => {
      // Voted 2023-06-26, nothing after: due 60 working days later, 2023-09-20; missed from 2023-09-21 in Hồ Chí Minh City.
      const due = new Date('2023-09-20T17:00:00.000Z');
      const s = await a.subject(new Date(due.getTime() - a.lead));
      await s.h.record('d1', VOTED);
      await s.h.settle();
      await s.h.service.start();
      expect((await s.h.scheduler.pending()).filter((p) => p.id === 'd1/R-T-DECIDE')).toEqual([{ id: 'd1/R-T-DECIDE', dueAt: due }]);
      await advanceTo(s, due.getTime() - a.margin);
      expect(await s.h.missed('d1')).toEqual([]);
      await until(s, async () => (await s.h.missed('d1')).length > 0);
      expect(await s.h.missed('d1')).toEqual([{ dossierId: 'd1', rule: 'R-T-DECIDE', dueOn: '2023-09-20' }]);
      await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderRaised'));
      await s.h.settle();
      expect(s.h.readModels.reminders()).toContainEqual(
        expect.objectContaining({ dossier_id: 'd1', kind: 'deadline-missed', rule: 'R-T-DECIDE', due_on: '2023-09-20', status: 'open' }),
      );
    });

    it('a duplicate wake-up appends nothing', async () => {
      const s = await started(new Date(DUE.getTime() - a.lead));
      await advanceTo(s, DUE.getTime());
      await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderNotified'));
      const again = { id: 'd1/R-T-CEREMONY', dossierId: 'd1', rule: 'R-T-CEREMONY', dueAt: DUE };
      await Promise.all([s.h.service.handle(again), s.h.service.handle(again)]);
      await s.advance(300);
      expect(await s.h.missed('d1')).toEqual([MISSED]);
      expect(await s.h.reminderEvents('d1')).toEqual(['ReminderRaised', 'ReminderNotified']);
    });

    it('a moved-on dossier records nothing, and the sync cancels its wake-up', async () => {
      const s = await started(new Date(DUE.getTime() - a.lead));
      await s.h.record('d1', [ev.ceremony('2024-02-01')]); // the read model has not seen it yet: the wake-up stays
      await advanceTo(s, DUE.getTime());
      await until(s, async () => s.h.logs.some((l) => l.msg === 'wake-up: nothing to do'));
      expect(s.h.logs.find((l) => l.msg === 'wake-up: nothing to do')).toMatchObject({ dossierId: 'd1', reason: 'the deadline is met' });
      expect(await s.h.missed('d1')).toEqual([]);
      expect(await s.h.reminderEvents('d1')).toEqual([]);

      const t = await started(new Date(DUE.getTime() - a.lead), {}, ['d2']);
      await t.h.record('d2', [ev.ceremony('2024-02-01')]);
      await t.h.settle();
      expect((await t.h.scheduler.pending()).map((p) => p.id)).toEqual(['d2/R-T-REVIEW']); // probation has begun
    });

    it('an early wake-up looks again on the due day and records nothing before', async () => {
      const s = await started(new Date(DUE.getTime() - a.lead));
      await s.h.service.handle({ id: 'd1/R-T-CEREMONY', dossierId: 'd1', rule: 'R-T-CEREMONY', dueAt: new Date(s.now()) });
      const [pending] = await s.h.scheduler.pending();
      expect(pending.dueAt.getTime()).toBeGreaterThanOrEqual(DUE.getTime());
      expect(s.h.logs.find((l) => l.msg === 'wake-up: looking again later')).toMatchObject({ reason: 'not due yet' });
      expect(await s.h.missed('d1')).toEqual([]);
    });

    it('the sweep schedules what went missing and cancels what nothing needs', async () => {
      const s = await started(new Date(DUE.getTime() - a.lead));
      await s.h.scheduler.cancel('d1/R-T-CEREMONY'); // e.g. Redis lost it
      await s.h.scheduler.schedule({ id: 'gone/R-T-DECIDE', dossierId: 'gone', rule: 'R-T-DECIDE', dueAt: DUE });
      expect(await s.h.service.sweep()).toMatchObject({ scheduled: 1, cancelled: 1 });
      expect(await s.h.scheduler.pending()).toEqual([{ id: 'd1/R-T-CEREMONY', dueAt: DUE }]);
    });

    it('killed between an append and its scheduling: after the restart the deadline still fires, once', async () => {
      const first = await a.subject(new Date(DUE.getTime() - a.lead));
      await first.h.record('d1', ADMITTED); // appended; the process dies before its read model or scheduler saw it
      await first.h.close(false);
      const s = await a.subject(new Date(DUE.getTime() - a.lead), { after: first });
      await s.h.settle();
      await s.h.service.start();
      await advanceTo(s, DUE.getTime());
      await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderNotified'));
      expect(await s.h.missed('d1')).toEqual([MISSED]);
    });

    it('a stall raises a reminder (no record), resolved when the dossier moves on', async () => {
      const stallDue = new Date('2023-04-04T17:00:00.000Z'); // nominated 2023-01-05 + 90 days = 2023-04-05
      const s = await a.subject(new Date(stallDue.getTime() - a.lead));
      await s.h.record('d1', [ev.nominated('2023-01-05')]);
      await s.h.settle();
      await s.h.service.start();
      await advanceTo(s, DUE.getTime());
      await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderRaised'));
      await s.h.settle();
      expect(s.h.readModels.reminders()).toEqual([expect.objectContaining({ kind: 'stall', step: 'nominated', due_on: '2023-04-05', status: 'open' })]);
      expect(await s.h.missed('d1')).toEqual([]);
      await s.h.record('d1', [ev.enrolled('2023-04-05')]);
      await s.h.settle();
      await s.h.settle(); // the resolution itself is projected
      expect(s.h.readModels.reminders().map((r) => r.status)).toEqual(['resolved']);
    });

    describe('escalation', () => {
      async function twoReminders(config: Partial<TimersConfig>): Promise<Subject> {
        const s = await started(new Date(DUE.getTime() - a.lead), { config }, ['d1', 'd2']);
        await advanceTo(s, DUE.getTime());
        await until(s, async () => (await s.h.reminderEvents('d2')).includes('ReminderNotified'));
        await s.h.settle();
        const acknowledged = s.h.readModels.reminders().find((r) => r.dossier_id === 'd1')!;
        await s.h.reminders.acknowledge(acknowledged, { actor: 'clerk@cell-a', orgId: 'cell-a' });
        await s.h.settle();
        return s;
      }
      const levels = (s: Subject) => Object.fromEntries(s.h.readModels.reminders().map((r) => [r.dossier_id, [r.status, r.escalation_level]]));
      async function daysLater(s: Subject, days: number) {
        s.jump(days * DAY);
        await s.h.service.sweep();
        await s.h.settle();
      }

      it('an unacknowledged reminder climbs a level every escalationDays; an acknowledged one stays unless configured', async () => {
        const s = await twoReminders({ escalationDays: 7 });
        await daysLater(s, 6);
        expect(levels(s)).toEqual({ d1: ['acknowledged', 0], d2: ['open', 0] });
        await daysLater(s, 1);
        expect(levels(s)).toEqual({ d1: ['acknowledged', 0], d2: ['open', 1] });
        await daysLater(s, 30);
        await daysLater(s, 30);
        expect(levels(s)).toEqual({ d1: ['acknowledged', 0], d2: ['open', 2] }); // the top: the competent committee
        expect((await s.h.reminderEvents('d2')).filter((t) => t === 'ReminderEscalated')).toHaveLength(2);
      });

      it('with acknowledgedEscalationDays set, an acknowledged reminder climbs after that many days', async () => {
        const s = await twoReminders({ escalationDays: 100, acknowledgedEscalationDays: 10 });
        await daysLater(s, 9);
        expect(levels(s)).toEqual({ d1: ['acknowledged', 0], d2: ['open', 0] });
        await daysLater(s, 1);
        expect(levels(s)).toEqual({ d1: ['open', 1], d2: ['open', 0] }); // before the next level, to be acknowledged again
      });
    });

    it('notifications: a webhook refused twice is retried and delivered once, signed, with ids only', async () => {
      const receiver = await startReceiver({ secret: 's3cret', failFirst: 2 });
      try {
        const s = await started(new Date(DUE.getTime() - a.lead), { webhook: { url: receiver.url, secret: 's3cret' } });
        await advanceTo(s, DUE.getTime());
        await until(s, async () => (await s.h.reminderEvents('d1')).includes('ReminderNotified'));
        await s.h.settle();
        await s.h.service.sweep();
        await s.advance(500);
        const [raised] = s.h.readModels.reminders();
        expect(receiver.deliveries.map((d) => d.status)).toEqual([500, 500, 204]);
        const [delivery] = receiver.accepted();
        expect(delivery.signed).toBe(true);
        expect(delivery.headers['idempotency-key']).toBe(raised.last_event_id);
        expect(JSON.parse(delivery.body)).toEqual({
          eventId: raised.last_event_id,
          reminderId: eventIdFor(`reminder/d1/R-T-CEREMONY@2024-03-14`, 0),
          dossierId: 'd1',
          kind: 'deadline-missed',
          rule: 'R-T-CEREMONY',
          step: null,
          dueOn: '2024-03-14',
          escalationLevel: 0,
          targetOrgId: 'cell-a',
          cellId: 'cell-a',
          raisedAt: raised.raised_at,
        });
        expect(s.h.logs.filter((l) => l.msg === 'reminder notification')).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });
  });
}

timerServiceContract('in-process scheduler, fake time', () => {
  const opened: Subject[] = [];
  return {
    lead: 40 * DAY,
    margin: 1_000,
    async subject(start, options = {}) {
      const time = new FakeTime(start);
      const make = () => new InProcessScheduler({ clock: time, timer: time, retryBaseMs: 100 });
      const h = await timersHarness({
        clock: time,
        scheduler: make(),
        queue: make(),
        config: options.config,
        webhook: options.webhook,
        store: options.after?.h.store,
      });
      const s: Subject = { h, advance: (ms) => time.advance(ms), jump: (ms) => time.setWallClock(ms), now: () => time.now().getTime() };
      opened.push(s);
      return s;
    },
    async cleanup() {
      for (const s of opened.splice(0).reverse()) await s.h.close().catch(() => undefined);
    },
  };
});

const skip = redisSkipReason();
if (skip) console.log(skip);

/** Real time, shifted to the business date under test; `offsetMs` grows when a test lets days pass. */
class ShiftedClock implements Clock {
  constructor(public offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

(skip ? describe.skip : describe)('on a real Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => (redis = await startRedis()));
  afterAll(() => redis?.stop());

  timerServiceContract('BullMQ scheduler, real time', () => {
    const opened: { s: Subject; prefix: string }[] = [];
    return {
      lead: 700,
      margin: 250,
      async subject(start, options = {}) {
        const clock = new ShiftedClock(start.getTime() - Date.now());
        const prefix = options.after ? opened.find((o) => o.s === options.after)!.prefix : uniquePrefix();
        const make = (queueName: string) => new BullMqScheduler({ url: redis.url, clock, prefix, queueName, retryBaseMs: 100 });
        const h = await timersHarness({
          clock,
          scheduler: make('timers'),
          queue: make('notifications'),
          config: options.config,
          webhook: options.webhook,
          store: options.after?.h.store,
        });
        const s: Subject = { h, advance: sleep, jump: (ms) => void (clock.offsetMs += ms), now: () => clock.now().getTime() };
        opened.push({ s, prefix });
        return s;
      },
      async cleanup() {
        for (const { s } of [...opened].reverse()) await s.h.close().catch(() => undefined);
        for (const prefix of new Set(opened.splice(0).map((o) => o.prefix))) await deletePrefix(redis.url, prefix);
      },
    };
  });
});
