/**
 * The dashboard's step forms (web/src/event-forms.ts) against the server's own request parser: every recordable event
 * has a form; a form filled in completely gives a body the server accepts as it is; a blank field the form calls
 * required is refused by the server with that field's name, and a blank field it calls optional is accepted. So the
 * form cannot offer a field the API refuses, leave out one it needs, or mark one wrongly.
 */
import { ValidationFailedError } from '../../../src/engine/errors';
import { parseEventBody, RECORDABLE_EVENT_TYPES } from '../../../src/http/dossiers/event-dtos';
import { applies, EVENT_FORMS, eventBody, type FieldSpec, type FormValue, type FormValues } from '../../../web/src/event-forms';

const DATE = '2024-03-01';

/** A valid value for every field; a list gets one item per kind its fields depend on (both kinds of sponsor). */
function filled(fields: FieldSpec[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    switch (field.type) {
      case 'text':
        values[field.name] = `Mẫu ${field.name}`.slice(0, field.maxLength);
        break;
      case 'date':
        values[field.name] = DATE;
        break;
      case 'integer':
        values[field.name] = String(Math.min(field.max, Math.max(field.min, 3)));
        break;
      case 'yesNo':
        values[field.name] = 'true';
        break;
      case 'choice':
        values[field.name] = field.options[0];
        break;
      case 'choices':
        values[field.name] = [field.options[0]];
        break;
      case 'orgId':
        values[field.name] = 'chi-bo-cong-ty-a';
        break;
      case 'group':
        values[field.name] = filled(field.fields);
        break;
      case 'list': {
        const switches = field.item.find((f) => f.type === 'choice' && field.item.some((other) => other.when?.field === f.name));
        const kinds = switches?.type === 'choice' ? switches.options : [undefined];
        values[field.name] = kinds.map((kind) => ({ ...filled(field.item), ...(switches && kind ? { [switches.name]: kind } : {}) }));
        break;
      }
    }
  }
  return values;
}

/** The server's answer to a body: the event, or the names of the refused fields. */
function serverSays(body: Record<string, unknown>): { ok: true; event: unknown } | { ok: false; fields: string[] } {
  try {
    return { ok: true, event: parseEventBody(body) };
  } catch (error) {
    if (error instanceof ValidationFailedError) return { ok: false, fields: error.errors.map((e) => e.field) };
    throw error;
  }
}

/** A field left untouched by the clerk: nothing typed, nothing chosen, no items. */
function blank(field: FieldSpec): FormValue {
  if (field.type === 'choices' || field.type === 'list') return [];
  if (field.type === 'group') return Object.fromEntries(field.fields.map((f) => [f.name, blank(f)]));
  return '';
}

/** Every field with its dotted path (as the server names it) and the values with that one field blanked. */
function* blankings(fields: FieldSpec[], values: FormValues, prefix = ''): Generator<{ path: string; field: FieldSpec; values: FormValues }> {
  for (const field of fields.filter((f) => applies(f, values))) {
    const path = `${prefix}${field.name}`;
    yield { path, field, values: { ...values, [field.name]: blank(field) } };
    if (field.type === 'group') {
      for (const inner of blankings(field.fields, values[field.name] as FormValues, `${path}.`)) {
        yield { ...inner, values: { ...values, [field.name]: inner.values } };
      }
    }
    if (field.type === 'list') {
      const items = values[field.name] as FormValues[];
      for (const [i, item] of items.entries()) {
        for (const inner of blankings(field.item, item, `${path}.${i}.`)) {
          yield { ...inner, values: { ...values, [field.name]: items.map((old, j) => (j === i ? inner.values : old)) } };
        }
      }
    }
  }
}

describe('the dashboard step forms, judged by the server', () => {
  it('offer a form for every event POST /dossiers/{id}/events records, and for nothing else', () => {
    expect(Object.keys(EVENT_FORMS).sort()).toEqual([...RECORDABLE_EVENT_TYPES].sort());
  });

  it.each(RECORDABLE_EVENT_TYPES)('%s: a completely filled form is accepted as sent', (type) => {
    const body = eventBody(type, DATE, filled(EVENT_FORMS[type]));
    const answer = serverSays(body);
    expect(answer).toEqual({ ok: true, event: body });
  });

  it.each(RECORDABLE_EVENT_TYPES)('%s: a blank required field is refused by name, a blank optional one is left out', (type) => {
    const fields = EVENT_FORMS[type];
    const complete = filled(fields);
    for (const { path, field, values } of blankings(fields, complete)) {
      const body = eventBody(type, DATE, values);
      // A list may be empty (no relatives; the workflow's rules judge the sponsors), but the form always sends it: the
      // server must need the key itself.
      if (field.required && (field.type === 'list' || field.type === 'choices')) {
        expect(body).toHaveProperty(path.split('.'), []);
        const { [field.name]: _sent, ...without } = eventBody(type, DATE, complete);
        if (!path.includes('.')) expect(serverSays(without)).toEqual({ ok: false, fields: [field.name] });
        continue;
      }
      const answer = serverSays(body);
      if (field.required) {
        expect({ path, refused: answer.ok ? false : answer.fields.filter((f) => f === path || f.startsWith(`${path}.`)).length > 0 }).toEqual({ path, refused: true });
      } else {
        expect({ path, answer: answer.ok }).toEqual({ path, answer: true });
      }
    }
  });

  it('send numbers and yes/no as JSON numbers and booleans, and leave a blank optional group out', () => {
    const vote = filled(EVENT_FORMS.CellAdmissionVoteHeld);
    vote.specialApproval = { by: '', ref: '' };
    expect(eventBody('CellAdmissionVoteHeld', DATE, vote)).toEqual({
      type: 'CellAdmissionVoteHeld',
      occurredOn: DATE,
      officialMembers: 3,
      excluded: 3,
      votesFor: 3,
      resolutionNo: 'Mẫu resolutionNo',
    });
    expect(eventBody('GrassrootsCommitteeResolved', DATE, { approve: 'false', resolutionNo: '' })).toEqual({
      type: 'GrassrootsCommitteeResolved',
      occurredOn: DATE,
      approve: false,
    });
  });
});
