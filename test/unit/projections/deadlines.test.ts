/**
 * The deadlines read model row by row. Every history is first accepted by the workflow (`replay` throws on a
 * refusal), and the due dates are checked against the workflow's own `deadlinesOf` — the projection must not have
 * an opinion of its own about dates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEADLINES_TABLE, deadlinesProjection, STALL } from '../../../projections/deadlines';
import { deadlinesOf, type AdmissionEvent } from '../../../workflows/admission';
import { projectionHarness } from '../../support/projection-harness';
import { ev, happyPath, until } from '../workflows/support/events';
import { replay } from '../workflows/support/given';

function stored(dossierId: string, event: AdmissionEvent) {
  const { type, occurredOn, ...data } = event;
  return { type, data, streamId: `dossier-${dossierId}`, metadata: { occurredOn, machineVersion: 1 } };
}
const dossier = (dossierId: string, events: AdmissionEvent[]) => {
  replay(events);
  return events.map((e) => stored(dossierId, e));
};

describe('deadlines projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(deadlinesProjection)));
  afterEach(() => h.close());

  /** rule → [status, due_on | step@started_on] of one dossier */
  const rows = (id = 'd1') =>
    Object.fromEntries(
      h
        .rows(DEADLINES_TABLE)
        .filter((r) => r.dossier_id === id)
        .map((r) => [r.rule, [r.status, r.rule === STALL ? `${r.step}@${r.started_on}` : r.due_on]]),
    );
  const row = (rule: string, id = 'd1') => h.rows(DEADLINES_TABLE).find((r) => r.dossier_id === id && r.rule === rule)!;

  it('a nomination starts the stall clock of its step and no statutory deadline', () => {
    h.given(...dossier('d1', [ev.nominated('2023-01-05')]));
    expect(rows()).toEqual({ STALL: ['open', 'nominated@2023-01-05'] });
  });

  it('a certificate is owed before the cell vote and met by it; the stall clock follows the steps', () => {
    h.given(...dossier('d1', until('AwarenessCertificateIssued')));
    expect(rows()).toEqual({ 'R-T-CERT': ['open', '2028-02-19'], STALL: ['open', 'awarenessClass.certified@2023-02-20'] });
    replay(until('CellAdmissionVoteHeld'));
    h.given(...until('CellAdmissionVoteHeld').slice(3).map((e) => stored('d1', e)));
    expect(rows()).toMatchObject({
      'R-T-CERT': ['met', '2028-02-19'],
      'R-T-DECIDE': ['open', '2023-09-20'],
      STALL: ['open', 'backgroundCheck.grassrootsResolution@2023-06-26'],
    });
  });

  it('R-T-DECIDE opens with the cell\'s passed vote (not the grassroots approval) and moves with an extension, stamping the position', () => {
    h.given(...dossier('d1', until('GrassrootsCommitteeResolved')));
    expect(row('R-T-DECIDE')).toMatchObject({ status: 'open', due_on: '2023-09-20', deadline_key: 'R-T-DECIDE@2023-09-20' });
    const before = Number(row('R-T-DECIDE').position);
    h.given(stored('d1', ev.extended('2023-09-20', 20)));
    expect(row('R-T-DECIDE')).toMatchObject({ status: 'open', due_on: '2023-10-18', deadline_key: 'R-T-DECIDE@2023-10-18' });
    expect(Number(row('R-T-DECIDE').position)).toBeGreaterThan(before);
  });

  it('R-T-CEREMONY counts 30 working days across Tết 2024, and the decision meets R-T-DECIDE', () => {
    h.given(...dossier('d1', [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')]));
    // Six calendar weeks would end on 2024-03-07; the five working days of Tết (8–14 February) push it a week.
    expect(rows()).toMatchObject({ 'R-T-DECIDE': ['missed', '2023-09-20'], 'R-T-CEREMONY': ['open', '2024-03-14'] });
  });

  it('closing the dossier cancels what is still owed and leaves what was met', () => {
    h.given(...dossier('d1', [...until('GrassrootsCommitteeResolved'), ev.withdrawn('2023-08-01')]));
    expect(rows()).toEqual({
      'R-T-CERT': ['met', '2028-02-19'],
      'R-T-DECIDE': ['cancelled', '2023-09-20'],
      STALL: ['cancelled', 'withdrawn@2023-08-01'],
    });
  });

  it('an open row restarts its quiet period with every write to its dossier; a settled row is left alone', () => {
    h.given(...dossier('d1', until('GrassrootsCommitteeResolved')));
    const [cert, decide] = [row('R-T-CERT'), row('R-T-DECIDE')];
    h.given({ ...stored('d1', ev.extended('2023-09-20', 20)), metadata: { occurredOn: '2023-09-20', recordedAt: '2026-01-05T08:00:00.000Z' } });
    expect(row('R-T-CERT')).toEqual(cert);
    expect(Number(row('R-T-DECIDE').position)).toBeGreaterThan(Number(decide.position));
    expect(row('R-T-DECIDE').last_recorded_at).toBe('2026-01-05T08:00:00.000Z');
  });

  it('a stall clock keeps its start while the dossier stays in its step', () => {
    h.given(...dossier('d1', until('PersonalHistoryDeclared')));
    h.given(stored('d1', ev.checkRequested())); // another batch of letters: still waiting for the verification
    expect(row(STALL)).toMatchObject({ step: 'backgroundCheck.verification', started_on: '2023-03-02' });
  });

  it('a replayed batch changes nothing', () => {
    const events = dossier('d1', until('GrassrootsCommitteeResolved'));
    h.given(...events);
    const first = h.rows(DEADLINES_TABLE);
    h.given(stored('d1', ev.grassroots())); // the same fact again at an older revision is ignored by revision only
    expect(h.rows(DEADLINES_TABLE).map((r) => [r.rule, r.status, r.due_on])).toEqual(first.map((r) => [r.rule, r.status, r.due_on]));
  });

  it('keeps dossiers apart', () => {
    h.given(...dossier('d1', [ev.nominated('2023-01-05')]), ...dossier('d2', until('AwarenessClassEnrolled')));
    expect(rows('d1')).toEqual({ STALL: ['open', 'nominated@2023-01-05'] });
    expect(rows('d2')).toEqual({ STALL: ['open', 'awarenessClass.enrolled@2023-02-06'] });
  });

  describe('every fixture history', () => {
    const dir = join(__dirname, '../../fixtures/histories');
    for (const name of readdirSync(dir)) {
      it(`${name}: the statutory rows are the workflow's deadlines`, () => {
        const events = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { events: AdmissionEvent[] }).events;
        h.given(...dossier('f', events));
        const state = replay(events)!;
        const expected = deadlinesOf(state, { today: '0000-01-01' }).map((d) => [d.rule, d.dueOn]);
        const actual = h.rows(DEADLINES_TABLE).filter((r) => r.rule !== STALL).map((r) => [r.rule, r.due_on]);
        expect(actual.sort()).toEqual(expected.sort());
      });
    }
  });

  it('ignores other streams and the timer records themselves', () => {
    h.given(...dossier('d1', happyPath.slice(0, 1)));
    h.given({ type: 'DeadlineMissed', data: { dossierId: 'd1', rule: 'R-T-DECIDE', dueOn: '2023-09-27' }, streamId: 'deadlines-d1' });
    h.given({ type: 'ReminderRaised', data: {}, streamId: 'reminders-d1' });
    expect(h.rows(DEADLINES_TABLE)).toHaveLength(1);
  });
});
