/**
 * What a user of our packages does first: `npm pack` each workspace (its `prepack` builds it), then
 * `npm install` the tarballs into a fresh project outside the repository. Shared by the consumer tests
 * (`npm run test:consumer`) and the install-weight benchmark.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const exec = promisify(execFile)
export const REPO = fileURLToPath(new URL('../../', import.meta.url))
/** The tools a consumer would install themselves; here they come from the repository's own devDependencies. */
export const BIN = {
  tsc: join(REPO, 'node_modules/typescript/bin/tsc'),
  vite: join(REPO, 'node_modules/vite/bin/vite.js'),
  vitest: join(REPO, 'node_modules/vitest/vitest.mjs'),
  publint: join(REPO, 'node_modules/publint/src/cli.js'),
  attw: join(REPO, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
}

export const PACKAGES = {
  spec: '@dj-customers/spec',
  sdk: '@dj-customers/sdk',
  'mock-server': '@dj-customers/mock-server',
  components: '@dj-customers/elements',
} as const
export type Workspace = keyof typeof PACKAGES
/** Tarball path of each package name. */
export type Tarballs = Record<(typeof PACKAGES)[Workspace], string>

/** Runs a command (never through a shell); rejects with its output when it fails. */
export async function run(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
) {
  try {
    return await exec(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      timeout: options.timeout ?? 120_000,
      maxBuffer: 64 << 20,
    })
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed in ${options.cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
}

const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeout: 300_000 })

/** `npm pack` of every workspace into `dest` (each `prepack` builds its package first). */
export async function packAll(dest: string): Promise<Tarballs> {
  await mkdir(dest, { recursive: true })
  const { stdout } = await npm(['pack', '--workspaces', '--pack-destination', dest, '--json'], REPO)
  // The builds print lines of their own before npm's JSON.
  const packed = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as { name: string; filename: string }[]
  return Object.fromEntries(packed.map((p) => [p.name, join(dest, p.filename)])) as Tarballs
}

/**
 * A fresh project in a temporary folder that depends on `deps` (name → tarball path or registry version) and
 * has them installed, with `files` written in it. The caller removes it (`rm(dir)`).
 */
export async function makeProject(
  name: string,
  deps: Record<string, string>,
  files: Record<string, string> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `dj-consumer-${name}-`))
  const dependencies = Object.fromEntries(
    Object.entries(deps).map(([n, v]) => [n, v.endsWith('.tgz') ? `file:${v}` : v]),
  )
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module', dependencies }, null, 2),
  )
  await npm(['install'], dir)
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

export const removeProject = (dir: string | undefined) => (dir ? rm(dir, { recursive: true, force: true }) : undefined)

/** Bytes of every file under `dir` (apparent size, symlinks not followed): the weight of an install. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await folderBytes(path)
    else if (entry.isFile()) total += (await stat(path)).size
  }
  return total
}

export const MiB = 1024 * 1024

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
  '.csv': 'text/csv',
}

/**
 * A static file server on 127.0.0.1 (any free port) for `root`, as any static host would serve a built site:
 * another origin than the API's, so the elements' requests are cross-origin.
 */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    )
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path)
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
