import { BusinessDay } from '../../src/engine/clock';
import { loadConfig } from '../../src/config/config';
import { hasLogHead } from '../../src/engine/event-store';
import { verifyStore } from '../../src/engine/verify';
import { createEventStore } from '../../src/event-store/create-event-store';
import { parseEventBody, parseOpenDossierBody } from '../../src/http/dossiers/event-dtos';
import { REPORTED_ON } from '../../src/demo/calendar';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import { demoClock, demoCommandId, DemoSummary, loadDemo } from '../../src/demo/load';
import { isSeedPerson } from '../../src/demo/names';
import { demoDossiers } from '../../src/demo/scenario';
import { ADMIN, startTestApp, TestApp } from '../support/http-app';
import { tempDir } from '../support/temp-dir';
import { PersonClaims } from '../../src/engine/person-claims';

/**
 * `ketnap demo` reproduces every figure of domain.md's seed section, read back through the HTTP API the way an
 * organisation department would ask for it. The mapping of each phrase to a query is documented (and argued) in the
 * header of src/demo/scenario.ts; the numbers here are the article's, written out, not taken from the scenario.
 */
const V1 = '/api/v1';
const BEN_CAT = 'chi-bo-cong-doan-kcn-ben-cat';
const MY_PHUOC = 'dang-bo-kcn-my-phuoc';
const VSIP = 'dang-bo-kcn-vsip';
const BLOCK = 'dang-uy-khoi-doanh-nghiep';
const SO_FAR_2024 = `from=2024-01-01&to=${REPORTED_ON}`;
const FIRST_HALF_2024 = 'from=2024-01-01&to=2024-06-30';

type Quota = { target: number; targetMax: number | null; atLeast: boolean; assignedBy: string; achieved: number; percent: number; met: boolean };

