import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { DataFile } from 'lowdb/node'
import { GroupCommit, type Store } from './store.js'

const openFiles = new Set<string>()

/**
 * A lowdb JSON file: compact JSON (≈ 30% smaller and faster than lowdb's pretty default), written to a
 * temporary file then renamed (lowdb's steno writer), so a killed process leaves the previous or the new
 * state, never a torn file. One instance per file per process: two writers on one file would race on the
 * temporary file, so opening the same path twice throws. The file is read once, by `load()`.
 */
export class JSONFileStore implements Store {
  readonly path: string
  readonly #file: DataFile<unknown>
  readonly #group: GroupCommit
  #snapshot: () => unknown = () => null
  #closed = false

  constructor(path: string) {
    this.path = resolve(path)
    if (openFiles.has(this.path)) throw new Error(`${this.path} is already open in this process`)
    openFiles.add(this.path)
    this.#file = new DataFile<unknown>(this.path, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) })
    this.#group = new GroupCommit(async () => {
      await mkdir(dirname(this.path), { recursive: true })
      await this.#file.write(this.#snapshot())
    })
  }

  async load() {
    return (await this.#file.read()) ?? undefined
  }

  commit(snapshot: () => unknown) {
    if (this.#closed) return Promise.reject(new Error('store closed'))
    this.#snapshot = snapshot
    return this.#group.request()
  }

  async close() {
    if (this.#closed) return
    this.#closed = true
    await this.#group.settled()
    openFiles.delete(this.path)
  }
}
