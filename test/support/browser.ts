import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser is downloaded), headless,
 * one browser per test file. Playwright gives every browser a fresh profile of its own.
 */
export const CHROMIUM = process.env['GATEHOUSE_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const root = new URL('../../', import.meta.url).pathname;

/** Builds the console into a fresh directory of its own (the server under test serves it). */
export function buildConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-console-'));
  execFileSync(process.execPath, [join(root, 'console', 'build.mjs'), dir], { stdio: 'pipe' });
  return dir;
}

/** Where the run's screenshots go (printed once). */
export function screenshotDir(): string {
  const dir = process.env['GATEHOUSE_SCREENSHOTS'] ?? join(root, '.artifacts', 'console-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The sizes and themes every main page is photographed in. */
export const VIEWS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Screenshots of the page as it is now: desktop and phone widths, light and dark themes. */
export async function photograph(page: Page, dir: string, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const view of VIEWS) {
    await page.setViewportSize({ width: view.width, height: view.height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(dir, `${name}-${view.name}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original !== null) await page.setViewportSize(original);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility violation axe-core found. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA and best-practice rules in the page, in both themes; the serious and
 * critical violations. (axe is evaluated through the DevTools protocol: the console's CSP forbids
 * any script the page did not load itself, and rightly.)
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const found: AxeViolation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (!(await page.evaluate("'axe' in window"))) await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r) => r.violations)",
    )) as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
    for (const v of violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        found.push({ id: `${v.id} (${scheme})`, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
