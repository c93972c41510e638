import type { Change, Collection } from './collection.js'

/**
 * The one list engine behind every list route (OP5 and its siblings): search, filters, multi-sort and
 * paging over a {@link Collection}.
 *
 * Cost model, for §5's budget (≤ 3 ms, ≤ 2× one `indexOf` per row): a search of 2 characters or more reads
 * its candidate rows from a trigram index of the normalised search texts (the rows holding the needle's
 * rarest trigram, each confirmed with one `includes`; for 2 characters, every trigram they start), so it
 * costs in proportion to the hits, not to the rows; a 1-character search scans all texts joined with one
 * native `indexOf`. Then one pass over the rows tests the filters (a bit mask per row for columns with few
 * distinct values: status, groups, stores…) against the hits; the matches of the last few search + filter
 * combinations are cached (paging or re-sorting the same search does not scan again).
 * Then a walk over a cached sort permutation that stops at the end of the page (the count comes from
 * the match pass). Caches follow the collection's change log: an insert or replace updates one row's
 * text and filter bits and merges the row into each cached permutation (O(log n) comparisons plus one
 * copy), a batch of removes compacts them in one pass; anything else (a change in `dependsOn`, a log that
 * no longer reaches back, removes mixed with other writes) rebuilds them on the next query.
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
  /**
   * Other collections the filters or sort keys read: caches follow them too. A bare collection (e.g. the tags whose
   * externalIds accounts filter by) rebuilds every cache when it changes; `{ collection, fields }` (the accounts
   * whose names give a customer user's company, L1) drops only the caches of those filter and sort fields: the
   * rows, the search index and the other columns stay.
   */
  dependsOn?: readonly ({ version: number } | { collection: { version: number }; fields: readonly string[] })[]
  /**
   * L1: dynamic filters and sort fields `customFields.<externalId>` over the row's custom field values. `type`
   * answers the type of the entity's definition with that externalId (exact case), or undefined for an unknown
   * one: parameters and sort entries naming an unknown field are ignored, as unknown parameters are (OP5).
   */
  customFields?: {
    values: (row: T) => Readonly<Record<string, CustomFieldValue>> | undefined
    type: (externalId: string) => string | undefined
  }
}

type CustomFieldScalar = string | number | boolean
type CustomFieldValue = CustomFieldScalar | readonly CustomFieldScalar[] | null | undefined
/** The query parameter (and sort field) prefix of a custom field filter: `customFields.<externalId>`. */
export const CUSTOM_FIELD_PREFIX = 'customFields.'

/**
 * L1: a custom field value in the canonical string form filters compare (then without case): text, LIST option
 * and DATE (`YYYY-MM-DD`) as stored, a number in its shortest JSON form (`10`, `1.5`), a boolean `true`/`false`;
 * a `multiple` field gives each of its values. No value (absent, `null`, `""`, `[]`) matches nothing.
 */
export function customFieldStrings(v: CustomFieldValue): string | string[] | null {
  if (v == null || v === '') return null
  if (typeof v !== 'object') return String(v)
  const out: string[] = []
  for (const x of v) if (x !== '') out.push(String(x))
  return out.length ? out : null
}

/**
 * L1: the `customFields` option of a list whose rows carry `customFields`, for the `entity` of the custom field
 * definitions (CF1) — found by their unique index `externalId` (`ENTITY/externalId`).
 */
export function customFieldsOf<T extends { customFields: Readonly<Record<string, CustomFieldValue>> }>(
  definitions: { findBy(index: 'externalId', value: string): { type: string } | undefined },
  entity: string,
): NonNullable<ListDefinition<T>['customFields']> {
  return { values: (row) => row.customFields, type: (id) => definitions.findBy('externalId', `${entity}/${id}`)?.type }
}

/** A filter value as sent, in the same canonical form: for a NUMBER field `10.0` and `1e1` both mean `10`. */
export function canonicalFilterValue(type: string, v: string): string {
  if (type === 'NUMBER') {
    const n = Number(v)
    if (v.trim() !== '' && Number.isFinite(n)) return String(n)
  }
  return v
}

