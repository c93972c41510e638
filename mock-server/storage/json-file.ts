import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import {
  type FileHandle,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { GroupCommit, type Store } from './store.js'

const openFiles = new Set<string>()

/** Pieces written at a time: big enough for few system calls, small enough to never hold the whole file. */
const PIECE = 1 << 20
/** R4: JSON serialised by a flush between two turns of the event loop (a few ms). */
const SERIALISED_TURN = 256 * 1024

/** The file a flush writes: what `fs/promises`' `FileHandle` offers and a flush uses. */
export interface StorageFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>
  sync(): Promise<void>
  close(): Promise<void>
}

/** The file-system calls of a flush. Tests replace some of them to inject short writes and failing disks. */
export interface StorageFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>
  open(path: string, flags: string): Promise<StorageFile>
  rename(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
}

// Calls through the module's live bindings (not captured values), so that a benchmark that wraps node:fs/promises
// (syncBuiltinESMExports) still sees every flush.
const nodeFs: StorageFs = {
  mkdir: (path, options) => mkdir(path, options),
  open: (path, flags) => open(path, flags),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
}

export interface JSONFileStoreOptions {
  /**
   * R2: checks the data read at start; a message — what is wrong, such as `has no "stores" list` — refuses the
   * file (`load()` rejects with a {@link DataFileError}) and leaves it untouched.
   */
  check?: (data: unknown) => string | null
  /** Replaces file-system calls of a flush (tests only: short writes, ENOSPC, EIO). */
  fs?: Partial<StorageFs>
}

/** A data file the server cannot start on (in use, unreadable, not its data): `message` is one line for a person. */
export class DataFileError extends Error {}

/**
 * A JSON file, written as compact JSON to a temporary file that is fsynced then renamed into place (and the
 * directory fsynced), so a killed process leaves the previous or the new state, never a torn file.
 *
 * The write streams the records of each top-level array in ~1 MiB pieces instead of building the whole
 * text: with 100,000 customer users and their audit trail the file passes 150 MB, and holding it as one
 * string plus its UTF-8 copy (as `JSON.stringify` + lowdb's writer do) cost ~450 MB of peak memory per
 * flush. Records are never mutated in place (they are replaced), and `toJSON()` copies the arrays, so the
 * snapshot stays consistent while other requests run between pieces. For the same reason, the records that have not
 * changed since the last flush are not serialised again: their bytes are copied from the file in place
 * ({@link FlushMemo}).
 *
 * R1: a flush that cannot write every byte (disk full, I/O error) fails: the temporary file is removed, the file
 * keeps its previous whole content, the data written last is handed to `commit`'s `restore` so memory matches the
 * file again, and every commit whose change that drops is rejected. That data is kept in memory — the arrays of the
 * last snapshot written, sharing their (immutable) records with the live data — so putting it back needs no read
 * of a disk that is failing, and happens before any other request runs.
 *
 * R2: one process per file. `load()` takes `<file>.lock` (created exclusively, holding the pid) for the store's
 * lifetime — a lock whose process is gone is taken over — removes temporary files a killed process left, and
 * refuses a file that is not JSON or fails `check`. Each flush first checks that the lock still names this
 * process. `close()` releases the lock after the last flush. Within one process, opening the same path twice throws.
 */
export class JSONFileStore implements Store {
  readonly path: string
  /** R2: held for the store's lifetime, from `load()` to `close()`. */
  readonly lockPath: string
  readonly #fs: StorageFs
  readonly #check: ((data: unknown) => string | null) | undefined
  readonly #group: GroupCommit
  #snapshot: () => unknown = () => null
  #restore: ((saved: unknown) => void) | undefined
  /** The data the file holds: read by `load()`, then each snapshot written. */
  #saved: unknown
  #closed = false
  #locked = false
  /** §5: where the records of the file written last are in it, so a flush copies what did not change. */
  readonly #memo = new FlushMemo()
  readonly #onExit = () => this.#unlockSync()

