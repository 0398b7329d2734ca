/**
 * Dossiers: the admission workflow wired into the engine. A dossier is the stream `dossier-<id>`; each command
 * records one event of domain.md, decided by the pure workflow against the folded state and stamped with the rule
 * set of the act's date and the machine version the dossier is pinned to (that of its first event).
 *
 * Stored shape: the event's `type`, its data without `type` and `occurredOn`, and `occurredOn` in the metadata —
 * the fold puts them back together.
 */
import {
  AdmissionEvent,
  AdmissionEventType,
  allowedEvents,
  certificateExpired,
  datesOf,
  decide,
  decideEach,
  deadlinesOf,
  DossierState,
  evolve,
  MACHINE_VERSION,
  Refusal,
  stageOf,
  stateOf,
} from '../../workflows/admission';
import { BusinessDay } from './clock';
import { CommandContext, CommandResult, DecidedEvent, Engine, PreparedEvents, RecordedEvent, StreamType } from './engine';
import { NotFoundError, RuleViolationError, StreamNotFoundError, TransitionNotAllowedError } from './errors';
import type { EventStore, JsonObject, StoredEvent } from './event-store';

export const DOSSIER_PREFIX = 'dossier-';

export function dossierStreamId(dossierId: string): string {
  return `${DOSSIER_PREFIX}${dossierId}`;
}

/** Rebuilds the workflow's event from a stored one. */
export function toAdmissionEvent(event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): AdmissionEvent {
  return { ...event.data, type: event.type, occurredOn: String(event.metadata.occurredOn) } as unknown as AdmissionEvent;
}

export const dossierStream: StreamType<DossierState> = {
  name: 'dossier',
  evolve: (state, event) =>
    evolve(state, toAdmissionEvent(event), { machineVersion: Number(event.metadata.machineVersion ?? MACHINE_VERSION) }),
};

/** What a client sees of a dossier (GET /dossiers/{id} of api.md, less the HTTP envelope). */
export interface DossierView {
  id: string;
  cellId: string;
  stage: string;
  state: string;
  revision: number;
  machineVersion: number;
  candidate: JsonObject;
  dates: ReturnType<typeof datesOf>;
  deadlines: { rule: string; dueOn: string; status: string }[];
  allowed: AdmissionEventType[];
  certificateExpired: boolean;
}

/** One line of a dossier's history (api.md): its own events and the timer service's records, merged by date. */
export interface HistoryEntry {
  source: 'dossier' | 'timer';
  revision?: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  stageBefore: string | null;
  stageAfter: string | null;
  ruleSet: string | null;
  data: JsonObject;
}

export const DEADLINES_PREFIX = 'deadlines-';

export interface HistoryOutcome {
  stage: string;
  state: string;
  revision: number;
  replayed: boolean;
  position?: number;
}

export interface DossierOutcome {
  view: DossierView;
  replayed: boolean;
  position?: number;
}

/**
 * A check of who records an act, run on the folded state before the workflow decides (the dossier's cell and the
 * candidate's age live there). It throws to refuse (NotCompetentError, RuleViolationError); nothing is written then.
 * Inside the engine's retried closure, so a concurrent transfer or vote is seen.
 */
export type Authorise = (state: DossierState | undefined, event: AdmissionEvent) => void;

export class Dossiers {
  private readonly views = new Map<string, { revision: number; today: string; view: DossierView }>();

  constructor(
    readonly engine: Engine,
    private readonly store: EventStore,
    private readonly day: BusinessDay,
  ) {}

  /** The business date now, in the server's time zone. */
  today(): string {
    return this.day.today();
  }

  /**
   * Records one event. Throws TransitionNotAllowedError or RuleViolationError when the workflow refuses it, or
   * whatever `authorise` throws; nothing is written then. Opening a dossier is recording its CandidateNominated on an
   * empty stream. Without `authorise` nobody's authority is checked: the demo and the CLI act as the operator.
   */
  async record(dossierId: string, event: AdmissionEvent, context: CommandContext, authorise?: Authorise): Promise<DossierOutcome> {
    const today = this.today();
    const { type, occurredOn, ...data } = event;
    const result = await this.engine.execute(dossierStream, dossierStreamId(dossierId), context, (state) => {
      authorise?.(state, event);
      const decision = decide(state, event, { today });
      if (!('ok' in decision)) throw refusalError(decision, type, state);
      return [{ type, data: data as JsonObject, occurredOn, machineVersion: decision.machineVersion, ruleSet: decision.ruleSet }];
    });
    return { view: this.viewOf(dossierId, result, today), replayed: result.replayed, position: result.position };
  }

