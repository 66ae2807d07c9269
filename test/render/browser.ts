/** Debian's chromium driven by playwright-core, as the e2e tests use it; or why it cannot run here. */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.PLAYBOOK_E2E_CHROMIUM || '/usr/bin/chromium';

/** Undefined when the browser tests can run; else the reason they are skipped. */
export function browserSkipReason(): string | undefined {
  if (process.env.PLAYBOOK_BROWSER_TESTS === 'later')
    return 'PLAYBOOK_BROWSER_TESTS=later: .ci/run runs the browser tests after the e2e setup has installed chromium';
  if (!existsSync(CHROMIUM)) return `no chromium at ${CHROMIUM} (install Debian's chromium, e.g. bash test/e2e/setup.sh, or set PLAYBOOK_E2E_CHROMIUM)`;
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
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
