import { defineConfig } from 'vitest/config'

/**
 * The consumer suite (`npm run test:consumer`): every package packed and installed from its tarball into
 * fresh projects outside the repository, then used the way each of our users does (plain Node, TypeScript,
 * Vite, a script tag, vitest + MSW). No `dj-source` condition here: what runs is what ships.
 */
export default defineConfig({
  test: {
    include: ['test/consumer/**/*.test.ts'],
    globalSetup: ['test/consumer/setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
})
