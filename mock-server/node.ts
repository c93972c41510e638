/**
 * The reference server under Node: the app of `createApp` on @hono/node-server, plus what only a
 * real server has — a JSON file, the interactive API reference at `/docs` and the demo pages at `/demos/`.
 * Node-only (file system): never imported by the browser build.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createHash } from 'node:crypto'
import { PasswordPool } from './crypto/password-pool.js'
import { useSha256 } from './crypto/tokens.js'
import { createApp, type AppOptions, type DjApp } from './app.js'
import { DEMO_CUSTOMER_EXTERNAL_IDS, DEMO_CUSTOMER_PASSWORD, DEMO_KEYS, ensureOperatorKey, seedDemo } from './seed.js'
import { databaseShapeProblem } from './db.js'
import { allGroups } from './domain/memberships.js'
import { JSONFileStore } from './storage/json-file.js'
import { MemoryStore } from './storage/store.js'

const here = dirname(fileURLToPath(import.meta.url))
// The demo pages and their bundles, prebuilt by the package's build (scripts/build-demos.mjs) into dist/demos/:
// beside this file once compiled (dist/node.js), under dist/ when run from the sources in the repository.
const demosDir = [join(here, 'demos'), join(here, 'dist', 'demos')].find((d) => existsSync(join(d, 'index.html')))
const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

export interface ServerOptions {
  port?: number
  host?: string
  /** A lowdb JSON file, or `:memory:`. */
  db?: string
  /** `demo`: the demo data with its generated bulk (docs/demo-data.md); `demo-small`: the named demo records only. */
  seed?: 'demo' | 'demo-small' | 'empty'
  /** Ensures an ACTIVE Admin operator whose API key is this. */
  adminKey?: string
  strict?: boolean
  /** Browser origins allowed to call (CORS): `'*'` (default, any) or a list. */
  corsOrigin?: '*' | string[]
  /** R4: threads that hash customer passwords. Default: cores − 1, between 1 and 2. */
  passwordWorkers?: number
  /** R3: finished import jobs kept (see {@link AppOptions.importJobRetention}). */
  importJobRetention?: AppOptions['importJobRetention']
}

export interface RunningServer {
  app: DjApp
  url: string
  port: number
  /** Stops accepting requests, finishes the write in flight, releases the file. */
  close(): Promise<void>
  /** What a newcomer needs to call the server, for the start banner. */
  credentials: { kind: 'operator' | 'customer'; label: string; key: string }[]
}

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dj-customers API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', tryItOutEnabled: true,
  requestInterceptor: (r) => { r.headers['dj-client'] = r.headers['dj-client'] || 'OPERATOR'; return r } })</script>
</body></html>`

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dbPath = options.db ?? ':memory:'
  // R2: the file is locked for the server's lifetime and must hold the server's data (or nothing yet).
  const store = dbPath === ':memory:' ? new MemoryStore() : new JSONFileStore(dbPath, { check: databaseShapeProblem })
  // R4: keys and tokens hashed natively in the calling thread; passwords in a pool of their own, off libuv's threads.
  useSha256((bytes) => createHash('sha256').update(bytes).digest())
  const passwords = new PasswordPool({ size: options.passwordWorkers })
  const app = await createApp({
    store,
    strict: options.strict,
    corsOrigin: options.corsOrigin,
    importJobRetention: options.importJobRetention,
    passwords,
    // R7: the per-address login limit counts the peer's address (a proxy in front would need its own handling).
    clientAddress: (c) => getConnInfo(c).remote.address,
  }).catch(async (e: unknown) => {
    await store.close()
    throw e
  })
  const credentials: RunningServer['credentials'] = []
  let changed = false
  const demo = options.seed === 'demo' || options.seed === 'demo-small'
  if (demo && (await seedDemo(app.db, { bulk: options.seed === 'demo' }))) changed = true
  if (demo) {
    for (const [group, key] of Object.entries(DEMO_KEYS))
      credentials.push({ kind: 'operator', label: `${group} operator`, key })
    // Only the users who have the demo password (not the generated thousands).
    for (const externalId of DEMO_CUSTOMER_EXTERNAL_IDS) {
      const u = app.db.customerUsers.findBy('externalId', externalId)
      if (u)
        credentials.push({
          kind: 'customer',
          label: allGroups(u).join(', '),
          key: `${u.email}  ${DEMO_CUSTOMER_PASSWORD}`,
        })
    }
  }
  if (options.adminKey) {
    await ensureOperatorKey(app.db, options.adminKey)
    credentials.push({ kind: 'operator', label: 'Admin operator (--admin-key)', key: options.adminKey })
    changed = true
  }
  if (changed)
    await app.commit().catch(async (e: unknown) => {
      await app.close()
      throw e
    })

  app.get('/docs', (c) => c.html(DOCS_HTML))
  app.use(
    '/docs/assets/*',
    serveStatic({ root: swaggerDir, rewriteRequestPath: (p) => p.replace(/^\/docs\/assets/, '') }),
  )
  app.get('/demos', (c) => c.redirect('/demos/'))
  if (demosDir)
    app.use(
      '/demos/*',
      serveStatic({ root: demosDir, index: 'index.html', rewriteRequestPath: (p) => p.replace(/^\/demos/, '') }),
    )
  else app.get('/demos/*', (c) => c.text('The demo pages are not built: run `npm run build` in the repository.', 404))

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 8787 }, () =>
      resolve(s),
    )
    // The port is taken (or not allowed): release the data file before saying so.
    s.once('error', (e) => app.close().then(() => reject(e), reject))
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host ?? '127.0.0.1'
  return {
    app,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    credentials,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await app.close()
      await passwords.close()
    },
  }
}
