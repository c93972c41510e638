import type { Collection } from './collection.js'

/**
 * The one list engine behind every list route (OP5 and its siblings): search, filters, multi-sort and
 * paging over a {@link Collection}.
 *
 * Cost model, for §5's budget (≤ 2× one `indexOf` per row): per query, one pass over the rows with one
 * `indexOf` on a cached, normalised search text and a Set lookup per filter, then one pass over a cached
 * sort permutation to count and cut the page. Search texts are cached per row object (rows are replaced,
 * never mutated), so a write costs one row's text; sort permutations are cached per sort spec and rebuilt
 * after a write, on the next query that needs them.
 */

export type SortKey = string | number | null | undefined
export interface ListDefinition<T> {
  /** Text searched by `search`, joined; it is normalised (lower case, no accents) once per row. */
  search?: (row: T) => string
  /** Filter name → the row's value(s). Values match case-insensitively. */
  filters?: Record<string, (row: T) => string | readonly string[] | null | undefined>
  /** Sortable field → sort key. Strings sort case- and accent-insensitively. */
  sort: Record<string, (row: T) => SortKey>
  /** Applied when the query names no (valid) sort. Default: insertion order, which is id order. */
  defaultSort?: SortEntry[]
  /** Other collections the filters or sort keys read (e.g. tag externalIds of accounts): caches follow them too. */
  dependsOn?: readonly { version: number }[]
}

export interface SortEntry {
  field: string
  desc: boolean
}
export interface ListQuery {
  search?: string
  filters: Record<string, string[]>
  sort: SortEntry[]
  page: number
  size: number
}
export interface PageResult<T> {
  content: T[]
  totalElements: number
  totalPages: number
  number: number
  size: number
  numberOfElements: number
  first: boolean
  last: boolean
  empty: boolean
}

