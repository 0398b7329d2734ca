/**
 * Request bodies of the dossier endpoints (api.md), turned into the workflow's plain events:
 *
 * - `parseEventBody(body)`: `{type, occurredOn, ...data}` of any event type, the DTO picked by `type`. It accepts
 *   CandidateNominated too (the data of `POST /dossiers` with a `type`); `POST /dossiers/{id}/events` must refuse that
 *   type itself. `EVENT_DTOS` lists the 22 types that endpoint records.
 * - `parseOpenDossierBody(body)`: `POST /dossiers` `{id?, occurredOn, cellId, candidate, nominatedBy, helper}`.
 *
 * Both validate with the options of `createValidationPipe()` (unknown fields refused, not stripped) and throw
 * `ValidationFailedError` with one `{field, message}` per problem, fields dotted (`sponsors.0.kind`). Call them on the raw
 * body (`@Body() body: unknown`): the event body is a union that the global pipe cannot pick a class for, and these
 * functions also refuse `__proto__`/`constructor` keys (which class-transformer drops silently), cap the nesting depth,
 * and report one message per field. The DTO classes are for the OpenAPI page.
 */
import type { Type } from '@nestjs/common';
import { getSchemaPath } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EVENT_TYPES, type AdmissionEvent, type AdmissionEventType, type CandidateNominated } from '../../../workflows/admission';
import { FieldError, ValidationFailedError } from '../../engine/errors';
import { flattenErrors } from '../validation';
import { passesValidation, plainInstance } from '../validation-plan';
import { AdmissionDecidedDto, AdmissionRejectedDto, ApplicationSubmittedDto, AwarenessCertificateIssuedDto, AwarenessClassEnrolledDto, BackgroundCheckConcludedDto, BackgroundCheckRequestedDto, CandidateNominatedDto, CeremonyDelayApprovedDto, CellAdmissionVoteHeldDto, DecisionDeadlineExtendedDto, GrassrootsCommitteeResolvedDto, MassOrganizationOpinionsCollectedDto, OpenDossierDto, PersonalHistoryDeclaredDto, SponsorsAssignedDto } from './dto/events';
import { AdmissionCeremonyHeldDto, CandidateDroppedDto, CandidateWithdrawnDto, DossierTransferredDto, GrassrootsRecognitionResolvedDto, OfficialMembershipRecognizedDto, ProbationaryMemberRemovedDto, ReadmissionConsentedDto, RecognitionVoteHeldDto, TheoryClassCompletedDto } from './dto/membership-events';
import { isPlainObject } from './dto/fields';

export * from './dto/events';
export * from './dto/membership-events';
export { CandidateDto, CommitteeSponsorDto, HelperDto, MemberSponsorDto, NominatorDto, RelativeDto, SpecialApprovalDto, SPONSOR_KINDS } from './dto/parts';
export { LIMITS, ORG_ID } from './dto/fields';

/** CandidateNominated opens a dossier (`POST /dossiers`); every other event is recorded through `/events`. */
export type RecordableEventType = Exclude<AdmissionEventType, 'CandidateNominated'>;

/** In the order of domain.md's table. */
export const RECORDABLE_EVENT_TYPES: readonly RecordableEventType[] = EVENT_TYPES.filter(
  (type): type is RecordableEventType => type !== 'CandidateNominated',
);

/** Event type → its request DTO, for the OpenAPI `oneOf` of `POST /dossiers/{id}/events`. */
export const EVENT_DTOS: { readonly [T in RecordableEventType]: Type<object> } = {
  AwarenessClassEnrolled: AwarenessClassEnrolledDto,
  AwarenessCertificateIssued: AwarenessCertificateIssuedDto,
  ApplicationSubmitted: ApplicationSubmittedDto,
  PersonalHistoryDeclared: PersonalHistoryDeclaredDto,
  BackgroundCheckRequested: BackgroundCheckRequestedDto,
  BackgroundCheckConcluded: BackgroundCheckConcludedDto,
  SponsorsAssigned: SponsorsAssignedDto,
  MassOrganizationOpinionsCollected: MassOrganizationOpinionsCollectedDto,
  CellAdmissionVoteHeld: CellAdmissionVoteHeldDto,
  GrassrootsCommitteeResolved: GrassrootsCommitteeResolvedDto,
  ReadmissionConsented: ReadmissionConsentedDto,
  DecisionDeadlineExtended: DecisionDeadlineExtendedDto,
  AdmissionDecided: AdmissionDecidedDto,
  AdmissionRejected: AdmissionRejectedDto,
  CeremonyDelayApproved: CeremonyDelayApprovedDto,
  AdmissionCeremonyHeld: AdmissionCeremonyHeldDto,
  TheoryClassCompleted: TheoryClassCompletedDto,
  RecognitionVoteHeld: RecognitionVoteHeldDto,
  GrassrootsRecognitionResolved: GrassrootsRecognitionResolvedDto,
  OfficialMembershipRecognized: OfficialMembershipRecognizedDto,
  ProbationaryMemberRemoved: ProbationaryMemberRemovedDto,
  CandidateDropped: CandidateDroppedDto,
  CandidateWithdrawn: CandidateWithdrawnDto,
  DossierTransferred: DossierTransferredDto,
};

/**
 * The request-body schema of `POST /dossiers/{id}/events`: one of the event DTOs, told apart by `type`. Use it with
 * `@ApiExtraModels(...Object.values(EVENT_DTOS))` and `@ApiBody({ schema: RECORD_EVENT_BODY_SCHEMA })`.
 */
