import { mkdir, open, rename } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { DataFile } from 'lowdb/node'
import { GroupCommit, type Store } from './store.js'

const openFiles = new Set<string>()

/** Pieces written at a time: big enough for few system calls, small enough to never hold the whole file. */
const PIECE = 1 << 20

/**
 * A JSON file read with lowdb, written as compact JSON to a temporary file that is fsynced then renamed
 * into place, so a killed process leaves the previous or the new state, never a torn file.
 *
 * The write streams the records of each top-level array in ~1 MiB pieces instead of building the whole
 * text: with 100,000 customer users and their audit trail the file passes 150 MB, and holding it as one
 * string plus its UTF-8 copy (as `JSON.stringify` + lowdb's writer do) cost ~450 MB of peak memory per
 * flush. Records are never mutated in place (they are replaced), and `toJSON()` copies the arrays, so the
 * snapshot stays consistent while other requests run between pieces.
 *
 * One instance per file per process: two writers would race on the temporary file, so opening the same
 * path twice throws. The file is read once, by `load()`.
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
      await writeJsonFile(this.path, this.#snapshot())
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

/** `JSON.stringify(value)`, written piece by piece to `path` through a synced temporary file and a rename. */
export async function writeJsonFile(path: string, value: unknown) {
  const plain =
    value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  const file = await open(temporary, 'w')
  try {
    let piece = ''
    const put = async (text: string) => {
      piece += text
      if (piece.length >= PIECE) {
        await file.write(piece)
        piece = ''
      }
    }
    if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) {
      let first = true
      await put('{')
      for (const [key, v] of Object.entries(plain)) {
        if (v === undefined || typeof v === 'function') continue
        await put(`${first ? '' : ','}${JSON.stringify(key)}:`)
        first = false
        if (Array.isArray(v)) {
          await put('[')
          for (let i = 0; i < v.length; i++) await put((i ? ',' : '') + (JSON.stringify(v[i]) ?? 'null'))
          await put(']')
        } else {
          await put(JSON.stringify(v))
        }
      }
      await put('}')
    } else {
      await put(JSON.stringify(plain) ?? 'null')
    }
    if (piece) await file.write(piece)
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temporary, path)
}