/** Lower case without diacritics: "Élodie" and "elodie" match. */
export function normalize(s: string): string {
  // The NFD pass is the slow part; skip it for plain ASCII.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** `?status=A&status=B` and `?status=A,B` both give `['A', 'B']`. */
export function multiValue(v: string | readonly string[] | undefined | null): string[] {
  if (v == null) return []
  const out: string[] = []
  for (const part of typeof v === 'string' ? [v] : v) for (const s of part.split(',')) if (s.trim()) out.push(s.trim())
  return out
}

/**
 * Parses `sort` entries: `field:dir` or `field,dir` (Spring style), direction `asc`/`desc` in any case,
 * default `asc`. Entries that are malformed or name an unknown field are dropped (OP5).
 */
export function parseSort(raw: string | readonly string[] | undefined, fields: readonly string[]): SortEntry[] {
  const byLower = new Map(fields.map((f) => [f.toLowerCase(), f]))
  const entries: SortEntry[] = []
  const add = (field: string | undefined, dir: string | undefined, extra: unknown[]) => {
    const name = byLower.get((field ?? '').trim().toLowerCase())
    const d = (dir ?? 'asc').trim().toLowerCase()
    if (!name || extra.length || (d !== 'asc' && d !== 'desc')) return
    if (!entries.some((e) => e.field === name)) entries.push({ field: name, desc: d === 'desc' })
  }
  for (const value of raw == null ? [] : typeof raw === 'string' ? [raw] : raw) {
    if (value.includes(':')) {
      for (const entry of value.split(',')) {
        const [field, dir, ...extra] = entry.split(':')
        add(field, dir, extra)
      }
    } else {
      const [field, dir, ...extra] = value.split(',')
      add(field, dir, extra)
    }
  }
  return entries
}


export class ListEngine<T> {
  #version = -1
  #rows: T[] = []
  #texts: string[] = []
  #filterValues = new Map<string, (string | readonly string[] | null | undefined)[]>()
  #perms = new Map<string, Uint32Array>()
  readonly #textOf = new WeakMap<object, string>()
  readonly sortFields: string[]

  constructor(
    private readonly collection: Collection<T>,
    private readonly def: ListDefinition<T>,
  ) {
    this.sortFields = Object.keys(def.sort)
  }

  /** Runs a validated list query (`page`, `size`, `search`, `sort` and this list's filters, by name). */
  run(q: { page: number; size: number; search?: string; sort?: string | string[] } & Record<string, unknown>): PageResult<T> {
    const filters: Record<string, string[]> = {}
    for (const name of Object.keys(this.def.filters ?? {})) filters[name] = multiValue(q[name] as string | string[] | undefined)
    return this.query({ page: q.page, size: q.size, search: q.search, sort: parseSort(q.sort, this.sortFields), filters })
  }

  query(q: ListQuery): PageResult<T> {
    this.#refresh()
    const rows = this.#rows
    const n = rows.length
    const needle = q.search ? normalize(q.search.trim()) : ''
    const texts = needle ? this.#searchTexts() : null
    const filters = Object.entries(q.filters)
      .filter(([name, values]) => values.length > 0 && this.def.filters?.[name])
      .map(([name, values]) => ({ values: new Set(values.map((v) => v.toLowerCase())), column: this.#filterColumn(name) }))

    let match: Uint8Array | null = null
    if (texts || filters.length) {
      match = new Uint8Array(n)
      outer: for (let i = 0; i < n; i++) {
        if (texts && texts[i].indexOf(needle) === -1) continue
        for (const f of filters) {
          const v = f.column[i]
          if (v == null) continue outer
          if (typeof v === 'string') {
            if (!f.values.has(v)) continue outer
          } else if (!v.some((x) => f.values.has(x))) continue outer
        }
        match[i] = 1
      }
    }

    const sort = q.sort.length ? q.sort : (this.def.defaultSort ?? [])
    const perm = sort.length ? this.#perm(sort) : null
    const start = q.page * q.size
    const end = start + q.size
    const content: T[] = []
    let total = 0
    for (let j = 0; j < n; j++) {
      const i = perm ? perm[j] : j
      if (match && !match[i]) continue
      if (total >= start && total < end) content.push(rows[i])
      total++
    }
    const totalPages = Math.ceil(total / q.size)
    return {
      content,
      totalElements: total,
      totalPages,
      number: q.page,
      size: q.size,
      numberOfElements: content.length,
      first: q.page === 0,
      last: q.page >= totalPages - 1,
      empty: content.length === 0,
    }
  }

  #refresh() {
    // Versions only grow, so their sum moves whenever any of them does.
    let version = this.collection.version
    for (const other of this.def.dependsOn ?? []) version += other.version
    if (this.#version === version) return
    this.#version = version
    this.#rows = [...this.collection.values()]
    this.#texts = []
    this.#filterValues.clear()
    this.#perms.clear()
  }

  #searchTexts(): string[] {
    if (this.#texts.length !== this.#rows.length) {
      const search = this.def.search
      if (!search) return this.#rows.map(() => '')
      this.#texts = this.#rows.map((row) => {
        let text = this.#textOf.get(row as object)
        if (text === undefined) this.#textOf.set(row as object, (text = normalize(search(row))))
        return text
      })
    }
    return this.#texts
  }

  #filterColumn(name: string) {
    let column = this.#filterValues.get(name)
    if (!column) {
      const get = this.def.filters![name]
      column = this.#rows.map((row) => {
        const v = get(row)
        return v == null ? v : typeof v === 'string' ? v.toLowerCase() : v.map((x) => x.toLowerCase())
      })
      this.#filterValues.set(name, column)
    }
    return column
  }

  #perm(sort: SortEntry[]): Uint32Array {
    const cacheKey = sort.map((s) => `${s.field}:${s.desc ? 'd' : 'a'}`).join('|')
    let perm = this.#perms.get(cacheKey)
    if (perm) return perm
    const rows = this.#rows
    const columns = sort.map((s) => {
      const get = this.def.sort[s.field]
      return rows.map((row) => {
        const k = get(row)
        return typeof k === 'string' ? normalize(k) : k
      })
    })
    const signs = sort.map((s) => (s.desc ? -1 : 1))
    perm = new Uint32Array(rows.length)
    for (let i = 0; i < perm.length; i++) perm[i] = i
    perm.sort((a, b) => {
      for (let c = 0; c < columns.length; c++) {
        const ka = columns[c][a]
        const kb = columns[c][b]
        if (ka == null || kb == null) {
          if (ka == null && kb == null) continue
          return ka == null ? 1 : -1 // missing values last, whatever the direction
        }
        if (ka !== kb) return (ka < kb ? -1 : 1) * signs[c]
      }
      return a - b // ties by position, which is id order: paging stays stable
    })
    if (this.#perms.size >= 32) this.#perms.delete(this.#perms.keys().next().value!)
    this.#perms.set(cacheKey, perm)
    return perm
  }
}
