/**
 * The web dashboard in a real browser (Debian's Chromium through playwright-core) against the real server process
 * holding the demo scenario: a clerk of the enterprise block signs in, opens VSIP's pipeline and quotas, acknowledges
 * a reminder, records a dossier's next step through the form, meets a rule refusal, prints and downloads the period
 * report, switches to English, and uses the screens at tablet width.
 *
 * Every number the page shows is compared with the API's answer to the same question, read in the same test with
 * the same token: nothing here restates a server figure. Screenshots of each screen go to test-artifacts/screens/.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config';
import type { DossierView, HistoryEntry } from '../../src/engine/dossiers';
import type { OrganizationView } from '../../src/http/organizations/organizations.controller';
import type { DossierListItem, Page as ListPage, QuotaAnswer, Report } from '../../src/read-models/read-queries';
import type { Pipeline } from '../../src/read-models/pipeline-queries';
import type { ReminderView } from '../../src/timers/reminders';
import { REPORT_METRICS } from '../../projections/report-counts';
import { REPORTED_ON } from '../../src/demo/calendar';
import { loadDemo } from '../../src/demo/load';
import { createEventStore } from '../../src/event-store/create-event-store';
import { ROOT } from '../support/built';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { ADMIN } from '../support/http-app';
import { startServer, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/temp-dir';
import { auditPage } from './page-audit';

const BLOCK = 'dang-uy-khoi-doanh-nghiep';
/**
 * The clerk's organisation: the block's successor since the 2025 restructuring of the demo (the block itself is
 * dissolved and records nothing dated today); the block and what it held lie under it.
 */
const CLERK_ORG = 'dang-bo-ubnd-tp-ho-chi-minh';
const VSIP = 'dang-bo-kcn-vsip';
/** The clerk's display name: the actor of what it records. */
const CLERK = 'van-thu-ban-to-chuc-khoi';
const CLERK_USERNAME = 'van.thu.khoi';
const PASSWORD = 'mật khẩu của văn thư 2025';
const JOURNEY = ['nominated', 'awarenessClass', 'backgroundCheck', 'admitted', 'probationary', 'official'];
const ENDS = ['rejected', 'dropped', 'withdrawn', 'removed'];
const SCREENS = join(ROOT, 'test-artifacts', 'screens');

// Each step waits on the page (Playwright's own 20 s limit per wait) and on the API; none needs long.
jest.setTimeout(60_000);

const skip = chromiumSkipReason();
if (skip) console.log(skip);
const describeInBrowser = skip ? describe.skip : describe;

