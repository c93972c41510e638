import { availableParallelism } from 'node:os'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

/**
 * `dj-source`: `@dj-customers/<package>` resolves to the workspace's TypeScript sources, so the tests run the
 * code as it is now, with no build first. What users install (the built packages) is tested by
 * `npm run test:consumer`.
 */
export const sourceConditions = {
  resolve: { conditions: ['dj-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['dj-source', ...defaultServerConditions], externalConditions: ['dj-source'] } },
}

export default defineConfig({
  ...sourceConditions,
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/e2e/**', 'test/consumer/**', 'node_modules/**'],
    testTimeout: 20_000,
    setupFiles: ['test/setup/frozen-rows.ts'],
    // vitest's default is one worker fewer than the cores: on a 2-core machine a single worker, every file in
    // turn (≈ 85 s for `vitest run`). Two workers there: ≈ 50 s; three or four, or the threads pool, were no
    // faster. With more cores the default stands.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})
