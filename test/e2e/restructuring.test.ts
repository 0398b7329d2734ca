/**
 * A province merger over HTTP, as on 2025-07-01 when Tỉnh ủy Bình Dương was merged into Thành ủy Thành phố Hồ Chí Minh
 * (Quyết định 321-QĐ/TW of the Politburo, in force 2025-07-01). The day before the merger takes effect the tree is
 * the old one; from that day the successor's people read, list and count what moved to it, reminders included, and
 * the predecessor's people read its history but record nothing new.
 */
import type { AdmissionEvent } from '../../workflows/admission';
import { ADMIN, startTestApp, type TestApp } from '../support/http-app';
import { tempDir } from '../support/temp-dir';
import { ev, until } from '../unit/workflows/support/events';

const V1 = '/api/v1';
const DAY = 24 * 3600_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
jest.setTimeout(30_000);

/** Real time moved to 2025-06-30 in Hồ Chí Minh City, the day before the merger; a test moves `offset` on. */
const clock = { offset: new Date('2025-06-30T03:00:00Z').getTime() - Date.now(), now: () => new Date(Date.now() + clock.offset) };

/** Decided 2024-01-22, received 2024-01-25: the ceremony was due 2024-03-14 and is missed (a reminder). */
const [nomination, ...steps]: AdmissionEvent[] = [
  ...until('GrassrootsCommitteeResolved').map((e) => (e.type === 'CandidateNominated' ? { ...e, cellId: 'cb-a' } : e)),
  ev.decided('2024-01-22', '2024-01-25'),
];

