/**
 * Where Chromium is and the flags every headless run here uses: the component tests (web-test-runner.config.mjs),
 * the end-to-end tests, the consumer suite and the benches (test/chromium.ts). One list, so they run the same browser.
 */
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
