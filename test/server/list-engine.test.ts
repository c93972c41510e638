import { describe, expect, it } from 'vitest'
import { Collection } from '../../mock-server/collection.js'
import {
  ListEngine,
  multiValue,
  normalize,
  parseSort,
  type ListDefinition,
  type SortKey,
} from '../../mock-server/list-engine.js'
import { operatorInput, pick, rng } from '../bench/fixtures.js'

type Row = ReturnType<typeof operatorInput> & { id: string; n: number | null; createdAt: string }

/**
 * The reference answer, computed the slow obvious way: filter every row, stable-sort a copy, slice.
 * The engine caches and patches its indexes on every write; it must always agree with this.
 */
function oracle(rows: Row[], def: ListDefinition<Row>, q: Record<string, unknown> & { page: number; size: number }) {
  const needle = typeof q.search === 'string' ? normalize(q.search.trim()) : ''
  const filters = Object.keys(def.filters ?? {})
    .map((name) => ({
      get: def.filters![name],
      values: new Set(multiValue(q[name] as string).map((v) => v.toLowerCase())),
    }))
    .filter((f) => f.values.size > 0)
  const matched = rows.filter((row) => {
    if (needle && !normalize(def.search!(row)).includes(needle)) return false
    return filters.every(({ get, values }) => {
      const v = get(row)
      if (v == null) return false
      return (typeof v === 'string' ? [v] : v).some((x) => values.has(x.toLowerCase()))
    })
  })
  const sort = parseSort(q.sort as string | string[] | undefined, Object.keys(def.sort))
  const key = (row: Row, field: string): SortKey => {
    const k = def.sort[field](row)
    return typeof k === 'string' ? normalize(k) : k
  }
  const order = matched.map((row, i) => ({ row, i }))
  order.sort((a, b) => {
    for (const { field, desc } of sort) {
      const ka = key(a.row, field)
      const kb = key(b.row, field)
      if (ka == null || kb == null) {
        if (ka == null && kb == null) continue
        return ka == null ? 1 : -1
      }
      if (ka !== kb) return (ka < kb ? -1 : 1) * (desc ? -1 : 1)
    }
    return a.i - b.i
  })
  const content = order.slice(q.page * q.size, (q.page + 1) * q.size).map((x) => x.row.id)
  return { content, totalElements: matched.length }
}

