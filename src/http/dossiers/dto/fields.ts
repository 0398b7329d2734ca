/**
 * Field rules shared by the dossier event DTOs. The custom validators give one precise message per field: class-validator's
 * stock `IsString` + `MaxLength` + `Matches` report every failing rule at once (three messages for one number sent as a
 * name), which reads badly in a problem document.
 */
import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Upper bounds of the request fields. Generous for real records (the longest committee names run to ~90 characters),
 * tight enough that a body cannot carry a document inside a name.
 */
export const LIMITS = {
  /** a person's full name; a nominator's or helper's name */
  name: 200,
  /** an organisation, an office or a class: "Ban Thường vụ Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương" */
  title: 300,
  /** a resolution, decision or certificate number: "15-NQ/CB", "1250-QĐ/ĐUK" */
  documentNo: 100,
  /** ethnicity, religion */
  attribute: 100,
  occupation: 200,
  /** free text: why a candidate was dropped, why a deadline was extended */
  reason: 2000,
  /** official members of the voting body; also bounds `excluded` and the vote counts */
  members: 10_000,
  relatives: 30,
  /** R-SPONSOR wants exactly two; the workflow answers a wrong count with RULE_VIOLATION R-SPONSOR, so allow a little more here */
  sponsors: 4,
  workingDaysMin: 1,
  workingDaysMax: 30,
} as const;

/** Organisation ids, as chosen by clients for `POST /organizations` (api.md). */
export const ORG_ID = /^[a-z0-9-]{1,64}$/;
export const ORG_ID_RULE = 'must be an organisation id: 1 to 64 lower-case letters, digits or hyphens';

/** Fields that may be left out. Unlike `@IsOptional()`, `null` is still validated (and refused): events carry no nulls. */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

function hasControlCharacter(value: string, multiline: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const allowedWhitespace = multiline && (code === 0x09 || code === 0x0a || code === 0x0d);
    if ((code < 0x20 || code === 0x7f) && !allowedWhitespace) return true;
  }
  return false;
}

function textProblem(value: unknown, maxLength: number, multiline: boolean): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'must not be blank';
  if (value.length > maxLength) return `must be at most ${maxLength} characters long`;
  if (hasControlCharacter(value, multiline)) return multiline ? 'must not contain control characters' : 'must be a single line without control characters';
  return null;
}

/**
 * A non-blank string of at most `maxLength` characters, without control characters (tabs and line breaks are allowed
 * when `multiline`, for reasons). The value is kept as sent: no trimming, no normalisation.
 */
export function IsText(maxLength: number, options: { multiline?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const { multiline = false, ...validationOptions } = options;
  return (target, propertyName) =>
    registerDecorator({
      name: 'isText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [maxLength],
      options: {
        message: ({ property, value }: ValidationArguments) => `${property} ${textProblem(value, maxLength, multiline)}`,
        ...validationOptions,
      },
      validator: { validate: (value: unknown) => textProblem(value, maxLength, multiline) === null },
    });
}

/** A whole number in `[min, max]`; a numeric string ("3") is refused, not converted. */
export function IsWholeNumber(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWholeNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [min, max],
      options: { message: ({ property }: ValidationArguments) => `${property} must be a whole number from ${min} to ${max}`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      },
    });
}

/**
 * An object literal or JSON object: its prototype is a root prototype (`Object.prototype` of any realm: parsed bodies
 * and `structuredClone` copies may come from another one) or none. Arrays and class instances are not.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
