import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config, ConfigError } from '../../config/config';
import type { Logger } from '../../logging/logger';

/**
 * The bootstrap admin token: KETNAP_ADMIN_TOKEN, or in the embedded deployment one generated once into
 * `<dataDir>/admin-token` (readable by the owner only). The log says where it is, never what it is.
 */
export function resolveAdminToken(config: Config, logger: Logger): string {
  if (config.adminToken) {
    if (config.adminToken.length < 16) throw new ConfigError('KETNAP_ADMIN_TOKEN must be at least 16 characters');
    return config.adminToken;
  }
  if (config.eventStoreUrl) throw new ConfigError('KETNAP_ADMIN_TOKEN must be set when KETNAP_EVENT_STORE names a cluster');
  const file = join(config.dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  logger.info({ file }, `generated the admin token; it is in ${file}`);
  return token;
}
