/**
 * The dashboard's only way to the data: the public HTTP API of api.md, with the session's bearer token. Answers are
 * typed as api.md describes them; a refusal becomes an ApiError carrying the problem document (code, rule, detailVi,
 * field errors, allowed steps) so that screens can show it as it is.
 */
import { session, type Me } from './session';

export { CATEGORIES, DETAILED_STEPS, ENDS, JOURNEY, REPORT_FIGURES, STAGES, type Stage } from './vocabulary';

export interface OrgSummary {
  id: string;
  name: string;
  kind: string;
}
export interface Organization extends OrgSummary {
  parentId: string | null;
  path: string[];
  /** the founding date, when the organisation's creation recorded one */
  foundedOn?: string | null;
  children: OrgSummary[];
}

export interface Pipeline {
  orgId: string;
  asOf: string;
  stages: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
  aging: Record<string, { p50Days: number; p90Days: number; over90Days: number }>;
}

export interface Quota {
  metric: 'admissions' | 'new_organizations';
  period: string;
  target: number;
  targetMax: number | null;
  /** the target is a floor ("ít nhất 400"): no upper bound */
  atLeast: boolean;
  assignedBy: string;
  /** the first and last day counted: a term's from its congress to the day before the next (else its calendar years) */
  from: string;
  to: string;
  achieved: number;
  /** achieved ÷ target (the floor of a range), one decimal */
  percent: number;
  /** achieved has reached the target (the floor of a range) */
  met: boolean;
}

export type Report = Record<string, number> & {
  admittedByCategory: Record<string, number>;
  /** distinct awareness classes behind the period's enrolments */
  awarenessClasses: number;
  /** distinct political theory classes behind the period's completions */
  theoryClasses: number;
};

export interface Reminder {
  id: string;
  dossierId: string;
  kind: string;
  rule?: string;
  step?: string;
  dueOn: string;
  raisedAt: string;
  status: 'open' | 'acknowledged' | 'resolved';
  escalationLevel: number;
  targetOrgId?: string | null;
}

export interface DossierListItem {
  id: string;
  cellId: string;
  stage: string;
  /** absent in a list as of a past day */
  state?: string;
  /** null in a list as of a past day when the dossier has left your scope since */
  fullName?: string | null;
  nominatedOn?: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Candidate {
  fullName: string;
  dateOfBirth: string;
  gender: string;
  ethnicity?: string;
  religion?: string;
  education: string;
  occupation?: string;
  categories: string[];
  hardshipArea?: string;
}
export interface Dossier {
  id: string;
  cellId: string;
  stage: string;
  state: string;
  revision: number;
  candidate: Candidate;
  dates: Record<string, string | null>;
  deadlines: { rule: string; dueOn: string; status: string }[];
  allowed: string[];
  certificateExpired?: boolean;
}
export interface HistoryEntry {
  source: 'dossier' | 'timer';
  revision?: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  stageBefore: string | null;
  stageAfter: string | null;
  ruleSet: string | null;
  data: Record<string, unknown>;
}
export interface StepResult {
  id: string;
  stage: string;
  state: string;
  revision: number;
}

/** A problem document (RFC 9457) as the server sends it. */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  detailVi?: string;
  rule?: string;
  allowed?: string[];
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.code);
  }
}

/** Called when the server no longer accepts the token (401): the app signs out. */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; token?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const token = options.token ?? session.token();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', detail: error instanceof Error ? error.message : String(error) });
  }
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<Problem>;
    if (response.status === 401 && options.token === undefined) onUnauthenticated();
    throw new ApiError({ ...problem, status: response.status, code: problem.code ?? `HTTP_${response.status}` });
  }
  return body as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal });

/** A query string from the defined values, in the given order. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;

export interface SessionAnswer {
  token: string;
  sessionId: string;
  expiresAt: string;
  account: Me['account'];
}

export const api = {
  /** POST /sessions: public; a wrong password answers 401, too many 429 (Retry-After). */
  signIn: (username: string, password: string) => request<SessionAnswer>('POST', '/sessions', { body: { username, password }, token: '' }),
  me: (token?: string) => request<Omit<Me, 'rootOrg'>>('GET', '/me', { token }),
  /** Ends the session on the server: its token stops working at once. */
  signOut: () => request<void>('DELETE', '/sessions/current'),
  organization: (id: string, signal?: AbortSignal) => get<Organization>(`/organizations/${enc(id)}`, signal),
  pipeline: (orgId: string, asOf?: string, signal?: AbortSignal) => get<Pipeline>(`/organizations/${enc(orgId)}/pipeline${query({ asOf })}`, signal),
  quotas: (orgId: string, period?: string, signal?: AbortSignal) => get<Quota[]>(`/organizations/${enc(orgId)}/quotas${query({ period })}`, signal),
  report: (orgId: string, from: string, to: string, signal?: AbortSignal) =>
    get<Report>(`/organizations/${enc(orgId)}/report${query({ from, to })}`, signal),
  reminders: (orgId: string, status: string, signal?: AbortSignal) => get<Reminder[]>(`/reminders${query({ orgId, status })}`, signal),
  acknowledge: (id: string) => request<Reminder>('POST', `/reminders/${enc(id)}/acknowledge`),
  dossiers: (params: { orgId: string; asOf?: string; stage?: string; state?: string; category?: string; limit?: number; cursor?: string }, signal?: AbortSignal) =>
    get<Page<DossierListItem>>(`/dossiers${query(params)}`, signal),
  dossier: (id: string, signal?: AbortSignal) => get<Dossier>(`/dossiers/${enc(id)}`, signal),
  history: (id: string, signal?: AbortSignal) => get<HistoryEntry[]>(`/dossiers/${enc(id)}/history`, signal),
  record: (id: string, body: Record<string, unknown>, revision: number, idempotencyKey: string) =>
    request<StepResult>('POST', `/dossiers/${enc(id)}/events`, {
      body,
      headers: { 'if-match': `"${revision}"`, 'idempotency-key': idempotencyKey },
    }),
};
