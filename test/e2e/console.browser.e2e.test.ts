import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { ServiceProcess } from '../infra';
import {
  launchBrowser,
  openTab,
  screenshot,
  scrollsSideways,
  seriousViolations,
  signIn,
  waitInPage,
  type Width,
} from './console/browser';
import { getJson, loadCorpus, startEmbeddedLeadflow, waitForReadSide } from './console/leadflowForConsole';

type Task = {
  taskId: string;
  customerId: string;
  kind: string;
  status: string;
  dueAt: string;
  atRisk?: boolean;
};
type Page_<T> = { items: T[]; nextCursor: string | null };
type CustomerView = { id: string; names: string[]; emails: string[]; stage: string | null };
type Funnel = {
  stages: Record<string, number>;
  conversion: Array<{ from: string; to: string; rate: number | null }>;
  medianSpeedToLeadSeconds: number | null;
};

// A refused delivery whose kept body is markup: the review page must show it as text.
const HOSTILE_BODY =
  '{"UserDetails": "<img src=x onerror=alert(1)><script>window.__pwned = 1; alert(2)</script>"';

// The sales console in Debian's Chromium against leadflow on the embedded default with the corpus loaded.
describe('console: the web UI in a real browser', () => {
  let service: ServiceProcess & { dispose(): Promise<void> };
  let browser: Browser;
  // Open mode takes any token: this one is sent all the same, so the tests can look for it where it must not be.
  const token = `console-e2e-${randomUUID()}`;
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    service = await startEmbeddedLeadflow();
    // Given the committed corpus and one hostile refused delivery, through the API
    expect(await loadCorpus(service.url)).toBeGreaterThan(100);
    const hostile = await fetch(`${service.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: HOSTILE_BODY,
    });
    expect(hostile.status).toBe(400);
    await waitForReadSide(service.url);
    browser = await launchBrowser();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await service?.dispose();
  });

  const tab = async (width: Width = 'laptop') => {
    const opened = await openTab(browser, width);
    opened.page.on('request', (request) => requestedUrls.push(request.url()));
    await signIn(opened.page, service.url, token);
    return opened;
  };
  const api = <T>(path: string) => getJson<T>(`${service.url}${path}`);
  const rowsOf = (page: Page) => page.locator('table.tasks tbody tr[data-task-id]');

  it('serves the page with a CSP that forbids inline script, and assets under 200 KB gzipped', async () => {
    const response = await fetch(`${service.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const html = await response.text();
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('script-src-attr')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Every asset the page names comes from this server, none inline
    const names = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(html).not.toMatch(/<script>|<style>|\son[a-z]+=/i);
    let gzipped = 0;
    for (const name of names.filter((n) => /\.(js|css)$/.test(n))) {
      expect(name.startsWith('/console/')).toBe(true);
      const asset = await fetch(`${service.url}${name}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      gzipped += gzipSync(Buffer.from(await asset.arrayBuffer())).length;
    }
    console.log(`console JS+CSS: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(names.filter((n) => /\.(js|css)$/.test(n))).toHaveLength(2);
    expect(gzipped).toBeLessThan(200 * 1024);
  });

  it('lists on the task page the open tasks the API lists, overdue first, at risk next, with due dates in the browser locale', async () => {
    const { page, context } = await tab();
    const expected = await api<Page_<Task>>('/v1/tasks?status=open&limit=25');
    expect(expected.items.length).toBeGreaterThan(0);
    await rowsOf(page).first().waitFor();
    const shown = await rowsOf(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id')));
    const now = Date.now();
    const late = expected.items.filter((t) => Date.parse(t.dueAt) < now);
    const atRisk = expected.items.filter((t) => Date.parse(t.dueAt) >= now && t.atRisk === true);
    const onTime = expected.items.filter((t) => Date.parse(t.dueAt) >= now && t.atRisk !== true);
    expect(shown).toEqual([...late, ...atRisk, ...onTime].map((t) => t.taskId));
    // The customer's name fills in (the task list carries only its id)
    const first = expected.items[0]!;
    const view = await api<CustomerView>(`/v1/customers/${first.customerId}`);
    const row = page.locator(`tr[data-task-id="${first.taskId}"]`);
    if (view.names[0] !== undefined) await row.getByRole('link', { name: view.names[0] }).waitFor();
    // Dates are written in the browser's locale and time zone (en-GB, Paris in this tab)
    const paris = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(new Date(first.dueAt));
    expect(await row.locator(`time[datetime="${first.dueAt}"]`).first().textContent()).toBe(paris);
    await context.close();
  });

  it('completes a first-contact task with the keyboard alone, and the customer becomes qualified', async () => {
    const { page, context } = await tab();
    const open = await api<Page_<Task>>('/v1/tasks?status=open&kind=first-contact&limit=25');
    const task = open.items[0]!;
    await page.locator(`tr[data-task-id="${task.taskId}"]`).waitFor();
    // When a rep tabs to the task's Complete button and presses Enter
    // The focused element as `TAG|accessible label|task id of its row` (evaluated in the page)
    const focusedText = () =>
      page.evaluate<string>(`(() => {
        const el = document.activeElement;
        const label = el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
        return [el?.tagName ?? '', label, el?.closest('tr')?.getAttribute('data-task-id') ?? ''].join('|');
      })()`);
    const tabUntil = async (matches: (focused: string) => boolean, limit: number) => {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        if (matches(await focusedText())) return;
      }
      throw new Error(`no such control within ${limit} tabs; focus on ${await focusedText()}`);
    };
    await tabUntil((f) => f.startsWith('BUTTON|Complete') && f.endsWith(`|${task.taskId}`), 200);
    await page.keyboard.press('Enter');
    // Then the note takes the focus; the rep types it and tabs to the outcome
    await waitInPage(page, "document.activeElement?.tagName === 'TEXTAREA'");
    await page.keyboard.type('Spoke on the phone, budget approved');
    await tabUntil((f) => f.startsWith('BUTTON|Qualified'), 10);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'completed as qualified' }).waitFor();
    // The list is read again once the read side has applied the completion: the task leaves it
    await page.locator(`tr[data-task-id="${task.taskId}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    // And the customer's page shows the stage the outcome set
    await page.goto(`${service.url}/#/customers/${task.customerId}`);
    const stage = page.getByTestId('customer-stage');
    for (let i = 0; i < 20 && (await stage.textContent().catch(() => '')) !== 'qualified'; i += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await stage.waitFor();
    }
    expect(await stage.textContent()).toBe('qualified');
    expect((await api<CustomerView>(`/v1/customers/${task.customerId}`)).stage).toBe('qualified');
    await context.close();
  });

  it('finds a customer by email from the header search and opens it', async () => {
    const { page, context } = await tab('phone');
    const customers = await api<Page_<CustomerView>>('/v1/customers?limit=50');
    const target = customers.items.find((c) => c.emails.length > 0 && c.names.length > 0)!;
    const email = target.emails[0]!;
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(email);
    await page.getByRole('searchbox', { name: 'Search customers' }).press('Enter');
    const link = page.locator('table.customers tbody').getByRole('link', { name: target.names[0]! });
    await link.first().click();
    await page.getByRole('heading', { level: 1, name: target.names[0]! }).waitFor();
    await page.getByText(email, { exact: false }).first().waitFor();
    expect(page.url()).toContain(`#/customers/${target.id}`);
    await context.close();
  });

  it("shows the funnel's numbers as GET /v1/funnel answers them", async () => {
    const { page, context } = await tab();
    const funnel = await api<Funnel>('/v1/funnel');
    await page.getByRole('link', { name: 'Funnel' }).click();
    await page.locator('td[data-stage="referral"]').waitFor();
    for (const [stage, count] of Object.entries(funnel.stages)) {
      const text = await page.locator(`td[data-stage="${stage}"]`).textContent();
      expect({ stage, count: Number((text ?? '').replace(/[^0-9]/g, '')) }).toEqual({ stage, count });
    }
    for (const c of funnel.conversion) {
      const text = (await page.locator(`td[data-conversion="${c.from}-${c.to}"]`).textContent()) ?? '';
      const step = `${c.from}-${c.to}`;
      if (c.rate === null) expect({ step, text }).toEqual({ step, text: '—' });
      // Shown as a percentage with one decimal: within half of that last digit of the API's rate
      else
        expect({
          step,
          off: Math.abs(Number(text.replace(/[^0-9.]/g, '')) / 100 - c.rate) < 0.00051,
        }).toEqual({ step, off: true });
    }
    const speed = await page.getByTestId('speed-to-lead').textContent();
    if (funnel.medianSpeedToLeadSeconds === null) expect(speed).toBe('—');
    else expect(speed).not.toBe('—');
    // And the cohorts, by week of first lead
    const cohorts = await api<{ cohorts: Array<{ period: string; customers: number }> }>(
      '/v1/funnel/cohorts?period=week',
    );
    expect(cohorts.cohorts.length).toBeGreaterThan(0);
    for (const c of cohorts.cohorts) {
      const text = await page.locator(`td[data-cohort="${c.period}"]`).textContent();
      expect({ period: c.period, customers: Number((text ?? '').replace(/[^0-9]/g, '')) }).toEqual({
        period: c.period,
        customers: c.customers,
      });
    }
    // A refused query is shown as the API's own sentence
    await page.getByLabel('From (first day, UTC)').fill('2026-03-02');
    await page.getByLabel('To (last day, UTC)').fill('2026-03-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('alert').filter({ hasText: 'from is after to' }).waitFor();
    await context.close();
  });

  it('shows a refused body holding markup as text: no element made, no script run', async () => {
    const { page, context, dialogs, pageErrors } = await tab();
    await page.getByRole('link', { name: 'Review' }).click();
    const body = page.locator('pre.body', { hasText: '<img src=x onerror=alert(1)>' });
    await body.first().waitFor();
    expect(await body.first().textContent()).toBe(HOSTILE_BODY);
    expect(await body.first().evaluate((el) => el.childElementCount)).toBe(0);
    expect(await page.locator('main img, main script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('renders every page at 1280 and 390 px without sideways scrolling or serious accessibility violations', async () => {
    const customers = await api<Page_<CustomerView>>('/v1/customers?limit=1');
    const pages: Array<[string, string, string]> = [
      ['tasks', '#/tasks', 'Tasks'],
      ['customers', '#/customers', 'Customers'],
      ['customer', `#/customers/${customers.items[0]!.id}`, 'Identity'],
      ['funnel', '#/funnel', 'Funnel'],
      ['review-rejected', '#/review/rejected', 'Rejected'],
      ['review-unrecognized', '#/review/unrecognized', 'Unrecognized'],
      ['review-dead-letters', '#/review/dead-letters', 'Dead letters'],
    ];
    const problems: string[] = [];
    for (const width of ['laptop', 'phone'] as const) {
      const { page, context, pageErrors } = await openTab(browser, width);
      // The sign-in page itself
      await page.goto(`${service.url}/`);
      await page.getByLabel('API token').waitFor();
      await screenshot(page, 'sign-in', width);
      if (await scrollsSideways(page)) problems.push(`sign-in at ${width} scrolls sideways`);
      for (const v of await seriousViolations(page)) problems.push(`sign-in ${width}: ${JSON.stringify(v)}`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      for (const [name, hash, heading] of pages) {
        await page.goto(`${service.url}/${hash}`);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await waitInPage(page, "!document.body.innerText.includes('Loading')");
        await screenshot(page, name, width);
        if (await scrollsSideways(page)) problems.push(`${name} at ${width} scrolls sideways`);
        for (const v of await seriousViolations(page))
          problems.push(`${name} ${width}: ${JSON.stringify(v)}`);
      }
      expect(pageErrors).toEqual([]);
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('keeps the token out of URLs, the server log and localStorage, and signing out forgets it', async () => {
    const { page, context } = await tab();
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.locator('table.customers tbody tr').first().waitFor();
    expect(await page.evaluate<string>('JSON.stringify({ ...localStorage })')).not.toContain(token);
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage })')).toContain(token);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage })')).not.toContain(token);
    // Every URL any test's tab asked for, and everything the server wrote
    expect(requestedUrls.length).toBeGreaterThan(20);
    expect(requestedUrls.filter((u) => u.includes(token))).toEqual([]);
    expect(service.output()).toContain('request completed');
    expect(service.output()).not.toContain(token);
    await context.close();
  });
});
