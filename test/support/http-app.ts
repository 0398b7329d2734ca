import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import type { Clock } from '../../src/engine/clock';
import { createLogger } from '../../src/logging/logger';
import { createApp } from '../../src/main';
import { tempDir } from './temp-dir';

export const ADMIN = 'test-admin-token-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  /** an authenticated request builder: `as(token).get('/api/v1/…')` */
  as(token: string): {
    get(path: string): request.Test;
    post(path: string): request.Test;
  };
  dataDir: string;
  close(): Promise<void>;
}

/** The real application on an embedded store in a temporary directory, in this process. */
export async function startTestApp(
  options: { clock?: Clock; env?: NodeJS.ProcessEnv; dataDir?: string; runnerLingerMs?: number } = {},
): Promise<TestApp> {
  const temp = options.dataDir ? undefined : tempDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const config = loadConfig({ KETNAP_DATA_DIR: dataDir, KETNAP_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent', ...options.env });
  const app = await createApp(config, { clock: options.clock, logger: createLogger(config), runnerLingerMs: options.runnerLingerMs });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const http = () => request(server);
  return {
    app,
    http,
    as: (token) => ({
      get: (path) => request(server).get(path).set('Authorization', `Bearer ${token}`),
      post: (path) => request(server).post(path).set('Authorization', `Bearer ${token}`),
    }),
    dataDir,
    close: async () => {
      await app.close();
      temp?.remove();
    },
  };
}

/**
 * The tree most e2e tests share: Tỉnh ủy Bình Dương, its enterprise block, the grassroots organisations of VSIP and
 * Mỹ Phước, and the cells a test names (each under one of them), created by the bootstrap admin.
 */
export async function seedBlockTree(t: TestApp, cells: { id: string; name: string; parentId: 'vsip' | 'my-phuoc' }[]): Promise<void> {
  const orgs = [
    { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
    { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp', kind: 'block', parentId: 'binh-duong' },
    { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'khoi-dn' },
    { id: 'my-phuoc', name: 'Đảng bộ KCN Mỹ Phước', kind: 'grassroots', parentId: 'khoi-dn' },
    ...cells.map((cell) => ({ ...cell, kind: 'cell' })),
  ];
  for (const org of orgs) await t.as(ADMIN).post('/api/v1/organizations').send(org).expect(201);
}

