/**
 * docs/budgets.md §6 — one property per route (random bodies, queries, path ids and headers: never 5xx; 4xx =
 * problem+json and nothing stored; 2xx stores valid data) for stores, settings, operators and their API keys,
 * customer tags, buying policies, custom fields, the outbox, the audit log and health: every route that
 * properties-routes-customers.test.ts does not take. Also: the fuzzer sees every route of the contract.
 * Harness, checks and how to run: properties-harness.ts.
 */
import { describe, expect, it } from 'vitest'
import { allRoutes } from './arbitraries.js'
import { fuzzEachRoute, matchRoute, platformRoutes, useSeed } from './properties-harness.js'

useSeed()

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  it('§6 the fuzzer sees every route of the contract', () => {
    expect(allRoutes.length).toBeGreaterThan(30)
    expect(new Set(allRoutes.map((r) => `${r.method} ${r.path}`)).size).toBe(allRoutes.length)
    // Every route can be reached by its own pattern (the generated URLs are meaningful).
    for (const r of allRoutes) expect(matchRoute(r.method, r.path.replace(/\{[^}]+\}/g, 'x'))?.route.key).toBe(r.key)
  })

  fuzzEachRoute(platformRoutes)
})
