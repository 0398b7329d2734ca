/**
 * The only reader of process.env. Everything else receives a Config.
 */
import { resolve } from 'node:path';

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
}

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
  return {
    port,
    dataDir: resolve(env.KETNAP_DATA_DIR || './data'),
    adminToken: env.KETNAP_ADMIN_TOKEN || undefined,
    eventStoreUrl,
    redisUrl: env.REDIS_URL || undefined,
    timeZone,
    logLevel,
  };
}