  /**
   * Opens a dossier with a whole history at once (a back-filled record): each event is decided by the workflow on the
   * state the earlier ones leave, exactly as if they had been recorded one by one, and all of them are appended in one
   * append — a refusal anywhere writes nothing (HistoryRefusedError says which event and why). With
   * `expectedRevision: -1` the dossier must not exist yet; the command id makes a repeat return the first result.
   * Answers where the dossier stands (`get` gives the full view: deadlines and allowed steps cost more to work out).
   */
  async recordHistory(dossierId: string, events: readonly AdmissionEvent[], context: CommandContext): Promise<HistoryOutcome> {
    const today = this.today();
    const result = await this.engine.execute(dossierStream, dossierStreamId(dossierId), context, (state) => {
      const decided = decideHistory(state, events, today);
      if ('refused' in decided) throw decided.refused;
      return decided;
    });
    if (!result.state) throw new NotFoundError(`dossier ${dossierId}`);
    return { stage: stageOf(result.state), state: stateOf(result.state), revision: result.revision, replayed: result.replayed, position: result.position };
  }

  /**
   * Opens a dossier with a history `decideHistory` has decided beforehand for a new dossier (an import decides rows
   * on worker threads): the same append as recordHistory's, without deciding again. `expectedRevision: -1` is implied
   * — were the dossier to exist by now, the decision would not hold, and the append is refused (RevisionConflictError).
   * Events `prepared` for this command beforehand (`prepareEvents`) spare the engine that work. Where the history
   * leads (`stage`, `state`) comes with it: the engine keeps no folded state of a dossier opened this way.
   */
  async recordDecidedHistory(
    dossierId: string,
    history: { decided: DecidedEvent[]; stage: string; state: string; prepared?: PreparedEvents },
    context: Omit<CommandContext, 'expectedRevision'>,
  ): Promise<HistoryOutcome> {
    const { decided: events, prepared } = history;
    const result = await this.engine.execute(dossierStream, dossierStreamId(dossierId), { ...context, expectedRevision: -1 }, () => ({ events, unfolded: true as const, prepared }));
    // A repeat of the command answers with the dossier as the store holds it.
    if (result.state) return { stage: stageOf(result.state), state: stateOf(result.state), revision: result.revision, replayed: result.replayed, position: result.position };
    return { stage: history.stage, state: history.state, revision: result.revision, replayed: result.replayed, position: result.position };
  }

  /** The cell that owns the dossier now (for scope checks); NotFoundError when there is no dossier. */
  async cellOf(dossierId: string): Promise<string> {
    const { state } = await this.engine.load(dossierStream, dossierStreamId(dossierId));
    if (!state) throw new NotFoundError(`dossier ${dossierId}`);
    return state.context.cellId;
  }

  /** The dossier as it stands in the store; NotFoundError when there is none. */
  async get(dossierId: string): Promise<{ state: DossierState; view: DossierView }> {
    const { state, revision } = await this.engine.load(dossierStream, dossierStreamId(dossierId));
    if (!state) throw new NotFoundError(`dossier ${dossierId}`);
    // Deadlines and allowed steps depend on the revision and on today only: a hot dossier is computed once a day.
    const today = this.today();
    const known = this.views.get(dossierId);
    if (known && known.revision === revision && known.today === today) return { state, view: known.view };
    const fresh = view(dossierId, state, revision, today);
    if (this.views.size >= 10_000) this.views.delete(this.views.keys().next().value as string);
    this.views.set(dossierId, { revision, today, view: fresh });
    return { state, view: fresh };
  }

