/**
 * The module worker of `<dj-user-import>`: parses, maps and checks the CSV off the main thread with the SDK's
 * import module (see `import-engine.ts`). Started by the element with
 * `new Worker(new URL('./import.worker.js', import.meta.url), { type: 'module' })`, the pattern Vite, webpack
 * and Parcel turn into a worker bundle; other setups build this file as its own entry and give its URL in the
 * element's `worker-url` attribute.
 *
 * The import module is imported statically and the engine made synchronously (`makeEngine`): no top-level
 * await and no dynamic `import()`, which a worker bundled as one classic script cannot have (Vite builds workers
 * as `iife` by default and rejects both). Nothing is loaded earlier for it: the worker itself starts only when
 * an import does.
 *
 * Protocol: the worker posts `{ ready: true }` once the import module is loaded; then each message
 * `{ id, request }` gets one reply `{ id, reply }`, in order. The file's bytes come in transferred.
 */
import * as csv from '@dj-customers/sdk/import'
import { makeEngine, type EngineRequest } from './import-engine.js'

interface Scope {
  postMessage(message: unknown): void
  onmessage: ((event: MessageEvent<{ id: number; request: EngineRequest }>) => void) | null
}
const scope = self as unknown as Scope

const engine = makeEngine(csv)
// One request at a time, in the order they came: a check always sees the edits sent before it.
let queue: Promise<unknown> = Promise.resolve()
scope.onmessage = ({ data: { id, request } }) => {
  queue = queue.then(async () => scope.postMessage({ id, reply: await engine.call(request) }))
}
scope.postMessage({ ready: true })
