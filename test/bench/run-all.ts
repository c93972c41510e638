/**
 * Runs every benchmark of docs/budgets.md §5 that lives here, one after the other, each in its own Node process
 * (a fresh heap each, and nothing left running from the previous one). `npm run bench`.
 *
 * Figures are printed, never asserted: the machine is shared and noisy, so each benchmark measures its own
 * baseline in the same run and prints the ratio. The exit code is non-zero only when a benchmark fails
 * functionally (a request not answered as expected, data missing after a reopen, a crash) — or, for
 * bundle-size, whose sizes are deterministic, when a bundle is over budget.
 *
 *   npm run bench [-- name…]      e.g.  npm run bench -- list-engine
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BENCHES = [
  'bundle-size',
  'list-engine',
  'customer-list',
  'org-tree',
  'http-list',
  'concurrent-creates',
  'import-server',
]
BENCHES.push('csv-import-sdk') // §5 import in the SDK: decode + parse + map + validate vs papaparse
BENCHES.push('operator-table-render', 'org-tree-render') // §5 components in headless Chromium
BENCHES.push('user-import-render') // §5 / issue 14: 100,000 rows to first rows, scrolling 20,000 rows
BENCHES.push('install-weight') // §5 node_modules of a project that installs only the elements, or only the SDK
BENCHES.push('auth-under-load') // R4 authenticated GET p95 while logins and an import hash passwords
BENCHES.push('import-responsiveness') // §5 /health p99 while a 100,000-row import runs, vs the idle server (R4)
const wanted = process.argv.slice(2)
const selected = wanted.length ? BENCHES.filter((b) => wanted.includes(b)) : BENCHES
if (wanted.some((w) => !BENCHES.includes(w))) {
  console.error(
    `unknown benchmark(s): ${wanted.filter((w) => !BENCHES.includes(w)).join(', ')}; known: ${BENCHES.join(', ')}`,
  )
  process.exit(2)
}

const summary: string[] = []
let failed = 0
for (const name of selected) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url))
  console.log(`\n━━━ ${name} ${'━'.repeat(Math.max(0, 70 - name.length))}`)
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--conditions=dj-source', '--import', 'tsx', file], { stdio: 'inherit' })
  const secs = ((performance.now() - t0) / 1000).toFixed(1)
  const ok = r.status === 0
  if (!ok) failed++
  summary.push(`  ${name.padEnd(20)} ${ok ? 'ran' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs} s`)
}
console.log(`\n━━━ summary\n${summary.join('\n')}`)
process.exit(failed ? 1 : 0)
