import { defineConfig } from 'vitest/config'
import { sourceConditions } from './vitest.config.js'

/**
 * The end-to-end tests (`npm run test:e2e`): the reference server started for real, the demo pages driven in
 * Chromium. Kept apart from `vitest run` because they need Chromium and the built demo bundles, which
 * `test:e2e` ensures first.
 */
export default defineConfig({
  ...sourceConditions,
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server and one browser for the file; the steps share them in order.
    fileParallelism: false,
  },
})
