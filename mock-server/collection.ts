/**
 * An in-memory table: rows by key in insertion order, plus unique indexes kept in step on every write.
 * Rows are replaced, never mutated in place, so indexes and caches keyed on row objects stay right.
 * `version` moves on every write; list caches compare it to know when to rebuild.
 */
export type UniqueKey<T> = (row: T) => string | readonly string[] | null | undefined
/** One write, as seen by caches that follow a collection incrementally. */
export interface Change {
  version: number
  kind: 'insert' | 'replace' | 'remove'
  key: string
}
const LOG_SIZE = 4096

export class Collection<T> {
  /**
   * Tests set this: every row written is deep-frozen, so code that changes a stored row in place fails loudly instead
   * of going unseen by the indexes, the caches and the flush (which copies unchanged records from the file in place).
   */
  static freezeRows = false
  readonly #rows = new Map<string, T>()
  readonly #indexes = new Map<string, { key: UniqueKey<T>; map: Map<string, string> }>()
  version = 0
  readonly #log: Change[] = []

  constructor(
    readonly keyOf: (row: T) => string,
    uniques: Record<string, UniqueKey<T>> = {},
    rows: Iterable<T> = [],
  ) {
    for (const [name, key] of Object.entries(uniques)) this.#indexes.set(name, { key, map: new Map() })
    for (const row of rows) this.#add(row)
  }

  get size() {
    return this.#rows.size
  }
  get(key: string): T | undefined {
    return this.#rows.get(key)
  }
  /** The row holding `value` in the unique index `index`. */
  findBy(index: string, value: string): T | undefined {
    const key = this.#index(index).map.get(value)
    return key === undefined ? undefined : this.#rows.get(key)
  }
  values(): IterableIterator<T> {
    return this.#rows.values()
  }
  /** The writes after `version`, oldest first; `null` when the log no longer reaches back that far. */
  changesSince(version: number): readonly Change[] | null {
    if (version === this.version) return []
    const first = this.#log[0]
    if (!first || first.version > version + 1) return null
    return this.#log.slice(version + 1 - first.version)
  }
  #logChange(kind: Change['kind'], key: string) {
    this.version++
    if (this.#log.length >= LOG_SIZE) this.#log.splice(0, LOG_SIZE / 2)
    this.#log.push({ version: this.version, kind, key })
  }
  toJSON(): T[] {
    return [...this.#rows.values()]
  }

  /**
   * R1: puts back `rows` as the whole content (the data saved last, after a commit that could not be written). The
   * version moves on and the change log starts over, so caches that follow this collection rebuild.
   */
  reset(rows: Iterable<T>) {
    this.#rows.clear()
    for (const { map } of this.#indexes.values()) map.clear()
    for (const row of rows) this.#add(row)
    this.version++
    this.#log.length = 0
  }

  insert(row: T) {
    const key = this.keyOf(row)
    if (this.#rows.has(key)) throw new Error(`duplicate key ${key}`)
    this.#add(row)
    this.#logChange('insert', key)
  }
  /** Replaces the row with the same key, keeping its place in the order. */
  replace(row: T) {
    const key = this.keyOf(row)
    const old = this.#rows.get(key)
    if (old === undefined) throw new Error(`no row ${key}`)
    this.#unindex(old, key)
    this.#add(row)
    this.#logChange('replace', key)
  }
  remove(key: string) {
    const old = this.#rows.get(key)
    if (old === undefined) return false
    this.#unindex(old, key)
    this.#rows.delete(key)
    this.#logChange('remove', key)
    return true
  }

  #index(name: string) {
    const index = this.#indexes.get(name)
    if (!index) throw new Error(`no unique index ${name}`)
    return index
  }
  #add(row: T) {
    const key = this.keyOf(row)
    for (const [name, { key: keyFn, map }] of this.#indexes) {
      for (const value of asList(keyFn(row))) {
        const holder = map.get(value)
        if (holder !== undefined && holder !== key)
          throw new Error(`unique index ${name}: ${value} already held by ${holder}`)
        map.set(value, key)
      }
    }
    this.#rows.set(key, Collection.freezeRows ? deepFreeze(row) : row)
  }
  #unindex(row: T, key: string) {
    for (const { key: keyFn, map } of this.#indexes.values()) {
      for (const value of asList(keyFn(row))) if (map.get(value) === key) map.delete(value)
    }
  }
}

function asList(v: string | readonly string[] | null | undefined): readonly string[] {
  return v == null ? [] : typeof v === 'string' ? [v] : v
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
