/**
 * Debian's Chromium driven by playwright-core (which downloads no browser of its own). Launched headless, without
 * the sandbox (tests run as root in containers), with a fresh profile (Playwright makes one per launch) and with
 * every background connection off: on a machine without internet Chromium's own update, sync and component requests
 * would be refused and slow it down.
 *
 * Without /usr/bin/chromium the browser suite prints one line and skips — except under CI, where it must run
 * (.ci/run installs the `chromium` package).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI) throw new Error(`CI is set, but ${CHROMIUM} is missing: install it (apt-get install -y chromium)`);
  return `NOTICE: no ${CHROMIUM}: skipping the browser suite (apt-get install -y chromium to run it)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=vi-VN',
    ],
  });
}
