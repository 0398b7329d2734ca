/**
 * The dashboard as the server serves it (`npm test` builds dist/web first): the page at `/` and at the dashboard's
 * own paths, its bundle cached for good, and everything else — the API, the docs, health, unknown paths — answered
 * as before. The browser suite (test/browser) uses the page; this needs no browser.
 */
import { ADMIN, startTestApp, TestApp } from '../support/http-app';

describe('the web dashboard at /', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers the dashboard paths with its page, under a self-only content security policy', async () => {
    for (const path of ['/', '/pipeline?org=a', '/quotas', '/reminders', '/dossiers', '/dossiers/3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63', '/report']) {
      const page = await t.http().get(path).expect(200);
      expect([path, page.headers['content-type'], page.text.includes('<div id="app">')]).toEqual([path, 'text/html; charset=utf-8', true]);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the bundle the page names, cached for good', async () => {
    const page = await t.http().get('/').expect(200);
    const scripts = [...page.text.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    const bundle = await t.http().get(scripts[0]).expect(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API, the docs, health and unknown paths to the server', async () => {
    const unknownApi = await t.as(ADMIN).get('/api/v1/no-such-thing').expect(404);
    expect([unknownApi.headers['content-type'], unknownApi.body.code]).toEqual(['application/problem+json; charset=utf-8', 'NOT_FOUND']);
    expect((await t.http().get('/not-a-screen').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await t.http().get('/dossiers-export').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await t.http().get('/docs/openapi.json').expect(200)).body.info.title).toBe('ketnap API');
    expect((await t.http().get('/health').expect(200)).body.status).toBe('ok');
    expect((await t.http().get('/api/v1/organizations/x').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });
});
