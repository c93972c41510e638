/**
 * `@dj-customers/mock-server`: the reference server, for in-process use. Browser-safe: the Node server with
 * its JSON file lives in `./node.ts`, exported as `@dj-customers/mock-server/node`.
 */
export { createApp, type AppOptions, type DjApp } from './app.js'
export { MemoryStore, GroupCommit, type Store } from './storage/store.js'
export { Db, type DatabaseJson } from './db.js'
export { DEMO_KEYS, ensureOperatorKey, seedDemo } from './seed.js'
export {
  ListEngine,
  normalize,
  parseSort,
  multiValue,
  type ListDefinition,
  type ListQuery,
  type PageResult,
} from './list-engine.js'
