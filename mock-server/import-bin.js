#!/usr/bin/env node
// `dj-import` (I9). The package ships TypeScript sources; tsx runs them without a build step.
import { register } from 'tsx/esm/api'
register()
await import('./import-cli.ts')