  constructor(path: string, options: JSONFileStoreOptions = {}) {
    this.path = resolve(path)
    this.lockPath = `${this.path}.lock`
    this.#fs = { ...nodeFs, ...options.fs }
    this.#check = options.check
    if (openFiles.has(this.path)) throw new Error(`${this.path} is already open in this process`)
    openFiles.add(this.path)
    this.#group = new GroupCommit(
      async () => {
        // R1: the snapshot first, before any await — in the same step as GroupCommit takes this flush's callers —
        // so that it holds their changes and no later one: a later change is answered by a later flush (and undone
        // by `restore` when that one fails, so it must not already be in what this one wrote).
        const plain = plainOf(this.#snapshot())
        this.#stillLocked()
        await this.#fs.mkdir(dirname(this.path), { recursive: true })
        await writeJsonFile(this.path, plain, this.#fs, this.#memo)
        this.#saved = plain
      },
      (error) => {
        console.error(
          `dj-mock-server: could not save ${this.path} (${describe(error)}); changes since its last save are undone`,
        )
        this.#restore?.(this.#saved)
      },
    )
  }

  async load() {
    await this.#lock()
    try {
      await this.#removeTemporaries()
      this.#saved = await this.#read()
      return this.#saved
    } catch (e) {
      await this.#unlock()
      throw e
    }
  }

  commit(snapshot: () => unknown, restore?: (saved: unknown) => void) {
    if (this.#closed) return Promise.reject(new Error('store closed'))
    this.#snapshot = snapshot
    if (restore) this.#restore = restore
    return this.#group.request()
  }

  async close() {
    if (this.#closed) return
    this.#closed = true
    await this.#group.settled()
    openFiles.delete(this.path)
    await this.#unlock()
  }

  /** R2: the file's data; `undefined` when it is absent or empty (no data yet). */
  async #read(): Promise<unknown> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return undefined
      throw new DataFileError(`cannot read ${this.path} (${describe(e)})`)
    }
    if (!text.trim()) return undefined
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      throw new DataFileError(
        `${this.path} is not valid JSON (${oneLine(e instanceof Error ? e.message : String(e))}); the server left it untouched`,
      )
    }
    const problem = this.#check?.(data)
    if (problem)
      throw new DataFileError(
        `${this.path} ${oneLine(problem)}: it is not a dj-customers data file; the server left it untouched`,
      )
    return data
  }

