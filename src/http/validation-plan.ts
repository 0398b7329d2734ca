/**
 * A quick "no errors" answer for class-validator, from class-validator's own rules.
 *
 * `validateSync` looks a class's rules up in its metadata storage on every call, walking every decorated class for
 * inherited ones, and builds an error object per property before it knows whether anything failed: on a valid
 * imported event that was most of the cost of checking it. `passesValidation(instance)` answers the one question a
 * valid body asks — would `validateSync(instance, options)` report nothing? — with the same rules: the metadata
 * storage's answer for each class is looked up once and kept (a plan), and each property's conditions, constraints
 * (the very `validate` functions class-validator calls, with the same arguments) and nested objects are checked in the
 * same order and the same way as class-validator's ValidationExecutor does.
 *
 * It only ever says "yes" or "not sure": `false` means "ask validateSync", which then gives the errors and their
 * messages exactly as before. Anything it does not model — an option other than those below, groups, `IsDefined`,
 * async constraints, promises, sets and maps — answers `false`. So it can make a valid body cheaper, never let an
 * invalid one through (test/unit/http/validation-plan.test.ts compares both on valid and broken bodies).
 *
 * `plainInstance(dto, body)` spares class-transformer's own walk the same way: for a JSON body of a class whose only
 * class-transformer rules are `@Type` (no `@Transform`, `@Expose`, `@Exclude` or discriminator), it builds the instance
 * `plainToInstance` builds — a new instance of each class, the body's values assigned in the body's order, `@Type`
 * classes for nested objects, arrays copied — and answers `undefined` for anything else (then use plainToInstance).
 * A valid body checked through both answers as through class-transformer and class-validator; any doubt goes the
 * long way, which alone gives the errors.
 *
 * Kept plans assume a class's rules are complete once the class is defined (decorators run then), as they are for
 * every DTO here; a rule registered later on an already-used class would not be seen.
 */
import { TransformationType } from 'class-transformer';
import type { defaultMetadataStorage as Storage } from 'class-transformer/types/storage';
import { getMetadataStorage, ValidationArguments, ValidationTypes, ValidatorOptions } from 'class-validator';

/** class-transformer's rules, where plainToInstance reads them (as @nestjs/mapped-types does). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: typeof Storage };

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
/** A decorated class, as class-validator's storage takes it. */
type Target = Parameters<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[0];
type ConstraintMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidatorConstraints']>[number];

/** The options this answers for (those of `createValidationPipe()` and `parseEventBody`); others answer `false`. */
const MODELLED: readonly (keyof ValidatorOptions)[] = ['whitelist', 'forbidNonWhitelisted', 'forbidUnknownValues', 'validationError'];

interface PropertyPlan {
  name: string;
  conditions: ValidationMetadata[];
  /** each custom rule with its registered validators (their `instance` is taken at each use, as class-validator does) */
  constraints: { metadata: ValidationMetadata; validators: ConstraintMetadata[] }[];
  nested: ValidationMetadata[];
  /** a rule this does not model (IS_DEFINED, promise validation, an async constraint …) */
  unmodelled: boolean;
}

interface ClassPlan {
  /** no rules at all: `forbidUnknownValues` refuses such an object */
  empty: boolean;
  /** properties with at least one rule: whitelist allows exactly these */
  known: Set<string>;
  properties: PropertyPlan[];
  /**
   * How plainToInstance fills each known property from a body: its value as it is, or through a `@Type` class; none
   * when the class is not instantiated that simply (then `plainInstance` answers undefined).
   */
  filling?: Map<string, { type?: (options: { newObject: object; object: object; property: string }) => unknown }>;
}

const plans = new Map<unknown, Map<string | undefined, ClassPlan>>();

function planFor(target: Target, schema: string | undefined): ClassPlan {
  let bySchema = plans.get(target);
  if (!bySchema) plans.set(target, (bySchema = new Map()));
  let plan = bySchema.get(schema);
  if (!plan) bySchema.set(schema, (plan = buildPlan(target, schema)));
  return plan;
}

function buildPlan(target: Target, schema: string | undefined): ClassPlan {
  const storage = getMetadataStorage();
  // As ValidationExecutor.execute asks it, with always, strictGroups and groups at their defaults.
  const metadatas = storage.getTargetValidationMetadatas(target, schema as string, false, false, undefined);
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = Object.keys(grouped).map((name): PropertyPlan => {
    const all = grouped[name];
    const rules = all.filter((m) => m.type !== ValidationTypes.IS_DEFINED && m.type !== ValidationTypes.WHITELIST);
    const custom = rules.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION);
    const constraints = custom.map((metadata) => {
      const found = storage.getTargetValidatorConstraints(metadata.constraintCls);
      return { metadata, validators: found };
    });
    return {
      name,
      conditions: rules.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION),
      constraints,
      nested: rules.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION),
      unmodelled:
        all.some((m) => m.type === ValidationTypes.IS_DEFINED) ||
        rules.some((m) => m.type === ValidationTypes.PROMISE_VALIDATION) ||
        constraints.some((c) => c.validators.some((v) => v.async)),
    };
  });
  const known = new Set(Object.keys(grouped).filter((name) => grouped[name].length > 0));
  return { empty: metadatas.length === 0, known, properties, filling: fillingOf(target, known) };
}

