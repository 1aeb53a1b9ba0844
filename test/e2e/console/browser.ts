import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../infra';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the screenshots go (git-ignored), for a person to look at. */
export const screenshotDir = path.join(repoRoot, 'test/e2e/console/screenshots');

export const WIDTHS = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
export type Width = keyof typeof WIDTHS;

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** A fresh tab (its own sessionStorage) at one of the two widths; dialogs are recorded, never accepted. */
export const openTab = async (
  browser: Browser,
  width: Width,
): Promise<{ context: BrowserContext; page: Page; dialogs: string[]; pageErrors: string[] }> => {
  const context = await browser.newContext({
    viewport: WIDTHS[width],
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, dialogs, pageErrors };
};

/** Signs in through the form, as a person does, and waits for the task list. */
export const signIn = async (page: Page, baseUrl: string, token: string): Promise<void> => {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
};

/** True when the page is wider than its viewport (the user would have to scroll sideways). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's violations of impact serious or critical. Its source is evaluated through the
 * DevTools protocol, which the page's CSP does not govern (an injected <script> would be refused).
 */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.evaluate(axeSource);
  const result = await page.evaluate<AxeViolation[]>(`(async () => {
    const run = await window.axe.run(document);
    return run.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  })()`);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

export const screenshot = async (page: Page, name: string, width: Width): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}-${WIDTHS[width].width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
};

/**
 * Polls an expression in the page until it is true. Not `waitForFunction`: that evaluates its string
 * with `eval` inside the page, which the console's CSP (rightly) refuses.
 */
export const waitInPage = async (page: Page, expression: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`still false after ${timeoutMs} ms: ${expression}`);
    await page.waitForTimeout(50);
  }
};
