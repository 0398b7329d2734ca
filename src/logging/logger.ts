/**
 * Structured JSON logs (pino). Log ids, codes and counts — never names, birth dates or other personal data.
 */
import pino, { Logger } from 'pino';
import type { Config } from '../config/config';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino({ level: config.logLevel, base: { service: 'ketnap' } }, destination);
}
