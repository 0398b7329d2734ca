/**
 * The dashboard keeps its own copy of the API's vocabulary (web/ may not import the server: it speaks HTTP only).
 * These tests hold the copy to the server's: the same stages, categories and relations, detailed steps that the
 * machine has, and a Vietnamese and an English label for every code the API can send, written in precomposed
 * (NFC) Unicode like the data it sits beside.
 */
import { CANDIDATE_CATEGORIES, EDUCATION_LEVELS, EVENT_TYPES, GENDERS, HARDSHIP_AREAS, RELATIONS, STAGES } from '../../../workflows/admission';
import { admissionMachineV1 } from '../../../workflows/admission/machine-v1';
import { ORG_KINDS } from '../../../workflows/organization';
import { REPORT_METRICS, type ClassKind } from '../../../projections/report-counts';
import * as web from '../../../web/src/vocabulary';
import { EVENT_FORMS, RELATIONS as FORM_RELATIONS, type FieldSpec } from '../../../web/src/event-forms';
import { enLabels } from '../../../web/src/labels-en';
import { viLabels, type LabelKind, type Labels } from '../../../web/src/labels-vi';
import { en, vi } from '../../../web/src/messages';

interface StateNodeLike {
  path: string[];
  always?: unknown[];
  states: Record<string, StateNodeLike>;
}

/** Every state of the machine a dossier can rest in, dotted as the API writes `state` (transient ones left out). */
function restingStates(node: StateNodeLike): string[] {
  return Object.values(node.states).flatMap((child) => [...(child.always?.length ? [] : [child.path.join('.')]), ...restingStates(child)]);
}

function formFields(fields: FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => [f, ...(f.type === 'group' ? formFields(f.fields) : f.type === 'list' ? formFields(f.item) : [])]);
}

/** The kinds of class the report counts (awarenessClasses, theoryClasses). */
const CLASS_KINDS: ClassKind[] = ['awareness', 'theory'];

const LANGUAGES: Record<'vi' | 'en', Record<LabelKind, Labels>> = { vi: viLabels, en: enLabels };

describe("the dashboard's vocabulary", () => {
  it('has the stages, categories and relations of the workflow, in its order', () => {
    expect([...web.STAGES]).toEqual([...STAGES]);
    expect([...web.CATEGORIES]).toEqual([...CANDIDATE_CATEGORIES]);
    expect([...FORM_RELATIONS]).toEqual([...RELATIONS]);
  });

  it("lists every figure of the server's report, once", () => {
    expect([...web.REPORT_FIGURES].sort()).toEqual([...REPORT_METRICS].sort());
  });

  it("filters the list by detailed steps the machine has, each under its own stage", () => {
    const states = restingStates(admissionMachineV1.root as unknown as StateNodeLike);
    for (const [stage, steps] of Object.entries(web.DETAILED_STEPS)) {
      for (const step of steps) expect({ step, known: states.includes(step), stage: step.split('.')[0] }).toEqual({ step, known: true, stage });
    }
  });

  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('labels every code the API sends, in %s', (lang) => {
    const labels = LANGUAGES[lang];
    const states = restingStates(admissionMachineV1.root as unknown as StateNodeLike);
    const expected: [LabelKind, readonly string[]][] = [
      ['stage', STAGES],
      ['state', states.filter((s) => !['awarenessClass', 'backgroundCheck', 'probationary'].includes(s))],
      ['event', EVENT_TYPES],
      ['category', CANDIDATE_CATEGORIES],
      ['education', EDUCATION_LEVELS],
      ['gender', GENDERS],
      ['hardship', HARDSHIP_AREAS],
      ['relation', ['candidate', ...RELATIONS]],
      ['orgKind', ORG_KINDS],
      ['reportMetric', REPORT_METRICS],
      ['classKind', CLASS_KINDS],
    ];
    const missing = expected.flatMap(([kind, codes]) => codes.filter((code) => !labels[kind][code]).map((code) => `${kind}:${code}`));
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('labels every field and option of the step forms, in %s', (lang) => {
    const labels = LANGUAGES[lang];
    const missing: string[] = [];
    for (const field of Object.values(EVENT_FORMS).flatMap(formFields)) {
      if (!labels.field[field.name]) missing.push(`field:${field.name}`);
      if (field.type === 'choice' || field.type === 'choices') {
        const kind = field.labels as LabelKind;
        for (const option of field.options) if (!labels[kind]?.[option]) missing.push(`${kind}:${option}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('writes Vietnamese in precomposed Unicode (NFC), with every message in both languages', () => {
    const strings = [...Object.values(vi), ...Object.values(viLabels).flatMap((group) => Object.values(group))];
    expect(strings.filter((s) => s !== s.normalize('NFC'))).toEqual([]);
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    expect(Object.keys(enLabels).sort()).toEqual(Object.keys(viLabels).sort());
  });
});
