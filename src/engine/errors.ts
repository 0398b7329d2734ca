/**
 * The engine's errors. Each has a stable string `code` that the HTTP layer maps to a status in exactly one filter
 * and that the CLI prints; adapters translate their vendors' errors into these and nothing else leaks out.
 */
export type EngineErrorCode =
  | 'REVISION_CONFLICT'
  | 'STREAM_NOT_FOUND'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TRANSITION_NOT_ALLOWED'
  | 'RULE_VIOLATION'
  | 'ORG_DISSOLVED'
  | 'NOT_COMPETENT'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_DISABLED'
  | 'DUPLICATE_DOSSIER';

export abstract class EngineError extends Error {
  abstract readonly code: EngineErrorCode;
  override get name(): string {
    return this.constructor.name;
  }
}

export class RevisionConflictError extends EngineError {
  readonly code = 'REVISION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${streamId}: expected revision ${expected}, found ${actual}`);
  }
}

export class StreamNotFoundError extends EngineError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
  }
}

export class StoreUnavailableError extends EngineError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`event store unavailable: ${detail}`, options);
  }
}

/** A stored event that cannot be decoded (e.g. its JSON was altered on disk). */
export class StoreCorruptError extends EngineError {
  readonly code = 'STORE_CORRUPT';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    detail: string,
  ) {
    super(`stream ${streamId} revision ${revision}: ${detail}`);
  }
}

export class IdempotencyKeyReusedError extends EngineError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly commandId: string) {
    super(`command id ${commandId} was already used for a different command`);
  }
}

/** The event is not acceptable in the dossier's current state. */
export class TransitionNotAllowedError extends EngineError {
  readonly code = 'TRANSITION_NOT_ALLOWED';
  constructor(
    readonly eventType: string,
    readonly state: string,
    readonly allowed: string[],
  ) {
    super(`${eventType} is not allowed in state ${state}`);
  }
}

/** The event is acceptable in this state but breaks a rule of the domain (R-…). */
export class RuleViolationError extends EngineError {
  readonly code = 'RULE_VIOLATION';
  constructor(
    readonly rule: string,
    /** which check of the rule failed: stable SCREAMING_SNAKE code (workflows/README.md lists them) */
    readonly reason: string,
    readonly detail: string,
    readonly detailVi: string,
  ) {
    super(`${rule}: ${detail}`);
  }
}

/**
 * R-ORG-DISSOLVED: the organisation was succeeded on or before the act's date; from then on it takes no new act,
 * child or dossier (domain.md "Restructuring"). The successor is named so the client knows where to record instead.
 */
export class OrganizationDissolvedError extends EngineError {
  readonly code = 'ORG_DISSOLVED';
  readonly rule = 'R-ORG-DISSOLVED';
  constructor(
    readonly detail: string,
    readonly detailVi: string,
    readonly successorId: string,
  ) {
    super(detail);
  }
}

/**
 * The act belongs to another body (domain.md, "Who records which act"): the caller's organisation is neither the body
 * that owns it nor above that body in the dossier's path on the act's date. Nothing is written.
 */
export class NotCompetentError extends EngineError {
  readonly code = 'NOT_COMPETENT';
  constructor(
    readonly eventType: string,
    /** the body that owns the act, and how it is named */
    readonly body: { id: string; kind: string; title: string },
    /** the row of the table that decided (R-AUTHORITY, or R-AGE for a candidate over 60) */
    readonly rule: string,
    readonly detail: string,
    readonly detailVi: string,
  ) {
    super(detail);
  }
}

export interface FieldError {
  field: string;
  message: string;
  /** the same in Vietnamese, where the rule wrote one */
  messageVi?: string;
}

export class ValidationFailedError extends EngineError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** Also answered for things outside the caller's scope, as if they did not exist. */
export class NotFoundError extends EngineError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/**
 * R-DUPLICATE (domain.md, "Duplicates"): the person (full name and date of birth) has an open dossier already. The
 * pointer `openDossierId` is there only when the caller may see that dossier; outside its scope the refusal is the same
 * without it. Neither message names the person: it may be logged.
 */
export class DuplicateDossierError extends EngineError {
  readonly code = 'DUPLICATE_DOSSIER';
  readonly rule = 'R-DUPLICATE';
  readonly detail: string;
  readonly detailVi: string;
  constructor(readonly openDossierId?: string) {
    const which = openDossierId ? ` (${openDossierId})` : '';
    const detail = `The person (same full name and date of birth) has an open dossier already${which}; finish or close it before a new nomination`;
    super(detail);
    this.detail = detail;
    this.detailVi = `Người này (cùng họ tên và ngày sinh) đã có hồ sơ đang mở${which}; cần kết thúc hồ sơ đó trước khi giới thiệu lại`;
  }
}