describe('ketnap demo: the seed figures over HTTP', () => {
  const temp = tempDir('ketnap-demo-');
  let first: DemoSummary;
  let second: DemoSummary;
  let t: TestApp;

  const get = async (path: string) => (await t.as(ADMIN).get(`${V1}${path}`).expect(200)).body;
  const quotas = async (orgId: string, period: string, asOf = '') => {
    const answer: Quota[] = await get(`/organizations/${orgId}/quotas?period=${period}${asOf && `&asOf=${asOf}`}`);
    return answer.map(({ target, targetMax, atLeast, achieved, percent, met }) => ({ target, targetMax, atLeast, achieved, percent, met }));
  };
  const stages = async (orgId: string, asOf = REPORTED_ON) => (await get(`/organizations/${orgId}/pipeline?asOf=${asOf}`)).stages;
  const report = (orgId: string, range: string) => get(`/organizations/${orgId}/report?${range}`);
  /** Dossiers in a detailed state, over every page of the list. */
  const inState = async (orgId: string, state: string): Promise<number> => {
    let n = 0;
    for (let cursor = ''; ; ) {
      const page = await get(`/dossiers?orgId=${orgId}&state=${state}&limit=500${cursor && `&cursor=${cursor}`}`);
      expect(page.items.every((d: { state: string }) => d.state === state)).toBe(true);
      n += page.items.length;
      if (!page.nextCursor) return n;
      cursor = page.nextCursor;
    }
  };

  beforeAll(async () => {
    // As `ketnap demo --data-dir <dir>` does: the configured store, the demo's clock.
    const { store } = createEventStore(loadConfig({ KETNAP_DATA_DIR: temp.dir }));
    try {
      // An earlier run that stopped after three acts of one dossier: the load resumes it without repeating them.
      const [interrupted] = demoDossiers();
      const engine = new Engine(store, { clock: demoClock });
      const dossiers = new Dossiers(engine, store, new BusinessDay(demoClock, 'Asia/Ho_Chi_Minh'));
      const claims = new PersonClaims(engine, dossiers);
      for (const [i, { event, actor, orgId }] of interrupted.commands.slice(0, 3).entries()) {
        const context = { actor, orgId, commandId: demoCommandId(interrupted.id, i) };
        if (event.type === 'CandidateNominated') await claims.open(interrupted.id, event, context);
        else await dossiers.record(interrupted.id, event, context);
      }
      first = await loadDemo(store);
      second = await loadDemo(store);
      const verified = await verifyStore(store);
      expect(verified.firstBreak).toBeUndefined();
      // every command's event, and each dossier's claim of its person
      expect(verified.events).toBe(first.commands + first.claims);
      expect(hasLogHead(store) && (await store.headPosition())).toBe(first.commands + first.claims);
    } finally {
      await store.close();
    }
    t = await startTestApp({ dataDir: temp.dir, clock: demoClock });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    temp.remove();
  });

  it('records through the engine once: hash chains intact, an interrupted run resumed, a second run records nothing', () => {
    expect(first.appended).toBe(first.commands - 3);
    expect(first.commands).toBeGreaterThan(5000);
    expect(second.appended).toBe(0);
    expect(second.states).toEqual(first.states);
  });

  it('Bến Cát: 20 admitted in the term = 100 % of its own 20 and 20/50 of the block; 15 in progress; 32 certified', async () => {
    expect(await quotas(BEN_CAT, '2020-2025')).toEqual(
      expect.arrayContaining([
        { target: 20, targetMax: null, atLeast: false, achieved: 20, percent: 100, met: true },
        { target: 50, targetMax: null, atLeast: false, achieved: 20, percent: 40, met: false },
      ]),
    );
    expect(await quotas(BEN_CAT, '2020-2025', '2023-12-31')).toEqual(expect.arrayContaining([expect.objectContaining({ target: 20, achieved: 20 })]));
    expect((await stages(BEN_CAT)).backgroundCheck).toBe(15);
    expect((await report(BEN_CAT, SO_FAR_2024)).certified).toBe(32);
    expect(await inState(BEN_CAT, 'awarenessClass.certified')).toBe(32);
  });

  it('Mỹ Phước: 7/10 for 2024, 44/50 for the term, 8 sent to the awareness class', async () => {
    expect(await quotas(MY_PHUOC, '2024')).toEqual([{ target: 10, targetMax: null, atLeast: false, achieved: 7, percent: 70, met: false }]);
    expect(await quotas(MY_PHUOC, '2020-2025')).toEqual([{ target: 50, targetMax: null, atLeast: false, achieved: 44, percent: 88, met: false }]);
    expect((await report(MY_PHUOC, SO_FAR_2024)).enrolled).toBe(8);
    expect((await stages(MY_PHUOC)).awarenessClass).toBe(8);
  });

  it('VSIP: 15 = 75 % of 2024, 72/80 = 90 %, 2 awaiting the block, 14 in verification, 108 sent to class, 78 certified, 30 to go', async () => {
    expect(await quotas(VSIP, '2024')).toEqual([{ target: 20, targetMax: null, atLeast: false, achieved: 15, percent: 75, met: false }]);
    expect(await quotas(VSIP, '2020-2025')).toEqual([{ target: 80, targetMax: null, atLeast: false, achieved: 72, percent: 90, met: false }]);
    expect(await inState(VSIP, 'backgroundCheck.awaitingDecision')).toBe(2);
    expect(await inState(VSIP, 'backgroundCheck.verification')).toBe(14);
    expect((await stages(VSIP)).backgroundCheck).toBe(16);
    const soFar = await report(VSIP, SO_FAR_2024);
    expect([soFar.enrolled, soFar.certified]).toEqual([108, 78]);
    expect(await inState(VSIP, 'awarenessClass.enrolled')).toBe(30);
  });

  it('the block, first half of 2024: 3 awareness classes with 427, 1 theory class for 164 probationary, 58 admitted, ≥ 400', async () => {
    const half = await report(BLOCK, FIRST_HALF_2024);
    expect([half.awarenessClasses, half.enrolled, half.admitted]).toEqual([3, 427, 58]);
    expect([half.theoryClasses, half.theoryCompleted]).toEqual([1, 164]);
    expect((await stages(BLOCK, '2024-06-30')).probationary).toBe(164);
    expect(await inState(BLOCK, 'probationary.review')).toBe(164);
    // The same 164 listed as the records stood on the last day of the half year.
    const asOfHalf = await get(`/dossiers?orgId=${BLOCK}&stage=probationary&asOf=2024-06-30&limit=500`);
    expect([asOfHalf.items.length, asOfHalf.nextCursor]).toEqual([164, null]);
    expect(await quotas(BLOCK, '2024', '2024-06-30')).toEqual([{ target: 400, targetMax: null, atLeast: true, achieved: 58, percent: 14.5, met: false }]);
  });

  it('the 2025 restructuring: from 2025-07-01 the province and its block lie in Thành phố Hồ Chí Minh; the day before, in Bình Dương', async () => {
    const [province, city] = ['tinh-uy-binh-duong', 'thanh-uy-tp-ho-chi-minh'];
    // The demo's today (2024-12-16) is before the merger: it is listed as scheduled, the tree is the old one.
    expect(await get(`/organizations/${province}`)).toMatchObject({ successorId: null, scheduled: [{ kind: 'succession', effectiveOn: '2025-07-01', to: city }] });
    const before = await stages(province, '2025-06-30');
    expect(before.probationary + before.official).toBeGreaterThan(0);
    expect(await stages(city, '2025-06-30')).toEqual(Object.fromEntries(Object.keys(before).map((stage) => [stage, 0])));
    expect(await stages(city, '2025-07-01')).toEqual(before);
    expect(Object.values(await stages(province, '2025-07-01')).every((n) => n === 0)).toBe(true);
    // The block's own report and quota keep its figures (counted under the tree of each act's day).
    expect((await report(BLOCK, FIRST_HALF_2024)).admitted).toBe(58);
    expect((await report(city, FIRST_HALF_2024)).admitted).toBe(0);
  });

  it('every act is one a clerk could have sent over HTTP, dated by REPORTED_ON, about invented people', () => {
    for (const dossier of demoDossiers()) {
      const [{ event: nomination }, ...rest] = dossier.commands;
      const { type: _type, ...openBody } = nomination;
      expect(parseOpenDossierBody({ id: dossier.id, ...openBody }).id).toBe(dossier.id);
      for (const { event } of rest) parseEventBody(event);
      for (const { event } of dossier.commands) expect(event.occurredOn <= REPORTED_ON).toBe(true);
      if (nomination.type !== 'CandidateNominated') throw new Error(`${dossier.key} does not open with a nomination`);
      const name = nomination.candidate.fullName;
      expect([isSeedPerson(name), name === name.normalize('NFC')]).toEqual([false, true]);
    }
  });
});
