/**
 * The only reader of process.env. Everything else receives a Config.
 */
import { resolve } from 'node:path';
import { DEFAULT_HORIZON_DAYS } from '../../workflows/organization';

export interface Config {
  port: number;
  dataDir: string;
  adminToken?: string;
  /** unset: embedded SQLite under dataDir; `esdb://…` / `kurrentdb://…`: EventStoreDB */
  eventStoreUrl?: string;
  redisUrl?: string;
  /** business dates ("today") are taken in this zone */
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** reminder notifications are POSTed here when set, signed with `webhookSecret` (required then) */
  webhookUrl?: string;
  webhookSecret?: string;
  /** how many days ahead of today a move or succession may take effect (domain.md "Restructuring") */
  orgHorizonDays: number;
  timers: TimersConfig;
  /** hours a sign-in session lasts (KETNAP_SESSION_HOURS, default 12) */
  sessionHours: number;
}

/** The timer service's configurable assumptions (domain.md: stall thresholds are configurable). */
export interface TimersConfig {
  /** stall thresholds in calendar days by machine state, counted from entering that state */
  stallDays: Record<string, number>;
  /** days a reminder stays unacknowledged before it climbs one level (cell → grassroots → competent committee) */
  escalationDays: number;
  /** days an acknowledged, unresolved reminder waits before it climbs; unset: acknowledged reminders never climb */
  acknowledgedEscalationDays?: number;
  /** how often the reconciliation sweep and the escalation check run */
  sweepIntervalMs: number;
  /**
   * How long a dossier must have gone unwritten before a wake-up judges it. ASSUMPTION: back-filled histories are
   * entered in one sitting, so a deadline that "passed" before its act was entered is not recorded as missed.
   */
  quietMs: number;
}

/**
 * ASSUMPTION (domain.md defaults): nominated 90 d without enrolment, enrolled 60 d without certificate, certificate
 * 180 d without application, background check 90 d — read as the verification step (thẩm tra lý lịch).
 * KETNAP_STALL_DAYS="state=days,…" overrides single entries; days 0 turns one off.
 */
export const DEFAULT_STALL_DAYS: Readonly<Record<string, number>> = {
  nominated: 90,
  'awarenessClass.enrolled': 60,
  'awarenessClass.certified': 180,
  'backgroundCheck.verification': 90,
};

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const eventStoreUrl = env.KETNAP_EVENT_STORE || undefined;
  if (eventStoreUrl && !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(eventStoreUrl)) {
    throw new ConfigError('KETNAP_EVENT_STORE must be an esdb:// (or kurrentdb://) connection string, or unset for the embedded store');
  }
  const timeZone = env.KETNAP_TIME_ZONE || 'Asia/Ho_Chi_Minh';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new ConfigError(`KETNAP_TIME_ZONE is not a known time zone: "${timeZone}"`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const webhookUrl = env.KETNAP_WEBHOOK_URL || undefined;
  if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) throw new ConfigError('KETNAP_WEBHOOK_URL must be an http(s) URL');
  if (webhookUrl && !env.KETNAP_WEBHOOK_SECRET) throw new ConfigError('KETNAP_WEBHOOK_URL needs KETNAP_WEBHOOK_SECRET to sign the body');
  return {
    port,
    dataDir: resolve(env.KETNAP_DATA_DIR || './data'),
    adminToken: env.KETNAP_ADMIN_TOKEN || undefined,
    eventStoreUrl,
    redisUrl: env.REDIS_URL || undefined,
    timeZone,
    logLevel,
    webhookUrl,
    webhookSecret: webhookUrl ? env.KETNAP_WEBHOOK_SECRET : undefined,
    orgHorizonDays: wholeNumber(env, 'KETNAP_ORG_HORIZON_DAYS') ?? DEFAULT_HORIZON_DAYS,
    sessionHours: sessionHours(env.KETNAP_SESSION_HOURS),
    timers: {
      stallDays: stallDays(env.KETNAP_STALL_DAYS),
      escalationDays: wholeNumber(env, 'KETNAP_ESCALATION_DAYS') ?? 7,
      acknowledgedEscalationDays: wholeNumber(env, 'KETNAP_ACK_ESCALATION_DAYS'),
      sweepIntervalMs: Math.max(1, wholeNumber(env, 'KETNAP_SWEEP_SECONDS') ?? 300) * 1000,
      quietMs: (wholeNumber(env, 'KETNAP_TIMER_QUIET_MINUTES') ?? 60) * 60_000,
    },
  };
}

function sessionHours(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 12;
  const hours = Number(raw);
  if (!(hours > 0 && hours <= 24 * 30)) throw new ConfigError(`KETNAP_SESSION_HOURS must be a number of hours above 0 and at most 720, got "${raw}"`);
  return hours;
}

/** A whole non-negative number from the environment, or undefined when unset. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
}

function stallDays(raw: string | undefined): Record<string, number> {
  const result: Record<string, number> = { ...DEFAULT_STALL_DAYS };
  for (const entry of (raw ?? '').split(',').filter((e) => e.trim())) {
    const [state, value] = entry.split('=').map((part) => part.trim());
    const n = Number(value);
    if (!state || !Number.isInteger(n) || n < 0) throw new ConfigError(`KETNAP_STALL_DAYS entries must be state=days, got "${entry}"`);
    if (n === 0) delete result[state];
    else result[state] = n;
  }
  return result;
}
