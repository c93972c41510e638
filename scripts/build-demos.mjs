#!/usr/bin/env node
/**
 * The demo pages the reference server serves at `/demos/`, prebuilt into `mock-server/dist/demos/` so that an
 * installed `dj-mock-server` needs no build at run time: the pages of `demos/` and, in `dist/`, the elements
 * bundled as for the `cdn/` folder. The server package runs this in its build.
 */
import { cp, mkdir, readdir, rm } from 'node:fs/promises'
import { bundleElements } from './bundle-elements.mjs'

const src = new URL('../demos/', import.meta.url)
const out = new URL('../mock-server/dist/demos/', import.meta.url)
await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
for (const name of await readdir(src)) {
  if (/\.(html|css|js)$/.test(name)) await cp(new URL(name, src), new URL(name, out))
}
const files = await bundleElements(new URL('dist/', out).pathname)
console.log(`demos: pages and ${files.length} bundles in mock-server/dist/demos/`)
