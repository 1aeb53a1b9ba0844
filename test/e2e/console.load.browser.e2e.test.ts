import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { ServiceProcess } from '../infra';
import { launchBrowser, openTab } from './console/browser';
import { getJson, startEmbeddedLeadflow } from './console/leadflowForConsole';

// How many customers (each with one open first-contact task) to load. The engine takes about 30 s per
// 1,000 on a CI machine, so CI loads 1,000; CONSOLE_LOAD_CUSTOMERS=10000 is the figure for the notes.
const CUSTOMERS = Number(process.env.CONSOLE_LOAD_CUSTOMERS ?? 1000);
const BATCH = 1000;
const FIRST_SCREEN_MS = 1000;

type Batch = { accepted: number; items: Array<{ customerId?: string }> };
type Task = { taskId: string };

const leadsFrom = (start: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    UserDetails: {
      FirstName: `Load${start + i}`,
      LastName: 'Customer',
      Email: `load.customer${start + i}@console-load.example`,
      Company: `Load Company ${(start + i) % 97}`,
      Country: 'DE',
    },
    LeadSource: 'AzureMarketplace',
    ActionCode: 'PLT',
    OfferTitle: `Load Offer ${(start + i) % 7}`,
  }));

/**
 * POSTs one batch, again when the connection drops: with the engine busy for tens of seconds on the
 * batch before, the server may close a connection whose request it had no time to read. A batch sent
 * twice is harmless: the second copy of each lead is a duplicate within the dedup window.
 */
const sendBatch = async (service: ServiceProcess, body: string, tries = 4): Promise<Response> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(`${service.url}/v1/leads:batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    } catch (error) {
      if (attempt >= tries)
        throw new Error(`${(error as Error).message}; server output:\n${service.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
};

// The tasks and customers pages with many rows behind them, and sign-in against a server with tokens.
const token = `console-load-${randomUUID()}`;

describe(`console: first screens with ${CUSTOMERS.toLocaleString('en')} customers and open tasks`, () => {
  const auth = { authorization: `Bearer ${token}` };
  let service: ServiceProcess & { dispose(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    service = await startEmbeddedLeadflow({ LEADFLOW_API_TOKENS: `${token}:ingest+read+write` });
    // Given N new customers, sent through the batch route 1,000 leads a call
    const started = Date.now();
    let last: string | undefined;
    for (let start = 0; start < CUSTOMERS; start += BATCH) {
      const response = await sendBatch(
        service,
        JSON.stringify(leadsFrom(start, Math.min(BATCH, CUSTOMERS - start))),
      );
      const body = (await response.json()) as Batch;
      expect({ status: response.status, accepted: body.accepted }).toEqual({
        status: 200,
        accepted: Math.min(BATCH, CUSTOMERS - start),
      });
      last = body.items[body.items.length - 1]?.customerId ?? last;
    }
    // And every one of them holding its open first-contact task (follow-ups run in order: the last one's is the last)
    const deadline = Date.now() + 600_000;
    for (;;) {
      const tasks = await getJson<{ items: Task[] }>(
        `${service.url}/v1/tasks?customerId=${last}`,
        auth,
      ).catch(() => ({ items: [] }));
      if (tasks.items.length > 0) break;
      if (Date.now() > deadline)
        throw new Error(`the follow-ups did not catch up:\n${service.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    let open = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page: { items: Task[]; nextCursor: string | null } = await getJson(
        `${service.url}/v1/tasks?status=open&limit=500${query}`,
        auth,
      );
      open += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(open).toBeGreaterThanOrEqual(CUSTOMERS);
    console.log(
      `loaded ${CUSTOMERS} customers and ${open} open tasks in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    browser = await launchBrowser();
  }, 1_800_000);
  afterAll(async () => {
    await browser?.close();
    await service?.dispose();
  });

  it('refuses an unknown token with the API’s own message, then signs in with the right one', async () => {
    const { page, context } = await openTab(browser, 'laptop');
    await page.goto(`${service.url}/`);
    await page.getByLabel('API token').fill('not-a-token-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'unknown token' }).waitFor();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await context.close();
  });

  it('renders the first screen of the tasks page and of the customers page in under a second', async () => {
    const { page, context } = await openTab(browser, 'laptop');
    await page.goto(`${service.url}/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    // The landing page's reads finish first: the embedded store answers one query at a time
    await page
      .getByRole('link', { name: /^Load\d+ Customer$/ })
      .first()
      .waitFor();
    const figures: Record<string, number> = {};
    // A full load of each page (the bundle, the list, and for tasks the customers' names), twice: cold and warm
    for (const round of ['cold', 'warm']) {
      // about:blank between pages: each is a full page load (the tab keeps its sessionStorage)
      await page.goto('about:blank');
      let started = Date.now();
      await page.goto(`${service.url}/#/tasks`, { waitUntil: 'commit' });
      await page.locator('table.tasks tbody tr[data-task-id]').first().waitFor();
      figures[`tasks rows (${round})`] = Date.now() - started;
      await page
        .getByRole('link', { name: /^Load\d+ Customer$/ })
        .first()
        .waitFor();
      figures[`tasks with names (${round})`] = Date.now() - started;
      expect(await page.locator('table.tasks tbody tr[data-task-id]').count()).toBe(25);

      await page.goto('about:blank');
      started = Date.now();
      await page.goto(`${service.url}/#/customers`, { waitUntil: 'commit' });
      await page.locator('table.customers tbody tr').first().waitFor();
      figures[`customers (${round})`] = Date.now() - started;
      expect(await page.locator('table.customers tbody tr').count()).toBe(25);
    }
    console.log(
      `first screen with ${CUSTOMERS} customers/tasks, ms: ${Object.entries(figures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    // The first screen is the rows; the tasks' customer names are read one customer each and fill in after
    for (const [name, ms] of Object.entries(figures).filter(([n]) => !n.includes('names')))
      expect({ name, under: ms < FIRST_SCREEN_MS }).toEqual({ name, under: true });
    await context.close();
  });
});
