/**
 * Duplicates (domain.md, "Corrections and readmission"): the same person — full name and date of birth — cannot have two
 * open dossiers; a second nomination is refused with a pointer to the open one.
 *
 * The check must hold on every adapter of the EventStore port, which has no transaction across streams. So each person
 * has a claim stream `person-<id>` whose events say which dossier holds the person (`PersonClaimed {dossierId}`), and
 * opening a dossier is two appends: first the claim, with the expected revision of the claim stream as it was read —
 * two concurrent claims cannot both land, the loser reads again and is decided again — then the nomination. The claim's
 * last event decides: a dossier still open (not in an end stage) holds the person; one that ended (official, rejected,
 * dropped, withdrawn, removed), or that was never written (a crash between the two appends), leaves the person free.
 * A transfer keeps the claim (the dossier is the same); a later readmission is a new dossier after the first ended.
 *
 * A claim whose dossier is not written *yet* looks the same as one whose writer crashed. Inside one process the opens
 * of one person run one after another (like the engine's commands on one stream), so nobody sees that in-between state.
 * Across processes (replicas) a claim without its dossier is therefore a lease: it holds the person for a grace period
 * after it was recorded (`graceMs`, default 5 minutes: far longer than the two appends take, and than clock skew
 * between replicas), refused as a duplicate without a pointer meanwhile; only after that does it count as a crash and
 * leave the person free. The one case left is a writer stalled between its two appends for longer than the grace period
 * (a process frozen for minutes); the EventStore port cannot close that without a cross-stream transaction.
 *
 * Personal data stays out of stream ids and logs: the person's id is a name-based UUID (SHA-256) of the normalised
 * identity. That is a pseudonym, not encryption: whoever can guess a name and a birth date can compute the id and
 * confirm the guess, so the stream ids are as confidential as the dossiers themselves.
 */
import { AdmissionEvent, CandidateNominated, decide, DossierState, END_STAGES, stageOf } from '../../workflows/admission';
import { CommandContext, Engine, StreamType } from './engine';
import { Authorise, DOSSIER_PREFIX, DossierOutcome, Dossiers, dossierStream, dossierStreamId, HistoryOutcome } from './dossiers';
import type { EventStore } from './event-store';
import { DuplicateDossierError, RevisionConflictError } from './errors';
import { nameUuid } from './name-uuid';

export const PERSON_PREFIX = 'person-';

/**
 * A full name as people compare it: Unicode NFC, runs of white space collapsed to one space, trimmed, lower case.
 * Diacritics are kept: "Nguyễn Thị Lan" and "Nguyen Thi Lan" are different names (a clerk who drops the marks
 * writes another name; folding them would merge different people).
 */
export function normaliseFullName(fullName: string): string {
  return fullName.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi').normalize('NFC');
}

/** The pseudonymous id of a person: the same for every spelling `normaliseFullName` treats as one. */
export function personIdOf(candidate: { fullName: string; dateOfBirth: string }): string {
  return nameUuid(`person:${normaliseFullName(candidate.fullName)}\n${candidate.dateOfBirth}`);
}

export const personStreamId = (personId: string) => `${PERSON_PREFIX}${personId}`;

/** The claim stream folded: the dossier its last claim names, and when that claim was recorded. */
export interface PersonClaim {
  dossierId: string;
  claimedAt: string;
}

export const personStream: StreamType<PersonClaim> = {
  name: 'person',
  evolve: (state, event) =>
    event.type === 'PersonClaimed' ? { dossierId: String(event.data.dossierId), claimedAt: String(event.metadata.recordedAt ?? event.recordedAt) } : (state as PersonClaim),
};

/** How long a claim whose dossier is not (yet) written holds the person: see the header. A documented assumption. */
export const CLAIM_GRACE_MS = 5 * 60_000;

/** Where the dossier a claim names stands. */
export type Holder = { status: 'open'; cellId: string } | { status: 'ended' } | { status: 'unwritten' };

export function holderOf(state: DossierState | undefined): Holder {
  if (!state) return { status: 'unwritten' };
  return END_STAGES.includes(stageOf(state)) ? { status: 'ended' } : { status: 'open', cellId: state.context.cellId };
}

export type ClaimDecision =
  /** append PersonClaimed {dossierId} */
  | { claim: true }
  /** the claim names this dossier already (a retry after a crash between the two appends, or a replay) */
  | { claim: false }
  /** `cellId`: where the open dossier lies now; absent for a claim whose dossier is still being written */
  | { refused: { openDossierId: string; cellId?: string } };

