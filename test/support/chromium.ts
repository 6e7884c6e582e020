import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, driven headless by playwright-core (never a downloaded browser). */
export const CHROMIUM = process.env['GATEHOUSE_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_SKIP: string | false = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (install Debian's chromium)`;
if (CHROMIUM_SKIP && process.env['CI']) throw new Error(CHROMIUM_SKIP);

/**
 * Starts a headless Chromium; with `proxy`, every request goes through that HTTP proxy (AWS's host
 * names reaching Gatehouse), and the test CA's certificates are accepted.
 */
export async function launchChromium(options: { proxy?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    ...(options.proxy !== undefined ? { proxy: { server: options.proxy } } : {}),
  });
}

/** Reads the TOTP seed Gatehouse shows on the MFA registration page, when it shows one. */
export async function registrationSecret(page: Page): Promise<string | undefined> {
  const secret = page.locator('#totp-secret');
  return (await secret.count()) > 0 ? ((await secret.textContent()) ?? undefined)?.trim() : undefined;
}

/**
 * Signs in on Gatehouse's pages as a person would: user name and password, then the MFA code
 * (registering the authenticator first when the page asks for it; `seed` holds the registered
 * seed across sign-ins), and allows access on the consent page.
 */
export async function signInWithChromium(
  page: Page,
  person: { userName: string; password: string },
  mfa: { seed?: string; code: (seed: string) => string },
): Promise<string> {
  await page.fill('#username', person.userName);
  await page.fill('#password', person.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#code');
  const seed = (await registrationSecret(page)) ?? mfa.seed;
  if (seed === undefined) throw new Error('the MFA page shows no seed and none is registered');
  await page.fill('#code', mfa.code(seed));
  await page.click('button[type=submit]');
  await page.waitForSelector('#allow');
  await page.click('#allow');
  return seed;
}
