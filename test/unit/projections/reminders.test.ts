/**
 * The reminders read model: a reminder's life from its stream's events, and a dossier transfer carrying its
 * reminders to the new cell.
 */
import { REMINDERS_TABLE, remindersProjection, type ReminderRaised } from '../../../projections/reminders';
import { projectionHarness } from '../../support/projection-harness';

const raised: ReminderRaised = {
  reminderId: 'r1',
  dossierId: 'd1',
  kind: 'deadline-missed',
  rule: 'R-T-CEREMONY',
  step: null,
  deadlineKey: 'R-T-CEREMONY@2024-03-14',
  dueOn: '2024-03-14',
  cellId: 'cell-a',
  escalationLevel: 0,
  targetOrgId: 'cell-a',
};
const at = (recordedAt: string) => ({ recordedAt, actor: 'timer-service' });
const inStream = (type: string, data: object, recordedAt: string) => ({
  type,
  data: data as Record<string, unknown>,
  streamId: 'reminders-d1',
  metadata: at(recordedAt),
});

describe('reminders projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(remindersProjection)));
  afterEach(() => h.close());
  const row = () => h.rows(REMINDERS_TABLE)[0];

  it('a raised reminder is open at its first level, waiting for its announcement', () => {
    h.given(inStream('ReminderRaised', raised, '2024-03-15T00:00:01.000Z'));
    expect(h.rows(REMINDERS_TABLE)).toEqual([
      expect.objectContaining({
        id: 'r1',
        dossier_id: 'd1',
        kind: 'deadline-missed',
        rule: 'R-T-CEREMONY',
        due_on: '2024-03-14',
        status: 'open',
        escalation_level: 0,
        raised_at: '2024-03-15T00:00:01.000Z',
        level_since: '2024-03-15T00:00:01.000Z',
        last_event_id: 'e1',
        notified_event_id: null,
      }),
    ]);
  });

  it('acknowledged, escalated (open again, before the next level), announced, then resolved', () => {
    h.given(inStream('ReminderRaised', raised, '2024-03-15T00:00:00.000Z'));
    h.given(inStream('ReminderNotified', { reminderId: 'r1', eventId: 'e1' }, '2024-03-15T00:00:02.000Z'));
    expect(row()).toMatchObject({ notified_event_id: 'e1', last_event_id: 'e1' });
    h.given(inStream('ReminderAcknowledged', { reminderId: 'r1', escalationLevel: 0 }, '2024-03-16T02:00:00.000Z'));
    expect(row()).toMatchObject({ status: 'acknowledged', acknowledged_at: '2024-03-16T02:00:00.000Z' });
    h.given(inStream('ReminderEscalated', { reminderId: 'r1', escalationLevel: 1, targetOrgId: 'vsip' }, '2024-03-25T00:00:00.000Z'));
    expect(row()).toMatchObject({
      status: 'open',
      escalation_level: 1,
      target_org_id: 'vsip',
      level_since: '2024-03-25T00:00:00.000Z',
      acknowledged_at: null,
      last_event_id: 'e4',
      notified_event_id: 'e1',
    });
    h.given(inStream('ReminderResolved', { reminderId: 'r1', reason: 'the dossier moved on' }, '2024-03-26T00:00:00.000Z'));
    expect(row()).toMatchObject({ status: 'resolved', resolved_at: '2024-03-26T00:00:00.000Z', escalation_level: 1 });
  });

  it('a second raise of the same reminder changes nothing', () => {
    h.given(inStream('ReminderRaised', raised, '2024-03-15T00:00:00.000Z'));
    h.given(inStream('ReminderRaised', { ...raised, dueOn: '2099-01-01' }, '2024-03-16T00:00:00.000Z'));
    expect(h.rows(REMINDERS_TABLE)).toHaveLength(1);
    expect(row()).toMatchObject({ due_on: '2024-03-14', last_event_id: 'e1' });
  });

  it("a dossier transfer moves its reminders to the new cell; other dossiers' stay", () => {
    h.given(inStream('ReminderRaised', raised, '2024-03-15T00:00:00.000Z'));
    h.given({ ...inStream('ReminderRaised', { ...raised, reminderId: 'r2', dossierId: 'd2' }, '2024-03-15T00:00:00.000Z'), streamId: 'reminders-d2' });
    h.given({ type: 'DossierTransferred', data: { toCellId: 'cell-b' }, streamId: 'dossier-d1', metadata: { occurredOn: '2024-04-01' } });
    expect(h.rows(REMINDERS_TABLE, 'id').map((r) => [r.id, r.cell_id])).toEqual([
      ['r1', 'cell-b'],
      ['r2', 'cell-a'],
    ]);
  });

  it('events for unknown reminders and other streams are ignored', () => {
    h.given(inStream('ReminderAcknowledged', { reminderId: 'nope', escalationLevel: 0 }, '2024-03-15T00:00:00.000Z'));
    h.given({ type: 'DeadlineMissed', data: { dossierId: 'd1' }, streamId: 'deadlines-d1' });
    h.given({ type: 'AwarenessClassEnrolled', data: {}, streamId: 'dossier-d1', metadata: {} });
    expect(h.rows(REMINDERS_TABLE)).toEqual([]);
  });
});
