#!/usr/bin/env node
/**
 * Bundles the components for the demo pages: `demos/dist/<component>.js`, one ES module each, lit and the SDK
 * included, minified. `npm start` runs this first (`prestart`), so `/demos/` always serves the current code;
 * `demos/dist/` is build output and not committed.
 */
import { build } from 'esbuild'

const entries = {
  'operator-table': 'components/operator-table/index.ts',
  'tag-picker': 'components/tag-picker/index.ts',
  'org-tree': 'components/org-tree/index.ts',
  'user-import': 'components/user-import/index.ts',
  // esbuild leaves `new Worker(new URL('./import.worker.ts', import.meta.url))` alone (it does not bundle
  // workers): <dj-user-import>'s worker is an entry of its own, and the demo pages name it in `worker-url`.
  'user-import.worker': 'components/user-import/import.worker.ts',
}

await build({
  entryPoints: entries,
  outdir: new URL('../demos/dist/', import.meta.url).pathname,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: new URL('..', import.meta.url).pathname,
})
console.log(`demos: built ${Object.keys(entries).map((e) => `demos/dist/${e}.js`).join(', ')}`)
