/**
 * The form of each step a clerk records (`POST /dossiers/{id}/events`): its fields as domain.md and the OpenAPI page
 * name them, and how the entered values become the request body. Pure data and functions, no DOM: the unit test
 * test/unit/web/event-forms.test.ts runs every form's body through the server's own parser, so a field missing,
 * superfluous, or wrongly marked required here fails the test suite rather than a clerk.
 *
 * Labels are not here (i18n.ts `field`, `event` and the label kinds named by `labels`).
 */

export type FieldSpec = (
  | { type: 'text'; maxLength: number; multiline?: boolean }
  | { type: 'date' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'yesNo' }
  | { type: 'choice'; options: readonly string[]; labels: string }
  | { type: 'choices'; options: readonly string[]; labels: string }
  | { type: 'orgId' }
  | { type: 'group'; fields: FieldSpec[] }
  | { type: 'list'; item: FieldSpec[]; maxItems: number; initialItems: number }
) & {
  name: string;
  required: boolean;
  /** shown and sent only when the sibling field `field` holds one of `is` (a sponsor's fields by its kind) */
  when?: { field: string; is: readonly string[] };
};

/** What the form holds: strings for single inputs, arrays for multiple choices, nested values for groups and lists. */
export type FormValue = string | string[] | FormValues | FormValues[];
export interface FormValues {
  [name: string]: FormValue;
}

const TITLE = 300;
const DOCUMENT_NO = 100;
const NAME = 200;
const REASON = 2000;
const MEMBERS = 10_000;

export const RELATIONS = ['father', 'mother', 'father_in_law', 'mother_in_law', 'guardian', 'spouse', 'sibling', 'child'] as const;
const COMMITTEES = ['youth_union_committee', 'trade_union_committee'] as const;

const text = (name: string, maxLength: number, required = true): FieldSpec => ({ name, type: 'text', maxLength, required });
const reason = (): FieldSpec => ({ name: 'reason', type: 'text', maxLength: REASON, multiline: true, required: true });
const date = (name: string): FieldSpec => ({ name, type: 'date', required: true });
const members = (name: string): FieldSpec => ({ name, type: 'integer', min: 0, max: MEMBERS, required: true });

/** The fields of each step besides `type` and `occurredOn`, in the order a paper form has them. */
export const EVENT_FORMS: Record<string, FieldSpec[]> = {
  AwarenessClassEnrolled: [text('className', TITLE), date('startsOn')],
  AwarenessCertificateIssued: [text('certificateNo', DOCUMENT_NO), date('issuedOn'), text('issuer', TITLE)],
  ApplicationSubmitted: [],
  PersonalHistoryDeclared: [
    {
      name: 'relatives',
      type: 'list',
      required: true,
      maxItems: 30,
      initialItems: 2,
      item: [
        { name: 'relation', type: 'choice', options: RELATIONS, labels: 'relation', required: true },
        text('fullName', NAME),
        { name: 'isPartyMember', type: 'yesNo', required: true },
      ],
    },
  ],
  BackgroundCheckRequested: [
    { name: 'subjects', type: 'choices', options: ['candidate', ...RELATIONS], labels: 'relation', required: true },
    text('addressedTo', TITLE),
  ],
  BackgroundCheckConcluded: [{ name: 'result', type: 'choice', options: ['pass', 'fail'], labels: 'checkResult', required: true }, text('concludedBy', TITLE)],
  SponsorsAssigned: [
    {
      name: 'sponsors',
      type: 'list',
      required: true,
      maxItems: 4,
      initialItems: 2,
      item: [
        { name: 'kind', type: 'choice', options: ['party_member', ...COMMITTEES], labels: 'sponsorKind', required: true },
        { ...text('fullName', NAME), when: { field: 'kind', is: ['party_member'] } },
        { ...date('officialSince'), when: { field: 'kind', is: ['party_member'] } },
        { ...date('knownSince'), when: { field: 'kind', is: ['party_member'] } },
        { name: 'replacement', type: 'yesNo', required: false, when: { field: 'kind', is: ['party_member'] } },
        { ...text('resolutionNo', DOCUMENT_NO), when: { field: 'kind', is: COMMITTEES } },
      ],
    },
  ],
  MassOrganizationOpinionsCollected: [],
  CellAdmissionVoteHeld: [
    members('officialMembers'),
    members('excluded'),
    members('votesFor'),
    text('resolutionNo', DOCUMENT_NO, false),
    { name: 'specialApproval', type: 'group', required: false, fields: [text('by', TITLE), text('ref', DOCUMENT_NO)] },
  ],
  GrassrootsCommitteeResolved: [{ name: 'approve', type: 'yesNo', required: true }, text('resolutionNo', DOCUMENT_NO, false)],
  ReadmissionConsented: [text('consentedBy', TITLE), text('ref', DOCUMENT_NO)],
  DecisionDeadlineExtended: [{ name: 'workingDays', type: 'integer', min: 1, max: 30, required: true }, reason()],
  AdmissionDecided: [text('decisionNo', DOCUMENT_NO), text('decidedBy', TITLE), date('receivedOn')],
  AdmissionRejected: [text('decidedBy', TITLE), reason()],
  CeremonyDelayApproved: [text('approvedBy', TITLE), date('until')],
  AdmissionCeremonyHeld: [],
  TheoryClassCompleted: [text('certificateNo', DOCUMENT_NO)],
  RecognitionVoteHeld: [members('officialMembers'), members('excluded'), members('votesForRecognition'), members('votesForRemoval')],
  GrassrootsRecognitionResolved: [{ name: 'approve', type: 'yesNo', required: true }, text('resolutionNo', DOCUMENT_NO, false)],
  OfficialMembershipRecognized: [text('decisionNo', DOCUMENT_NO), text('decidedBy', TITLE)],
  ProbationaryMemberRemoved: [text('decisionNo', DOCUMENT_NO), text('decidedBy', TITLE), reason()],
  CandidateDropped: [reason()],
  CandidateWithdrawn: [reason()],
  DossierTransferred: [{ name: 'toCellId', type: 'orgId', required: true }],
};

