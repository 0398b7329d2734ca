/**
 * Every error becomes RFC 9457 problem details with a stable `code`, here and nowhere else. Both Nest's exception
 * filter (errors in handlers, guards, pipes) and Fastify's error handler (errors while reading the body) call
 * `toProblem`, so a client sees one format whatever failed. Unknown errors answer 500 with no internal message.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DuplicateDossierError, EngineError, NotCompetentError, OrganizationDissolvedError, RuleViolationError, TransitionNotAllowedError, ValidationFailedError } from '../engine/errors';
import type { Logger } from '../logging/logger';

export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
}
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
}
/** Too many failed sign-ins for a username or from an address: 429 with Retry-After (seconds). */
export class TooManyAttemptsError extends Error {
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins; try again in ${retryAfterSeconds} s`);
  }
  get detailVi(): string {
    return `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${this.retryAfterSeconds} giây`;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [extension: string]: unknown;
}

const TITLES: Record<string, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'A valid bearer token is required',
  FORBIDDEN: 'Your role does not allow this',
  NOT_COMPETENT: 'This act belongs to another body',
  TOO_MANY_ATTEMPTS: 'Too many failed sign-ins',
  ACCOUNT_EXISTS: 'The username is taken',
  ACCOUNT_DISABLED: 'The account is disabled',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  REVISION_CONFLICT: 'The dossier has changed since you read it',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON',
  TRANSITION_NOT_ALLOWED: 'This step is not possible in the current state',
  RULE_VIOLATION: 'This step breaks a rule',
  ORG_DISSOLVED: 'The organisation has been dissolved by a restructuring',
  DUPLICATE_DOSSIER: 'The person has an open dossier already',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was used for another request',
  SERVICE_UNAVAILABLE: 'The service is unavailable, try again shortly',
  INTERNAL_ERROR: 'Internal error',
};

function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: `urn:ketnap:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code] ?? code,
    status,
    code,
    detail,
    ...extensions,
  };
}

/** Fastify's own errors while parsing a request, by their codes. */
function fromFastify(error: { code?: string; statusCode?: number; message: string }): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the limit of 256 KiB');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'VALIDATION_FAILED', 'The body is not valid JSON', { errors: [{ field: '', message: error.message }] });
  }
  // JSON syntax errors and prototype-poisoning keys (`__proto__`, `constructor.prototype`) arrive as 400s.
  if (error.statusCode === 400) {
    return problem(400, 'VALIDATION_FAILED', 'The body is not acceptable JSON', { errors: [{ field: '', message: error.message }] });
  }
  return undefined;
}

export function toProblem(error: unknown, request?: FastifyRequest): { problem: Problem; headers: Record<string, string> } {
  const plain = (p: Problem) => ({ problem: p, headers: {} as Record<string, string> });
  if (error instanceof ValidationFailedError) return plain(problem(400, error.code, 'Some fields are not valid', { errors: error.errors }));
  if (error instanceof TransitionNotAllowedError) {
    return plain(problem(422, error.code, error.message, { eventType: error.eventType, state: error.state, allowed: error.allowed }));
  }
  if (error instanceof RuleViolationError) {
    return plain(problem(422, error.code, error.detail, { rule: error.rule, reason: error.reason, detailVi: error.detailVi }));
  }
  if (error instanceof OrganizationDissolvedError) {
    return plain(problem(422, error.code, error.detail, { rule: error.rule, detailVi: error.detailVi, successorId: error.successorId }));
  }
  if (error instanceof DuplicateDossierError) {
    // The pointer only when the open dossier lies in the caller's scope (the controller decides): otherwise no foreign id.
    const pointer = error.openDossierId ? { openDossierId: error.openDossierId } : {};
    return plain(problem(422, error.code, error.detail, { rule: error.rule, detailVi: error.detailVi, ...pointer }));
  }
  if (error instanceof NotCompetentError) {
    // 403, not 404: the caller sees the dossier (else it was answered 404 before), but the act is another body's.
    const { id, kind, title } = error.body;
    return plain(problem(403, error.code, error.detail, { detailVi: error.detailVi, rule: error.rule, eventType: error.eventType, body: { id, kind, title } }));
  }
  if (error instanceof EngineError) {
    switch (error.code) {
      case 'REVISION_CONFLICT':
        // 412 when the client sent If-Match (its precondition failed), 409 when the store found a conflict itself.
        return plain(problem(request?.headers['if-match'] ? 412 : 409, error.code, error.message));
      case 'STREAM_NOT_FOUND':
      case 'NOT_FOUND':
        return plain(problem(404, 'NOT_FOUND', error.message));
      case 'IDEMPOTENCY_KEY_REUSED':
      case 'ACCOUNT_DISABLED':
        return plain(problem(422, error.code, error.message));
      case 'ACCOUNT_EXISTS':
        return plain(problem(409, error.code, error.message, { detailVi: 'Tên đăng nhập đã có người dùng' }));
      case 'STORE_UNAVAILABLE':
        return { problem: problem(503, 'SERVICE_UNAVAILABLE', 'The event store cannot be reached'), headers: { 'retry-after': '5' } };
    }
  }
  if (error instanceof UnauthenticatedError) {
    return { problem: problem(401, error.code, error.message), headers: { 'www-authenticate': 'Bearer' } };
  }
  if (error instanceof ForbiddenError) return plain(problem(403, error.code, error.message));
  if (error instanceof TooManyAttemptsError) {
    return { problem: problem(429, error.code, error.message, { detailVi: error.detailVi }), headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === HttpStatus.NOT_FOUND) return plain(problem(404, 'NOT_FOUND', 'No such resource'));
    if (status === HttpStatus.METHOD_NOT_ALLOWED) return plain(problem(405, 'METHOD_NOT_ALLOWED', 'Method not allowed'));
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return plain(problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'));
    if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return plain(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    if (status === HttpStatus.BAD_REQUEST) return plain(problem(400, 'VALIDATION_FAILED', 'The request is not valid', { errors: [] }));
  }
  const fastify = typeof error === 'object' && error !== null ? fromFastify(error as { message: string }) : undefined;
  if (fastify) return plain(fastify);
  return plain(problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged'));
}

export function sendProblem(reply: FastifyReply, error: unknown, request: FastifyRequest, logger?: Logger): FastifyReply {
  const { problem: body, headers } = toProblem(error, request);
  if (body.status >= 500 && body.code === 'INTERNAL_ERROR') {
    logger?.error({ err: error, reqId: request.id, route: request.routeOptions?.url }, 'unhandled error');
  }
  return reply.status(body.status).headers(headers).type('application/problem+json').send(body);
}

/** The one Nest filter: every exception a handler, guard or pipe throws. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger?: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    void sendProblem(http.getResponse<FastifyReply>(), error, http.getRequest<FastifyRequest>(), this.logger);
  }
}
