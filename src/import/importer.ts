/**
 * Bulk import of existing dossiers: each row becomes the events of its acts, decided by the admission workflow in the
 * engine as if a clerk had recorded them one by one on their real dates, and appended in one append to a new dossier
 * stream — a row lands whole or not at all.
 *
 * Idempotent: a row's dossier id comes from the row (its `id`, or its candidate, cell and nomination date), its command
 * id from the dossier id, and its fingerprint from its events; a row found already imported with the same events is
 * `unchanged`, a dossier that exists with other content is refused (DOSSIER_EXISTS), never overwritten or duplicated.
 * Rows are read, checked and decided on worker threads (prepare-pool.ts) and appended here CONCURRENCY at a time,
 * so the embedded store's group commit writes many rows per fsync. A row whose dossier the store already holds (where
 * the store knows its streams cheaply) is sent to be read and fingerprinted only: that is all it takes to find it
 * unchanged or refuse it as DOSSIER_EXISTS, so a re-run does not decide every row again.
 *
 * Duplicates: a new row whose history leaves the dossier open claims its person first (PersonClaims), as an HTTP
 * nomination does; a person with an open dossier — in the store, or opened by an earlier line of the file — is refused
 * DUPLICATE_DOSSIER. The rows of one person run one after another in file order (other rows still run CONCURRENCY at a
 * time), so which line wins does not depend on timing. A row found already imported is unchanged before any claim: a
 * re-imported row of a dossier is not a duplicate of itself. A row that ends its dossier (an old closed record) claims
 * nothing and is never a duplicate. Each claim is one read and one small append of its own stream, no scan.
 */
import { REFUSED } from '../../workflows/organization';
import type { BusinessDay } from '../engine/clock';
import { Dossiers, dossierStreamId } from '../engine/dossiers';
import { DuplicateDossierError, IdempotencyKeyReusedError, RevisionConflictError, StreamNotFoundError } from '../engine/errors';
import { PersonClaims } from '../engine/person-claims';
import { END_STAGES } from '../../workflows/admission';
import { EventStore, hasStreamRevisions } from '../engine/event-store';
import type { OrgDirectory } from '../read-models/org-directory';
import { decideRow, type ImportAuthor, importCommand, type PreparedProblem, type PreparedRow } from './prepare';
import { dossierIdOf } from './rows';
import { prepareRows } from './prepare-pool';
import type { ReportedProblem } from './report';
import type { SourceRow } from './sources';
import type { RowProblem } from './values';

/** Candidates belong to a cell, or to a chi bộ cơ sở (a grassroots organisation that is itself a cell). */
const HOLDERS = ['cell', 'grassroots'];
const CONCURRENCY = 128;

export interface ImportOptions {
  /** recorded as the events' actor */
  actor: string;
  /** the organisation whose subtree the rows' cells must lie in; null: every tree */
  scope: string | null;
  /** decide every row, write nothing */
  dryRun?: boolean;
  concurrency?: number;
  /** after each row, with the rows done so far */
  onRow?(rows: number): void;
  /** worker threads preparing rows (0: on this thread); default every core but this one's */
  threads?: number;
}

export interface ImportResult {
  rows: number;
  /** rows recorded now (in a dry run: rows that would be) */
  imported: number;
  /** rows found already imported with the same events */
  unchanged: number;
  refused: number;
  /** events appended now */
  events: number;
  problems: ReportedProblem[];
}

type Outcome = { imported: number } | { unchanged: true } | { problems: PreparedProblem[]; dossierId?: string };

/** What the rows of one run share: the lines of the dossiers it met, and in a dry run who it would have claimed. */
interface RunState {
  firstLineOf: Map<string, number>;
  /** dry run only: person → the dossier an earlier row would have opened for them */
  wouldHold: Map<string, string>;
}

export class Importer {
  private readonly claims: PersonClaims;

  constructor(
    dossiers: Dossiers,
    private readonly store: EventStore,
    private readonly orgs: OrgDirectory,
    private readonly day: BusinessDay,
    claims?: PersonClaims,
  ) {
    this.claims = claims ?? new PersonClaims(dossiers.engine, dossiers);
  }