  /** R2: creates `<file>.lock` holding this pid, atomically (a hard link of a written file), or says who holds it. */
  async #lock() {
    const mine = `${process.pid}\n`
    const temporary = join(dirname(this.lockPath), `.${basename(this.lockPath)}.${process.pid}.tmp`)
    try {
      await mkdir(dirname(this.path), { recursive: true })
      await writeFile(temporary, mine)
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await link(temporary, this.lockPath).catch((e) =>
            // No hard links on this file system: an exclusive create (a reader may then see it empty, for a moment).
            codeOf(e) === 'EEXIST' ? Promise.reject(e) : writeFile(this.lockPath, mine, { flag: 'wx' }),
          )
          this.#locked = true
          process.on('exit', this.#onExit)
          return
        } catch (e) {
          if (codeOf(e) !== 'EEXIST') throw e
        }
        const held = await readFile(this.lockPath, 'utf8').catch((e) =>
          codeOf(e) === 'ENOENT' ? null : Promise.reject(e),
        )
        if (held === null) continue // released meanwhile
        const pid = Number(held.trim())
        if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
          throw new DataFileError(
            `${this.path} is in use by process ${pid} (it holds ${this.lockPath}); stop it, or start on another data file`,
          )
        // A stale lock: its process is gone (killed, or a pid of an earlier run in a container). Take it over: move
        // it aside (atomic), then look at what was moved. Another starting process may have taken the stale lock
        // over first and put its own in place, between our read and the move: that lock goes back where it was,
        // and the next turn finds its process alive. (Deleting the lock after reading it again would delete that
        // process's lock, and both would write the file.)
        const aside = `${temporary}.stale`
        try {
          await this.#fs.rename(this.lockPath, aside)
        } catch (e) {
          if (codeOf(e) === 'ENOENT') continue // released or taken over meanwhile
          throw e
        }
        const moved = await readFile(aside, 'utf8').catch(() => null)
        if (moved !== null && moved !== held)
          await link(aside, this.lockPath).catch(() => writeFile(this.lockPath, moved, { flag: 'wx' }).catch(() => {}))
        await unlink(aside).catch(() => {})
      }
      throw new DataFileError(`cannot take the lock ${this.lockPath}: other processes keep taking it`)
    } catch (e) {
      if (e instanceof DataFileError) throw e
      throw new DataFileError(`cannot take the lock ${this.lockPath} (${describe(e)})`)
    } finally {
      await unlink(temporary).catch(() => {})
    }
  }

  /**
   * R2, before each flush: the lock still names this process. A lock removed meanwhile (by hand) is taken again; one
   * that names another process (a lock removed, then a second server started) fails the flush — its writers are
   * answered 503 and nothing more is written — rather than two processes writing one file. Synchronous, a few bytes:
   * an `await` here, between the snapshot and the write, let the import apply more rows first and doubled the
   * longest stalls of the event loop during a 100,000-row import (R4, `import-responsiveness`).
   */
  #stillLocked() {
    if (!this.#locked) return
    const mine = String(process.pid)
    let held: string
    try {
      held = readFileSync(this.lockPath, 'utf8')
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') throw e
      try {
        writeFileSync(this.lockPath, `${mine}\n`, { flag: 'wx' })
        return
      } catch (again) {
        if (codeOf(again) !== 'EEXIST') throw again
        held = readFileSync(this.lockPath, 'utf8')
      }
    }
    if (held.trim() !== mine)
      throw new DataFileError(`${this.lockPath} names process ${held.trim()}, not this one: nothing more is written`)
  }

  async #unlock() {
    if (!this.#locked) return
    this.#locked = false
    process.off('exit', this.#onExit)
    const held = await readFile(this.lockPath, 'utf8').catch(() => null)
    if (held?.trim() === String(process.pid)) await unlink(this.lockPath).catch(() => {})
  }

  /** A process that exits without closing the store (an uncaught error, `process.exit`) still releases the lock. */
  #unlockSync() {
    if (!this.#locked) return
    this.#locked = false
    try {
      if (readFileSync(this.lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(this.lockPath)
    } catch {
      // already gone
    }
  }

  /** R1: the temporary files of flushes a killed process left beside the file (`.<name>.<pid>.tmp`). */
  async #removeTemporaries() {
    const dir = dirname(this.path)
    const name = basename(this.path)
    const leftover = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.tmp$`)
    for (const entry of await readdir(dir)) {
      if (leftover.test(entry)) await unlink(join(dir, entry)).catch(() => {})
    }
  }
}

const plainOf = (value: unknown) =>
  value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value

const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code

/** An error in a few words: its code (`ENOSPC`), or its message on one line. */
export const describe = (e: unknown) =>
  typeof codeOf(e) === 'string' ? (codeOf(e) as string) : oneLine(e instanceof Error ? e.message : String(e))

const oneLine = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return codeOf(e) === 'EPERM' // alive, but another user's
  }
}

/** R1: every byte of `bytes`, however few each write takes; a write that takes none is a full disk. */
async function writeAll(file: StorageFile, bytes: Buffer) {
  let offset = 0
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset)
    if (!(bytesWritten > 0))
      throw Object.assign(new Error(`no space left on device: ${bytes.length - offset} bytes not written`), {
        code: 'ENOSPC',
      })
    offset += bytesWritten
  }
}

/** R1: makes the rename itself durable (the directory entry). Not possible on Windows; some file systems say EINVAL. */
async function syncDirectory(dir: string, fs: StorageFs) {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, 'r')
  let error: unknown
  try {
    await handle.sync()
  } catch (e) {
    if (codeOf(e) !== 'EINVAL' && codeOf(e) !== 'ENOTSUP') error = e
  }
  await handle.close().catch(() => {})
  if (error) throw error
}

/** At most this many records, and about this many bytes, in one run of a {@link FlushMemo}. */
const RUN_RECORDS = 256
const RUN_BYTES = 256 * 1024
/** Arrays shorter than this are serialised whole every time (settings, stores…): not worth remembering. */
const MEMO_MIN = 64

/** A run of consecutive records of an array, as written in file number `file`: `length` bytes at `offset`. */
interface Run {
  readonly records: readonly unknown[]
  readonly file: number
  readonly offset: number
  readonly length: number
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null

/** The file in place changed while a flush copied from it (see {@link writeJsonFile}). */
class StaleCopy extends Error {}

/**
 * §5: what a flush needs to copy, rather than serialise again, the records that have not changed since the file
 * was written last. The records of each long array are written in runs of up to {@link RUN_RECORDS}; each run is
 * remembered under its first record, with where its bytes are in that file. The next flush, on the same records —
 * the same objects: records are replaced, never changed in place — copies those bytes from the file still in place
 * (a read, off the main thread) into the new one, and serialises only the runs that changed. A 100,000-user import
 * thus serialises each new user once, not once per checkpoint; a later single change costs one run, not the file.
 *
 * What is remembered is small (a few thousand runs: their records and four numbers, in a WeakMap keyed by records,
 * so a record dropped from the data takes its run with it); the bytes themselves stay on disk. Only the file known
 * to be written last is read: a file replaced or changed by anything else (another inode, size, mtime or ctime — ctime
 * cannot be set back) is never copied from; one changed while a flush copied from it makes that flush start again,
 * serialising everything; and a run of a flush that failed is never taken for one of the file in place (`file`
 * numbers).
 */
export class FlushMemo {
  /** The number of the file at the path now (0: none this memo knows). */
  #current = 0
  #written = 0
  /** The file in place as the last flush left it: ctime too, which no one can set back (`utimes` sets mtime). */
  #identity: { ino: number; size: number; mtimeMs: number; ctimeMs: number } | null = null
  readonly runs = new WeakMap<object, Run>()

  /** The number of the file a flush is about to write. */
  next() {
    return ++this.#written
  }
  /** The file at `path`, open for reading, when it is the one written last; otherwise null (nothing to copy). */
  async source(path: string): Promise<FileHandle | null> {
    const known = this.#identity
    if (!this.#current || !known) return null
    let handle: FileHandle | undefined
    try {
      handle = await open(path, 'r')
      if (await this.unchanged(handle)) return handle
    } catch {
      // gone or unreadable: serialise everything
    }
    await handle?.close().catch(() => {})
    this.forget()
    return null
  }
  /** Whether `handle` (the file in place, open for reading) is still as the last flush left it. */
  async unchanged(handle: FileHandle) {
    const known = this.#identity
    const s = await handle.stat()
    return (
      known !== null &&
      s.ino === known.ino &&
      s.size === known.size &&
      s.mtimeMs === known.mtimeMs &&
      s.ctimeMs === known.ctimeMs
    )
  }
  /** Copies nothing until the next flush has written a file of its own. */
  forget() {
    this.#current = 0
    this.#identity = null
  }
  /** File `file`, written as inode `ino`, is now in place at `path` (unless something replaced it since). */
  async written(path: string, file: number, ino: number) {
    this.forget()
    const s = await stat(path)
    if (s.ino !== ino) return
    this.#identity = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs }
    this.#current = file
  }
  /** Whether a run of the file in place starts at `record` (runs are of files 1, 2…: none when `#current` is 0). */
  startsRun(record: unknown) {
    return isObject(record) && this.runs.get(record)?.file === this.#current
  }
  /** The run of the file in place starting at `records[i]`, if the records from `i` on are still its records. */
  runAt(records: readonly unknown[], i: number): Run | undefined {
    const first = records[i]
    if (!this.#current || !isObject(first)) return undefined
    const run = this.runs.get(first)
    if (run?.file !== this.#current || i + run.records.length > records.length) return undefined
    for (let k = 1; k < run.records.length; k++) if (run.records[k] !== records[i + k]) return undefined
    return run
  }
}

/**
 * `JSON.stringify(value)`, written piece by piece to `path` through a synced temporary file and a rename, then the
 * directory synced. R1: every byte is written or the write fails; on failure the temporary file is removed and
 * `path` keeps its previous content (unless the rename already happened and only the directory sync failed).
 * With a `memo` (the store's), records that have not changed since the last write are copied from the file in
 * place instead of serialised again (see {@link FlushMemo}); the bytes written are the same.
 */
export async function writeJsonFile(path: string, value: unknown, fs: StorageFs = nodeFs, memo?: FlushMemo) {
  const plain = plainOf(value)
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  const fileNumber = memo ? memo.next() : 0
  const source = memo ? await memo.source(path) : null
  let file: StorageFile
  try {
    file = await fs.open(temporary, 'w')
  } catch (e) {
    await source?.close().catch(() => {})
    throw e
  }
  let error: unknown
  let failed = false
  try {
    // §5: each value's JSON goes straight into one buffer as UTF-8, written out once it holds a piece — no string
    // of a whole piece to build (the JSON texts joined) and then copy again into a new buffer. `put` returns a
    // promise only when it has to wait for a write: the records of an array cost no `await` each.
    const buffer = Buffer.allocUnsafe(2 * PIECE)
    let used = 0
    /** Bytes of the file so far (written, and in `buffer`). */
    let position = 0
    /** Bytes serialised since the flush last let the event loop go on. */
    let serialised = 0
    const drain = async () => {
      serialised = 0
      if (!used) return
      const bytes = buffer.subarray(0, used)
      used = 0
      await writeAll(file, bytes)
    }
    const putLarge = async (text: string) => {
      await drain()
      if (text.length * 3 > buffer.length) {
        const bytes = Buffer.from(text)
        position += bytes.length
        await writeAll(file, bytes)
      } else {
        used = buffer.write(text, 0)
        position += used
        if (used >= PIECE) await drain()
      }
    }
    // (A UTF-16 code unit takes at most 3 bytes of UTF-8; `used` < PIECE between two calls.)
    // R4: serialising allocates, and while the heap is being marked each allocation costs marking work here, in the
    // main thread: the flush lets other requests go (an immediate) after every SERIALISED_TURN bytes it serialised,
    // not only after each write of a piece.
    const put = (text: string): Promise<void> | undefined => {
      if (used + text.length * 3 > buffer.length) return putLarge(text)
      const n = buffer.write(text, used)
      used += n
      position += n
      if (used >= PIECE) return drain()
      serialised += n
      if (serialised < SERIALISED_TURN) return undefined
      serialised = 0
      return new Promise<void>((resolve) => setImmediate(resolve))
    }
    const comma = () => {
      buffer[used++] = 0x2c
      position++
    }
    /** `length` bytes of the file in place, from `offset`, copied as they are. */
    const copy = async (from: FileHandle, offset: number, length: number) => {
      if (used + length > buffer.length) await drain()
      const into = length > buffer.length ? Buffer.allocUnsafe(length) : buffer
      const at = into === buffer ? used : 0
      for (let done = 0; done < length; ) {
        const { bytesRead } = await from.read(into, at + done, length - done, offset + done)
        // Shorter than when it was checked: changed meanwhile, like the check after the copies would find.
        if (!(bytesRead > 0)) throw new StaleCopy()
        done += bytesRead
      }
      position += length
      if (into !== buffer) await writeAll(file, into)
      else {
        used += length
        if (used >= PIECE) await drain()
      }
    }
    const putArray = async (v: readonly unknown[]) => {
      if (!memo || v.length < MEMO_MIN) {
        for (let i = 0; i < v.length; i++) {
          if (i) comma()
          const wait = put(JSON.stringify(v[i]) ?? 'null')
          if (wait) await wait
        }
        return
      }
      for (let i = 0; i < v.length; ) {
        if (i) comma()
        const first = v[i]
        const run = source ? memo.runAt(v, i) : undefined
        if (run) {
          memo.runs.set(first as object, {
            records: run.records,
            file: fileNumber,
            offset: position,
            length: run.length,
          })
          await copy(source!, run.offset, run.length)
          i += run.records.length
          continue
        }
        // A new run: up to RUN_RECORDS records, about RUN_BYTES, and never over the start of a run it can copy.
        const from = i
        const offset = position
        for (;;) {
          const wait = put(JSON.stringify(v[i]) ?? 'null')
          if (wait) await wait
          i++
          if (i === v.length || i - from === RUN_RECORDS || position - offset >= RUN_BYTES) break
          if (source && memo.startsRun(v[i])) break
          comma()
        }
        if (isObject(first))
          memo.runs.set(first, { records: v.slice(from, i), file: fileNumber, offset, length: position - offset })
      }
    }
    if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) {
      let first = true
      await put('{')
      for (const [key, v] of Object.entries(plain)) {
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue
        await put(`${first ? '' : ','}${JSON.stringify(key)}:`)
        first = false
        if (Array.isArray(v)) {
          await put('[')
          await putArray(v)
          await put(']')
        } else {
          await put(JSON.stringify(v))
        }
      }
      await put('}')
    } else {
      await put(JSON.stringify(plain) ?? 'null')
    }
    await drain()
    // The copies were read from the file in place: had anything changed it meanwhile, they may be stale.
    if (source && !(await memo!.unchanged(source))) throw new StaleCopy()
    await file.sync()
  } catch (e) {
    failed = true
    error = e
  }
  // (Closed before the rename: Windows renames no file over an open one.)
  await source?.close().catch(() => {})
  try {
    await file.close()
  } catch (e) {
    if (!failed) error = e
    failed = true
  }
  // Which file the memo will remember: this one, by inode, and not one that replaced it right after the rename.
  let writtenIno = -1
  if (memo && !failed)
    writtenIno = await stat(temporary).then(
      (t) => t.ino,
      () => -1,
    )
  if (!failed) {
    try {
      await fs.rename(temporary, path)
    } catch (e) {
      failed = true
      error = e
    }
  }
  if (failed) {
    await fs.unlink(temporary).catch(() => {})
    if (!(error instanceof StaleCopy)) throw error
    // Changed by something else while it was read: written again, every record serialised.
    memo!.forget()
    return writeJsonFile(path, value, fs, memo)
  }
  // The new file is in place: what the memo remembers of it holds from now on (a stat failing forgets it all).
  await memo?.written(path, fileNumber, writtenIno).catch(() => memo.forget())
  await syncDirectory(dirname(path), fs)
}