/**
 * Pure: may `dossierId` claim the person, given the claim stream's last claim, where the dossier it names stands, and
 * the time now (a claim without its dossier holds the person for `graceMs` after it was recorded).
 */
export function decideClaim(claim: PersonClaim | undefined, dossierId: string, holder: Holder | undefined, now: Date, graceMs = CLAIM_GRACE_MS): ClaimDecision {
  if (!claim) return { claim: true };
  if (claim.dossierId === dossierId) return { claim: false };
  if (holder?.status === 'open') return { refused: { openDossierId: claim.dossierId, cellId: holder.cellId } };
  if (holder?.status === 'unwritten' && now.getTime() - Date.parse(claim.claimedAt) < graceMs) return { refused: { openDossierId: claim.dossierId } };
  return { claim: true };
}

export interface ClaimOptions {
  /** see CLAIM_GRACE_MS */
  graceMs?: number;
  /** whether the refusal may name the open dossier (it lies in the caller's scope); default yes */
  mayPoint?: (cellId: string) => boolean;
}

/** Attempts at a claim that keeps meeting concurrent claims of the same person. */
const MAX_ATTEMPTS = 5;

/** Opens dossiers with the person's claim first (see the header). */
export class PersonClaims {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly engine: Engine,
    private readonly dossiers: Dossiers,
  ) {}

  /**
   * Records the CandidateNominated that opens `dossierId`, as `Dossiers.record` does, after claiming the person.
   * A dossier that exists already goes straight to `record` (a replay of the same command answers its first result; any
   * other nomination is refused there as before). A nomination the workflow or `authorise` refuses claims nothing.
   * DuplicateDossierError when another open dossier holds the person.
   */
  async open(dossierId: string, event: CandidateNominated, context: CommandContext, options: ClaimOptions & { authorise?: Authorise } = {}): Promise<DossierOutcome> {
    const personId = personIdOf(event.candidate);
    return this.serial(personId, async () => {
      const { state } = await this.engine.load(dossierStream, dossierStreamId(dossierId));
      if (!state && this.wouldOpen(event, options.authorise)) await this.claim(personId, dossierId, event.occurredOn, context, options);
      return this.dossiers.record(dossierId, event, context, options.authorise);
    });
  }

  /**
   * Opens a dossier with a history decided beforehand (`Dossiers.recordDecidedHistory`, the import), after claiming the
   * person `personId` — unless the history ends the dossier (an old, closed record): that one holds nobody and claims
   * nothing. A dossier that exists already goes straight to the append (which replays or refuses it as before).
   */
  async openDecidedHistory(
    dossierId: string,
    personId: string,
    history: Parameters<Dossiers['recordDecidedHistory']>[1],
    context: Omit<CommandContext, 'expectedRevision'>,
    options: ClaimOptions = {},
  ): Promise<HistoryOutcome> {
    return this.serial(personId, async () => {
      if (!(END_STAGES as readonly string[]).includes(history.stage)) {
        const { state } = await this.engine.load(dossierStream, dossierStreamId(dossierId));
        if (!state) await this.claim(personId, dossierId, history.decided[0].occurredOn, context, options);
      }
      return this.dossiers.recordDecidedHistory(dossierId, history, context);
    });
  }

  /**
   * The refusal `open` would give now, without claiming (a dry run): DuplicateDossierError when another open dossier
   * holds the person.
   */
  async check(personId: string, dossierId: string, options: ClaimOptions = {}): Promise<void> {
    const { decision } = await this.decide(personId, dossierId, options);
    if ('refused' in decision) throw refusal(decision.refused, options);
  }

  /** The claim stream as it stands, where the dossier its last claim names stands, and what that decides. */
  private async decide(personId: string, dossierId: string, options: ClaimOptions): Promise<{ decision: ClaimDecision; revision: number }> {
    const { state: claim, revision } = await this.engine.load(personStream, personStreamId(personId));
    const holder = claim && claim.dossierId !== dossierId ? holderOf((await this.engine.load(dossierStream, dossierStreamId(claim.dossierId))).state) : undefined;
    return { decision: decideClaim(claim, dossierId, holder, this.engine.now(), options.graceMs), revision };
  }

  /**
   * Claims the people of the open dossiers in the log that hold no claim (dossiers opened before the rule, or loaded
   * around the engine): one pass over the log for the nominations, then a claim per open dossier, in log order. Two
   * open dossiers of one person found that way are not closed here — that is a clerk's decision — but reported
   * (`duplicates`: the later one, and the one holding the person). Idempotent: a dossier holding its claim already
   * appends nothing, and a re-run reports the same duplicates.
   */
  async backfill(store: EventStore, context: CommandContext): Promise<{ open: number; claimed: number; duplicates: { dossierId: string; openDossierId?: string }[] }> {
    const nominations = new Map<string, { personId: string; occurredOn: string }>();
    for (let after: number | undefined; ; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      for (const event of page) {
        if (event.type !== 'CandidateNominated' || !event.streamId.startsWith(DOSSIER_PREFIX)) continue;
        const candidate = event.data.candidate as { fullName: string; dateOfBirth: string };
        nominations.set(event.streamId.slice(DOSSIER_PREFIX.length), { personId: personIdOf(candidate), occurredOn: String(event.metadata.occurredOn) });
      }
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    const result = { open: 0, claimed: 0, duplicates: [] as { dossierId: string; openDossierId?: string }[] };
    for (const [dossierId, { personId, occurredOn }] of nominations) {
      await this.serial(personId, async () => {
        const { state } = await this.engine.load(dossierStream, dossierStreamId(dossierId));
        if (holderOf(state).status !== 'open') return;
        result.open += 1;
        try {
          if (await this.claim(personId, dossierId, occurredOn, { ...context, commandId: `backfill/${dossierId}` }, {})) result.claimed += 1;
        } catch (error) {
          if (!(error instanceof DuplicateDossierError)) throw error;
          result.duplicates.push({ dossierId, openDossierId: error.openDossierId });
        }
      });
    }
    return result;
  }

  /**
   * Claims the person for `dossierId` (true: a claim was appended now), or throws DuplicateDossierError; a concurrent
   * claim is read and decided again.
   */
  private async claim(personId: string, dossierId: string, occurredOn: string, context: CommandContext, options: ClaimOptions): Promise<boolean> {
    const streamId = personStreamId(personId);
    for (let attempt = 1; ; attempt++) {
      const { decision, revision } = await this.decide(personId, dossierId, options);
      if ('refused' in decision) throw refusal(decision.refused, options);
      if (!decision.claim) return false;
      const { actor, orgId, accountId, credentialKind, credentialId } = context;
      try {
        const result = await this.engine.execute(
          personStream,
          streamId,
          {
            actor,
            orgId,
            accountId,
            credentialKind,
            credentialId,
            correlationId: context.correlationId ?? context.commandId,
            causationId: context.commandId,
            // One claim of this dossier at this place of the stream: a lost answer retried writes nothing twice.
            commandId: `claim/${dossierId}/${revision + 1}`,
            expectedRevision: revision,
          },
          () => [{ type: 'PersonClaimed', data: { dossierId }, occurredOn }],
        );
        // Our own claim found again (another request for the same dossier wrote it): decide on the stream as it is now.
        if (!result.replayed) return true;
      } catch (error) {
        if (!(error instanceof RevisionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Whether the nomination would be accepted on a new dossier (pure checks only): a refused one claims nothing. */
  private wouldOpen(event: AdmissionEvent, authorise: Authorise | undefined): boolean {
    try {
      authorise?.(undefined, event);
    } catch {
      return false; // `record` runs the same check and throws the refusal itself
    }
    return 'ok' in decide(undefined, event, { today: this.dossiers.today() });
  }

  /** The opens of one person, one after another in this process (the claim and the nomination of each together). */
  private serial<T>(personId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.running.get(personId) ?? Promise.resolve();
    const next = previous.then(run, run);
    this.running.set(personId, next);
    const cleanup = () => {
      if (this.running.get(personId) === next) this.running.delete(personId);
    };
    next.then(cleanup, cleanup);
    return next;
  }
}

/** The pointer only to a dossier that exists and lies where the caller may look. */
function refusal({ openDossierId, cellId }: { openDossierId: string; cellId?: string }, options: ClaimOptions): DuplicateDossierError {
  return new DuplicateDossierError(cellId !== undefined && (options.mayPoint?.(cellId) ?? true) ? openDossierId : undefined);
}
