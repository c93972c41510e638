/**
 * docs/conventions.md §2, docs/budgets.md §6 — properties of the HTTP conventions on every route: malformed JSON,
 * media types and oversized bodies; page/size/sort edge values on lists; existing, garbage, overlong and
 * percent-encoded path ids; methods a path does not have. Harness, checks and how to run: properties-harness.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allRoutes,
  bodyArb,
  contentTypeArb,
  queryArb,
  requestArb,
  urlArb,
  validHeaders,
  type FuzzRequest,
} from './arbitraries.js'
import {
  JSON_TYPES,
  MAX_BODY,
  NON_JSON_TYPES,
  TIMEOUT,
  assertClean,
  byKey,
  byteLength,
  exchangeOnce,
  expectCode,
  fcOptions,
  hasOwnCredentials,
  isJsonText,
  matchRoute,
  template,
  useSeed,
} from './properties-harness.js'

useSeed()

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  it(
    '§2 bodies: malformed JSON is a 400 MALFORMED_JSON, a non-JSON media type a 415, an oversized body a 413 — all problems that change nothing',
    async () => {
      const bodyRoutes = allRoutes.filter((r) => r.body)
      expect(bodyRoutes.length).toBeGreaterThan(5)
      const arb = fc.constantFrom(...bodyRoutes).chain((route) =>
        fc.record({
          route: fc.constant(route.key),
          // Real ids only, no query, the route's own valid credentials: the body is the only thing that varies.
          url: urlArb(route, template.pools, fc.constant(''), true),
          contentType: contentTypeArb,
          body: fc.oneof(bodyArb(route, template.pools, MAX_BODY), fc.constant(undefined)),
        }),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, url, contentType, body }) => {
          const route = byKey(key)
          const headers: Record<string, string> = validHeaders(route, template.keys)
          if (contentType !== undefined) headers['content-type'] = contentType
          const x = await exchangeOnce({ method: route.method, url, headers, ...(body !== undefined ? { body } : {}) })
          const extra: string[] = []
          const ct = contentType?.trim() || undefined
          // CSV imports take bodies up to 64 MiB (maxImportBytes); every other route 1 MiB.
          if (byteLength(body) > MAX_BODY && route.key !== 'importJobs.create')
            extra.push(...expectCode(x, 413, 'PAYLOAD_TOO_LARGE', '§2 a body over the limit'))
          else if (ct !== undefined && NON_JSON_TYPES.has(ct) && !route.body!.mediaTypes.includes(ct))
            extra.push(...expectCode(x, 415, 'UNSUPPORTED_MEDIA_TYPE', `§2 content-type ${ct}`))
          else if (ct === undefined && body)
            extra.push(...expectCode(x, 415, 'UNSUPPORTED_MEDIA_TYPE', '§2 a body without content-type'))
          else if (ct !== undefined && JSON_TYPES.has(ct) && body !== undefined && !isJsonText(body))
            extra.push(...expectCode(x, 400, 'MALFORMED_JSON', '§2 malformed JSON'))
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 lists: page/size/sort edge values (-1, 1001, abc, 1e309, huge, repeated, x:y:z, ",", ":desc") are a 200 page or a 400 problem',
    async () => {
      const listRoutes = allRoutes.filter(
        (r) => r.method === 'GET' && r.queryKeys.includes('page') && r.queryKeys.includes('size'),
      )
      expect(listRoutes.length).toBeGreaterThan(3)
      const arb = fc
        .constantFrom(...listRoutes)
        .chain((route) => fc.tuple(fc.constant(route.key), queryArb(route, template.pools, true)))
      await fc.assert(
        fc.asyncProperty(arb, async ([key, query]) => {
          const route = byKey(key)
          const x = await exchangeOnce({
            method: 'GET',
            url: route.path + query,
            headers: validHeaders(route, template.keys),
          })
          const q = new URLSearchParams(query.slice(1))
          const names = new Set(q.keys())
          const plain = (v: string) => (/^\d+$/.test(v) ? Number(v) : null)
          const pages = q.getAll('page')
          const sizes = q.getAll('size')
          const extra: string[] = []
          const badSize = sizes.some(
            (v) => v === '-1' || v === 'abc' || (plain(v) !== null && (plain(v)! > 1000 || plain(v)! < 1)),
          )
          const badPage = pages.some(
            (v) => v === '-1' || v === 'abc' || (plain(v) !== null && plain(v)! > 1_000_000_000),
          )
          if (badSize) extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 size outside 1–1000'))
          else if (badPage) extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 page outside 0–1e9'))
          else if (
            [...names].every((n) => n === 'page' || n === 'size' || n === 'sort') &&
            pages.length <= 1 &&
            sizes.length <= 1
          ) {
            const page = pages.length ? plain(pages[0]) : 0
            const size = sizes.length ? plain(sizes[0]) : 20
            if (page !== null && size !== null) {
              // OP5: malformed or unknown sort entries are ignored, never a 400.
              if (x.status !== 200)
                extra.push(
                  `§2 page=${page} size=${size} with sort ${JSON.stringify(q.getAll('sort'))} should be a 200 page, got ${x.status} ${x.body?.code}`,
                )
              else if (x.body.number !== page || x.body.size !== size || x.body.content.length > size)
                extra.push(
                  `§2 page envelope ${JSON.stringify({ number: x.body.number, size: x.body.size, n: x.body.content.length })} for page=${page} size=${size}`,
                )
            }
          }
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 path ids: existing, external, garbage, very long and percent-encoded ids are 2xx, 400 (over 255) or 404 problems',
    async () => {
      const itemRoutes = allRoutes.filter((r) => r.params.length > 0)
      const arb = fc.constantFrom(...itemRoutes).chain((route) =>
        requestArb(route, template.pools, template.keys, { focus: 'path', maxBodyBytes: MAX_BODY }).map((req) => ({
          route: route.key,
          req,
        })),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, req }) => {
          const route = byKey(key)
          const x = await exchangeOnce(req)
          const extra: string[] = []
          const m = matchRoute(req.method, req.url)
          const plainRequest = !req.url.includes('?') && hasOwnCredentials(route, req.headers)
          if (m?.route === route && plainRequest && byteLength(req.body) <= MAX_BODY) {
            const decoded = m.values.map((v) => {
              try {
                return decodeURIComponent(v)
              } catch {
                return v
              }
            })
            if (decoded.some((v) => v.length > 255))
              extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 a path id over 255 characters'))
            else if (route.method === 'GET' && decoded.every((v) => !template.pools.all.includes(v)))
              extra.push(...expectCode(x, 404, 'NOT_FOUND', '§2 an unknown id'))
          }
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 a method a path does not have (PATCH, PUT, POST, DELETE, GET, OPTIONS, custom) is a 404/405 problem that changes nothing',
    async () => {
      const methodsByPath = new Map<string, Set<string>>()
      for (const r of allRoutes) methodsByPath.set(r.path, new Set([...(methodsByPath.get(r.path) ?? []), r.method]))
      const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND']
      const pairs = [...methodsByPath].flatMap(([path, ms]) =>
        METHODS.filter((m) => !ms.has(m)).map((m) => ({ path, method: m })),
      )
      const arb = fc.constantFrom(...pairs).chain(({ path, method }) => {
        const route = allRoutes.find((r) => r.path === path)!
        return requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }).map(
          (req): FuzzRequest => {
            const { body, ...rest } = req
            return { ...rest, method, ...(method !== 'GET' && body !== undefined ? { body } : {}) }
          },
        )
      })
      await fc.assert(
        fc.asyncProperty(arb, async (req) => {
          const x = await exchangeOnce(req)
          const routed = matchRoute(req.method, req.url)
          const extra =
            !routed && byteLength(req.body) <= MAX_BODY && x.status !== 404 && x.status !== 405
              ? [`§2 ${req.method} on a path without it: expected 404/405, got ${x.status}`]
              : []
          assertClean(x, extra)
        }),
        fcOptions(250),
      )
    },
    TIMEOUT,
  )
})
