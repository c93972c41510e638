/**
 * Headless Chromium for the Node-driven browser work (the end-to-end tests and the component benchmarks):
 * Debian's `chromium` (`scripts/ensure-chromium.mjs` installs it), with the flags the browser tests use
 * (web-test-runner.config.mjs), driven by playwright-core.
 */
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}
