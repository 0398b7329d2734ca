import { EVENT_STORE } from '../../src/tokens';
import { ADMIN, startTestApp, TestApp } from '../support/http-app';

const V1 = '/api/v1';

/** Bình Dương's block of enterprises with two grassroots organisations and their cells. */
async function seedTree(t: TestApp): Promise<void> {
  const orgs = [
    { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
    { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương', kind: 'block', parentId: 'binh-duong' },
    { id: 'vsip', name: 'Đảng bộ KCN Việt Nam – Singapore', kind: 'grassroots', parentId: 'khoi-dn' },
    { id: 'my-phuoc', name: 'Đảng bộ KCN Mỹ Phước', kind: 'grassroots', parentId: 'khoi-dn' },
    { id: 'cb-vsip-1', name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
    { id: 'cb-mp-1', name: 'Chi bộ Công ty B', kind: 'cell', parentId: 'my-phuoc' },
  ];
  for (const org of orgs) await t.as(ADMIN).post(`${V1}/organizations`).send(org).expect(201);
}

async function tokenFor(t: TestApp, role: string, orgId: string): Promise<string> {
  const res = await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `${role}-${orgId}`, role, orgId }).expect(201);
  return res.body.token as string;
}

describe('organisations and scoped tokens over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedTree(t);
  });
  afterAll(() => t.close());

  it('answers an organisation with its path from the root and its children', async () => {
    const res = await t.as(ADMIN).get(`${V1}/organizations/vsip`).expect(200);
    expect(res.body).toEqual({
      id: 'vsip',
      name: 'Đảng bộ KCN Việt Nam – Singapore',
      kind: 'grassroots',
      parentId: 'khoi-dn',
      path: ['binh-duong', 'khoi-dn', 'vsip'],
      authorisedToAdmit: false,
      successorId: null,
      succeededOn: null,
      foundedOn: null,
      children: [{ id: 'cb-vsip-1', name: 'Chi bộ Công ty A', kind: 'cell' }],
      scheduled: [],
    });
  });

  it('a token sees its own subtree only: outside it answers 404 as if nothing were there', async () => {
    const viewer = await tokenFor(t, 'viewer', 'vsip');
    await t.as(viewer).get(`${V1}/organizations/cb-vsip-1`).expect(200);
    const outside = await t.as(viewer).get(`${V1}/organizations/my-phuoc`).expect(404);
    expect(outside.body.code).toBe('NOT_FOUND');
    expect((await t.as(viewer).get(`${V1}/organizations/no-such-org`).expect(404)).body.code).toBe('NOT_FOUND');
    await t.as(viewer).get(`${V1}/organizations/khoi-dn`).expect(404);
  });

  it('refuses requests without a valid token with 401 problem details', async () => {
    const none = await t.http().get(`${V1}/organizations/vsip`).expect(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await t.as('not-a-real-token-0000000').get(`${V1}/organizations/vsip`).expect(401);
  });

  it('refuses a role too weak inside the scope with 403', async () => {
    const clerk = await tokenFor(t, 'clerk', 'vsip');
    const res = await t.as(clerk).post(`${V1}/organizations`).send({ id: 'cb-vsip-2', name: 'Chi bộ C', kind: 'cell', parentId: 'vsip' }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('a scoped admin manages its subtree but not outside it', async () => {
    const admin = await tokenFor(t, 'admin', 'vsip');
    await t.as(admin).post(`${V1}/organizations`).send({ id: 'cb-vsip-3', name: 'Chi bộ D', kind: 'cell', parentId: 'vsip' }).expect(201);
    await t.as(admin).post(`${V1}/organizations`).send({ id: 'cb-x', name: 'Chi bộ X', kind: 'cell', parentId: 'my-phuoc' }).expect(404);
    await t.as(admin).post(`${V1}/organizations`).send({ id: 'root-x', name: 'Gốc', kind: 'province' }).expect(403);
    await t.as(admin).post(`${V1}/tokens`).send({ subject: 'x', role: 'viewer', orgId: 'my-phuoc' }).expect(404);
  });

  it('refuses a kind under the wrong parent with the rule and a Vietnamese message', async () => {
    const res = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'cell-under-block', name: 'Chi bộ', kind: 'cell', parentId: 'khoi-dn' }).expect(422);
    expect(res.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-ORG-KIND', reason: 'PARENT_KIND_NOT_ALLOWED', detailVi: expect.stringContaining('chi bộ') });
    await t.as(ADMIN).get(`${V1}/organizations/cell-under-block`).expect(404);
  });

  it('refuses a duplicate id with 409 and bad ids with 400', async () => {
    expect((await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'vsip', name: 'Lại', kind: 'grassroots', parentId: 'khoi-dn' }).expect(409)).body.code).toBe(
      'REVISION_CONFLICT',
    );
    const bad = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'Có Dấu', name: 'x', kind: 'galaxy' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'kind']);
  });

  it('refuses a blank, over-long or control-character name with 400 and changes nothing; stores a name NFC and trimmed', async () => {
    const head = await t.app.get<{ headPosition(): Promise<number> }>(EVENT_STORE).headPosition();
    for (const name of ['', '   ', 'Chi bộ\u0000A', 'Chi bộ\nA', 'Chi bộ\u200bA', 'x'.repeat(301), '\ud800']) {
      const res = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'cb-ten', name, kind: 'cell', parentId: 'vsip' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    }
    const quota = await t.as(ADMIN).post(`${V1}/organizations/vsip/quotas`).send({ metric: 'admissions', period: '2031', target: 1, assignedBy: '\u0007' }).expect(400);
    expect(quota.body.errors).toEqual([expect.objectContaining({ field: 'assignedBy' })]);
    expect(await t.app.get<{ headPosition(): Promise<number> }>(EVENT_STORE).headPosition()).toBe(head);
    const decomposed = 'Chi bo\u0302\u0323 Co\u0302ng ty E'; // "Chi bộ Công ty E" with combining marks
    const created = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'cb-ten', name: `  ${decomposed} `, kind: 'cell', parentId: 'vsip' }).expect(201);
    expect(created.body.name).toBe('Chi bộ Công ty E');
  });

  it('moves a grassroots organisation with its cells, and refuses a cycle', async () => {
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'phuong-thoi-hoa', name: 'Đảng ủy phường Thới Hòa', kind: 'commune', parentId: 'binh-duong' }).expect(201);
    const moved = await t.as(ADMIN).post(`${V1}/organizations/my-phuoc/move`).send({ parentId: 'phuong-thoi-hoa', effectiveOn: '2025-07-01' }).expect(200);
    expect(moved.body.path).toEqual(['binh-duong', 'phuong-thoi-hoa', 'my-phuoc']);
    expect((await t.as(ADMIN).get(`${V1}/organizations/cb-mp-1`).expect(200)).body.path).toEqual(['binh-duong', 'phuong-thoi-hoa', 'my-phuoc', 'cb-mp-1']);
    const cycle = await t.as(ADMIN).post(`${V1}/organizations/khoi-dn/move`).send({ parentId: 'vsip', effectiveOn: '2025-07-01' }).expect(422);
    expect(cycle.body.rule).toBe('R-ORG-CYCLE');
  });

  it('records a succession once', async () => {
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'tinh-moi', name: 'Tỉnh ủy mới', kind: 'province' }).expect(201);
    const res = await t.as(ADMIN).post(`${V1}/organizations/binh-duong/succession`).send({ successorId: 'tinh-moi', effectiveOn: '2025-07-01' }).expect(200);
    expect(res.body).toMatchObject({ successorId: 'tinh-moi', succeededOn: '2025-07-01' });
    const again = await t.as(ADMIN).post(`${V1}/organizations/binh-duong/succession`).send({ successorId: 'tinh-moi', effectiveOn: '2025-07-01' }).expect(422);
    expect(again.body.rule).toBe('R-ORG-SUCCESSION');
  });

  it('keeps tokens and the tree across a restart', async () => {
    const viewer = await tokenFor(t, 'viewer', 'khoi-dn');
    const dataDir = t.dataDir;
    await t.app.close();
    const again = await startTestApp({ dataDir });
    try {
      await again.as(viewer).get(`${V1}/organizations/vsip`).expect(200);
    } finally {
      await again.app.close();
    }
    t = await startTestApp({ dataDir });
  });
});

describe('the OpenAPI page', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('serves the document at /docs/openapi.json without a token, with the API paths and Vietnamese examples', async () => {
    const res = await t.http().get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/organizations', '/api/v1/organizations/{id}', '/api/v1/tokens']));
    expect(JSON.stringify(res.body.components.schemas.CreateOrganizationDto)).toContain('Đảng bộ');
  });

  it('serves the interactive page at /docs', async () => {
    const res = await t.http().get('/docs').redirects(1).expect(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});
