import { randomUUID } from 'node:crypto';
import { ADMIN, seedBlockTree, startTestApp, TestApp } from '../support/http-app';

/**
 * Duplicates (domain.md): the same person — full name and date of birth — cannot have two open dossiers. A second
 * nomination is 422 DUPLICATE_DOSSIER, naming the open dossier only when it lies in the caller's scope.
 */
const V1 = '/api/v1';
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };

const nominationOf = (fullName: string, cellId = 'cell-a') => ({
  occurredOn: '2024-03-05',
  cellId,
  candidate: { fullName, dateOfBirth: '1996-08-12', gender: 'female', education: 'university', categories: ['trade_union', 'worker'] },
  nominatedBy: { kind: 'trade_union', name: 'Công đoàn các KCN Bến Cát' },
  helper: { name: 'Lê Văn Hùng' },
});

describe('duplicate dossiers over HTTP', () => {
  let t: TestApp;
  let clerk: string;
  let otherClerk: string;

  const token = async (role: string, orgId: string) =>
    (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `${role}@${orgId}`, role, orgId }).expect(201)).body.token as string;
  const open = (as: string, body: object) => t.as(as).post(`${V1}/dossiers`).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await seedBlockTree(t, [
      { id: 'cell-a', name: 'Chi bộ Công ty A', parentId: 'vsip' },
      { id: 'cell-b', name: 'Chi bộ Công ty B', parentId: 'vsip' },
      { id: 'cb-mp', name: 'Chi bộ Công ty C', parentId: 'my-phuoc' },
    ]);
    clerk = await token('clerk', 'vsip');
    otherClerk = await token('clerk', 'my-phuoc');
  });
  afterAll(() => t.close());

  it('refuses a second nomination of the same person, in the same cell and in another, naming the open dossier in scope', async () => {
    const first = (await open(clerk, nominationOf('Trần Thị Mai')).expect(201)).body;
    for (const cellId of ['cell-a', 'cell-b']) {
      const res = await open(clerk, nominationOf('Trần Thị Mai', cellId)).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 422, code: 'DUPLICATE_DOSSIER', rule: 'R-DUPLICATE', openDossierId: first.id });
      expect(res.body.detailVi).toMatch(/đã có hồ sơ đang mở/);
      expect(JSON.stringify(res.body)).not.toMatch(/Trần Thị Mai/);
    }
  });

  it('outside the open dossier\'s scope refuses the same way, without its id', async () => {
    const first = (await open(clerk, nominationOf('Lý Thị Thu')).expect(201)).body;
    const res = await open(otherClerk, nominationOf('Lý Thị Thu', 'cb-mp')).expect(422);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_DOSSIER', detailVi: expect.any(String) });
    expect(res.body).not.toHaveProperty('openDossierId');
    expect(JSON.stringify(res.body)).not.toContain(first.id);
  });

  it('a replay of the same open command answers its first result, not a duplicate refusal', async () => {
    const id = randomUUID();
    const first = await open(clerk, { id, ...nominationOf('Đỗ Thị Hạnh') }).expect(201);
    const again = await open(clerk, { id, ...nominationOf('Đỗ Thị Hạnh') }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('normalises the name: case, spacing and a decomposed (NFD) spelling are the same person; diacritics are not dropped', async () => {
    const first = (await open(clerk, nominationOf('Nguyễn Thị Lan')).expect(201)).body;
    for (const spelling of ['  nguyễn   THỊ lan ', 'Nguyễn Thị Lan'.normalize('NFD')]) {
      expect((await open(clerk, nominationOf(spelling)).expect(422)).body).toMatchObject({ code: 'DUPLICATE_DOSSIER', openDossierId: first.id });
    }
    // Without the marks it is another name: a different person as far as the rule can tell.
    await open(clerk, nominationOf('Nguyen Thi Lan')).expect(201);
  });

  it('a dossier that ended frees the person: after a withdrawal a new nomination is accepted', async () => {
    const first = (await open(clerk, nominationOf('Vũ Thị Ngọc')).expect(201)).body;
    await open(clerk, nominationOf('Vũ Thị Ngọc')).expect(422);
    await t.as(clerk).post(`${V1}/dossiers/${first.id}/events`).send({ type: 'CandidateWithdrawn', occurredOn: '2024-04-01', reason: 'xin rút' }).expect(200);
    const second = (await open(clerk, nominationOf('Vũ Thị Ngọc', 'cell-b')).expect(201)).body;
    expect(second.id).not.toBe(first.id);
    expect((await open(clerk, nominationOf('Vũ Thị Ngọc')).expect(422)).body).toMatchObject({ openDossierId: second.id });
  });

  it('a transfer keeps the claim: the person stays held, and out of the sender\'s scope the pointer goes', async () => {
    const first = (await open(clerk, nominationOf('Hoàng Thị Yến')).expect(201)).body;
    await t.as(clerk).post(`${V1}/dossiers/${first.id}/events`).send({ type: 'DossierTransferred', occurredOn: '2024-04-02', toCellId: 'cb-mp' }).expect(200);
    const res = await open(clerk, nominationOf('Hoàng Thị Yến')).expect(422);
    expect(res.body.code).toBe('DUPLICATE_DOSSIER');
    expect(res.body).not.toHaveProperty('openDossierId');
    expect((await open(otherClerk, nominationOf('Hoàng Thị Yến', 'cb-mp')).expect(422)).body).toMatchObject({ openDossierId: first.id });
  });

  it('the OpenAPI document describes the refusal and its pointer', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body;
    const described = doc.paths['/api/v1/dossiers'].post.responses['422'].description as string;
    expect(described).toMatch(/DUPLICATE_DOSSIER/);
    expect(described).toMatch(/openDossierId/);
  });

  it('two concurrent nominations of one person: exactly one is accepted', async () => {
    const answers = await Promise.all([open(clerk, nominationOf('Bùi Thị Xuân')), open(clerk, nominationOf('Bùi Thị Xuân', 'cell-b'))]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
  });
});