  /** Oldest first; timer records (`deadlines-<id>`) fall after the dossier events of the same date. */
  async history(dossierId: string): Promise<HistoryEntry[]> {
    const events = await this.readOrEmpty(dossierStreamId(dossierId));
    if (events.length === 0) throw new NotFoundError(`dossier ${dossierId}`);
    let state: DossierState | undefined;
    const own = events.map((event): HistoryEntry => {
      const before = state ? stageOf(state) : null;
      state = dossierStream.evolve(state, event);
      return {
        source: 'dossier',
        revision: event.revision,
        type: event.type,
        occurredOn: String(event.metadata.occurredOn),
        recordedAt: String(event.metadata.recordedAt ?? event.recordedAt),
        actor: String(event.metadata.actor),
        stageBefore: before,
        stageAfter: stageOf(state),
        ruleSet: (event.metadata.ruleSet as string | undefined) ?? null,
        data: event.data,
      };
    });
    const timer = (await this.readOrEmpty(`${DEADLINES_PREFIX}${dossierId}`)).map(
      (event): HistoryEntry => ({
        source: 'timer',
        type: event.type,
        occurredOn: String(event.metadata.occurredOn ?? event.data.dueOn),
        recordedAt: String(event.metadata.recordedAt ?? event.recordedAt),
        actor: String(event.metadata.actor ?? 'timer-service'),
        stageBefore: null,
        stageAfter: null,
        ruleSet: (event.metadata.ruleSet as string | undefined) ?? null,
        data: event.data,
      }),
    );
    // A stable merge: by business date, the dossier's own events keeping their order.
    return [...own, ...timer].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  }

  private async readOrEmpty(streamId: string): Promise<StoredEvent[]> {
    try {
      return await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private viewOf(dossierId: string, result: CommandResult<DossierState>, today: string): DossierView {
    if (!result.state) throw new NotFoundError(`dossier ${dossierId}`);
    return view(dossierId, result.state, result.revision, today);
  }
}

/** An event of a history that the workflow refused; nothing of the history was written. */
export class HistoryRefusedError extends Error {
  constructor(
    /** position of the refused event in the history (0: the nomination) */
    readonly index: number,
    readonly event: Pick<AdmissionEvent, 'type' | 'occurredOn'>,
    readonly refusal: TransitionNotAllowedError | RuleViolationError,
  ) {
    super(`${event.type} of ${event.occurredOn}: ${refusal.message}`);
  }
}

/**
 * Decides a history event by event (pure): the events to append with their rule sets and machine version, and the
 * state they lead to; or the first refusal.
 */
export function decideHistory(
  state: DossierState | undefined,
  events: readonly AdmissionEvent[],
  today: string,
): { events: DecidedEvent[]; state: DossierState | undefined } | { refused: HistoryRefusedError } {
  const decided = decideEach(state, events, { today });
  if ('refused' in decided) {
    const { index, refusal, state: met } = decided.refused;
    const { type, occurredOn } = events[index];
    return { refused: new HistoryRefusedError(index, { type, occurredOn }, refusalError(refusal, type, met)) };
  }
  return {
    events: decided.accepted.map(({ event: { type, occurredOn, ...data }, machineVersion, ruleSet }) => ({ type, data: data as JsonObject, occurredOn, machineVersion, ruleSet })),
    state: decided.state,
  };
}

/** The workflow's refusal as the engine error the HTTP layer and the CLI report. */
function refusalError(refusal: Refusal, type: string, state: DossierState | undefined): TransitionNotAllowedError | RuleViolationError {
  if (refusal.code === 'TRANSITION_NOT_ALLOWED') return new TransitionNotAllowedError(type, state ? stateOf(state) : 'new', refusal.allowed);
  return new RuleViolationError(refusal.rule, refusal.reason, refusal.detail, refusal.detailVi);
}

export function view(id: string, state: DossierState, revision: number, today: string): DossierView {
  const context = state.context;
  return {
    id,
    cellId: context.cellId,
    stage: stageOf(state),
    state: stateOf(state),
    revision,
    machineVersion: state.machineVersion,
    candidate: context.candidate as unknown as JsonObject,
    dates: datesOf(state),
    deadlines: deadlinesOf(state, { today }).map((d) => ({ rule: d.rule, dueOn: d.dueOn, status: d.status })),
    allowed: allowedEvents(state, { today }),
    certificateExpired: certificateExpired(state, today),
  };
}
