/**
 * Request validation: class-validator DTOs, unknown fields refused (not stripped), errors as
 * VALIDATION_FAILED with one entry per field (nested fields dotted: `candidate.dateOfBirth`).
 */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../../workflows/calendar';
import { FieldError, ValidationFailedError } from '../engine/errors';
import { plainTextProblem } from '../engine/plain-text';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenErrors(errors)),
  });
}

export function flattenErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^property /, '') }));
    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}

/**
 * A real calendar date written YYYY-MM-DD: 2024-02-29 passes, 2025-02-30 and 2024-2-1 do not; nor do the years 0000–0099
 * (a JavaScript Date would read them as 1900–1999). The workflow's own reading of a date, without building a Date.
 */
export function isCalendarDate(value: unknown): value is string {
  return isIsoDate(value) && !value.startsWith('00');
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: ({ property }) => `${property} must be a real date written YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}

/**
 * A name people read (src/engine/plain-text.ts): text, not blank once trimmed, no control or invisible characters, at
 * most `max` characters. The controller stores it as `plainText` gives it (NFC, trimmed).
 */
export function IsPlainName(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPlainName',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: { message: ({ property, value }) => `${property} ${plainTextProblem(value, max)?.message ?? 'is not valid'}`, ...options },
      validator: { validate: (value: unknown) => plainTextProblem(value, max) === undefined },
    });
}
