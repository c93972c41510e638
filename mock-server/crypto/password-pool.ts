/**
 * R4: password hashing under Node, in a bounded pool of worker threads of its own. Node-only (`worker_threads`):
 * node.ts creates it and injects it into `createApp` (`passwords`); the app itself, and so MSW, never imports this
 * file and keeps Web Crypto (passwords.ts).
 *
 * Why: Web Crypto's PBKDF2 runs on libuv's threadpool — four threads shared with file writes and every other
 * `crypto.subtle` call. 300 concurrent logins, or an import with thousands of chosen passwords, filled it for
 * seconds, and every call that needed it (an API-key check hashed its key there) waited behind them. Here:
 *
 * - at most `size` threads hash (default: one less than the cores, at least one, at most two), each running
 *   node:crypto's PBKDF2 synchronously, one job at a time — the rest wait in a queue, in the main thread;
 * - two queues: every waiting `interactive` job (a login, a user saved through the API) goes before the next
 *   `bulk` one (an import's given passwords), so a login never waits behind a whole import;
 * - on Linux the threads run at a lower CPU priority (nice 10), so the event loop — every other request — wins
 *   the CPU when both want it.
 *
 * The stored form is the one of passwords.ts (PBKDF2-HMAC-SHA-256, 32 bytes, 16-byte salt, standard base64): a
 * hash made here verifies with Web Crypto and the other way round (test/server/password-kat.test.ts).
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { PasswordHash } from '../types.js'
import type { HashPriority, PasswordHasher } from './passwords.js'

/** The worker's whole program, evaluated as CommonJS (no file to resolve, from the sources or from dist/). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { pbkdf2Sync, randomBytes, timingSafeEqual } = require('node:crypto')
if (workerData.nice && process.platform === 'linux') {
  // Linux: a thread's own nice value (PRIO_PROCESS 0 is the calling thread); the main thread keeps its priority.
  try { require('node:os').setPriority(workerData.nice) } catch {}
}
parentPort.on('message', (m) => {
  try {
    let result
    if (m.op === 'hash') {
      const salt = randomBytes(16)
      const hash = pbkdf2Sync(m.password, salt, m.iterations, 32, 'sha256')
      result = { hash: hash.toString('base64'), salt: salt.toString('base64'), iterations: m.iterations }
    } else {
      const expected = Buffer.from(m.stored.hash, 'base64')
      const actual = pbkdf2Sync(m.password, Buffer.from(m.stored.salt, 'base64'), m.stored.iterations, 32, 'sha256')
      // Constant time: the time taken does not tell how many bytes matched.
      result = expected.length === actual.length && timingSafeEqual(expected, actual)
    }
    parentPort.postMessage({ id: m.id, result })
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) })
  }
})
`

type Message =
  | { op: 'hash'; password: string; iterations: number }
  | { op: 'verify'; password: string; stored: PasswordHash }

interface Job {
  id: number
  message: Message
  resolve(value: unknown): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  job: Job | null
}

export interface PasswordPoolOptions {
  /** Threads that hash. Default: cores − 1, at least 1, at most 2. */
  size?: number
  /** Linux nice value of the threads (0 = as the main thread). Default 10. */
  nice?: number
}

/** The default pool size for this machine: one less than the cores, between 1 and 2. */
export const defaultPoolSize = () => Math.max(1, Math.min(2, availableParallelism() - 1))

export class PasswordPool implements PasswordHasher {
  readonly size: number
  readonly #nice: number
  readonly #slots: Slot[] = []
  readonly #queues: Record<HashPriority, Job[]> = { interactive: [], bulk: [] }
  #nextId = 1
  #closed = false

  constructor(options: PasswordPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()))
    this.#nice = options.nice ?? 10
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn())
  }

  /** Jobs waiting for a thread, and jobs running (for benchmarks and health checks). */
  get pending() {
    return {
      queued: this.#queues.interactive.length + this.#queues.bulk.length,
      running: this.#slots.filter((s) => s.job).length,
    }
  }

  hash(password: string, iterations: number, priority: HashPriority = 'interactive'): Promise<PasswordHash> {
    return this.#submit({ op: 'hash', password, iterations }, priority) as Promise<PasswordHash>
  }

  verify(password: string, stored: PasswordHash, priority: HashPriority = 'interactive'): Promise<boolean> {
    const { hash, salt, iterations } = stored
    return this.#submit({ op: 'verify', password, stored: { hash, salt, iterations } }, priority) as Promise<boolean>
  }

  /** Stops the threads; jobs still queued or running are rejected. */
  async close() {
    if (this.#closed) return
    this.#closed = true
    const closed = new Error('password pool closed')
    for (const q of Object.values(this.#queues)) for (const job of q.splice(0)) job.reject(closed)
    await Promise.all(
      this.#slots.map(async (slot) => {
        slot.job?.reject(closed)
        slot.job = null
        await slot.worker.terminate()
      }),
    )
  }

  #submit(message: Message, priority: HashPriority): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('password pool closed'))
    return new Promise((resolve, reject) => {
      this.#queues[priority].push({ id: this.#nextId++, message, resolve, reject })
      this.#dispatch()
    })
  }

  #dispatch() {
    for (const slot of this.#slots) {
      if (slot.job) continue
      const job = this.#queues.interactive.shift() ?? this.#queues.bulk.shift()
      if (!job) break
      slot.job = job
      slot.worker.ref() // a job in flight keeps the process alive; an idle pool does not
      slot.worker.postMessage({ id: job.id, ...job.message })
    }
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { nice: this.#nice } })
    worker.unref()
    const slot: Slot = { worker, job: null }
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const job = slot.job
      if (!job || job.id !== m.id) return
      slot.job = null
      worker.unref()
      if (m.error !== undefined) job.reject(new Error(m.error))
      else job.resolve(m.result)
      this.#dispatch()
    })
    const lost = (error: Error) => {
      // A thread that dies (out of memory, a bug) fails its job only; a fresh one takes its place.
      const job = slot.job
      slot.job = null
      job?.reject(error)
      if (this.#closed) return
      const i = this.#slots.indexOf(slot)
      if (i >= 0) this.#slots[i] = this.#spawn()
      this.#dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', (code) => {
      if (!this.#closed && this.#slots.includes(slot)) lost(new Error(`password worker exited with code ${code}`))
    })
    return slot
  }
}