/**
 * L1: the sort key of a custom field: numbers numerically, booleans false before true, texts, options and dates
 * as strings (without case or accents); a `multiple` field by its first value; no value sorts last.
 */
export function customFieldSortKey(v: CustomFieldValue): SortKey {
  const x = Array.isArray(v) ? v[0] : (v as CustomFieldScalar | null | undefined)
  if (x == null || x === '') return null
  return typeof x === 'boolean' ? Number(x) : x
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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "only ASCII", control characters included
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
export function parseSort(
  raw: string | readonly string[] | undefined,
  fields: readonly string[],
  /** Fields beyond `fields` (L1: `customFields.<id>`): the field's name as sent (trimmed) → its name, or undefined. */
  dynamic?: (field: string) => string | undefined,
): SortEntry[] {
  const byLower = new Map(fields.map((f) => [f.toLowerCase(), f]))
  const entries: SortEntry[] = []
  const add = (field: string | undefined, dir: string | undefined, extra: unknown[]) => {
    const trimmed = (field ?? '').trim()
    const name = byLower.get(trimmed.toLowerCase()) ?? dynamic?.(trimmed)
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

type FilterValue = string | readonly string[] | null | undefined
/** Columns with at most this many distinct values are kept as one bit mask per row. */
const MAX_BITS = 31
const MAX_MATCH_CACHE = 16
/** A batch of more changed rows than this drops the trigram index and filter postings instead of patching them (an import's chunk). */
const MAX_INDEX_PATCH = 256

/**
 * Three UTF-16 code units of `s` from `k`, as one number (exact: 48 bits, below 2^53). Texts are indexed as if
 * followed by a NUL (code 0, which no needle holds), so every place a 2-character needle occurs starts a trigram.
 */
const trigram = (s: string, k: number) =>
  (s.charCodeAt(k) * 65536 + s.charCodeAt(k + 1)) * 65536 + (k + 2 < s.length ? s.charCodeAt(k + 2) : 0)

const lowerValue = (v: FilterValue): FilterValue =>
  v == null ? v : typeof v === 'string' ? v.toLowerCase() : v.map((x) => x.toLowerCase())

/**
 * A filter column: one bit mask per row over ≤ 31 distinct values, or (more values) the values themselves and,
 * once a query filters on it, the row positions of each value (an inverted index, one entry per value of a
 * row, in no order), so that a filter on a few accounts or organisations visits only their rows.
 */
interface FilterColumn {
  bits: Map<string, number> | null
  masks: Int32Array | null
  values: FilterValue[] | null
  postings: Map<string, number[]> | null
}

/**
 * Postings (the trigram index, a filter column's inverted index): row positions by key, one entry per
 * occurrence, in no order. These three keep them in step with the rows.
 */
function addPosting<K>(postings: Map<K, number[]>, key: K, i: number) {
  const list = postings.get(key)
  if (list) list.push(i)
  else postings.set(key, [i])
}
/** Takes out one entry of row `i` under `key` (order does not matter: the last entry fills its place). */
function removePosting<K>(postings: Map<K, number[]>, key: K, i: number) {
  const list = postings.get(key)
  const at = list ? list.indexOf(i) : -1
  if (at === -1) return
  list![at] = list![list!.length - 1]
  list!.pop()
}
/** Row `i` was cut out of the rows: every later position moves up one. */
function shiftPostings<K>(postings: Map<K, number[]>, i: number) {
  for (const list of postings.values()) for (let k = 0; k < list.length; k++) if (list[k] > i) list[k]--
}

/** Adds (or takes out) row `i` under each of its filter values `v`. */
function post(postings: Map<string, number[]>, v: FilterValue, i: number, add: boolean) {
  if (v == null) return
  for (const x of typeof v === 'string' ? [v] : v) (add ? addPosting : removePosting)(postings, x, i)
}
interface SortCache {
  perm: Uint32Array
  compare: (a: number, b: number) => number
  fields: string[]
}
interface Matches {
  match: Uint8Array
  total: number
}

function comparator(columns: SortKey[][], signs: number[]) {
  return (a: number, b: number) => {
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
  }
}

export class ListEngine<T> {
  #version = -1
  #depsVersion = -1
  #rows: T[] = []
  #positions: Map<string, number> | null = null
  /** The rows' keys, by position (built on the first write that needs a position; kept in step after). */
  #keyList: string[] | null = null
  #texts: string[] | null = null
  /** Every search text in one string, rows separated by NUL, with each row's start offset (n + 1 entries). */
  #joined: { text: string; starts: Int32Array } | null = null
  /**
   * Row positions by trigram (three UTF-16 code units of the search text, as one number), one entry per
   * occurrence, in no order. Built on the first search of 2 characters or more; kept in step with single
   * writes; dropped (rebuilt by the next such search) on a rebuild, a large batch or a bulk remove.
   */
  #trigrams: Map<number, number[]> | null = null
  /** `#searchHits`' answer, by row position; zeroed again by `#match` once read. */
  #scratch = new Uint8Array(0)
  readonly #filterColumns = new Map<string, FilterColumn>()
  /** Normalised sort keys by field, by row position; shared by every cached order that uses the field. */
  readonly #keys = new Map<string, SortKey[]>()
  readonly #sorts = new Map<string, SortCache>()
  readonly #matches = new Map<string, Matches>()
  #textOf = new WeakMap<object, string>()
  /** The last seen version of each `{ collection, fields }` entry of `dependsOn`, in order. */
  readonly #partialVersions: number[] = []
  /** Getters of the `customFields.<id>` filters and sort keys asked for so far, by name. */
  readonly #customFilters = new Map<string, (row: T) => FilterValue>()
  readonly #customSorts = new Map<string, (row: T) => SortKey>()
  readonly sortFields: string[]

  constructor(
    private readonly collection: Collection<T>,
    private readonly def: ListDefinition<T>,
  ) {
    this.sortFields = Object.keys(def.sort)
  }

  /** Runs a validated list query (`page`, `size`, `search`, `sort` and this list's filters, by name). */
  run(
    q: { page: number; size: number; search?: string; sort?: string | string[] } & Record<string, unknown>,
  ): PageResult<T> {
    const filters: Record<string, string[]> = {}
    for (const name of Object.keys(this.def.filters ?? {}))
      filters[name] = multiValue(q[name] as string | string[] | undefined)
    const custom = this.def.customFields
    if (custom) {
      // L1: `customFields.<id>` of a defined field; another id is an unknown parameter, ignored (OP5).
      for (const [name, raw] of Object.entries(q)) {
        if (!name.startsWith(CUSTOM_FIELD_PREFIX)) continue
        const type = custom.type(name.slice(CUSTOM_FIELD_PREFIX.length))
        if (type !== undefined)
          filters[name] = multiValue(raw as string | string[] | undefined).map((v) => canonicalFilterValue(type, v))
      }
    }
    return this.query({
      page: q.page,
      size: q.size,
      search: q.search,
      sort: parseSort(q.sort, this.sortFields, custom ? (field) => this.#customSortField(field) : undefined),
      filters,
    })
  }

  /** `customFields.<id>` (the prefix in any case, the id exact) of a defined field, as the sort field's name. */
  #customSortField(field: string): string | undefined {
    if (field.slice(0, CUSTOM_FIELD_PREFIX.length).toLowerCase() !== CUSTOM_FIELD_PREFIX.toLowerCase()) return undefined
    const id = field.slice(CUSTOM_FIELD_PREFIX.length)
    return this.def.customFields!.type(id) === undefined ? undefined : CUSTOM_FIELD_PREFIX + id
  }

  /** The getter of a filter: one of `filters`, or (L1) a custom field's values in their canonical string form. */
  #filterGetter(name: string): ((row: T) => FilterValue) | undefined {
    if (this.def.filters && Object.hasOwn(this.def.filters, name)) return this.def.filters[name]
    const custom = this.def.customFields
    if (!custom || !name.startsWith(CUSTOM_FIELD_PREFIX)) return undefined
    let get = this.#customFilters.get(name)
    if (!get) {
      const id = name.slice(CUSTOM_FIELD_PREFIX.length)
      this.#customFilters.set(name, (get = (row) => customFieldStrings(custom.values(row)?.[id])))
    }
    return get
  }

  /** The getter of a sort key: one of `sort`, or (L1) a custom field's. */
  #sortGetter(field: string): (row: T) => SortKey {
    if (Object.hasOwn(this.def.sort, field)) return this.def.sort[field]
    let get = this.#customSorts.get(field)
    if (!get) {
      const custom = this.def.customFields!
      const id = field.slice(CUSTOM_FIELD_PREFIX.length)
      this.#customSorts.set(field, (get = (row) => customFieldSortKey(custom.values(row)?.[id])))
    }
    return get
  }

  query(q: ListQuery): PageResult<T> {
    this.#refresh()
    const rows = this.#rows
    const n = rows.length
    const needle = q.search ? normalize(q.search.trim()) : ''
    const tests = Object.entries(q.filters).filter(([name, values]) => values.length > 0 && this.#filterGetter(name))
    const { match, total } = needle || tests.length ? this.#match(needle, tests) : { match: null, total: n }

    const sort = q.sort.length ? q.sort : (this.def.defaultSort ?? [])
    const perm = sort.length ? this.#sort(sort).perm : null
    const start = q.page * q.size
    const end = start + q.size
    const content: T[] = []
    if (start < total) {
      // The count is known: walk the order only up to the end of the page.
      let seen = 0
      for (let j = 0; j < n && seen < end; j++) {
        const i = perm !== null ? perm[j] : j
        if (match !== null && match[i] === 0) continue
        if (seen >= start) content.push(rows[i])
        seen++
      }
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

  /** Rows passing every filter and the search: filters first (bit tests), `indexOf` only on survivors. */
  #match(needle: string, tests: [string, string[]][]): Matches {
    const key = JSON.stringify([needle, tests])
    const cached = this.#matches.get(key)
    if (cached) {
      this.#matches.delete(key) // LRU: move to the end
      this.#matches.set(key, cached)
      return cached
    }
    const n = this.#rows.length
    const masks: Int32Array[] = []
    const wants: number[] = []
    const generic: { column: FilterValue[]; values: Set<string> }[] = []
    /** The rows to visit: all, or the search's hits or the rows holding a wanted value of an indexed filter, whichever are fewer. */
    let candidates: number[] | null = null
    let none = false
    for (const [name, values] of tests) {
      const column = this.#filterColumn(name)
      const lower = values.map((v) => v.toLowerCase())
      if (column.masks) {
        let want = 0
        for (const v of lower) want |= 1 << (column.bits!.get(v) ?? 31)
        want &= 0x7fffffff // values absent from the column match nothing
        if (want === 0) none = true
        masks.push(column.masks)
        wants.push(want)
      } else {
        generic.push({ column: column.values!, values: new Set(lower) })
        const postings = (column.postings ??= this.#postingsOf(column.values!))
        const rows: number[] = []
        for (const v of new Set(lower)) for (const i of postings.get(v) ?? []) rows.push(i)
        if (!candidates || rows.length < candidates.length) candidates = rows
      }
    }
    const search = needle ? this.#searchHits(needle) : null
    const hits = search ? search.hits : null
    if (search && (!candidates || search.rows.length < candidates.length)) candidates = search.rows
    const match = new Uint8Array(n)
    let total = 0
    if (!none) {
      const visits = candidates ? candidates.length : n
      outer: for (let j = 0; j < visits; j++) {
        const i = candidates ? candidates[j] : j
        if (match[i] === 1) continue // a row holding two of the wanted values
        for (let k = 0; k < masks.length; k++) if ((masks[k][i] & wants[k]) === 0) continue outer
        for (let k = 0; k < generic.length; k++) {
          const v = generic[k].column[i]
          if (v == null) continue outer
          const values = generic[k].values
          if (typeof v === 'string') {
            if (!values.has(v)) continue outer
          } else {
            let hit = false
            for (let x = 0; x < v.length && !hit; x++) hit = values.has(v[x])
            if (!hit) continue outer
          }
        }
        if (hits !== null && hits[i] === 0) continue
        match[i] = 1
        total++
      }
    }
    if (search) for (const i of search.rows) search.hits[i] = 0
    const result = { match, total }
    if (this.#matches.size >= MAX_MATCH_CACHE) this.#matches.delete(this.#matches.keys().next().value!)
    this.#matches.set(key, result)
    return result
  }

  // ---- caches ---------------------------------------------------------------------------------------

  #refresh() {
    const version = this.collection.version
    let deps = 0
    let k = 0
    for (const other of this.def.dependsOn ?? []) {
      if (!('fields' in other)) {
        deps += other.version
        continue
      }
      // Only these fields read that collection: drop their columns, and the orders and matches that used them.
      const v = other.collection.version
      if (this.#partialVersions[k] !== v) {
        this.#partialVersions[k] = v
        this.#matches.clear()
        for (const field of other.fields) this.#dropField(field)
      }
      k++
    }
    if (version === this.#version && deps === this.#depsVersion) return
    this.#matches.clear()
    this.#joined = null
    const changes = deps === this.#depsVersion ? this.collection.changesSince(this.#version) : null
    if (deps !== this.#depsVersion) this.#textOf = new WeakMap()
    this.#version = version
    this.#depsVersion = deps
    if (!changes || !this.#apply(changes)) this.#rebuild()
  }

  #dropField(field: string) {
    this.#keys.delete(field)
    this.#filterColumns.delete(field)
    for (const [key, cache] of this.#sorts) if (cache.fields.includes(field)) this.#sorts.delete(key)
  }

  #rebuild() {
    this.#rows = [...this.collection.values()]
    this.#positions = null
    this.#keyList = null
    this.#texts = null
    this.#trigrams = null
    this.#filterColumns.clear()
    this.#keys.clear()
    this.#sorts.clear()
  }

  /**
   * Where `keys` sit in the rows: for a handful of keys (a single update or delete), one native
   * `indexOf` each over the key list (`keyOf` is shared by every collection, so calling it per row is a
   * megamorphic property load: ≈ 4× slower); else a key → position map, kept (and extended by inserts)
   * until a remove shifts the positions.
   */
  #positionsOf(keys: readonly string[]): Map<string, number> {
    const keyOf = this.collection.keyOf
    if (this.#positions) return this.#positions
    if (keys.length > 64) return (this.#positions = new Map(this.#rows.map((row, i) => [keyOf(row), i])))
    const list = (this.#keyList ??= this.#rows.map((row) => keyOf(row)))
    const found = new Map<string, number>()
    for (const key of keys) {
      const i = list.indexOf(key)
      if (i !== -1) found.set(key, i)
    }
    return found
  }

  /** Follows a batch of writes without rebuilding; false when the batch needs a rebuild. */
  #apply(changes: readonly Change[]): boolean {
    if (changes.length === 0) return true
    const removes = changes.filter((c) => c.kind === 'remove').length
    if (removes) return removes === changes.length && this.#applyRemoves(changes)

    const rows = this.#rows
    const oldN = rows.length
    const inserted = new Map<string, number>()
    for (const c of changes) if (c.kind === 'insert') inserted.set(c.key, oldN + inserted.size)
    const positions = this.#positionsOf(
      changes.filter((c) => c.kind === 'replace' && !inserted.has(c.key)).map((c) => c.key),
    )
    const replaced: number[] = []
    for (const c of changes) {
      const row = this.collection.get(c.key)!
      if (c.kind === 'insert') {
        this.#positions?.set(c.key, rows.length)
        this.#keyList?.push(c.key)
        rows.push(row)
      } else {
        const i = inserted.get(c.key) ?? positions.get(c.key)!
        if (i < oldN && rows[i] !== row) replaced.push(i)
        rows[i] = row
      }
    }
    const n = rows.length
    const dirty = [...new Set(replaced)]
    for (let i = oldN; i < n; i++) dirty.push(i)

    if (this.#trigrams && dirty.length > MAX_INDEX_PATCH) this.#trigrams = null
    if (this.#texts) {
      const texts = this.#texts
      for (const i of dirty) {
        const text = this.#searchText(rows[i])
        if (this.#trigrams && text !== texts[i]) {
          if (i < oldN) this.#unindex(texts[i], i)
          this.#index(text, i)
        }
        texts[i] = text
      }
    }
    for (const [name, column] of this.#filterColumns)
      if (!this.#updateFilterColumn(name, column, dirty, n)) this.#filterColumns.delete(name)
    for (const [field, keys] of this.#keys) {
      const get = this.#sortGetter(field)
      for (const i of dirty) keys[i] = sortKey(get(rows[i]))
    }
    for (const cache of this.#sorts.values()) this.#updateSort(cache, dirty, replaced.length > 0, oldN, n)
    return true
  }

  #applyRemoves(changes: readonly Change[]): boolean {
    const oldN = this.#rows.length
    const gone = new Uint8Array(oldN)
    const positions = this.#positionsOf(changes.map((c) => c.key))
    const at: number[] = []
    for (const c of changes) {
      const i = positions.get(c.key)
      if (i === undefined) return false
      gone[i] = 1
      at.push(i)
    }
    if (at.length <= 8) {
      this.#removeFew(at)
      return true
    }
    const remap = new Int32Array(oldN)
    let k = 0
    for (let i = 0; i < oldN; i++) remap[i] = gone[i] ? -1 : k++
    /** Drops the removed positions in place (the sort comparators hold the key arrays). */
    const keep = <X>(xs: X[]) => {
      for (let i = 0; i < oldN; i++) if (remap[i] >= 0) xs[remap[i]] = xs[i]
      xs.length = k
    }
    keep(this.#rows)
    this.#positions = null
    this.#trigrams = null
    if (this.#keyList) keep(this.#keyList)
    if (this.#texts) keep(this.#texts)
    for (const keys of this.#keys.values()) keep(keys)
    for (const column of this.#filterColumns.values()) {
      column.postings = null
      if (column.values) keep(column.values)
      if (column.masks) {
        const masks = new Int32Array(k)
        for (let i = 0; i < oldN; i++) if (remap[i] >= 0) masks[remap[i]] = column.masks[i]
        column.masks = masks
      }
    }
    for (const cache of this.#sorts.values()) {
      const perm = new Uint32Array(k)
      let j = 0
      for (const i of cache.perm) if (remap[i] >= 0) perm[j++] = remap[i]
      cache.perm = perm
    }
    return true
  }

  /**
   * A few removes (a single delete): each position is cut out in place with native moves (`splice`,
   * `copyWithin`) instead of a JS pass that rewrites every array; sort orders drop the entry and
   * renumber the positions after it.
   */
  #removeFew(at: number[]) {
    this.#positions = null
    for (const i of [...new Set(at)].sort((a, b) => b - a)) {
      if (this.#trigrams && this.#texts) {
        this.#unindex(this.#texts[i], i)
        shiftPostings(this.#trigrams, i)
      }
      this.#rows.splice(i, 1)
      this.#keyList?.splice(i, 1)
      this.#texts?.splice(i, 1)
      for (const keys of this.#keys.values()) keys.splice(i, 1)
      for (const column of this.#filterColumns.values()) {
        if (column.postings) {
          post(column.postings, column.values![i], i, false)
          shiftPostings(column.postings, i)
        }
        if (column.values) column.values.splice(i, 1)
        if (column.masks) {
          column.masks.copyWithin(i, i + 1)
          column.masks = column.masks.subarray(0, column.masks.length - 1)
        }
      }
      for (const cache of this.#sorts.values()) {
        const perm = cache.perm
        const j = perm.indexOf(i)
        perm.copyWithin(j, j + 1)
        const m = perm.length - 1
        for (let k = 0; k < m; k++) if (perm[k] > i) perm[k]--
        cache.perm = perm.subarray(0, m)
      }
    }
  }

  #searchText(row: T): string {
    let text = this.#textOf.get(row as object)
    if (text === undefined)
      this.#textOf.set(row as object, (text = this.def.search ? normalize(this.def.search(row)) : ''))
    return text
  }

  /**
   * The rows whose search text contains `needle`: from the trigram index for 2 characters or more; for one
   * character, one native `indexOf` walk over all texts joined, jumping to the next row after each hit (a
   * single scan of a few MB, under the per-row floor), the joined text rebuilt on the first such search after a write.
   */
  #searchHits(needle: string): { hits: Uint8Array; rows: number[] } {
    const texts = this.#searchTexts()
    // A scratch array kept between queries (all zeros outside #match): no 100 kB allocation per search.
    if (this.#scratch.length < texts.length)
      this.#scratch = new Uint8Array(Math.max(texts.length, 2 * this.#scratch.length))
    const hits = this.#scratch
    /** The hit rows, each once: what the filter pass visits. */
    const rows: number[] = []
    const hit = (i: number) => {
      if (hits[i] === 0) (hits[i] = 1), rows.push(i)
    }
    if (needle.includes('\u0000')) return { hits, rows } // the row separator: it never matches inside a row
    if (needle.length === 2) {
      // Every trigram starting with the two characters (NUL-padded texts: the end of a text too).
      const from = (needle.charCodeAt(0) * 65536 + needle.charCodeAt(1)) * 65536
      for (const [t, list] of this.#trigramIndex(texts)) if (t >= from && t < from + 65536) for (const i of list) hit(i)
      return { hits, rows }
    }
    if (needle.length >= 3) {
      // Candidates: the rows holding the needle's rarest trigram; each checked with one `includes`.
      const index = this.#trigramIndex(texts)
      let best: number[] | undefined
      for (let k = 0; k + 3 <= needle.length; k++) {
        const list = index.get(trigram(needle, k))
        if (!list) return { hits, rows }
        if (!best || list.length < best.length) best = list
      }
      const exact = needle.length === 3
      for (const i of best!) if (exact || texts[i].includes(needle)) hit(i)
      return { hits, rows }
    }
    if (!this.#joined) {
      const starts = new Int32Array(texts.length + 1)
      let offset = 0
      for (let i = 0; i < texts.length; i++) {
        starts[i] = offset
        offset += texts[i].length + 1
      }
      starts[texts.length] = offset
      this.#joined = { text: texts.join('\u0000'), starts }
    }
    const { text, starts } = this.#joined
    let row = 0
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, starts[row + 1])) {
      // The row holding `at`: the last start ≤ at (binary search from the previous row on).
      let lo = row
      let hi = texts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1
        if (starts[mid] <= at) lo = mid
        else hi = mid - 1
      }
      row = lo
      hit(row)
      if (row + 1 >= texts.length) break
    }
    return { hits, rows }
  }

  #searchTexts(): string[] {
    if (!this.#texts) this.#texts = this.#rows.map((row) => this.#searchText(row))
    return this.#texts
  }

  #trigramIndex(texts: string[]): Map<number, number[]> {
    if (!this.#trigrams) {
      this.#trigrams = new Map()
      for (let i = 0; i < texts.length; i++) this.#index(texts[i], i)
    }
    return this.#trigrams
  }

  #index(text: string, i: number) {
    for (let k = 0; k + 2 <= text.length; k++) addPosting(this.#trigrams!, trigram(text, k), i)
  }

  /** Takes out one entry of `i` per trigram occurrence in `text` (what `#index` put in). */
  #unindex(text: string, i: number) {
    for (let k = 0; k + 2 <= text.length; k++) removePosting(this.#trigrams!, trigram(text, k), i)
  }

  #filterColumn(name: string): FilterColumn {
    let column = this.#filterColumns.get(name)
    if (!column) {
      const get = this.#filterGetter(name)!
      const values = this.#rows.map((row) => lowerValue(get(row)))
      const bits = new Map<string, number>()
      column = { bits, masks: new Int32Array(values.length), values: null, postings: null }
      for (let i = 0; i < values.length; i++) {
        const mask = maskOf(values[i], bits)
        if (mask === -1) {
          column = { bits: null, masks: null, values, postings: null }
          break
        }
        column.masks![i] = mask
      }
      this.#filterColumns.set(name, column)
    }
    return column
  }

  #postingsOf(values: FilterValue[]): Map<string, number[]> {
    const postings = new Map<string, number[]>()
    for (let i = 0; i < values.length; i++) post(postings, values[i], i, true)
    return postings
  }

  /** False when the column must be rebuilt (it now has too many distinct values for bit masks). */
  #updateFilterColumn(name: string, column: FilterColumn, dirty: number[], n: number): boolean {
    const get = this.#filterGetter(name)!
    if (column.values) {
      if (column.postings && dirty.length > MAX_INDEX_PATCH) column.postings = null
      for (const i of dirty) {
        const value = lowerValue(get(this.#rows[i]))
        if (column.postings) {
          post(column.postings, column.values[i], i, false)
          post(column.postings, value, i, true)
        }
        column.values[i] = value
      }
      return true
    }
    if (column.masks!.length < n) {
      const masks = new Int32Array(n)
      masks.set(column.masks!)
      column.masks = masks
    }
    for (const i of dirty) {
      const mask = maskOf(lowerValue(get(this.#rows[i])), column.bits!)
      if (mask === -1) return false
      column.masks![i] = mask
    }
    return true
  }

  #sort(sort: SortEntry[]): SortCache {
    const cacheKey = sort.map((s) => `${s.field}:${s.desc ? 'd' : 'a'}`).join('|')
    let cache = this.#sorts.get(cacheKey)
    if (cache) return cache
    const columns = sort.map((s) => this.#keyColumn(s.field))
    const compare = comparator(
      columns,
      sort.map((s) => (s.desc ? -1 : 1)),
    )
    const perm = new Uint32Array(this.#rows.length)
    for (let i = 0; i < perm.length; i++) perm[i] = i
    perm.sort(compare)
    cache = { perm, compare, fields: sort.map((s) => s.field) }
    if (this.#sorts.size >= 32) this.#sorts.delete(this.#sorts.keys().next().value!)
    this.#sorts.set(cacheKey, cache)
    return cache
  }

  #keyColumn(field: string): SortKey[] {
    let keys = this.#keys.get(field)
    if (!keys) {
      const get = this.#sortGetter(field)
      this.#keys.set(field, (keys = this.#rows.map((row) => sortKey(get(row)))))
    }
    return keys
  }

  /** Takes the dirty rows out of the permutation, then merges them back in at their sorted places. */
  #updateSort(cache: SortCache, dirty: number[], anyReplaced: boolean, oldN: number, n: number) {
    if (anyReplaced && n === oldN && dirty.length <= 64) {
      // A few updates, no insert: move each row within the permutation, in place (no copy of the whole
      // order, no pass in JS): native indexOf + copyWithin out, binary search + copyWithin back in.
      const perm = cache.perm
      let m = n
      for (const i of dirty) {
        const j = perm.indexOf(i)
        perm.copyWithin(j, j + 1, m)
        m--
      }
      for (const i of dirty) {
        let lo = 0
        let hi = m
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (cache.compare(perm[mid], i) < 0) lo = mid + 1
          else hi = mid
        }
        perm.copyWithin(lo + 1, lo, m)
        perm[lo] = i
        m++
      }
      return
    }
    let rest = cache.perm
    if (anyReplaced) {
      const isDirty = new Uint8Array(n)
      for (const i of dirty) isDirty[i] = 1
      rest = new Uint32Array(oldN - (dirty.length - (n - oldN)))
      let j = 0
      for (const i of cache.perm) if (!isDirty[i]) rest[j++] = i
    }
    const fresh = Uint32Array.from(dirty).sort(cache.compare)
    const perm = new Uint32Array(n)
    let from = 0
    let to = 0
    for (const i of fresh) {
      let lo = from
      let hi = rest.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (cache.compare(rest[mid], i) < 0) lo = mid + 1
        else hi = mid
      }
      perm.set(rest.subarray(from, lo), to)
      to += lo - from
      from = lo
      perm[to++] = i
    }
    perm.set(rest.subarray(from), to)
    cache.perm = perm
  }
}

const sortKey = (k: SortKey): SortKey => (typeof k === 'string' ? normalize(k) : k)

/** The row's bit mask over `bits` (adding new values), or -1 when that would need more than MAX_BITS. */
function maskOf(v: FilterValue, bits: Map<string, number>): number {
  if (v == null) return 0
  let mask = 0
  for (const x of typeof v === 'string' ? [v] : v) {
    let bit = bits.get(x)
    if (bit === undefined) {
      if (bits.size >= MAX_BITS) return -1
      bits.set(x, (bit = bits.size))
    }
    mask |= 1 << bit
  }
  return mask
}
