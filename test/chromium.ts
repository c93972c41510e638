/**
 * Headless Chromium for the Node-driven browser work (the end-to-end tests and the component benchmarks):
 * Debian's `chromium` (`scripts/ensure-chromium.mjs` installs it), with the flags the browser tests use
 * (scripts/chromium.mjs), driven by playwright-core.
 */
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'

export { CHROMIUM_ARGS, CHROMIUM_PATH }

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}
