#!/usr/bin/env node
/**
 * Makes sure a Chromium for the browser tests exists (`npm run test:browser` runs this before `wtr`).
 *
 * - `CHROMIUM_PATH` set and present, or `/usr/bin/chromium` present → exit 0.
 * - Otherwise, as root with apt-get available → `apt-get update && apt-get install -y chromium`
 *   (Debian's package; test tools cannot download their own browser here), output streamed → exit 0 on
 *   success.
 * - Otherwise → a message saying how to get one, exit 1.
 *
 * Plain Node, no dependencies, so it runs before anything else is built.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const DEFAULT_PATH = '/usr/bin/chromium'
const configured = process.env.CHROMIUM_PATH

if (configured) {
  if (existsSync(configured)) process.exit(0)
  console.error(`ensure-chromium: CHROMIUM_PATH is set to ${configured}, but no file is there.`)
  process.exit(1)
}
if (existsSync(DEFAULT_PATH)) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0

if (isRoot && hasApt) {
  console.log(`ensure-chromium: no Chromium at ${DEFAULT_PATH}; installing Debian's "chromium" package with apt-get…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env })
    if (run.status !== 0) {
      console.error(`ensure-chromium: "apt-get ${args.join(' ')}" failed (exit ${run.status ?? run.signal}).`)
      process.exit(1)
    }
  }
  if (existsSync(DEFAULT_PATH)) {
    console.log(`ensure-chromium: Chromium installed at ${DEFAULT_PATH}.`)
    process.exit(0)
  }
  console.error(`ensure-chromium: apt-get finished, but ${DEFAULT_PATH} is still missing.`)
  process.exit(1)
}

console.error(`ensure-chromium: the browser tests need Chromium, and none was found at ${DEFAULT_PATH}.
Install it, then run the tests again:
  sudo apt-get install chromium        (Debian/Ubuntu)
or point CHROMIUM_PATH at an existing Chromium or Chrome binary:
  CHROMIUM_PATH=/path/to/chromium npm run test:browser`)
process.exit(1)