describe('list engine', () => {
  it('OP5 the engine agrees with a brute-force reference through random writes and queries', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed)
      const tags = new Map<string, string>()
      const dependency = new Collection<{ id: string }>((x) => x.id)
      const rows = new Collection<Row>((x) => x.id)
      const def: ListDefinition<Row> = {
        search: (o) => `${o.email}\u0001${o.firstName}\u0001${o.lastName}`,
        filters: {
          ids: (o) => o.id,
          status: (o) => o.status,
          groups: (o) => o.groups,
          storeIds: (o) => o.storeIds,
          tag: (o) => tags.get(o.id),
        },
        sort: {
          id: (o) => o.id,
          lastName: (o) => o.lastName,
          firstName: (o) => o.firstName,
          civility: (o) => o.civility,
          n: (o) => o.n,
          createdAt: (o) => o.createdAt,
          tag: (o) => tags.get(o.id),
        },
        dependsOn: [dependency],
      }
      const engine = new ListEngine(rows, def)
      let next = 0
      const ids: string[] = []
      const make = (id = `op_${String(next).padStart(6, '0')}`): Row => {
        const input = operatorInput(r, next++)
        const storeIds = r() < 0.1 ? Array.from({ length: 3 }, () => `S${Math.floor(r() * 60)}`) : input.storeIds // > 31 distinct values too
        return {
          ...input,
          storeIds,
          id,
          n: r() < 0.1 ? null : Math.floor(r() * 10),
          createdAt: `2026-0${1 + Math.floor(r() * 9)}`,
        }
      }
      for (let step = 0; step < 40; step++) {
        const writes = r() < 0.1 ? 70 + Math.floor(r() * 40) : Math.floor(r() * 4)
        for (let w = 0; w < writes; w++) {
          const x = r()
          if (x < 0.5 || ids.length === 0) {
            const row = make()
            rows.insert(row)
            ids.push(row.id)
          } else if (x < 0.8) {
            rows.replace(make(pick(r, ids)))
          } else {
            const at = Math.floor(r() * ids.length)
            rows.remove(ids[at])
            ids.splice(at, 1)
          }
        }
        if (r() < 0.1 && ids.length) {
          tags.set(pick(r, ids), pick(r, ['x', 'y', 'z']))
          dependency.insert({ id: `d${step}` })
        }
        for (let n = 0; n < 4; n++) {
          const q: Record<string, unknown> & { page: number; size: number } = {
            page: Math.floor(r() * 3),
            size: 1 + Math.floor(r() * 10),
          }
          if (r() < 0.4)
            q.search = pick(r, ['mar', 'é', 'MÜL', 'a', 'zzz', 'example', 'ez', 'ar', 'ma', 'le', 'in', 'rd'])
          if (r() < 0.3) q.status = pick(r, ['ACTIVE', 'inactive', 'ACTIVE,INACTIVE', 'nope'])
          if (r() < 0.3) q.groups = pick(r, [['Admin'], 'User,Reader', 'admin'])
          if (r() < 0.3) q.storeIds = pick(r, ['FR', 'BE,DE', 'S1,S2,S3,S4,S5', 'XX'])
          if (r() < 0.1) q.ids = ids.slice(0, 3)
          if (r() < 0.1) q.tag = 'x,y'
          if (r() < 0.6)
            q.sort = pick(r, [
              'lastName:asc',
              ['lastName:desc', 'firstName:asc'],
              'civility:desc',
              'n:asc',
              ['n:desc', 'createdAt:asc'],
              'tag:asc',
              'id:desc',
            ])
          const got = engine.run(q as never)
          const want = oracle([...rows.values()], def, q)
          expect(
            { content: got.content.map((o) => o.id), totalElements: got.totalElements },
            `seed ${seed} step ${step} ${JSON.stringify(q)}`,
          ).toEqual(want)
        }
      }
    }
  })

  it('L1 custom field filters and sorts, and a dependency read by some columns only, agree with the reference through writes', () => {
    type Owner = { id: string; name: string }
    type Custom = { n?: number; t?: string; tags?: string[]; b?: boolean }
    type Item = { id: string; ownerId: string | null; label: string; customFields: Custom }
    const TYPES: Record<string, string> = { n: 'NUMBER', t: 'TEXT', tags: 'LIST', b: 'BOOLEAN' }
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed)
      const owners = new Collection<Owner>((x) => x.id)
      for (let k = 0; k < 8; k++) owners.insert({ id: `o${k}`, name: pick(r, ['Acme', 'acmé', 'Zed', 'Bo', 'Ça']) + k })
      const rows = new Collection<Item>((x) => x.id)
      const ownerName = (x: Item) => (x.ownerId ? owners.get(x.ownerId)?.name : null)
      const engine = new ListEngine<Item>(rows, {
        search: (x) => x.label,
        filters: { ownerName },
        sort: { id: (x) => x.id, company: ownerName },
        dependsOn: [{ collection: owners, fields: ['company', 'ownerName'] }],
        customFields: { values: (x) => x.customFields as never, type: (id) => TYPES[id] },
      })
      // The reference, by hand: each custom field as a plain filter and sort key, in the documented form.
      const plain = (v: unknown): string | string[] | null =>
        v == null || v === '' ? null : Array.isArray(v) ? (v.length ? v.map(String) : null) : String(v)
      const first = (v: unknown) => (Array.isArray(v) ? v[0] : v)
      const def: ListDefinition<Row> = {
        search: (x) => (x as unknown as Item).label,
        filters: {
          ownerName: (x) => ownerName(x as unknown as Item),
          ...Object.fromEntries(
            Object.keys(TYPES).map((id) => [
              `customFields.${id}`,
              (x: Row) => plain((x as unknown as Item).customFields[id as keyof Custom]),
            ]),
          ),
        },
        sort: {
          id: (x) => x.id,
          company: (x) => ownerName(x as unknown as Item),
          ...Object.fromEntries(
            Object.keys(TYPES).map((id) => [
              `customFields.${id}`,
              (x: Row) => {
                const v = first((x as unknown as Item).customFields[id as keyof Custom])
                return v == null || v === '' ? null : typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number)
              },
            ]),
          ),
        },
      }
      let next = 0
      const ids: string[] = []
      const TEXTS = Array.from({ length: 50 }, (_, k) => `T${k}`) // > 31 values: postings, not bit masks
      const make = (id = `i${String(next++).padStart(5, '0')}`): Item => {
        const customFields: Custom = {}
        if (r() < 0.7) customFields.n = pick(r, [1, 2, 2.5, 10, -3])
        if (r() < 0.7) customFields.t = r() < 0.1 ? '' : pick(r, TEXTS)
        if (r() < 0.6) customFields.tags = Array.from({ length: Math.floor(r() * 3) }, () => pick(r, ['x', 'Y', 'z']))
        if (r() < 0.6) customFields.b = r() < 0.5
        return {
          id,
          ownerId: r() < 0.1 ? null : `o${Math.floor(r() * 8)}`,
          label: pick(r, ['ab', 'bc', 'cd']),
          customFields,
        }
      }
      for (let step = 0; step < 30; step++) {
        const writes = r() < 0.1 ? 60 + Math.floor(r() * 30) : Math.floor(r() * 4)
        for (let w = 0; w < writes; w++) {
          const x = r()
          if (x < 0.5 || ids.length === 0) {
            const row = make()
            rows.insert(row)
            ids.push(row.id)
          } else if (x < 0.8) rows.replace(make(pick(r, ids)))
          else {
            const at = Math.floor(r() * ids.length)
            rows.remove(ids[at])
            ids.splice(at, 1)
          }
        }
        if (r() < 0.3) {
          const o = owners.get(`o${Math.floor(r() * 8)}`)!
          owners.replace({ ...o, name: pick(r, ['Acme', 'acmé', 'Zed', 'Bo', 'Ça', 'Émile']) + Math.floor(r() * 3) })
        }
        for (let n = 0; n < 5; n++) {
          const q: Record<string, unknown> & { page: number; size: number } = {
            page: Math.floor(r() * 3),
            size: 1 + Math.floor(r() * 10),
          }
          const oracleQ: Record<string, unknown> & { page: number; size: number } = { ...q }
          const set = (name: string, value: string | string[], canonical = value) => {
            q[name] = value
            oracleQ[name] = canonical
          }
          if (r() < 0.3) {
            const [sent, canonical] = pick(r, [
              ['1.0', '1'],
              ['2,2.5', '2,2.5'],
              ['1e1', '10'],
              ['-3', '-3'],
            ] as const)
            set('customFields.n', sent, canonical)
          }
          if (r() < 0.3) set('customFields.t', pick(r, ['t1', 'T2,T40', ['T45', 't3'], 'nope']))
          if (r() < 0.3) set('customFields.tags', pick(r, ['x', 'y,Z', ['X', 'z']]))
          if (r() < 0.3) set('customFields.b', pick(r, ['true', 'FALSE', 'true,false']))
          if (r() < 0.2) set('ownerName', pick(r, ['acme1', 'zed2,bo3', 'ça0']))
          if (r() < 0.1) q['customFields.zz'] = 'x' // no such field: ignored
          if (r() < 0.3) q.search = pick(r, ['b', 'bc', 'zz'])
          if (r() < 0.7) {
            const sort = pick(r, [
              'company:asc',
              ['company:desc', 'customFields.n:asc'],
              'customFields.n:desc',
              'customFields.t:asc',
              ['customFields.tags:desc', 'customFields.b:asc'],
              'customFields.b:desc',
              'CUSTOMFIELDS.n:asc',
              'customFields.zz:asc',
            ])
            q.sort = sort
            oracleQ.sort = typeof sort === 'string' ? sort.replace('CUSTOMFIELDS', 'customFields') : sort
          }
          oracleQ.search = q.search
          const got = engine.run(q as never)
          const want = oracle([...rows.values()] as unknown as Row[], def, oracleQ)
          expect(
            { content: got.content.map((o) => o.id), totalElements: got.totalElements },
            `seed ${seed} step ${step} ${JSON.stringify(q)}`,
          ).toEqual(want)
        }
      }
    }
  })

  it('OP5 a search finds its text at the very end of a row, in a two-character row, and after writes', () => {
    const rows = new Collection<{ id: string; name: string }>((x) => x.id)
    const engine = new ListEngine(rows, { search: (x) => x.name, sort: { id: (x) => x.id } })
    const found = (search: string) => engine.run({ page: 0, size: 10, search }).content.map((x) => x.id)
    rows.insert({ id: 'a', name: 'Zoé Quix' })
    rows.insert({ id: 'b', name: 'yz' })
    rows.insert({ id: 'c', name: 'nothing' })
    expect(found('ix')).toEqual(['a'])
    expect(found('YZ')).toEqual(['b'])
    expect(found('uix')).toEqual(['a'])
    expect(found('oe q')).toEqual(['a'])
    rows.replace({ id: 'c', name: 'Felix' })
    rows.remove('a')
    expect(found('ix')).toEqual(['c'])
    expect(found('uix')).toEqual([])
    rows.insert({ id: 'd', name: 'ix' })
    expect(found('ix')).toEqual(['c', 'd'])
  })
})