  async run(rows: AsyncIterable<SourceRow>, options: ImportOptions): Promise<ImportResult> {
    const result: ImportResult = { rows: 0, imported: 0, unchanged: 0, refused: 0, events: 0, problems: [] };
    const firstLineOf = new Map<string, number>();
    const run: RunState = { firstLineOf, wouldHold: new Map() };
    // The row of each person that runs last so far: the next row of that person waits for it (file order per person).
    const tails = new Map<string, Promise<unknown>>();
    const slots = new Slots(options.concurrency ?? CONCURRENCY);
    let failure: unknown;

    const settle = (line: number, outcome: Outcome) => {
      if ('imported' in outcome) {
        result.imported += 1;
        result.events += outcome.imported;
      } else if ('unchanged' in outcome) result.unchanged += 1;
      else {
        result.refused += 1;
        for (const problem of outcome.problems) result.problems.push({ line, dossierId: outcome.dossierId, ...problem });
      }
      options.onRow?.(++result.rows);
    };

    // Rows come back prepared (read, checked, decided) in file order, possibly from worker threads.
    const author: ImportAuthor = { actor: options.actor, orgId: options.scope ?? '*' };
    const today = this.day.today();
    const known = hasStreamRevisions(this.store) ? (row: SourceRow) => this.exists(row) : undefined;
    for await (const row of prepareRows(rows, today, author, { threads: options.threads, known })) {
      if (failure) break;
      if (!('verdict' in row)) {
        settle(row.line, row);
        continue;
      }
      const first = firstLineOf.get(row.dossierId);
      if (first !== undefined) {
        settle(row.line, { dossierId: row.dossierId, problems: [duplicateOf(first)] });
        continue;
      }
      firstLineOf.set(row.dossierId, row.line);
      const cellProblem = this.checkCell(row.cellId, row.nominatedOn, options.scope);
      if (cellProblem) {
        settle(row.line, { dossierId: row.dossierId, problems: [cellProblem] });
        continue;
      }
      await slots.take();
      const before = tails.get(row.personId);
      const mine = (before ? before.then(() => this.importRow(row, author, today, options, run)) : this.importRow(row, author, today, options, run)).then(
        (outcome) => settle(row.line, outcome),
        (error: unknown) => (failure ??= error),
      ).finally(() => {
        slots.give();
        if (tails.get(row.personId) === mine) tails.delete(row.personId);
      });
      tails.set(row.personId, mine);
    }
    await slots.drain();
    if (failure) throw failure;
    return result;
  }

  private checkCell(cellId: string, nominatedOn: string, scope: string | null): RowProblem | undefined {
    const cell = this.orgs.visible(cellId, scope);
    if (!cell) {
      const where = scope ? ` in the subtree of ${scope}` : '';
      return { code: 'UNKNOWN_CELL', field: 'cell_id', message: `there is no organisation ${cellId}${where}`, messageVi: `Không có tổ chức ${cellId}${where && ` trong phạm vi ${scope}`}` };
    }
    if (!HOLDERS.includes(cell.kind)) {
      return { code: 'VALIDATION_FAILED', field: 'cell_id', message: `${cellId} is a ${cell.kind}; dossiers belong to a cell (chi bộ)`, messageVi: `${cellId} không phải là chi bộ` };
    }
    const dissolved = this.orgs.dissolution(cellId, nominatedOn, REFUSED.dossier);
    if (dissolved) return { code: 'ORG_DISSOLVED', field: 'cell_id', rule: dissolved.rule, message: dissolved.detail, messageVi: dissolved.detailVi };
    return undefined;
  }

  /** Whether the store holds the dossier a source row names (false when its cells do not name one). */
  private async exists(row: SourceRow): Promise<boolean> {
    const dossierId = row.problems.length === 0 ? dossierIdOf(row.raw) : undefined;
    return dossierId !== undefined && hasStreamRevisions(this.store) && (await this.store.lastRevision(dossierStreamId(dossierId))) !== undefined;
  }

