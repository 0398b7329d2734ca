/**
 * The kept validation plans (src/http/validation-plan.ts) may only ever say "no errors" where class-validator's
 * validateSync says so too, and the instances plainInstance builds must be those of class-transformer's
 * plainToInstance: compared on the events of generated import rows, and on thousands of bodies broken at a random place
 * (a field replaced by anything JSON can hold, removed, or an unknown one added).
 */
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { IsIn, validateSync, ValidatorOptions } from 'class-validator';
import type { AdmissionEvent } from '../../../workflows/admission';
import { CandidateNominatedDto, EVENT_DTOS, parseEventBody } from '../../../src/http/dossiers/event-dtos';
import { parseRow } from '../../../src/import/rows';
import { passesValidation, plainInstance } from '../../../src/http/validation-plan';
import { generateRows } from '../../support/import-rows';

const OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false } };
const DTOS = new Map<string, new () => object>([['CandidateNominated', CandidateNominatedDto], ...Object.entries(EVENT_DTOS)]);

/** Events of every kind the import writes, from generated rows. */
const EVENTS: AdmissionEvent[] = generateRows(400, { seed: 'validation-plan' }).flatMap((row) => {
  const parsed = parseRow(row.cells);
  return 'problems' in parsed ? [] : parsed.events;
});

function bothAnswers(body: Record<string, unknown>): { plan: boolean; quick: boolean; validator: boolean } {
  const dto = DTOS.get(String(body.type)) ?? CandidateNominatedDto;
  const instance = plainToInstance(dto, body);
  const built = plainInstance(dto, body);
  // Where plainInstance builds one, it is class-transformer's instance: same classes, same fields, same order.
  if (built) {
    expect(built).toStrictEqual(instance);
    expect(JSON.stringify(built)).toBe(JSON.stringify(instance));
  }
  const plan = passesValidation(instance, OPTIONS);
  const quick = built !== undefined && passesValidation(built, OPTIONS);
  // The plan only reads: validateSync sees the instance as the plan left it.
  return { plan, quick, validator: validateSync(instance, OPTIONS).length === 0 };
}

/** Dotted paths of the values inside a body (array items by index), objects and arrays before their contents. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

/** The body with the value at `path` replaced; `undefined` removes it. */
function withValue(body: unknown, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Values near the DTOs' edges, and anything else JSON can hold. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', ' ', 'x'.repeat(201), 'a\u0007b', 'line\nbreak', -1, 0, 1.5, 10_001, true, 'true', [], {}, [null], [{}], ['worker', 'worker'], '2024-02-30', '2024-02-29', 'party_member', { kind: 'party_member' }, { kind: 'youth_union_committee', resolutionNo: '1-NQ' }),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('passesValidation', () => {
  it('says "no errors" for every valid imported event, and class-validator agrees', () => {
    // Given the events of generated rows, when both are asked, then both accept each one (the plan is not idle).
    expect(EVENTS.length).toBeGreaterThan(3000);
    const kinds = new Set<string>();
    for (const event of EVENTS) {
      // SponsorsAssigned picks its sponsors' classes in a @Transform: plainToInstance builds it.
      expect(bothAnswers(event as unknown as Record<string, unknown>)).toEqual({ plan: true, quick: event.type !== 'SponsorsAssigned', validator: true });
      kinds.add(event.type);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(13);
  });

  it('never says "no errors" where class-validator finds one, wherever a body is broken', () => {
    // Given a valid event, when one value anywhere in it is replaced, removed, or an unknown field is added,
    // then a plan that passes it means validateSync passes it too.
    let refused = 0;
    fc.assert(
      fc.property(fc.nat(EVENTS.length - 1), fc.nat(), anyValue, fc.constantFrom('replace', 'remove', 'add'), (e, p, value, how) => {
        const event = EVENTS[e];
        const places = paths(event);
        const path = places[p % places.length];
        const body = how === 'add' ? withValue(event, [...path.slice(0, -1), 'unknownField'], value ?? 1) : withValue(event, path, how === 'remove' ? undefined : value);
        const { plan, quick, validator } = bothAnswers(body);
        if (plan || quick) expect(validator).toBe(true);
        if (!validator) refused++;
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(refused).toBeGreaterThan(1000); // the broken bodies were broken enough to test something
  });

  it('gives parseEventBody the same answers and messages as class-validator alone', () => {
    // Given a broken body, when parsed, then the errors are those class-validator gives (the plan only passes the valid).
    const sponsors = EVENTS.find((e) => e.type === 'SponsorsAssigned')!;
    const broken = withValue(sponsors, ['sponsors', '1', 'kind'], 'women_union');
    expect(() => parseEventBody(broken)).toThrow(expect.objectContaining({ errors: [{ field: 'sponsors.1.kind', message: 'kind must be one of the following values: party_member, youth_union_committee, trade_union_committee' }] }));
    expect(parseEventBody(structuredClone(sponsors))).toEqual(sponsors);
  });

  it('answers "not sure" under options it does not model, and for an object without rules', () => {
    class Labelled {
      @IsIn(['a'])
      label = 'a';
    }
    // Given a valid object, when the options are the modelled ones, then it passes; with others, it defers.
    expect(passesValidation(new Labelled(), OPTIONS)).toBe(true);
    expect(passesValidation(new Labelled(), { ...OPTIONS, skipMissingProperties: true })).toBe(false);
    expect(passesValidation(new Labelled(), { ...OPTIONS, groups: ['x'] })).toBe(false);
    expect(passesValidation(new Labelled(), { ...OPTIONS, forbidUnknownValues: false })).toBe(false);
    // A property without rules would be stripped (the object changes), not refused, without forbidNonWhitelisted.
    expect(passesValidation(Object.assign(new Labelled(), { extra: 1 }), { whitelist: true })).toBe(false);
    expect(passesValidation({ label: 'a' }, OPTIONS)).toBe(false);
    expect(passesValidation(Object.create(null) as object, OPTIONS)).toBe(false);
  });
});
