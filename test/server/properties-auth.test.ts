/**
 * docs/conventions.md §2, docs/rules.md OP2 and O5 — properties of credentials on every route: dj-client, dj-api-key,
 * Authorization, customer-account-id (and other header) variations; operators below a route's permission level;
 * storefront users without FOC_Admin. Harness, checks and how to run: properties-harness.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allRoutes, requestArb } from './arbitraries.js'
import {
  LEVEL,
  MAX_BODY,
  TIMEOUT,
  assertClean,
  byKey,
  byteLength,
  exchangeOnce,
  expectCode,
  expectedAuth,
  fcOptions,
  headerValue,
  matchRoute,
  template,
  useSeed,
} from './properties-harness.js'

useSeed()

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  it(
    '§2 headers: dj-client, dj-api-key, Authorization, customer-account-id, If-Match, Idempotency-Key, dj-store variations — 400 without dj-client, 403 wrong client, 401 bad key or token, 403 account or group, never 5xx',
    async () => {
      const arb = fc.constantFrom(...allRoutes).chain((route) =>
        requestArb(route, template.pools, template.keys, { focus: 'headers', maxBodyBytes: MAX_BODY }).map((req) => ({
          route: route.key,
          req,
        })),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, req }) => {
          const route = byKey(key)
          const x = await exchangeOnce(req)
          const extra: string[] = []
          if (matchRoute(req.method, req.url)?.route === route && byteLength(req.body) <= MAX_BODY) {
            const expected = expectedAuth(route, req.headers)
            const shown = JSON.stringify(
              Object.fromEntries(
                ['dj-client', 'dj-api-key', 'authorization', 'customer-account-id'].map((h) => [
                  h,
                  headerValue(req.headers, h),
                ]),
              ),
            )
            if (expected) extra.push(...expectCode(x, expected.status, expected.code, `§2 headers ${shown}`))
            else if (route.audience === 'public' && x.status !== 200)
              extra.push(`§2 ${route.path} needs no credentials: expected 200, got ${x.status}`)
          }
          assertClean(x, extra)
        }),
        fcOptions(400),
      )
    },
    TIMEOUT,
  )

  it(
    "OP2 an operator below the route's permission level gets a 403 FORBIDDEN and changes nothing, whatever the input",
    async () => {
      const guarded = allRoutes.filter((r) => r.role && r.role !== 'Reader')
      const lowKeys = [...template.levels.entries()].filter(([, level]) => level < 3).map(([key]) => key)
      const arb = fc
        .constantFrom(...guarded)
        .chain((route) =>
          fc.tuple(
            fc.constant(route.key),
            requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }),
            fc.constantFrom(...lowKeys),
          ),
        )
      await fc.assert(
        fc.asyncProperty(arb, async ([routeKey, req, key]) => {
          const route = byKey(routeKey)
          const headers = { ...req.headers, 'dj-client': 'OPERATOR', 'dj-api-key': key }
          const x = await exchangeOnce({ ...req, headers })
          const extra: string[] = []
          if (
            matchRoute(req.method, req.url)?.route === route &&
            byteLength(req.body) <= MAX_BODY &&
            template.levels.get(key)! < LEVEL[route.role!]
          ) {
            extra.push(
              ...expectCode(
                x,
                403,
                'FORBIDDEN',
                `OP2 ${route.role} route with a level-${template.levels.get(key)} key`,
              ),
            )
          }
          assertClean(x, extra)
        }),
        fcOptions(300),
      )
    },
    TIMEOUT,
  )

  it(
    'O5 a storefront user without FOC_Admin gets a 403 FORBIDDEN on FOC_Admin routes and changes nothing, whatever the input',
    async () => {
      const guarded = allRoutes.filter((r) => r.group === 'FOC_Admin')
      expect(guarded.length).toBeGreaterThan(1)
      const arb = fc
        .constantFrom(...guarded)
        .chain((route) =>
          fc.tuple(
            fc.constant(route.key),
            requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }),
          ),
        )
      await fc.assert(
        fc.asyncProperty(arb, async ([routeKey, req]) => {
          const route = byKey(routeKey)
          const { 'customer-account-id': _account, ...rest } = req.headers
          const headers = { ...rest, 'dj-client': 'ACCOUNT', authorization: `Bearer ${template.keys.shop.user}` }
          const x = await exchangeOnce({ ...req, headers })
          const extra =
            matchRoute(req.method, req.url)?.route === route && byteLength(req.body) <= MAX_BODY
              ? expectCode(x, 403, 'FORBIDDEN', `O5 ${route.operationId} with an FOC_User token`)
              : []
          assertClean(x, extra)
        }),
        fcOptions(150),
      )
    },
    TIMEOUT,
  )
})