/** Numbers as a Vietnamese page writes them (1.005; 14,5). */
const vi = new Intl.NumberFormat('vi-VN');
const viPercent = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** Polls until `check` holds (a page re-renders after its data arrives); fails naming what it last saw. */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, limitMs = 20_000): Promise<T> {
  const stop = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > stop) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeInBrowser('the web dashboard in Chromium', () => {
  const temp = tempDir('ketnap-web-');
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let token: string;
  let shots = 0;
  const problems: string[] = [];
  const audits: Record<string, string[]> = {};

  const api = async <T>(path: string, init: { method?: string; body?: unknown; as?: string } = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.as ?? token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const get = async <T>(path: string): Promise<T> => {
    const { status, body } = await api<T>(path);
    if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  /** A screenshot for the artefacts, and the accessibility audit of what it shows. */
  const shoot = async (name: string) => {
    await page.screenshot({ path: join(SCREENS, `${String(++shots).padStart(2, '0')}-${name}.png`), fullPage: true });
    audits[name] = await auditPage(page);
  };
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const section = (name: string) => page.locator('nav.sections').getByRole('link', { name, exact: true }).click();

  beforeAll(async () => {
    rmSync(SCREENS, { recursive: true, force: true });
    mkdirSync(SCREENS, { recursive: true });
    const { store } = createEventStore(loadConfig({ KETNAP_DATA_DIR: temp.dir }));
    try {
      await loadDemo(store);
    } finally {
      await store.close();
    }
    server = await startServer({ KETNAP_DATA_DIR: temp.dir, KETNAP_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info' }, { discardLogsAfterStart: true });
    const account = await api('/accounts', { method: 'POST', as: ADMIN, body: { username: CLERK_USERNAME, displayName: CLERK, role: 'clerk', orgId: CLERK_ORG, password: PASSWORD } });
    expect(account.status).toBe(201);
    // The test's own session of the clerk, for reading the API beside the page (the page signs in by itself).
    const signedIn = await fetch(`${server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: CLERK_USERNAME, password: PASSWORD }),
    });
    token = ((await signedIn.json()) as { token: string }).token;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused request (the 422 of the rule test) is logged by Chromium itself; anything else is the page's fault.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    temp.remove();
  });

  it('signs in with username and password, keeps the session token in session storage only, and shows who is signed in and the tree of its scope', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Tên đăng nhập').fill(CLERK_USERNAME);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await shoot('sign-in');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

    // The root of the scope is the account's organisation; the block it took over in 2025 lies under it.
    const root = await get<OrganizationView>(`/organizations/${CLERK_ORG}`);
    expect(root.children.map((c) => c.id)).toContain(BLOCK);
    const tree = page.getByRole('navigation', { name: 'Cây tổ chức' });
    await tree.getByRole('link', { name: root.name, exact: true }).waitFor();
    for (const child of root.children) await tree.getByRole('link', { name: child.name, exact: true }).waitFor();
    await page.locator(`[data-pipeline-of="${CLERK_ORG}"]`).waitFor();
    const pageToken = (await page.evaluate(() => sessionStorage.getItem('ketnap.token'))) ?? '';
    expect(pageToken).toMatch(/^kts\./);
    expect(page.url()).not.toContain(pageToken);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(pageToken);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(PASSWORD);
    // Who is signed in, as GET /me says: display name, role, organisation.
    const who = page.locator('[data-who-am-i]');
    expect(await who.locator('[data-field="displayName"]').textContent()).toBe(CLERK);
    expect(await who.locator('[data-field="role"]').textContent()).toBe('Văn thư');
    await until('the organisation of the account', () => who.locator('[data-field="org"]').textContent(), (name) => name === root.name);
    const block = await get<OrganizationView>(`/organizations/${BLOCK}`);
    await tree.getByRole('link', { name: block.name, exact: true }).click();
    await page.locator(`[data-pipeline-of="${BLOCK}"]`).waitFor();
    for (const child of block.children) await tree.getByRole('link', { name: child.name, exact: true }).waitFor();
    await shoot('pipeline-block');
  });

  it("opens VSIP's pipeline from the tree and shows the API's numbers, as of today and as of a chosen day", async () => {
    const vsip = await get<OrganizationView>(`/organizations/${VSIP}`);
    await page.getByRole('navigation', { name: 'Cây tổ chức' }).getByRole('link', { name: vsip.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Tiến độ phát triển đảng viên — ${vsip.name}` }).waitFor();

    const compare = async (asOf?: string) => {
      const pipeline = await get<Pipeline>(`/organizations/${VSIP}/pipeline${asOf ? `?asOf=${asOf}` : ''}`);
      await page.locator(`[data-pipeline-of="${VSIP}"][data-as-of="${pipeline.asOf}"]`).waitFor();
      for (const stage of JOURNEY) {
        const row = `#stages tr[data-stage="${stage}"]`;
        expect([stage, await text(`${row} td.count`)]).toEqual([stage, vi.format(pipeline.stages[stage])]);
        const aging = pipeline.aging[stage];
        expect([stage, await text(`${row} td.p50`), await text(`${row} td.p90`), await text(`${row} td.over90`)]).toEqual(
          aging ? [stage, vi.format(aging.p50Days), vi.format(aging.p90Days), vi.format(aging.over90Days)] : [stage, '—', '—', '—'],
        );
      }
      for (const stage of ENDS) expect([stage, await text(`#ends td[data-stage="${stage}"]`)]).toEqual([stage, vi.format(pipeline.stages[stage])]);
      const categories = Object.keys(pipeline.byCategory);
      expect(await page.locator('#by-category tbody tr[data-category]').count()).toBe(categories.length);
      for (const category of categories) {
        for (const stage of JOURNEY) {
          const shown = await text(`#by-category tr[data-category="${category}"] td[data-stage="${stage}"]`);
          expect([category, stage, shown]).toEqual([category, stage, vi.format(pipeline.byCategory[category][stage] ?? 0)]);
        }
      }
      return pipeline;
    };

    const today = await compare();
    expect(today.stages.backgroundCheck).toBeGreaterThan(0);
    await shoot('pipeline-vsip');

    await page.getByLabel('Tính đến ngày', { exact: true }).fill('2024-06-30');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    const earlier = await compare('2024-06-30');
    expect(earlier.stages).not.toEqual(today.stages);

    // A past day's number opens the list of that day: the API's list as of the same day, as long as the number.
    await page.locator('#stages tr[data-stage="backgroundCheck"] td.count a').click();
    const thenListed = await get<ListPage<DossierListItem>>(`/dossiers?orgId=${VSIP}&stage=backgroundCheck&asOf=2024-06-30&limit=50`);
    const thenNames = await until(
      'the dossier list as of 2024-06-30',
      () => page.locator('#dossiers tbody th').allTextContents(),
      (shown) => page.url().includes('asOf=2024-06-30') && shown.join() === thenListed.items.map((d) => d.fullName).join(),
    );
    expect(thenNames.length).toBe(Math.min(50, earlier.stages.backgroundCheck));
    let total = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const pageOfList: ListPage<DossierListItem> = await get(`/dossiers?orgId=${VSIP}&stage=backgroundCheck&asOf=2024-06-30&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      total += pageOfList.items.length;
      cursor = pageOfList.nextCursor;
    }
    expect(total).toBe(earlier.stages.backgroundCheck);
    expect(await page.getByLabel('Tính đến ngày', { exact: true }).inputValue()).toBe('2024-06-30');
    expect(await page.locator('.as-of[data-as-of="2024-06-30"]').textContent()).toContain('30/06/2024');
    // No detailed step of a past day to filter by: that filter is not offered.
    expect(await page.locator('#filter-state').count()).toBe(0);
    await shoot('dossier-list-as-of');
    await page.goBack();
    await compare('2024-06-30');
    await page.getByRole('button', { name: 'Hôm nay' }).click();
    await compare();

    // A number opens the dossier list with that filter: the API's first page of the same list.
    await page.locator('#stages tr[data-stage="backgroundCheck"] td.count a').click();
    const listed = await get<ListPage<DossierListItem>>(`/dossiers?orgId=${VSIP}&stage=backgroundCheck&limit=50`);
    const names = await until(
      'the filtered dossier list',
      () => page.locator('#dossiers tbody th').allTextContents(),
      (shown) => shown.length === listed.items.length,
    );
    expect(names).toEqual(listed.items.map((d) => d.fullName));
    expect(page.url()).not.toContain('asOf');
    expect(await page.getByLabel('Tính đến ngày', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Giai đoạn', { exact: true }).inputValue()).toBe('backgroundCheck');
    await shoot('dossier-list-background-check');
  });

  it('shows the quotas an organisation department reports from, "72/80, đạt 90%" as the API computes them', async () => {
    await section('Chỉ tiêu');
    const vsip = await get<OrganizationView>(`/organizations/${VSIP}`);
    await page.getByRole('heading', { level: 1, name: `Chỉ tiêu phát triển đảng viên — ${vsip.name}` }).waitFor();
    for (const period of ['2020-2025', '2024']) {
      await page.getByLabel('Kỳ', { exact: true }).selectOption(period);
      const quotas = await get<QuotaAnswer[]>(`/organizations/${VSIP}/quotas?period=${period}`);
      expect(quotas.length).toBeGreaterThan(0);
      const cards = page.locator(`.quota-card[data-period="${period}"]`);
      await until('quota cards', () => cards.count(), (n) => n === quotas.length);
      for (const [i, q] of quotas.entries()) await expectQuotaCard(cards.nth(i), q);
      // The children's admissions in the period, each read from the API's report.
      const [from, to] = period.includes('-') ? [`${period.slice(0, 4)}-01-01`, `${period.slice(5)}-12-31`] : [`${period}-01-01`, `${period}-12-31`];
      await until('the roll-up', () => page.locator('#rollup tbody tr').count(), (n) => n === vsip.children.length);
      let total = 0;
      for (const child of vsip.children) {
        const report = await get<Report>(`/organizations/${child.id}/report?from=${from}&to=${to}`);
        total += report.admitted as number;
        expect([child.id, await text(`#rollup tr[data-org="${child.id}"] td.admitted`)]).toEqual([child.id, vi.format(report.admitted as number)]);
      }
      expect(await text('#rollup tfoot td.num')).toBe(vi.format(total));
      await shoot(`quotas-vsip-${period}`);
    }

    // Past 100 %: a cell's own term quota below what it admitted (as its congress might set it), shown as over target.
    const cell = vsip.children[0];
    const term = await get<Report>(`/organizations/${cell.id}/report?from=2020-01-01&to=2025-12-31`);
    expect(term.admitted).toBeGreaterThan(1);
    const assigned = await api<QuotaAnswer>(`/organizations/${cell.id}/quotas`, {
      method: 'POST',
      as: ADMIN,
      body: { metric: 'admissions', period: '2020-2025', target: Math.floor((term.admitted as number) * 0.8), assignedBy: `Đại hội ${cell.name}` },
    });
    expect([assigned.status, assigned.body.percent > 100]).toEqual([201, true]);
    await page.getByLabel('Kỳ', { exact: true }).selectOption('2020-2025');
    await page.locator('#rollup').getByRole('link', { name: cell.name, exact: true }).click();
    const card = page.locator('.quota-card[data-period="2020-2025"]');
    await expectQuotaCard(card, assigned.body);
    expect(await card.locator('.over-badge').textContent()).toBe('vượt chỉ tiêu');
    await shoot('quotas-over-target');

    // The block's 2024 target is a floor ("ít nhất 400"): written as one, met or short as the API says, no percent.
    const block = await get<OrganizationView>(`/organizations/${BLOCK}`);
    await page.getByRole('navigation', { name: 'Cây tổ chức' }).getByRole('link', { name: block.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Chỉ tiêu phát triển đảng viên — ${block.name}` }).waitFor();
    await page.getByLabel('Kỳ', { exact: true }).selectOption('2024');
    const blockQuotas = await get<QuotaAnswer[]>(`/organizations/${BLOCK}/quotas?period=2024`);
    expect(blockQuotas.some((q) => q.atLeast)).toBe(true);
    const blockCards = page.locator('.quota-card[data-period="2024"]');
    await until('the block quota cards', () => blockCards.count(), (n) => n === blockQuotas.length);
    for (const [i, q] of blockQuotas.entries()) await expectQuotaCard(blockCards.nth(i), q);
    await shoot('quotas-at-least');
    await page.getByRole('navigation', { name: 'Cây tổ chức' }).getByRole('link', { name: vsip.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Chỉ tiêu phát triển đảng viên — ${vsip.name}` }).waitFor();
  });

  /**
   * A quota card as the page writes the API's answer: "72/80, đạt 90%", a range's percent of its floor, a floor
   * without a percent; then met or short (by how many), or past the top of the target.
   */
  async function expectQuotaCard(card: ReturnType<Page['locator']>, q: QuotaAnswer) {
    const range = q.targetMax !== null && q.targetMax !== q.target;
    const summary = q.atLeast
      ? `${vi.format(q.achieved)}/ít nhất ${vi.format(q.target)}`
      : range
        ? `${vi.format(q.achieved)}/${vi.format(q.target)}–${vi.format(q.targetMax!)}, đạt ${viPercent.format(q.percent)}% mức tối thiểu`
        : `${vi.format(q.achieved)}/${vi.format(q.target)}, đạt ${viPercent.format(q.percent)}%`;
    const over = q.met && !q.atLeast && q.achieved > (q.targetMax ?? q.target);
    const status = !q.met ? `chưa đạt, còn thiếu ${vi.format(q.target - q.achieved)}` : over ? 'vượt chỉ tiêu' : 'đạt chỉ tiêu';
    expect([await card.locator('.quota-summary').textContent(), await card.locator('.badge').textContent()]).toEqual([summary, status]);
    expect(await card.locator('.assigned-by').textContent()).toBe(`Cấp giao: ${q.assignedBy}`);
    // A term's days as the API counted them (from its congress, else its calendar years), dd/mm/yyyy.
    const day = (iso: string) => iso.split('-').reverse().join('/');
    if (q.period.includes('-')) expect(await card.locator('.quota-days').textContent()).toBe(`Tính từ ngày ${day(q.from)} đến ngày ${day(q.to)}`);
    expect(Number(await card.getByRole('progressbar').getAttribute('aria-valuenow'))).toBe(q.achieved);
  }

  it('acknowledges a reminder from the list', async () => {
    // The timers raise the demo's missed deadlines and stalls after the server starts: wait until they have raised
    // them all (the same non-empty list on two reads a second apart), so the page and the API see the same list.
    let previous = -1;
    const open = await until(
      'open reminders in VSIP to settle',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, previous < 0 ? 0 : 1000));
        const list = await get<ReminderView[]>(`/reminders?orgId=${VSIP}&status=open`);
        const settled = list.length > 0 && list.length === previous;
        previous = list.length;
        return settled ? list : [];
      },
      (list) => list.length > 0,
      90_000,
    );
    await section('Nhắc việc');
    const first = open[0];
    const row = page.locator(`#reminders tr[data-reminder="${first.id}"]`);
    await row.waitFor();
    const all = open;
    expect(await text('#reminder-summary [data-summary="all"] dd')).toBe(vi.format(all.length));
    expect(await text('#reminder-summary [data-summary="deadline-missed"] dd')).toBe(
      vi.format(all.filter((r) => r.kind === 'deadline-missed').length),
    );
    await shoot('reminders-open');

    await row.getByRole('button', { name: /^Xác nhận/ }).click();
    await page.locator(`#reminders tr[data-reminder="${first.id}"][data-status="acknowledged"]`).waitFor();
    const acknowledged = await get<ReminderView[]>(`/reminders?orgId=${VSIP}&status=acknowledged`);
    expect(acknowledged.map((r) => r.id)).toContain(first.id);
    await shoot('reminders-acknowledged');

    // Filtered to missed deadlines: the rows are the API's, in its order.
    await page.getByLabel('Loại', { exact: true }).selectOption('deadline-missed');
    const missed = all.filter((r) => r.kind === 'deadline-missed' && r.id !== first.id).slice(0, 50);
    const ids = await until(
      'missed deadlines',
      () => page.locator('#reminders tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reminder'))),
      (shown) => shown.length === missed.length || (shown.length === missed.length + 1 && shown.includes(first.id)),
    );
    expect(ids.filter((id) => id !== first.id)).toEqual(missed.map((r) => r.id));

    // A missed deadline's dossier: its timeline merges the deadline service's records with the dossier's events.
    expect(missed.length).toBeGreaterThan(0);
    await page.locator(`#reminders tr[data-reminder="${missed[0].id}"]`).getByRole('link').click();
    const history = await get<HistoryEntry[]>(`/dossiers/${missed[0].dossierId}/history`);
    const timerRecords = history.filter((entry) => entry.source === 'timer');
    expect(timerRecords.map((entry) => entry.type)).toContain('DeadlineMissed');
    await until('the timeline', () => page.locator('#timeline > li').count(), (n) => n === history.length);
    expect(await page.locator('#timeline > li.timer').evaluateAll((items) => items.map((li) => li.getAttribute('data-type')))).toEqual(
      timerRecords.map((entry) => entry.type),
    );
    await shoot('dossier-with-missed-deadline');
  }, 120_000);

  let dossierId: string;

  it("opens a dossier from the list and records its next step through the form (If-Match, the clerk as actor)", async () => {
    const [candidate] = (await get<ListPage<DossierListItem>>(`/dossiers?orgId=${VSIP}&state=awarenessClass.enrolled&limit=1`)).items;
    dossierId = candidate.id;
    const before = await get<DossierView>(`/dossiers/${dossierId}`);
    expect(before.allowed).toContain('AwarenessCertificateIssued');

    await section('Hồ sơ');
    await page.getByLabel('Giai đoạn', { exact: true }).selectOption('awarenessClass');
    // Paging with the API's cursor: the second page is the API's second page, and "previous" comes back.
    const firstPage = await get<ListPage<DossierListItem>>(`/dossiers?orgId=${VSIP}&stage=awarenessClass&limit=50`);
    expect(firstPage.nextCursor).not.toBeNull();
    const secondPage = await get<ListPage<DossierListItem>>(`/dossiers?orgId=${VSIP}&stage=awarenessClass&limit=50&cursor=${firstPage.nextCursor}`);
    const rowIds = () => page.locator('#dossiers tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dossier')));
    await until('the first page', rowIds, (ids) => ids.join() === firstPage.items.map((d) => d.id).join());
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await until('the second page', rowIds, (ids) => ids.join() === secondPage.items.map((d) => d.id).join());
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await until('the first page again', rowIds, (ids) => ids.join() === firstPage.items.map((d) => d.id).join());
    await page.getByLabel('Bước chi tiết', { exact: true }).selectOption('awarenessClass.enrolled');
    await page.locator(`#dossiers tr[data-dossier="${dossierId}"]`).waitFor();
    await page.getByRole('link', { name: candidate.fullName ?? candidate.id, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${before.candidate.fullName}`) }).waitFor();
    expect(await text('[data-field="revision"]')).toBe(String(before.revision));

    const step = page.getByLabel('Bước', { exact: true });
    const offered = await step.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual(before.allowed);
    await step.selectOption('AwarenessCertificateIssued');
    const occurredOn = await page.getByLabel(/^Ngày sự việc/).inputValue();
    await page.getByLabel(/^Số giấy chứng nhận/).fill('318/GCN-TTCT');
    await page.getByLabel(/^Ngày cấp/).fill(occurredOn);
    await page.getByLabel(/^Nơi cấp/).fill('Trung tâm Chính trị thành phố Thuận An');
    await shoot('dossier-step-form');
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.locator('.step-form .success').waitFor();

    const after = await get<DossierView>(`/dossiers/${dossierId}`);
    expect([after.revision, after.state]).toEqual([before.revision + 1, 'awarenessClass.certified']);
    await until('the new revision on the page', () => text('[data-field="revision"]'), (shown) => shown === String(after.revision));
    const history = await get<HistoryEntry[]>(`/dossiers/${dossierId}/history`);
    const last = history[history.length - 1];
    expect([last.type, last.actor, last.occurredOn, last.data.certificateNo]).toEqual(['AwarenessCertificateIssued', CLERK, occurredOn, '318/GCN-TTCT']);
    const entry = page.locator(`#timeline li[data-revision="${after.revision}"]`);
    await entry.waitFor();
    expect(await entry.getAttribute('data-type')).toBe('AwarenessCertificateIssued');
    expect(await entry.locator('[data-field="actor"]').textContent()).toBe(CLERK);
    expect(await page.locator('#timeline > li').count()).toBe(history.length);
    await shoot('dossier-step-recorded');
  });

  it('shows a refused step with its rule and Vietnamese message, and the dossier is unchanged', async () => {
    const before = await get<DossierView>(`/dossiers/${dossierId}`);
    const nominatedOn = before.dates.nominatedOn as string;
    await page.getByLabel('Bước', { exact: true }).selectOption('ApplicationSubmitted');
    // Dated before the certificate just recorded: R-DATE.
    await page.getByLabel(/^Ngày sự việc/).fill(nominatedOn);
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    const refusal = page.locator('.step-refusal');
    await refusal.waitFor();

    // The same request over the API: the page shows the rule and the Vietnamese message the server gives.
    const answer = await api<{ code: string; rule?: string; detailVi?: string }>(`/dossiers/${dossierId}/events`, { method: 'POST', body: { type: 'ApplicationSubmitted', occurredOn: nominatedOn } });
    expect([answer.status, answer.body.code]).toEqual([422, 'RULE_VIOLATION']);
    expect(await refusal.getAttribute('data-rule')).toBe(answer.body.rule);
    expect(await refusal.locator('.detail-vi').textContent()).toBe(answer.body.detailVi);
    expect(await refusal.textContent()).toContain(`vi phạm quy định ${answer.body.rule}`);
    expect((await get<DossierView>(`/dossiers/${dossierId}`)).revision).toBe(before.revision);
    await shoot('dossier-rule-refusal');

    // A reload of the dossier's own address opens it again (the server answers the dashboard's paths with the page).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${before.candidate.fullName}`) }).waitFor();
  });

  it('reports a period for the selected organisation, printable and as CSV, with the API figures', async () => {
    await section('Báo cáo');
    await page.getByLabel('Từ ngày', { exact: true }).fill('2024-01-01');
    await page.getByLabel('Đến ngày', { exact: true }).fill(REPORTED_ON);
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    const report = await get<Report>(`/organizations/${VSIP}/report?from=2024-01-01&to=${REPORTED_ON}`);
    const vsip = await get<OrganizationView>(`/organizations/${VSIP}`);
    await until('the report of the period', async () => page.url(), (url) => url.includes(`to=${REPORTED_ON}`));
    for (const metric of REPORT_METRICS) {
      const shown = await until(`report ${metric}`, () => text(`#report tr[data-key="${metric}"] td`), (value) => value !== '');
      expect([metric, shown]).toEqual([metric, vi.format(report[metric] as number)]);
    }
    for (const [category, n] of Object.entries(report.admittedByCategory)) {
      expect([category, await text(`#admitted-by-category tr[data-key="${category}"] td`)]).toEqual([category, vi.format(n as number)]);
    }
    // The classes behind the period's enrolments and theory-class completions, beside the people in them.
    expect(report.awarenessClasses).toBeGreaterThan(0);
    for (const [kind, classes, people] of [
      ['awareness', report.awarenessClasses, report.enrolled],
      ['theory', report.theoryClasses, report.theoryCompleted],
    ] as const) {
      const row = `#classes tr[data-key="${kind}"]`;
      expect([kind, await text(`${row} td.classes`), await text(`${row} td.people`)]).toEqual([kind, vi.format(classes as number), vi.format(people as number)]);
    }
    await shoot('report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\r\n').map((line) => line.split(','));
    expect(rows[1][0]).toBe(vsip.name.includes(',') ? `"${vsip.name}"` : vsip.name);
    const csvValue = (metric: string) => rows.find((r) => r[0] === metric)?.at(-1);
    expect(REPORT_METRICS.map(csvValue)).toEqual(REPORT_METRICS.map((metric) => String(report[metric])));
    const csvClasses = (kind: string) => rows.find((r) => r[0] === kind)?.slice(-2);
    expect([csvClasses('awareness'), csvClasses('theory')]).toEqual([
      [report.awarenessClasses, report.enrolled].map(String),
      [report.theoryClasses, report.theoryCompleted].map(String),
    ]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.tree-pane').isVisible()).toBe(false);
    expect(await page.locator('#report').isVisible()).toBe(true);
    await shoot('report-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('switches to English and back, keeping the Vietnamese names as they are', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const vsip = await get<OrganizationView>(`/organizations/${VSIP}`);
    await page.getByRole('heading', { level: 1, name: `Period report — ${vsip.name}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await section('Pipeline');
    await page.locator(`[data-pipeline-of="${VSIP}"]`).waitFor();
    await shoot('pipeline-english');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: `Tiến độ phát triển đảng viên — ${vsip.name}` }).waitFor();
    // Diacritics arrive as the API sent them: precomposed (NFC), as Vietnamese text is stored.
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).toContain(vsip.name);
    expect(body).toBe(body.normalize('NFC'));
  });

  it('works at tablet width: no screen scrolls sideways', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [name, heading, file] of [
      ['Tiến độ hồ sơ', 'Tiến độ phát triển đảng viên', 'pipeline'],
      ['Chỉ tiêu', 'Chỉ tiêu phát triển đảng viên', 'quotas'],
      ['Nhắc việc', 'Nhắc việc và thời hạn bị lỡ', 'reminders'],
      ['Hồ sơ', 'Danh sách hồ sơ', 'dossiers'],
      ['Báo cáo', 'Báo cáo theo kỳ', 'report'],
    ]) {
      await section(name);
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${heading}`) }).waitFor();
      await page.locator('main [aria-busy="false"]').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect([name, overflow]).toEqual([name, 0]);
      await shoot(`tablet-${file}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows an organisation's founding date under each screen's heading, as the API records it", async () => {
    const created = await api<OrganizationView>('/organizations', {
      method: 'POST',
      as: ADMIN,
      body: { id: 'chi-bo-moi-thanh-lap', name: 'Chi bộ Công ty Mới', kind: 'cell', parentId: VSIP, foundedOn: '2024-05-19' },
    });
    expect(created.status).toBe(201);
    const { foundedOn } = created.body;
    await page.goto(`${server.url}/quotas?org=${created.body.id}`);
    await page.getByRole('heading', { level: 1, name: `Chỉ tiêu phát triển đảng viên — ${created.body.name}` }).waitFor();
    const [year, month, day] = (foundedOn as string).split('-');
    expect(await text(`.org-founded[data-founded-on="${foundedOn}"]`)).toBe(`Thành lập ngày ${day}/${month}/${year}`);
    await shoot('founded-on');
    // An organisation without one shows no such line.
    const vsip = await get<OrganizationView>(`/organizations/${VSIP}`);
    expect(vsip.foundedOn).toBeNull();
    await page.goto(`${server.url}/quotas?org=${VSIP}`);
    await page.getByRole('heading', { level: 1, name: `Chỉ tiêu phát triển đảng viên — ${vsip.name}` }).waitFor();
    await page.locator('.quota-card').first().waitFor();
    expect(await page.locator('.org-founded').count()).toBe(0);
  });

  it('is usable from the keyboard: the skip link comes first and leads to the content', async () => {
    await page.goto(`${server.url}/pipeline?org=${VSIP}`);
    await page.locator(`[data-pipeline-of="${VSIP}"]`).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chuyển đến nội dung chính');
    await page.keyboard.press('Enter');
    await until('focus in the content', () => page.evaluate(() => location.hash), (hash) => hash === '#main');
    // Tab from there reaches the pipeline's controls before anything else.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('as-of');
  });

  it('signs out, which ends the session on the server; a viewer then signs in and is offered no step form', async () => {
    const pageToken = (await page.evaluate(() => sessionStorage.getItem('ketnap.token'))) ?? '';
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('ketnap.token'))).toBeNull();
    expect((await api('/me', { as: pageToken })).status).toBe(401);

    const viewer = { username: 'xem.vsip', displayName: 'Người xem VSIP', role: 'viewer', orgId: VSIP, password: 'mật khẩu người xem 2025' };
    expect((await api('/accounts', { method: 'POST', as: ADMIN, body: viewer })).status).toBe(201);
    await page.getByLabel('Tên đăng nhập').fill(viewer.username);
    await page.getByLabel('Mật khẩu').fill(viewer.password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.locator(`[data-pipeline-of="${VSIP}"]`).waitFor();
    expect(await page.locator('[data-who-am-i] [data-field="role"]').textContent()).toBe('Xem');

    const dossier = await get<DossierView>(`/dossiers/${dossierId}`);
    expect(dossier.allowed.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/dossiers/${dossierId}?org=${VSIP}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${dossier.candidate.fullName}`) }).waitFor();
    await page.locator('[data-field="revision"]').waitFor();
    expect(await page.locator('#next-step-title').count()).toBe(0);
    expect(await page.getByLabel('Bước', { exact: true }).count()).toBe(0);
    await shoot('dossier-viewer');
  });

  it('every screen had labelled controls, named buttons and readable contrast, and no script error', () => {
    const failing = Object.entries(audits).filter(([, found]) => found.length > 0);
    expect(failing).toEqual([]);
    expect(Object.keys(audits).length).toBeGreaterThanOrEqual(12);
    expect(problems).toEqual([]);
  });
});