/** What plainToInstance does with each known property of a body, when it only copies values and instantiates @Type. */
function fillingOf(target: Target, known: Set<string>): ClassPlan['filling'] {
  const transformer = defaultMetadataStorage;
  if (transformer.getStrategy(target) !== 'none' || transformer.getExposedMetadatas(target).length > 0 || transformer.getExcludedMetadatas(target).length > 0) {
    return undefined;
  }
  const fresh = new (target as new () => Record<string, unknown>)();
  // Fields with a default value or without rules would differ from, or be refused unlike, a body's own.
  if (Object.keys(fresh).some((key) => fresh[key] !== undefined || !known.has(key))) return undefined;
  const filling: NonNullable<ClassPlan['filling']> = new Map();
  for (const name of known) {
    // plainToInstance skips names of methods and accessors, and applies @Transform: not modelled.
    const descriptor = Object.getOwnPropertyDescriptor((target as { prototype: object }).prototype, name);
    if ((descriptor && !descriptor.set) || fresh[name] instanceof Function) return undefined;
    if (transformer.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS).length > 0) continue;
    const type = transformer.findTypeMetadata(target, name);
    if (type?.options?.discriminator) continue;
    filling.set(name, type ? { type: type.typeFunction as never } : {});
  }
  return filling;
}

const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The instance `plainToInstance(target, body)` would give for this body, built without class-transformer's walk; or
 * undefined when the body or the class takes more than copying values and instantiating `@Type` classes.
 */
export function plainInstance(target: Target, body: unknown): object | undefined {
  if (!isJsonObject(body)) return undefined;
  const filling = planFor(target, undefined).filling;
  if (!filling) return undefined;
  const instance = new (target as new () => Record<string, unknown>)();
  for (const key of Object.keys(body)) {
    // An unknown key is refused by whitelist: the long way says so.
    const how = filling.get(key);
    if (!how) return undefined;
    const value = body[key];
    let filled: unknown;
    if (value === undefined || isScalar(value)) {
      filled = value;
    } else if (!how.type) {
      if (!Array.isArray(value) || !value.every(isScalar)) return undefined;
      filled = [...value];
    } else {
      const nested = how.type({ newObject: instance, object: body, property: key }) as Target;
      if (Array.isArray(value)) {
        const items: object[] = [];
        for (const item of value) {
          const made = plainInstance(nested, item);
          if (!made) return undefined;
          items.push(made);
        }
        filled = items;
      } else {
        filled = plainInstance(nested, value);
        if (!filled) return undefined;
      }
    }
    instance[key] = filled;
  }
  return instance;
}

/**
 * True only when `validateSync(instance, options)` would find nothing wrong; false when it would, or when this cannot
 * tell (then ask validateSync).
 */
export function passesValidation(instance: object, options: ValidatorOptions): boolean {
  for (const key of Object.keys(options) as (keyof ValidatorOptions)[]) {
    if (!MODELLED.includes(key) && options[key] !== undefined) return false;
  }
  if (options.forbidUnknownValues === false) return false;
  return objectPasses(instance, undefined, options);
}

const isCollection = (value: unknown) => Array.isArray(value) || value instanceof Set || value instanceof Map;

/** ValidationExecutor.execute over one object, answering whether it would add any error. */
function objectPasses(object: object, schema: string | undefined, options: ValidatorOptions): boolean {
  if (typeof object.constructor !== 'function') return false;
  const plan = planFor(object.constructor, schema);
  if (plan.empty) return false; // forbidUnknownValues: "an unknown value was passed to the validate function"
  if (options.whitelist) {
    // A property without rules is an error with forbidNonWhitelisted, and is stripped (the object changes) without it.
    for (const key of Object.keys(object)) if (!plan.known.has(key)) return false;
  }
  const values = object as Record<string, unknown>;
  for (const property of plan.properties) {
    if (property.unmodelled) return false;
    const value = values[property.name];
    if (value instanceof Promise) return false;
    // ValidationExecutor.performValidations: every condition is evaluated; any false one skips the property.
    let validate = true;
    for (const condition of property.conditions) validate = (condition.constraints[0] as (o: object, v: unknown) => boolean)(object, value) && validate;
    if (!validate) continue;
    for (const { metadata, validators } of property.constraints) {
      if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: object.constructor ? object.constructor.name : (undefined as unknown as string),
        property: metadata.propertyName,
        object,
        value,
        constraints: metadata.constraints,
      };
      for (const validator of validators) {
        if (!metadata.each || !isCollection(value)) {
          if (validator.instance.validate(value, args) !== true) return false;
        } else {
          if (!Array.isArray(value)) return false;
          for (const item of value) if (validator.instance.validate(item, args) !== true) return false;
        }
      }
    }
    if (!nestedPasses(value, property.nested, options)) return false;
  }
  return true;
}

/** ValidationExecutor.nestedValidations: arrays item by item, objects by their own class, anything else an error. */
function nestedPasses(value: unknown, nested: ValidationMetadata[], options: ValidatorOptions): boolean {
  if (value === undefined) return true;
  for (const metadata of nested) {
    if (Array.isArray(value)) {
      for (const item of value) if (!nestedPasses(item, nested, options)) return false;
    } else if (value instanceof Set || value instanceof Map) {
      return false;
    } else if (value instanceof Object) {
      const schema = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
      if (!objectPasses(value, schema, options)) return false;
    } else {
      return false;
    }
  }
  return true;
}