describe('a province merger over HTTP (Bình Dương into Thành phố Hồ Chí Minh, 2025-07-01)', () => {
  let t: TestApp;
  let dossierId: string;
  let oldClerk: string;
  let newViewer: string;
  let newClerk: string;

  const data = tempDir();
  const start = () => startTestApp({ clock, dataDir: data.dir });
  const token = async (role: string, orgId: string) =>
    (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `${role}@${orgId}`, role, orgId }).expect(201)).body.token as string;
  const stages = async (as: string, orgId: string, asOf: string) =>
    (await t.as(as).get(`${V1}/organizations/${orgId}/pipeline?asOf=${asOf}`).expect(200)).body.stages as Record<string, number>;

  beforeAll(async () => {
    t = await start();
    const orgs = [
      { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province', foundedOn: '1997-01-01' },
      { id: 'tp-hcm', name: 'Thành ủy Thành phố Hồ Chí Minh', kind: 'province', foundedOn: '1976-07-02' },
      { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp', kind: 'block', parentId: 'binh-duong' },
      { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'khoi-dn' },
      { id: 'cb-a', name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
    ];
    for (const org of orgs) await t.as(ADMIN).post(`${V1}/organizations`).send(org).expect(201);
    oldClerk = await token('clerk', 'binh-duong');
    newViewer = await token('viewer', 'tp-hcm');
    newClerk = await token('clerk', 'tp-hcm');
    const { type: _type, ...body } = nomination;
    dossierId = (await t.as(ADMIN).post(`${V1}/dossiers`).send(body).expect(201)).body.id;
    for (const step of steps) await t.as(ADMIN).post(`${V1}/dossiers/${dossierId}/events`).send(step).expect(200);
    await t.as(ADMIN).post(`${V1}/organizations/binh-duong/quotas`).send({ metric: 'admissions', period: '2024', target: 4, assignedBy: 'Tỉnh ủy Bình Dương' }).expect(201);
    await t.as(ADMIN).post(`${V1}/organizations/binh-duong/succession`).send({ successorId: 'tp-hcm', effectiveOn: '2025-07-01' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    data.remove();
  });

  it('on 2025-06-30 the tree is the old one; the merger is listed as scheduled', async () => {
    const old = (await t.as(ADMIN).get(`${V1}/organizations/binh-duong`).expect(200)).body;
    expect(old).toMatchObject({ successorId: null, scheduled: [{ kind: 'succession', effectiveOn: '2025-07-01', to: 'tp-hcm' }] });
    expect((await t.as(ADMIN).get(`${V1}/organizations/cb-a`).expect(200)).body.path).toEqual(['binh-duong', 'khoi-dn', 'vsip', 'cb-a']);
    await t.as(newViewer).get(`${V1}/dossiers/${dossierId}`).expect(404);
    expect((await t.as(newViewer).get(`${V1}/dossiers?orgId=tp-hcm`).expect(200)).body.items).toEqual([]);
    await t.as(oldClerk).get(`${V1}/dossiers/${dossierId}`).expect(200);
  });

  it('from 2025-07-01 the successor reads, lists and counts the moved dossiers and their reminders', async () => {
    await t.close();
    clock.offset += DAY; // 2025-07-01; the restart also lets the back-filled dossier's missed ceremony be judged
    t = await start();
    expect((await t.as(ADMIN).get(`${V1}/organizations/binh-duong`).expect(200)).body).toMatchObject({
      successorId: 'tp-hcm',
      succeededOn: '2025-07-01',
      path: ['tp-hcm', 'binh-duong'],
      scheduled: [],
    });
    expect((await t.as(ADMIN).get(`${V1}/organizations/tp-hcm`).expect(200)).body.children).toEqual([
      { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
    ]);
    const read = await t.as(newViewer).get(`${V1}/dossiers/${dossierId}`).expect(200);
    expect(read.body).toMatchObject({ id: dossierId, stage: 'admitted', cellId: 'cb-a' });
    await t.as(newViewer).get(`${V1}/dossiers/${dossierId}/history`).expect(200);
    const list = (await t.as(newViewer).get(`${V1}/dossiers?orgId=tp-hcm`).expect(200)).body.items as { id: string }[];
    expect(list.map((d) => d.id)).toEqual([dossierId]);
    expect(await stages(newViewer, 'tp-hcm', '2025-07-01')).toMatchObject({ admitted: 1 });

    let reminders: { dossierId: string }[] = [];
    for (const end = Date.now() + 10_000; reminders.length === 0 && Date.now() < end; await sleep(20)) {
      reminders = (await t.as(newViewer).get(`${V1}/reminders?orgId=tp-hcm`).expect(200)).body;
    }
    expect(reminders).toEqual([expect.objectContaining({ dossierId, rule: 'R-T-CEREMONY' })]);
  });

  it('the pipeline as of the day before still shows the predecessor\'s figures', async () => {
    expect(await stages(ADMIN, 'binh-duong', '2025-06-30')).toMatchObject({ admitted: 1 });
    expect(await stages(ADMIN, 'tp-hcm', '2025-06-30')).toMatchObject({ admitted: 0 });
  });

  it('the predecessor\'s clerk reads its history but records nothing dated from 2025-07-01', async () => {
    await t.as(oldClerk).get(`${V1}/dossiers/${dossierId}/history`).expect(200);
    const refused = await t.as(oldClerk).post(`${V1}/dossiers/${dossierId}/events`).send({ type: 'AdmissionCeremonyHeld', occurredOn: '2025-07-01' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'ORG_DISSOLVED', rule: 'R-ORG-DISSOLVED', successorId: 'tp-hcm', detailVi: expect.stringContaining('tp-hcm') });
    const child = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'khoi-moi', name: 'Khối mới', kind: 'block', parentId: 'binh-duong' }).expect(422);
    expect(child.body.code).toBe('ORG_DISSOLVED');
    // the successor's people act on what moved: an act dated before the merger (the block's, which lies under it today)
    await t
      .as(newClerk)
      .post(`${V1}/dossiers/${dossierId}/events`)
      .send({ type: 'CeremonyDelayApproved', occurredOn: '2025-06-30', approvedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp', until: '2025-07-31' })
      .expect(200);
    const revision = (await t.as(newViewer).get(`${V1}/dossiers/${dossierId}`).expect(200)).body.revision;
    // and one of today's
    await t.as(newClerk).post(`${V1}/dossiers/${dossierId}/events`).send({ type: 'CandidateWithdrawn', occurredOn: '2025-07-01', reason: 'chuyển công tác' }).expect(200);
    expect((await t.as(newViewer).get(`${V1}/dossiers/${dossierId}`).expect(200)).body).toMatchObject({ stage: 'withdrawn', revision: revision + 1 });
  });

  it('the predecessor\'s quota keeps the achievement it reached before the merger; the successor answers for it too', async () => {
    const quota = { metric: 'admissions', period: '2024', target: 4, achieved: 1, percent: 25, heldBy: 'binh-duong' };
    // the block and what it holds move on to the successor directly: the predecessor's subtree is empty from then on
    await t.as(ADMIN).post(`${V1}/organizations/khoi-dn/move`).send({ parentId: 'tp-hcm', effectiveOn: '2025-07-01' }).expect(200);
    expect((await t.as(ADMIN).get(`${V1}/organizations/binh-duong/quotas`).expect(200)).body).toEqual([expect.objectContaining(quota)]);
    expect((await t.as(ADMIN).get(`${V1}/organizations/binh-duong/quotas?asOf=2025-06-30`).expect(200)).body).toEqual([expect.objectContaining(quota)]);
    expect((await t.as(newViewer).get(`${V1}/organizations/tp-hcm/quotas`).expect(200)).body).toEqual([expect.objectContaining(quota)]);
  });

  it('refuses an effective date beyond the horizon (31 days by default); the last day of it is accepted', async () => {
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'xa-a', name: 'Đảng ủy xã A', kind: 'commune', parentId: 'tp-hcm' }).expect(201);
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'co-so-b', name: 'Đảng bộ B', kind: 'grassroots', parentId: 'tp-hcm' }).expect(201);
    const far = await t.as(ADMIN).post(`${V1}/organizations/co-so-b/move`).send({ parentId: 'xa-a', effectiveOn: '2025-08-02' }).expect(422);
    expect(far.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-DATE' });
    const last = await t.as(ADMIN).post(`${V1}/organizations/co-so-b/move`).send({ parentId: 'xa-a', effectiveOn: '2025-08-01' }).expect(200);
    expect(last.body).toMatchObject({ parentId: 'tp-hcm', scheduled: [{ kind: 'move', effectiveOn: '2025-08-01', to: 'xa-a' }] });
    await t.as(ADMIN).post(`${V1}/organizations/co-so-b/move`).send({ parentId: 'xa-a', effectiveOn: '9999-12-31' }).expect(422);
  });

  it('refuses a district founded from 2025-07-01 and a commune before it', async () => {
    const district = await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'huyen-x', name: 'Huyện ủy X', kind: 'district', parentId: 'tp-hcm' }).expect(422);
    expect(district.body).toMatchObject({ rule: 'R-ORG-LEVEL', detailVi: expect.stringContaining('huyện') });
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'huyen-y', name: 'Huyện ủy Y', kind: 'district', parentId: 'tp-hcm', foundedOn: '2025-06-30' }).expect(201);
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'xa-z', name: 'Xã Z', kind: 'commune', parentId: 'tp-hcm', foundedOn: '2025-06-30' }).expect(422);
  });
});
