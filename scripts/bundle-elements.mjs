/**
 * Self-contained ES modules of the five elements, lit and the SDK included, for a plain
 * `<script type="module" src>` on any static host: one file per element, `all.js` for the five, the import
 * worker beside them, and the code they share in `shared-*.js` chunks (a page that loads two elements
 * downloads lit once). Used for the elements' `cdn/` folder and for the demo pages the reference server ships.
 */
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname

export const ELEMENT_ENTRIES = {
  'user-import': 'components/user-import/index.ts',
  'org-tree': 'components/org-tree/index.ts',
  'operator-table': 'components/operator-table/index.ts',
  'tag-picker': 'components/tag-picker/index.ts',
  'company-users': 'components/company-users/index.ts',
  // `<dj-user-import>` starts `new Worker(new URL('./import.worker.js', import.meta.url))`: esbuild does not
  // bundle workers, so the worker is an entry of its own, in the same folder as the code that names it.
  'import.worker': 'components/user-import/import.worker.ts',
}

/** Bundles the elements into `outdir` (absolute, or relative to the repository). */
export async function bundleElements(outdir) {
  const outdirPath = resolve(root, outdir)
  const result = await build({
    entryPoints: ELEMENT_ENTRIES,
    outdir: outdirPath,
    bundle: true,
    splitting: true,
    chunkNames: 'shared-[hash]',
    minify: true,
    sourcemap: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Sources, not dist/: the bundle does not depend on the packages having been built first.
    conditions: ['dj-source'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: root,
  })
  // `all.js` imports the five entries rather than bundling them again: bundled as an entry of its own, it would
  // split every element's code into chunks of its own.
  const all = `${Object.keys(ELEMENT_ENTRIES)
    .filter((e) => e !== 'import.worker')
    .map((e) => `import './${e}.js'`)
    .join('\n')}\n`
  await writeFile(join(outdirPath, 'all.js'), all)
  return [...Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')), 'all.js']
}
