/**
 * docs/budgets.md §6 — one property per route (random bodies, queries, path ids and headers: never 5xx; 4xx =
 * problem+json and nothing stored; 2xx stores valid data) for customer accounts, organisations, customer users,
 * import jobs, the storefront and login. Harness, checks and how to run: properties-harness.ts.
 */
import { describe } from 'vitest'
import { customerRoutes, fuzzEachRoute, useSeed } from './properties-harness.js'

useSeed()

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  fuzzEachRoute(customerRoutes)
})