export const RECORD_EVENT_BODY_SCHEMA = {
  oneOf: RECORDABLE_EVENT_TYPES.map((type) => ({ $ref: getSchemaPath(EVENT_DTOS[type]) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(RECORDABLE_EVENT_TYPES.map((type) => [type, getSchemaPath(EVENT_DTOS[type])])),
  },
};

const DTO_BY_TYPE = new Map<unknown, Type<object>>([['CandidateNominated', CandidateNominatedDto], ...Object.entries(EVENT_DTOS)]);

/** Any event of the workflow as the workflow's plain event, or ValidationFailedError. */
export function parseEventBody(body: unknown): AdmissionEvent {
  return toPlain(checkedEventBody(body)) as unknown as AdmissionEvent;
}

/** `parseEventBody` for its verdict alone: throws what it throws, builds no event (an import only checks its own). */
export function checkEventBody(body: unknown): void {
  checkedEventBody(body);
}

function checkedEventBody(body: unknown): object {
  const object = screen(body);
  const dto = DTO_BY_TYPE.get(object.type);
  if (!dto) {
    throw new ValidationFailedError([{ field: 'type', message: `type must be one of the following values: ${EVENT_TYPES.join(', ')}` }]);
  }
  return validated(dto, object);
}

/** `POST /dossiers`: the dossier id the client chose (lower-cased), if any, and the CandidateNominated event. */
export function parseOpenDossierBody(body: unknown): { id?: string; event: CandidateNominated } {
  const { id, ...data } = toPlain(validated(OpenDossierDto, screen(body))) as unknown as Omit<CandidateNominated, 'type'> & { id?: string };
  const event: CandidateNominated = { type: 'CandidateNominated', ...data };
  return id === undefined ? { event } : { id: id.toLowerCase(), event };
}

/* ------------------------------------------------------------------ screening */

/** Keys that would reach an object's prototype; JSON.parse makes `__proto__` an own key, class-transformer skips both silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Objects and arrays nested deeper than this are refused before class-transformer walks them (it recurses through
 * unknown fields too). The deepest valid body is `sponsors[i]` at depth 2.
 */
const MAX_DEPTH = 4;

/** The body as a plain object, with no forbidden key and no deep nesting anywhere; ValidationFailedError otherwise. */
function screen(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new ValidationFailedError([{ field: '', message: 'the request body must be a JSON object' }]);
  const errors: FieldError[] = [];
  const queue: { value: object; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { value, path, depth } = next;
    if (depth > MAX_DEPTH) {
      errors.push({ field: path, message: `${path} is nested too deeply` });
      continue;
    }
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        errors.push({ field: path ? `${path}.${key}` : key, message: `${key} should not exist` });
        continue;
      }
      const child: unknown = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) queue.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return body;
}

/* ------------------------------------------------------------------ validation */

/** The options of `createValidationPipe()`; `target: false` keeps the request out of the error objects. */
const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false },
};

/**
 * The body as an instance of its DTO that class-validator finds nothing wrong with, or ValidationFailedError. A valid
 * body is told so by the kept plan of its class's rules; anything else is validated (and explained) in full.
 */
function validated(dto: Type<object>, body: Record<string, unknown>): object {
  const quick = plainInstance(dto, body);
  if (quick && passesValidation(quick, VALIDATOR_OPTIONS)) return quick;
  const instance = plainToInstance(dto, body);
  // the kept plan has already said no to the same instance when there was a quick one
  if (quick || !passesValidation(instance, VALIDATOR_OPTIONS)) {
    const errors = validateSync(instance, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new ValidationFailedError(flattenErrors(tidy(errors)));
  }
  return instance;
}

/** Constraints that say the value has the wrong shape: once one fails, the others and the nested errors are noise. */
const SHAPE_CONSTRAINTS = ['isArray', 'isObject'];

/**
 * One message where class-validator gives several: a missing field is "x is required"; a wrong shape (a string where an
 * object belongs, an object where an array belongs) is that alone, without the errors of its would-be children; the
 * generic "nested property must be either object or array" goes when a more precise message is there.
 */
function tidy(errors: ValidationError[]): ValidationError[] {
  return errors.map((error) => {
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    const tidied = Object.assign(new ValidationError(), { property: error.property, value: error.value });
    if (error.value === undefined && names.length > 0 && !names.includes('whitelistValidation')) {
      return Object.assign(tidied, { constraints: { required: `${error.property} is required` }, children: [] });
    }
    const shape = SHAPE_CONSTRAINTS.find((name) => name in constraints);
    if (shape) return Object.assign(tidied, { constraints: { [shape]: constraints[shape] }, children: [] });
    const precise = Object.fromEntries(Object.entries(constraints).filter(([name]) => name !== 'nestedValidation'));
    return Object.assign(tidied, {
      constraints: Object.keys(precise).length > 0 ? precise : constraints,
      children: tidy(error.children ?? []),
    });
  });
}

/** A validated instance as plain JSON data: plain objects and arrays only, no `undefined` values. */
function toPlain(value: object): Record<string, unknown>;
function toPlain(value: unknown): unknown;
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value !== 'object' || value === null) return value;
  const plain: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && !FORBIDDEN_KEYS.has(key)) plain[key] = toPlain(field);
  }
  return plain;
}
