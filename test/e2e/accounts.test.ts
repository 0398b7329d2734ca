import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogHead } from '../../src/engine/event-store';
import { hashToken } from '../../src/http/auth/auth';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import { EVENT_STORE } from '../../src/tokens';
import { ADMIN, startTestApp, TestApp } from '../support/http-app';
import { newPerson } from '../support/people';

/**
 * People and machines over HTTP: accounts, sign-in and its lockout, sessions that expire and end, API tokens that
 * expire and are revoked, and every credential decided from the account's own stream — never from a read-model row.
 * Time is the fake clock's; the test moves it.
 */
const V1 = '/api/v1';
let now = new Date('2025-03-03T02:00:00.000Z');
const clock = { now: () => now };
const pass = (ms: number) => (now = new Date(now.getTime() + ms));
const HOUR = 3_600_000;

type Step = { type: string; occurredOn: string; [field: string]: unknown };
const [nomination] = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: Step[] }).events;
const { type: _type, ...openBody } = nomination;
const CELL = String(nomination.cellId);
const PASSWORD = 'mật khẩu đủ dài 2025';

describe('accounts, sessions and tokens over HTTP', () => {
  let t: TestApp;
  let headPosition: () => Promise<number>;

  const createAccount = (body: Record<string, unknown>, as = ADMIN) => t.as(as).post(`${V1}/accounts`).send({ password: PASSWORD, ...body });
  const signIn = (username: string, password = PASSWORD) => t.http().post(`${V1}/sessions`).send({ username, password });
  const person = async (username: string, displayName: string, role: string, orgId: string) => {
    await createAccount({ username, displayName, role, orgId }).expect(201);
    return (await signIn(username).expect(201)).body.token as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    headPosition = () => t.app.get<LogHead>(EVENT_STORE).headPosition();
    for (const org of [
      { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
      { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'binh-duong' },
      { id: CELL, name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
      { id: 'my-phuoc', name: 'Đảng bộ KCN Mỹ Phước', kind: 'grassroots', parentId: 'binh-duong' },
    ]) {
      await t.as(ADMIN).post(`${V1}/organizations`).send(org).expect(201);
    }
  });
  afterAll(() => t.close());

  it('signs a person in with username and password; /me says who it is; what it records names the account and the session', async () => {
    const created = await createAccount({ username: 'Nguyen.Thi.Lan', displayName: ' Nguyễn Thị Lan ', role: 'clerk', orgId: CELL }).expect(201);
    expect(created.body).toMatchObject({ username: 'nguyen.thi.lan', displayName: 'Nguyễn Thị Lan', role: 'clerk', orgId: CELL, kind: 'person', disabled: false });
    expect(created.body).not.toHaveProperty('password');

    const session = await signIn('NGUYEN.THI.LAN').expect(201);
    expect(session.body).toEqual({
      token: expect.stringMatching(/^kts\./),
      sessionId: expect.any(String),
      expiresAt: new Date(now.getTime() + 12 * HOUR).toISOString(),
      account: { id: created.body.id, username: 'nguyen.thi.lan', displayName: 'Nguyễn Thị Lan', role: 'clerk', orgId: CELL },
    });
    const me = await t.as(session.body.token).get(`${V1}/me`).expect(200);
    expect(me.body).toEqual({
      account: session.body.account,
      credential: { kind: 'session', id: session.body.sessionId, expiresAt: session.body.expiresAt },
    });

    const opened = await t.as(session.body.token).post(`${V1}/dossiers`).send(newPerson(openBody)).expect(201);
    const trail = await t.as(ADMIN).get(`${V1}/audit?orgId=binh-duong&accountId=${created.body.id}`).expect(200);
    expect(trail.body.items.map((a: { type: string }) => a.type)).toEqual(['CandidateNominated', 'PersonClaimed', 'SessionStarted', 'AccountCreated'].slice(0, trail.body.items.length));
    expect(trail.body.items[0]).toMatchObject({
      type: 'CandidateNominated',
      dossierId: opened.body.id,
      actor: 'Nguyễn Thị Lan',
      accountId: created.body.id,
      credentialKind: 'session',
      credentialId: session.body.sessionId,
    });
    // The session's token itself is in no event: only its hash.
    const log = JSON.stringify(await t.app.get(EVENT_STORE).readAll({ maxCount: 10_000 }));
    expect(log).not.toContain(session.body.token);
    expect(log).toContain(hashToken(session.body.token));
    expect(log).not.toContain(PASSWORD);
  });

  it('a wrong password, again and again: 401 with the same answer as an unknown username, then 429 with Retry-After even for the right one', async () => {
    await createAccount({ username: 'tran.van.binh', displayName: 'Trần Văn Bình', role: 'viewer', orgId: 'vsip' }).expect(201);
    const unknown = await signIn('khong.co.ai', 'một mật khẩu bất kỳ').expect(401);
    const head = await headPosition();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await signIn('tran.van.binh', 'sai mật khẩu rồi').expect(401);
      expect(wrong.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: unknown.body.detail });
    }
    const locked = await signIn('tran.van.binh').expect(429);
    expect(locked.headers['retry-after']).toBe('30');
    expect(locked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429, detailVi: expect.stringContaining('thử lại') });
    pass(29_000);
    expect((await signIn('tran.van.binh').expect(429)).headers['retry-after']).toBe('1');
    expect(await headPosition()).toBe(head);
    pass(1_000);
    await signIn('tran.van.binh').expect(201);
  });

  it('a session expires after 12 hours and ends when signed out', async () => {
    const token = await person('le.thi.hoa', 'Lê Thị Hoa', 'viewer', 'vsip');
    const other = (await signIn('le.thi.hoa').expect(201)).body.token as string;
    await t.as(token).get(`${V1}/me`).expect(200);
    await t.http().delete(`${V1}/sessions/current`).set('Authorization', `Bearer ${token}`).expect(204);
    expect((await t.as(token).get(`${V1}/me`).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.as(other).get(`${V1}/me`).expect(200);
    pass(12 * HOUR - 1000);
    await t.as(other).get(`${V1}/me`).expect(200);
    pass(1000);
    await t.as(other).get(`${V1}/me`).expect(401);
  });

  it('an API token belongs to an account, is listed without its secret, stops working when revoked or expired', async () => {
    const issued = await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'Phần mềm hồ sơ VSIP', role: 'clerk', orgId: 'vsip' }).expect(201);
    expect(issued.body).toMatchObject({ subject: 'Phần mềm hồ sơ VSIP', role: 'clerk', orgId: 'vsip', token: expect.stringMatching(/^ktn\./), tokenId: expect.any(String) });
    expect(Date.parse(issued.body.expiresAt) - now.getTime()).toBe(90 * 24 * HOUR);
    const me = await t.as(issued.body.token).get(`${V1}/me`).expect(200);
    expect(me.body).toMatchObject({ account: { id: issued.body.accountId, displayName: 'Phần mềm hồ sơ VSIP', role: 'clerk' }, credential: { kind: 'token', id: issued.body.tokenId } });

    const second = await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'máy chủ dự phòng', accountId: issued.body.accountId, expiresInDays: 1 }).expect(201);
    const listed = await t.as(ADMIN).get(`${V1}/tokens?orgId=vsip`).expect(200);
    expect(listed.body.filter((row: { accountId: string }) => row.accountId === issued.body.accountId)).toEqual([
      expect.objectContaining({ tokenId: issued.body.tokenId, subject: 'Phần mềm hồ sơ VSIP', status: 'active', revokedAt: null }),
      expect.objectContaining({ tokenId: second.body.tokenId, subject: 'máy chủ dự phòng', status: 'active' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token.split('.')[3]);

    const revoked = await t.as(ADMIN).post(`${V1}/tokens/${issued.body.tokenId}/revoke`).expect(200);
    expect(revoked.body).toEqual({ tokenId: issued.body.tokenId, revokedAt: now.toISOString() });
    expect((await t.as(issued.body.token).get(`${V1}/me`).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.as(second.body.token).get(`${V1}/me`).expect(200);
    pass(24 * HOUR);
    await t.as(second.body.token).get(`${V1}/me`).expect(401);
    const after = await t.as(ADMIN).get(`${V1}/tokens?accountId=${issued.body.accountId}`).expect(200);
    expect(after.body.map((row: { status: string }) => row.status)).toEqual(['revoked', 'expired']);
  });

  it('a token row written into the read-model file by hand authenticates nobody', async () => {
    const db = t.app.get(ReadModelDb).db;
    const insert = db.prepare(
      `INSERT INTO access_tokens (token_id, token_hash, account_id, subject, role, org_id, issued_at, expires_at) VALUES (?, ?, ?, 'intruder', 'admin', 'binh-duong', ?, ?)`,
    );
    const forged = 'ktn_forged-token-0123456789abcdefghijklmnop';
    insert.run('00000000-0000-4000-8000-000000000001', hashToken(forged), 'bootstrap', now.toISOString(), '2099-01-01T00:00:00.000Z');
    // Even in the right shape, naming a real account: the account's stream has no such token.
    const real = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'thật', role: 'viewer', orgId: 'vsip' }).expect(201)).body;
    const shaped = `ktn.${real.accountId}.00000000-0000-4000-8000-000000000002.${'A'.repeat(43)}`;
    insert.run('00000000-0000-4000-8000-000000000002', hashToken(shaped), real.accountId, now.toISOString(), '2099-01-01T00:00:00.000Z');
    for (const token of [forged, shaped]) {
      expect((await t.as(token).get(`${V1}/me`).expect(401)).body.code).toBe('UNAUTHENTICATED');
      await t.as(token).post(`${V1}/organizations`).send({ id: 'gia-mao', name: 'Giả mạo', kind: 'province' }).expect(401);
    }
  });

  it('two accounts with the same display name are told apart in the audit trail', async () => {
    const first = await person('nguyen.van.an.1', 'Nguyễn Văn An', 'clerk', CELL);
    const second = await person('nguyen.van.an.2', 'Nguyễn Văn An', 'clerk', CELL);
    const a = (await t.as(first).get(`${V1}/me`)).body.account.id as string;
    const b = (await t.as(second).get(`${V1}/me`)).body.account.id as string;
    expect(a).not.toBe(b);
    await t.as(first).post(`${V1}/dossiers`).send(newPerson(openBody)).expect(201);
    await t.as(second).post(`${V1}/dossiers`).send(newPerson(openBody)).expect(201);
    await t.as(second).post(`${V1}/dossiers`).send(newPerson(openBody)).expect(201);
    const byName = await t.as(ADMIN).get(`${V1}/audit?orgId=${CELL}&actor=${encodeURIComponent('Nguyễn Văn An')}`).expect(200);
    const opened = byName.body.items.filter((item: { type: string }) => item.type === 'CandidateNominated');
    expect(opened.map((item: { accountId: string }) => item.accountId)).toEqual([b, b, a]);
    const byFirst = await t.as(ADMIN).get(`${V1}/audit?orgId=${CELL}&accountId=${a}`).expect(200);
    expect(byFirst.body.items.filter((item: { type: string }) => item.type === 'CandidateNominated')).toHaveLength(1);
    expect(byFirst.body.items.every((item: { accountId: string }) => item.accountId === a)).toBe(true);
    // The bootstrap admin's acts are the account "bootstrap".
    const bootstrap = await t.as(ADMIN).get(`${V1}/audit?orgId=binh-duong&accountId=bootstrap`).expect(200);
    expect(bootstrap.body.items[0]).toMatchObject({ actor: 'admin', accountId: 'bootstrap', credentialKind: 'bootstrap' });
  });

  it('refuses blank, over-long and control-character usernames, display names and subjects with 400, changing nothing', async () => {
    const head = await headPosition();
    const good = { username: 'pham.thi.mai', displayName: 'Phạm Thị Mai', role: 'clerk', orgId: CELL };
    const refusals: [Record<string, unknown>, string][] = [
      [{ ...good, username: '' }, 'username'],
      [{ ...good, username: '   ' }, 'username'],
      [{ ...good, username: 'a'.repeat(65) }, 'username'],
      [{ ...good, username: 'pham\u0007mai' }, 'username'],
      [{ ...good, displayName: '   ' }, 'displayName'],
      [{ ...good, displayName: 'P'.repeat(121) }, 'displayName'],
      [{ ...good, displayName: 'Phạm\u202eThị Mai' }, 'displayName'],
      [{ ...good, displayName: 'Phạm\nThị Mai' }, 'displayName'],
      [{ ...good, password: 'ngắn' }, 'password'],
    ];
    for (const [body, field] of refusals) {
      const res = await createAccount(body).expect(400);
      expect([field, res.body.code, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([field, 'VALIDATION_FAILED', [field]]);
      expect(res.body.errors[0].messageVi).toEqual(expect.any(String));
    }
    for (const subject of ['', '  ', 's'.repeat(121), 'máy\u0000chủ', 'máy\u200bchủ']) {
      const res = await t.as(ADMIN).post(`${V1}/tokens`).send({ subject, role: 'viewer', orgId: 'vsip' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await createAccount({ ...good, username: 'nguyen.thi.lan' }).expect(409);
    expect(await headPosition()).toBe(head);
  });

  it('a viewer and an inspector read their subtree but record nothing (403)', async () => {
    const viewer = await person('viewer.vsip', 'Người xem VSIP', 'viewer', 'vsip');
    const inspector = await person('kiem.tra.vsip', 'Ủy ban Kiểm tra VSIP', 'inspector', 'vsip');
    const head = await headPosition();
    for (const token of [viewer, inspector]) {
      await t.as(token).get(`${V1}/organizations/vsip`).expect(200);
      await t.as(token).get(`${V1}/audit?orgId=vsip`).expect(200);
      await t.as(token).get(`${V1}/organizations/my-phuoc`).expect(404);
      expect((await t.as(token).post(`${V1}/dossiers`).send(openBody).expect(403)).body.code).toBe('FORBIDDEN');
      await t.as(token).post(`${V1}/organizations`).send({ id: 'chi-bo-moi', name: 'Chi bộ mới', kind: 'cell', parentId: 'vsip' }).expect(403);
      await t.as(token).post(`${V1}/organizations/vsip/quotas`).send({ metric: 'admissions', period: '2025', target: 1, assignedBy: 'x' }).expect(403);
      await t.as(token).post(`${V1}/tokens`).send({ subject: 'x', role: 'viewer', orgId: 'vsip' }).expect(403);
    }
    expect(await headPosition()).toBe(head);
  });

  it('a scoped admin issues tokens and accounts inside its subtree only (404 outside), never a role above its own (403)', async () => {
    const admin = await person('admin.vsip', 'Ban Tổ chức VSIP', 'admin', 'vsip');
    const head = await headPosition();
    await t.as(admin).post(`${V1}/tokens`).send({ subject: 'ngoài', role: 'viewer', orgId: 'my-phuoc' }).expect(404);
    await t.as(admin).post(`${V1}/tokens`).send({ subject: 'trên', role: 'viewer', orgId: 'binh-duong' }).expect(404);
    await createAccount({ username: 'ngoai.pham.vi', displayName: 'Ngoài', role: 'viewer', orgId: 'my-phuoc' }, admin).expect(404);
    const outsider = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'Mỹ Phước', role: 'clerk', orgId: 'my-phuoc' }).expect(201)).body;
    const before = await headPosition();
    await t.as(admin).post(`${V1}/tokens`).send({ subject: 'mượn', accountId: outsider.accountId }).expect(404);
    await t.as(admin).post(`${V1}/tokens/${outsider.tokenId}/revoke`).expect(404);
    expect(await headPosition()).toBe(before);
    expect(before).toBeGreaterThan(head);

    // No role stands above admin, so a clerk asking for one shows the rule: refused before anything is decided.
    const clerk = await person('van.thu.vsip', 'Văn thư VSIP', 'clerk', 'vsip');
    const refused = await t.as(clerk).post(`${V1}/tokens`).send({ subject: 'lên quyền', role: 'admin', orgId: 'vsip' }).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const inside = await t.as(admin).post(`${V1}/tokens`).send({ subject: 'bên trong', role: 'admin', orgId: CELL }).expect(201);
    expect(inside.body).toMatchObject({ role: 'admin', orgId: CELL });
  });

  it('a disabled account signs in no more, and its sessions and tokens stop at once', async () => {
    const token = await person('sap.nghi', 'Sắp nghỉ', 'clerk', CELL);
    const id = (await t.as(token).get(`${V1}/me`)).body.account.id as string;
    const machine = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'máy của Sắp nghỉ', accountId: id }).expect(201)).body.token as string;
    await t.as(ADMIN).post(`${V1}/accounts/${id}/disable`).expect(200);
    await t.as(token).get(`${V1}/me`).expect(401);
    await t.as(machine).get(`${V1}/me`).expect(401);
    await signIn('sap.nghi').expect(401);
  });

  it('a clerk moved to another organisation acts there at once with the same session, and no longer where it was', async () => {
    const token = await person('chuyen.cong.tac', 'Chuyển công tác', 'clerk', CELL);
    const id = (await t.as(token).get(`${V1}/me`)).body.account.id as string;
    await t.as(token).get(`${V1}/organizations/${CELL}`).expect(200);
    const moved = await t.as(ADMIN).post(`${V1}/accounts/${id}/scope`).send({ role: 'viewer', orgId: 'my-phuoc' }).expect(200);
    expect(moved.body).toMatchObject({ id, role: 'viewer', orgId: 'my-phuoc' });
    expect((await t.as(token).get(`${V1}/me`).expect(200)).body.account).toMatchObject({ role: 'viewer', orgId: 'my-phuoc' });
    await t.as(token).get(`${V1}/organizations/${CELL}`).expect(404);
    await t.as(token).get(`${V1}/organizations/my-phuoc`).expect(200);
    // a clerk cannot do it; an admin cannot grant above its own role; outside its subtree there is no such organisation
    await t.as(token).post(`${V1}/accounts/${id}/scope`).send({ role: 'clerk', orgId: 'my-phuoc' }).expect(403);
    await t.as(ADMIN).post(`${V1}/accounts/${id}/scope`).send({ role: 'clerk', orgId: 'no-such-org' }).expect(404);
  });

  it('describes accounts, sessions, tokens and /me in the OpenAPI document', async () => {
    const doc = await t.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/sessions', '/api/v1/sessions/current', '/api/v1/me', '/api/v1/accounts', '/api/v1/tokens', '/api/v1/tokens/{id}/revoke']),
    );
    expect(JSON.stringify(doc.body.paths['/api/v1/sessions'])).toContain('TOO_MANY_ATTEMPTS');
  });
});