/** Whether a field applies given the values of its siblings. */
export function applies(field: FieldSpec, siblings: FormValues): boolean {
  return !field.when || field.when.is.includes(String(siblings[field.when.field] ?? ''));
}

/** Fresh values for a set of fields: empty inputs, and the first option of a required choice. */
export function emptyValues(fields: FieldSpec[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    switch (field.type) {
      case 'choices':
        values[field.name] = [];
        break;
      case 'choice':
        values[field.name] = field.required ? field.options[0] : '';
        break;
      case 'group':
        values[field.name] = emptyValues(field.fields);
        break;
      case 'list':
        values[field.name] = Array.from({ length: field.initialItems }, () => emptyValues(field.item));
        break;
      default:
        values[field.name] = '';
    }
  }
  return values;
}

function isBlank(value: FormValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return Object.values(value).every(isBlank);
}

/**
 * The JSON of the entered values: numbers and yes/no as JSON numbers and booleans, blank optional fields left out
 * (events carry no nulls), text as typed. A blank required field is left out too: the server names it in its answer.
 */
export function dataOf(fields: FieldSpec[], values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    if (!applies(field, values)) continue;
    const value = values[field.name];
    if (field.type === 'list') {
      const items = (value as FormValues[] | undefined) ?? [];
      data[field.name] = items.map((item) => dataOf(field.item, item));
      continue;
    }
    if (field.type === 'choices') {
      const chosen = (value as string[] | undefined) ?? [];
      if (chosen.length > 0 || field.required) data[field.name] = chosen;
      continue;
    }
    if (isBlank(value)) continue;
    switch (field.type) {
      case 'group':
        data[field.name] = dataOf(field.fields, value as FormValues);
        break;
      case 'integer':
        data[field.name] = Number((value as string).trim());
        break;
      case 'yesNo':
        data[field.name] = value === 'true';
        break;
      default:
        data[field.name] = value;
    }
  }
  return data;
}

/** The request body of `POST /dossiers/{id}/events` for a step. */
export function eventBody(type: string, occurredOn: string, values: FormValues): Record<string, unknown> {
  const fields = EVENT_FORMS[type];
  if (!fields) throw new Error(`no form for ${type}`);
  return { type, occurredOn, ...dataOf(fields, values) };
}
