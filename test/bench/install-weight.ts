/**
 * §5 Install weight: the `node_modules` of a fresh project that installs only the elements (≤ 8 MiB), and of
 * one that installs only the SDK (≤ 3 MiB), from the tarballs `npm pack` makes (as from the registry). Next to
 * them, in the same run, the weight of what they cannot do without: lit alone, and openapi-fetch alone, so
 * the figure that is ours is the difference.
 *
 *   node --conditions=dj-source --import tsx test/bench/install-weight.ts
 *
 * Weight = the apparent size of every file under node_modules (what `du -sb --apparent-size` counts). Sizes
 * are deterministic for a given lockfile and registry: the exit code is 1 when a budget is exceeded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { folderBytes, makeProject, MiB, packAll, removeProject } from '../consumer/packages.js'

const elementsPkg = JSON.parse(await readFile(new URL('../../components/package.json', import.meta.url), 'utf8'))
const sdkPkg = JSON.parse(await readFile(new URL('../../sdk/package.json', import.meta.url), 'utf8'))

const packs = await mkdtemp(join(tmpdir(), 'dj-weight-'))
const projects: string[] = []
let over = false
try {
  const tarballs = await packAll(packs)
  const cases: { name: string; deps: Record<string, string>; budget?: number }[] = [
    { name: 'lit alone (baseline)', deps: { lit: elementsPkg.dependencies.lit } },
    { name: 'openapi-fetch alone (baseline)', deps: { 'openapi-fetch': sdkPkg.dependencies['openapi-fetch'] } },
    // The SDK tarball stands in for the registry, where npm would fetch the elements' dependency itself.
    {
      name: 'only @dj-customers/elements',
      deps: {
        '@dj-customers/elements': tarballs['@dj-customers/elements'],
        '@dj-customers/sdk': tarballs['@dj-customers/sdk'],
      },
      budget: 8 * MiB,
    },
    { name: 'only @dj-customers/sdk', deps: { '@dj-customers/sdk': tarballs['@dj-customers/sdk'] }, budget: 3 * MiB },
  ]
  const weights: Record<string, number> = {}
  for (const c of cases) {
    const dir = await makeProject(c.name.replace(/\W+/g, '-'), c.deps)
    projects.push(dir)
    weights[c.name] = await folderBytes(join(dir, 'node_modules'))
  }
  const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`
  console.log('install-weight: node_modules of a fresh project (apparent size of its files)\n')
  for (const c of cases) {
    const w = weights[c.name]
    const budget = c.budget
      ? `budget ${mib(c.budget)}, ${(w / c.budget).toFixed(2)}× of it: ${w <= c.budget ? 'OK' : 'OVER BUDGET'}`
      : ''
    if (c.budget && w > c.budget) over = true
    console.log(`  ${c.name.padEnd(32)} ${mib(w).padStart(10)}  ${budget}`)
  }
  const lit = weights['lit alone (baseline)']
  const fetchOnly = weights['openapi-fetch alone (baseline)']
  console.log(
    `\n  elements ÷ lit alone           ${(weights['only @dj-customers/elements'] / lit).toFixed(2)}×  (ours: ${mib(weights['only @dj-customers/elements'] - lit - fetchOnly)} besides lit and openapi-fetch)`,
  )
  console.log(
    `  SDK ÷ openapi-fetch alone      ${(weights['only @dj-customers/sdk'] / fetchOnly).toFixed(2)}×  (ours: ${mib(weights['only @dj-customers/sdk'] - fetchOnly)})`,
  )
} finally {
  await Promise.all(projects.map(removeProject))
  await rm(packs, { recursive: true, force: true })
}
process.exit(over ? 1 : 0)
