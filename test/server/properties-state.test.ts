/**
 * docs/budgets.md §6 — properties of state over several requests: random sequences over all routes on one store,
 * concurrent writes on one entity (random interleavings), mostly-valid writes in sequence; the end state always
 * passes the contract. Harness, checks and how to run: properties-harness.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allRoutes,
  bodyArb,
  encode,
  pathValueArb,
  requestArb,
  urlArb,
  validHeaders,
  type FuzzRequest,
  type RouteInfo,
} from './arbitraries.js'
import {
  IGNORE,
  MAX_BODY,
  TIMEOUT,
  UNSERIALISABLE,
  assertClean,
  byKey,
  fcOptions,
  freshApp,
  send,
  short,
  snap,
  storageProblems,
  template,
  useSeed,
} from './properties-harness.js'

useSeed()

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  it(
    '§6 never 500 — random sequences of requests over all routes share one store (state carries over)',
    async () => {
      const anyRequest = fc
        .constantFrom(...allRoutes)
        .chain((r) => requestArb(r, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }))
      await fc.assert(
        fc.asyncProperty(fc.array(anyRequest, { minLength: 2, maxLength: 8 }), async (reqs) => {
          const t = await freshApp(template.json, false)
          for (const req of reqs) assertClean(await send(t, req))
        }),
        fcOptions(120),
      )
    },
    TIMEOUT,
  )

  it(
    '§6 concurrent requests on the same entity (random interleavings) never answer 5xx nor leave invalid data',
    async () => {
      // Routes grouped by the entity their first path parameter names (`operator-users`, `customer-accounts`, …).
      const groups = new Map<string, RouteInfo[]>()
      for (const r of allRoutes) {
        // Reads cannot break the end state; writes racing each other can.
        if (!r.params.length || r.method === 'GET') continue
        const segment = r.path.split(`/{${r.params[0]}}`)[0].split('/').pop()!
        groups.set(segment, [...(groups.get(segment) ?? []), r])
      }
      const candidates = [...groups].filter(
        ([segment, rs]) => rs.length > 1 && template.pools.bySegment[segment]?.length,
      )
      expect(candidates.length).toBeGreaterThan(1)
      const batch = fc.constantFrom(...candidates).chain(([segment, rs]) =>
        fc
          .tuple(
            fc.constantFrom(...template.pools.bySegment[segment]),
            fc.array(
              fc.constantFrom(...rs).chain((route) =>
                fc.record({
                  route: fc.constant(route.key),
                  rest: fc.tuple(...route.params.slice(1).map((p) => pathValueArb(route, p, template.pools, true))),
                  body: route.body ? bodyArb(route, template.pools, MAX_BODY) : fc.constant(undefined),
                  // Start after 0–3 turns of the event loop, so requests interleave at every await.
                  delay: fc.nat(3),
                }),
              ),
              { minLength: 2, maxLength: 5 },
            ),
          )
          .map(([id, reqs]) =>
            reqs.map(({ route: key, rest, body, delay }) => {
              const route = byKey(key)
              let url = route.path.replace(`{${route.params[0]}}`, encode(id))
              route.params.slice(1).forEach((p, i) => (url = url.replace(`{${p}}`, rest[i])))
              const headers = validHeaders(route, template.keys, body !== undefined)
              return {
                delay,
                req: { method: route.method, url, headers, ...(body !== undefined ? { body } : {}) } as FuzzRequest,
              }
            }),
          ),
      )
      // Hashing yields to the event loop (as a busy thread pool would), so handlers interleave at their awaits.
      const subtle = globalThis.crypto.subtle
      const digest = subtle.digest
      Object.defineProperty(subtle, 'digest', {
        configurable: true,
        writable: true,
        value: async (...args: Parameters<SubtleCrypto['digest']>) => {
          await new Promise((r) => setTimeout(r, 0))
          return digest.apply(subtle, args)
        },
      })
      const tick = () => new Promise((r) => setTimeout(r, 0))
      try {
        await fc.assert(
          fc.asyncProperty(batch, async (reqs) => {
            const t = await freshApp(template.json, false)
            const exchanges = await Promise.all(
              reqs.map(async ({ delay, req }) => {
                for (let i = 0; i < delay; i++) await tick()
                return send(t, req)
              }),
            )
            for (const x of exchanges) assertClean(x, [], true)
            const end = snap(t)
            const problems = (
              end.startsWith(UNSERIALISABLE)
                ? [`storage can no longer be serialised (${end})`]
                : storageProblems(JSON.parse(end))
            ).filter((m) => !IGNORE?.test(`§6 ${m}`))
            if (problems.length) {
              throw new Error(
                `§6 concurrent requests left invalid data: ${problems.join('; ')}\n${exchanges.map((x, i) => `  [start +${reqs[i].delay} ticks] ${x.req.method} ${x.req.url} ${short(x.req.body, 120)} → ${x.status} ${x.body?.code ?? ''}`).join('\n')}`,
              )
            }
          }),
          fcOptions(250),
        )
      } finally {
        delete (subtle as unknown as Record<string, unknown>).digest
      }
    },
    TIMEOUT,
  )

  it(
    '§6 a 2xx never stores invalid data — mostly-valid writes in sequence keep every record within the contract',
    async () => {
      const writes = allRoutes.filter((r) => r.method !== 'GET')
      // Valid bodies from the schemas (and their examples), real ids, the route's own top credentials: many writes succeed.
      const writeReq = fc.constantFrom(...writes).chain((route) =>
        fc
          .tuple(
            urlArb(route, template.pools, fc.constant('')),
            route.body ? bodyArb(route, template.pools, MAX_BODY) : fc.constant(undefined),
          )
          .map(
            ([url, body]): FuzzRequest => ({
              method: route.method,
              url,
              headers: validHeaders(route, template.keys, body !== undefined),
              ...(body !== undefined ? { body } : {}),
            }),
          ),
      )
      await fc.assert(
        fc.asyncProperty(fc.array(writeReq, { minLength: 3, maxLength: 10 }), async (reqs) => {
          const t = await freshApp(template.json, false)
          for (const req of reqs) assertClean(await send(t, req))
        }),
        fcOptions(120),
      )
    },
    TIMEOUT,
  )
})
