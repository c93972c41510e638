#!/usr/bin/env node
/**
 * `dj-mock-server` — the reference server on the command line (docs/conventions.md §2c). Flags win over `DJ_*`
 * environment variables, which win over defaults; `PORT` is honoured too.
 */
import { parseArgs } from 'node:util'
import { startServer } from './node.js'

const HELP = `dj-mock-server — the dj-customers reference server

Options (environment variable in brackets):
  --port N         port, 0 = any free port          [DJ_PORT, PORT]   default 8787
  --host HOST      interface to listen on           [DJ_HOST]         default 127.0.0.1
  --db FILE        lowdb JSON file, or :memory:     [DJ_DB]           default :memory:
  --seed NAME      demo | demo-small | empty        [DJ_SEED]         default empty
                   demo: the demo data with its generated bulk; demo-small: the named records only
  --admin-key KEY  ensure an Admin operator with this API key, at least 16 characters [DJ_ADMIN_KEY]
  --strict         unknown query parameters → 400   [DJ_STRICT=1]
  --import-jobs-kept N
                   finished import jobs kept (the newest) [DJ_IMPORT_JOBS_KEPT] default 100
  --import-job-days D
                   days a finished import job is kept [DJ_IMPORT_JOB_DAYS] default 30
  --cors-origin ORIGIN
                   only this browser origin may call (CORS), e.g. http://localhost:5173;
                   repeatable or comma-separated    [DJ_CORS_ORIGIN]  default * (any origin)
  --help           this text

Serves the API, /openapi.json, /docs (interactive reference) and /demos/.`

/** R5: the shortest `--admin-key` accepted. */
const MIN_ADMIN_KEY = 16

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    seed: { type: 'string' },
    'admin-key': { type: 'string' },
    strict: { type: 'boolean' },
    'cors-origin': { type: 'string', multiple: true },
    'import-jobs-kept': { type: 'string' },
    'import-job-days': { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
})
if (values.help) {
  console.log(HELP)
  process.exit(0)
}

const env = process.env
const fail = (message: string): never => {
  console.error(`dj-mock-server: ${message}\n\n${HELP}`)
  process.exit(2)
}
const portText = values.port ?? env.DJ_PORT ?? env.PORT ?? '8787'
const port = Number(portText)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0–65535, not ${portText}`)
const seed = values.seed ?? env.DJ_SEED ?? 'empty'
if (seed !== 'demo' && seed !== 'demo-small' && seed !== 'empty')
  fail(`--seed must be demo, demo-small or empty, not ${seed}`)
const corsOrigin = corsOrigins(values['cors-origin'] ?? (env.DJ_CORS_ORIGIN ? [env.DJ_CORS_ORIGIN] : []))
const adminKey = values['admin-key'] ?? (env.DJ_ADMIN_KEY || undefined)
// R3: how many finished import jobs are kept, and for how long.
const positive = (flag: string, text: string | undefined, integer: boolean) => {
  if (text === undefined || text === '') return undefined
  const n = Number(text)
  return n > 0 && (!integer || Number.isInteger(n))
    ? n
    : fail(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, not ${text}`)
}
const importJobRetention = {
  kept: positive('import-jobs-kept', values['import-jobs-kept'] ?? env.DJ_IMPORT_JOBS_KEPT, true),
  maxAgeDays: positive('import-job-days', values['import-job-days'] ?? env.DJ_IMPORT_JOB_DAYS, false),
}
// R5: a key short enough to guess is refused (the seed's demo keys are made by code, not by this flag).
if (adminKey !== undefined && adminKey.length < MIN_ADMIN_KEY) {
  console.error(
    `dj-mock-server: --admin-key must be at least ${MIN_ADMIN_KEY} characters (it has ${adminKey.length}); use a long random key`,
  )
  process.exit(2)
}

let server: Awaited<ReturnType<typeof startServer>>
try {
  server = await startServer({
    port,
    host: values.host ?? env.DJ_HOST ?? '127.0.0.1',
    db: values.db ?? env.DJ_DB ?? ':memory:',
    seed: seed as 'demo' | 'demo-small' | 'empty',
    adminKey,
    strict: values.strict ?? /^(1|true|yes)$/i.test(env.DJ_STRICT ?? ''),
    corsOrigin,
    importJobRetention,
  })
} catch (e) {
  // R2: a data file in use or not the server's data, a disk that refuses the first save, a port taken: one line.
  const message = e instanceof Error ? e.message : String(e)
  console.error(`dj-mock-server: ${message.replace(/\s+/g, ' ').trim()}`)
  process.exit(1)
}

// Before the banner: whoever reads it may stop the server at once. R2: close() releases the lock after the last flush.
let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    // Finish the write in flight, then exit 0 (docs/conventions.md §2c).
    await server.close()
    process.exit(0)
  })
}

console.log(`dj-customers reference server on ${server.url}`)
console.log(`  API reference  ${server.url}/docs`)
console.log(`  demos          ${server.url}/demos/`)
if (corsOrigin !== '*') console.log(`  CORS           only ${corsOrigin.join(', ')}`)
const operators = server.credentials.filter((c) => c.kind === 'operator')
const customers = server.credentials.filter((c) => c.kind === 'customer')
if (operators.length) {
  console.log('  back office    send  dj-client: OPERATOR  and  dj-api-key: <key>')
  for (const { label, key } of operators) console.log(`    ${label.padEnd(30)} ${key}`)
}
if (customers.length) {
  console.log('  storefront     POST /auth/token {email, password} with dj-client: ACCOUNT')
  for (const { label, key } of customers) console.log(`    ${label.padEnd(30)} ${key}`)
}

/** `--cors-origin`: `*` (any), or origins, compared with what a browser sends in `Origin` (scheme://host[:port]). */
function corsOrigins(given: string[]): '*' | string[] {
  const list = given
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  if (!list.length || list.includes('*')) return '*'
  return list.map((o) => {
    // URL normalises as browsers do (lower-case host, no default port, no path), so http://Shop.test:80/ still matches.
    const origin = URL.canParse(o) ? new URL(o).origin : 'null'
    return origin === 'null' ? fail(`--cors-origin takes * or origins such as http://localhost:5173, not ${o}`) : origin
  })
}
