#!/usr/bin/env node
/** Builds `components/cdn/` (see bundle-elements.mjs); the elements package runs it in its build. */
import { rm } from 'node:fs/promises'
import { bundleElements } from './bundle-elements.mjs'

const out = new URL('../components/cdn/', import.meta.url)
await rm(out, { recursive: true, force: true })
const files = await bundleElements(out.pathname)
console.log(`cdn: ${files.length} files in components/cdn/`)