  private async importRow(row: Extract<PreparedRow, { verdict: unknown }>, author: ImportAuthor, today: string, options: ImportOptions, run: RunState): Promise<Outcome> {
    const { dossierId, fingerprint } = row;
    const command = importCommand(dossierId, fingerprint, author);
    const existing = await this.firstEvent(dossierId, 'unchecked' in row.verdict, options.dryRun);
    if (existing) {
      if (existing.metadata.commandId === command.commandId && existing.metadata.fingerprint === fingerprint) return { unchanged: true };
      return { dossierId, problems: [dossierExists(dossierId)] };
    }
    // Found in the store when the row was sent, gone now (a stream deleted meanwhile): decided here after all.
    const verdict = 'unchecked' in row.verdict ? decideRow(dossierId, fingerprint, row.verdict.unchecked, today) : row.verdict;
    if ('problems' in verdict) return { dossierId, problems: verdict.problems };
    // The pointer to an open dossier only where the import's scope reaches it.
    const claim = { mayPoint: (cellId: string) => this.orgs.visible(cellId, options.scope) !== undefined };
    const opens = !(END_STAGES as readonly string[]).includes(verdict.stage);
    if (options.dryRun) {
      if (!opens) return { imported: 0 };
      const earlier = run.wouldHold.get(row.personId);
      try {
        if (earlier !== undefined) throw new DuplicateDossierError(earlier);
        await this.claims.check(row.personId, dossierId, claim);
      } catch (error) {
        if (error instanceof DuplicateDossierError) return { dossierId, problems: [duplicateDossier(error, run.firstLineOf)] };
        throw error;
      }
      run.wouldHold.set(row.personId, dossierId);
      return { imported: 0 };
    }
    try {
      // No authority check (HTTP's competenceOf): the import acts as the operator who loads the records.
      const outcome = await this.claims.openDecidedHistory(dossierId, row.personId, verdict, command, claim);
      return outcome.replayed ? { unchanged: true } : { imported: verdict.decided.length };
    } catch (error) {
      if (error instanceof DuplicateDossierError) return { dossierId, problems: [duplicateDossier(error, run.firstLineOf)] };
      // Another writer opened the same dossier meanwhile (a second import of the file, a clerk).
      if (error instanceof RevisionConflictError || error instanceof IdempotencyKeyReusedError) {
        return { dossierId, problems: [dossierExists(dossierId)] };
      }
      throw error;
    }
  }

  /**
   * The dossier's first event, if the dossier exists; `found`: the store held it when the row was read. A row not found
   * then, on a store that knows its streams, goes to the append without looking again: the append refuses a dossier
   * opened since (see importRow). A dry run appends nothing, so it asks the store's head index again.
   */
  private async firstEvent(dossierId: string, found: boolean, dryRun = false) {
    if (!found && hasStreamRevisions(this.store)) {
      if (!dryRun || (await this.store.lastRevision(dossierStreamId(dossierId))) === undefined) return undefined;
    }
    try {
      const [first] = await this.store.readStream(dossierStreamId(dossierId), { maxCount: 1 });
      return first;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }
}

function duplicateOf(line: number): RowProblem {
  return { code: 'DUPLICATE_ROW', message: `the same dossier as line ${line}`, messageVi: `Trùng hồ sơ với dòng ${line}` };
}

/** The person has an open dossier; `firstLineOf` names its line when an earlier row of this file opened it. */
function duplicateDossier(error: DuplicateDossierError, firstLineOf: ReadonlyMap<string, number>): RowProblem {
  const line = error.openDossierId === undefined ? undefined : firstLineOf.get(error.openDossierId);
  return {
    code: error.code,
    rule: error.rule,
    field: 'full_name',
    message: line === undefined ? error.detail : `${error.detail}, opened by line ${line}`,
    messageVi: line === undefined ? error.detailVi : `${error.detailVi}, mở ở dòng ${line}`,
  };
}

function dossierExists(dossierId: string): RowProblem {
  return {
    code: 'DOSSIER_EXISTS',
    message: `dossier ${dossierId} exists already with other content; nothing was changed`,
    messageVi: `Hồ sơ ${dossierId} đã có với nội dung khác; không thay đổi gì`,
  };
}

/** At most `size` rows in flight; the reader waits for a free slot, so a large file is never all in memory. */
class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async take(): Promise<void> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy += 1;
  }

  give(): void {
    this.busy -= 1;
    const next = this.waiting.shift();
    if (next) next();
    else if (this.busy === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  async drain(): Promise<void> {
    if (this.busy > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
