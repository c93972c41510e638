/**
 * fast-check arbitraries for fuzzing the reference server (docs/budgets.md §6). Everything is derived from the route
 * definitions in `spec/index.ts` (`routes`) and from the OpenAPI document they build, so a new route is fuzzed
 * without touching this file: its path params, query keys, body schema (and its examples) are read here.
 */
import fc from 'fast-check'
import { buildOpenApiDocument, routes } from '../../spec/index.js'

type Json = any

// ---------------------------------------------------------------------------------------------------------
// The routes, flattened
// ---------------------------------------------------------------------------------------------------------

export interface RouteInfo {
  /** `group.name` in `routes`, e.g. `customerAccounts.replaceTags`. */
  key: string
  method: string
  /** OpenAPI form, e.g. `/v1/stores/{id}`. */
  path: string
  operationId: string
  /** Path parameter names in order. */
  params: string[]
  /** Declared query parameter names. */
  queryKeys: string[]
  /** Whether the route declares a JSON body, and its (resolved) JSON schema from the OpenAPI document. */
  body: { schema: Json; required: boolean; mediaTypes: string[] } | null
  /** Lowest permission level (`x-dj-role`) of a back-office route, else null. */
  role: string | null
  /** Customer-user group (`x-dj-group`: `FOC_Admin` or `any`) of a storefront route, else null. */
  group: 'FOC_Admin' | 'any' | null
  /**
   * Whose credentials the route takes: `operator` (dj-client OPERATOR + dj-api-key), `storefront` (dj-client ACCOUNT +
   * a customer bearer token), `login` (dj-client ACCOUNT and nothing else: `POST /auth/token`), `public` (none: health).
   */
  audience: 'operator' | 'storefront' | 'login' | 'public'
  /** The zod route definition itself. */
  def: any
}

const doc = buildOpenApiDocument() as Json

/** Resolves `$ref`s (one level at a time; callers recurse). */
export function resolve(schema: Json): Json {
  let s = schema
  for (let i = 0; s?.$ref && i < 20; i++)
    s = doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')]
  return s
}

export const allRoutes: RouteInfo[] = Object.entries(routes).flatMap(([group, defs]) =>
  Object.entries(defs as Record<string, any>).map(([name, def]): RouteInfo => {
    const path: string = def.path
    const method: string = String(def.method).toUpperCase()
    const op = doc.paths?.[path]?.[String(def.method)]
    const bodySchema = op?.requestBody?.content?.['application/json']?.schema
    return {
      key: `${group}.${name}`,
      method,
      path,
      operationId: def.operationId ?? op?.operationId ?? `${method} ${path}`,
      params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
      queryKeys: Object.keys(def.request?.query?.shape ?? {}),
      body: bodySchema
        ? {
            schema: resolve(bodySchema),
            required: op.requestBody.required === true,
            mediaTypes: Object.keys(op.requestBody.content),
          }
        : null,
      role: def['x-dj-role'] ?? null,
      group: def['x-dj-group'] ?? null,
      audience: def['x-dj-role']
        ? 'operator'
        : def['x-dj-group']
          ? 'storefront'
          : def.request?.headers?.shape?.['dj-client']
            ? 'login'
            : 'public',
      def,
    }
  }),
)

// ---------------------------------------------------------------------------------------------------------
// The seeded data, as pools of real values
// ---------------------------------------------------------------------------------------------------------

export interface Pools {
  /** Every `id` and `externalId` in the seeded data. */
  all: string[]
  /** Path segment before a `{param}` (e.g. `stores`) → ids and external ids of that kind. */
  bySegment: Record<string, string[]>
  /** Path segment → the values a JSON body references that kind by: DJUST ids, store externalIds (§2). */
  refs: Record<string, string[]>
  /** Extra API keys that are valid in the seed (besides the test helpers' admin/user/reader). */
  apiKeys: string[]
}

/** Path segment → the collection of the seeded JSON whose rows it addresses. Unknown segments use every id. */
const SEGMENT_COLLECTIONS: Record<string, (json: Json) => Json[]> = {
  stores: (j) => j.stores,
  'operator-users': (j) => j.operators,
  'api-keys': (j) => j.apiKeys,
  'customer-tags': (j) => j.customerTags,
  'customer-accounts': (j) => j.customerAccounts,
  addresses: (j) => j.customerAccounts.flatMap((a: Json) => a.addresses),
  'customer-users': (j) => j.customerUsers ?? [],
  organisations: (j) => j.organisations ?? [],
  'custom-fields': (j) => j.customFields ?? [],
  'buying-policies': (j) => j.buyingPolicies ?? [],
}

export function poolsFrom(json: Json, apiKeys: string[]): Pools {
  const all = new Set<string>()
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'id' || k === 'externalId') && typeof x === 'string') all.add(x)
        walk(x)
      }
    }
  }
  walk({ ...json, auditEvents: [], idempotency: [] })
  const bySegment: Record<string, string[]> = {}
  const refs: Record<string, string[]> = {}
  for (const [segment, rows] of Object.entries(SEGMENT_COLLECTIONS)) {
    bySegment[segment] = (rows(json) ?? []).flatMap((r: Json) =>
      [r.id, r.externalId].filter((x) => typeof x === 'string'),
    )
    refs[segment] = (rows(json) ?? [])
      .map((r: Json) => (segment === 'stores' ? r.externalId : r.id))
      .filter((x: unknown) => typeof x === 'string')
  }
  return { all: [...all], bySegment, refs, apiKeys }
}

// ---------------------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------------------

/** `encodeURIComponent` that does not throw on lone surrogates (they become U+FFFD, as a browser would send). */
export const encode = (v: string) =>
  encodeURIComponent(v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))
/** A header-safe value (printable ASCII): `Headers` itself rejects CR, LF, NUL and non-Latin-1. */
export const headerText = (maxLength = 40) => fc.string({ unit: printable, maxLength })

/** Strings a caller may send where text is expected: ASCII, Unicode, lone surrogates, whitespace, overlong. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '   ',
      '\t\n',
      '\u00a0',
      '\u200b',
      '\uFEFF',
      'é',
      'Élodie',
      'ﬁ',
      'İ',
      'ß',
      '𝔘𝔫𝔦',
      '🙂',
      '👨‍👩‍👧',
      '\ud800',
      '\udfff',
      'null',
      'undefined',
      'NaN',
      '0',
      '-1',
      'true',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      "'; DROP TABLE x; --",
      '<script>alert(1)</script>',
      '=1+1',
      '@SUM(A1)',
      '../../etc/passwd',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      'a,b',
      'a:b:c',
      'a||b',
      '*',
      '?',
      '#',
      '&',
      '=',
      '/',
      '\\',
      '"',
      "'",
      '`',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(255, 256, 300, 2049, 5000)
      .chain((n) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n), ' '.repeat(n))),
  },
)

/** A random value of any JSON type, small. */
export const anyJson = fc.jsonValue({ maxDepth: 3 })

/**
 * A deeply nested JSON value (stack-depth attacks): `[[[…]]]` or `{"a":{"a":…}}`. Kept as a marker and expanded to
 * text by {@link toJsonText}, so the test itself never recurses through it.
 */
export class Deep {
  constructor(
    readonly depth: number,
    readonly arrays: boolean,
  ) {}
  text() {
    return this.arrays
      ? '['.repeat(this.depth) + ']'.repeat(this.depth)
      : `${'{"a":'.repeat(this.depth)}{}${'}'.repeat(this.depth)}`
  }
}
export const deepJson: fc.Arbitrary<Deep> = fc
  .tuple(fc.constantFrom(200, 10_000, 40_000), fc.boolean())
  .map(([d, a]) => new Deep(d, a))

/** `JSON.stringify`, with {@link Deep} markers expanded in place. */
export function toJsonText(v: Json): string | undefined {
  const deep: Deep[] = []
  const text = JSON.stringify(v, (_k, x) => (x instanceof Deep ? `\u0000deep${deep.push(x) - 1}\u0000` : x))
  return text?.replace(/"\\u0000deep(\d+)\\u0000"/g, (_m, i) => deep[Number(i)].text())
}

// ---------------------------------------------------------------------------------------------------------
// JSON bodies from the route's JSON schema
// ---------------------------------------------------------------------------------------------------------

const ABSENT = Symbol('absent')

/**
 * Body fields that reference other entities → the pool (path segment) of real values. Most of the time such a field
 * gets real references (ids; externalIds for stores), so bodies reach the rules behind the references (U3, U4, O3,
 * B1…) instead of stopping at the first unknown id.
 */
const REFERENCE_FIELDS: Record<string, string> = {
  accountId: 'customer-accounts',
  accountIds: 'customer-accounts',
  organisationIds: 'organisations',
  mainOrganisationId: 'organisations',
  parentId: 'organisations',
  storeIds: 'stores',
  customerTagIds: 'customer-tags',
  accountManagerId: 'operator-users',
  reviewedUserIds: 'customer-users',
  approverUserIds: 'customer-users',
  ids: 'customer-users',
}
function referenceArb(key: string, schema: Json, pools: Pools, depth: number): fc.Arbitrary<Json> | null {
  const values = REFERENCE_FIELDS[key] ? pools.refs[REFERENCE_FIELDS[key]] : undefined
  if (!values?.length) return null
  const r = resolve(schema) ?? {}
  const types: string[] = Array.isArray(r.type) ? r.type : [r.type]
  const real = types.includes('array')
    ? fc.uniqueArray(fc.constantFrom(...values), {
        minLength: Math.min(r.minItems ?? 0, 1),
        maxLength: Math.min(2, r.maxItems ?? 2),
      })
    : fc.constantFrom(...values)
  return fc.oneof({ weight: 3, arbitrary: real }, { weight: 1, arbitrary: fromSchema(schema, pools, depth + 1) })
}
/** An object schema without declared properties: free-form JSON (custom fields). */
const isFreeForm = (schema: Json) => {
  const r = resolve(schema) ?? {}
  const types: string[] = Array.isArray(r.type) ? r.type : [r.type]
  return types.includes('object') && !r.properties
}
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

/**
 * Values that (mostly) satisfy a JSON schema: enums, patterns, formats, lengths, examples, and the pools of real
 * ids for plain strings (so references sometimes resolve). Refinements the schema cannot express (country codes,
 * locales, past dates) are met through the schema's examples.
 */
export function fromSchema(schema: Json, pools: Pools, depth = 0): fc.Arbitrary<Json> {
  const s = resolve(schema) ?? {}
  if (s.allOf)
    return fromSchema(
      { ...resolve(s.allOf[0]), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'allOf')) },
      pools,
      depth,
    )
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Json) => fromSchema(x, pools, depth + 1)))
  if (s.enum) return fc.constantFrom(...s.enum)
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : []
  if (types.includes('null')) {
    const rest = types.filter((t) => t !== 'null')
    return fc.option(fromSchema({ ...s, type: rest.length === 1 ? rest[0] : rest }, pools, depth), {
      nil: null,
      freq: 5,
    })
  }
  const withExample = (arb: fc.Arbitrary<Json>) =>
    s.example !== undefined
      ? fc.oneof({ weight: 3, arbitrary: fc.constant(s.example) }, { weight: 2, arbitrary: arb })
      : arb
  switch (types[0]) {
    case 'object': {
      if (s.properties && depth < 4) {
        // Required properties always; a few optional ones (each may carry an unknown reference or a rule the schema
        // cannot express, so fewer at once means more bodies get through); free-form objects (custom fields, where any
        // JSON is accepted) two times out of three.
        const required = new Set<string>(s.required ?? [])
        const model = Object.fromEntries(
          Object.entries(s.properties).map(([k, v]) => [
            k,
            referenceArb(k, v, pools, depth) ?? fromSchema(v, pools, depth + 1),
          ]),
        )
        // Optional references (storeIds, organisationIds…) are present half of the time on their own: rules such as U10
        // (a store on a multi-store tenant) need them more often than a pick of two optional fields would give.
        const isRef = (k: string) => k in REFERENCE_FIELDS
        const optional = Object.keys(s.properties).filter(
          (k) => !required.has(k) && !isFreeForm(s.properties[k]) && !isRef(k),
        )
        const optionalRefs = Object.keys(s.properties).filter(
          (k) => !required.has(k) && !isFreeForm(s.properties[k]) && isRef(k),
        )
        const freeForm = Object.keys(s.properties).filter((k) => !required.has(k) && isFreeForm(s.properties[k]))
        const maybe = (k: string, weightPresent: number) =>
          fc.oneof(
            { weight: weightPresent, arbitrary: fc.constant<unknown>(k) },
            { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) },
          )
        const present = fc
          .tuple(
            fc.oneof(
              { weight: 3, arbitrary: fc.subarray(optional, { maxLength: Math.min(2, optional.length) }) },
              { weight: 1, arbitrary: fc.subarray(optional) },
            ),
            fc.tuple(...freeForm.map((k) => maybe(k, 2))),
            fc.tuple(...optionalRefs.map((k) => maybe(k, 1))),
          )
          .map(([a, b, c]) => new Set<unknown>([...required, ...a, ...b, ...c]))
        const record = fc
          .tuple(fc.record(model), present)
          .map(([r, keep]) => Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))))
        return s.example !== undefined
          ? fc.oneof({ weight: 1, arbitrary: fc.constant(s.example) }, { weight: 3, arbitrary: record })
          : record
      }
      // A free-form object (e.g. custom fields): empty, small dictionaries, any JSON, and now and then a very deep value.
      return fc.oneof(
        { weight: 2, arbitrary: fc.constant({}) },
        {
          weight: 2,
          arbitrary: fc.dictionary(
            fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...pools.all.slice(0, 5), 'x')),
            fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
            { maxKeys: 3 },
          ),
        },
        { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), anyJson, { maxKeys: 3 }) },
        { weight: 3, arbitrary: deepJson.map((d) => ({ nested: d })) },
      )
    }
    case 'array': {
      const max = Math.min(s.maxItems ?? 4, 4)
      return withExample(
        fc.array(fromSchema(s.items ?? {}, pools, depth + 1), {
          minLength: Math.min(s.minItems ?? 0, max),
          maxLength: max,
        }),
      )
    }
    case 'string': {
      const max = s.maxLength ?? 40
      const min = s.minLength ?? 0
      let arb: fc.Arbitrary<string>
      if (s.pattern) arb = fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= max)
      else if (s.format === 'email') {
        arb = fc.oneof(
          fc
            .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.com', 'Example.COM', 'acme.fr'))
            .map(([a, d]) => `${a}@${d}`),
          fc.emailAddress().filter((e) => e.length <= max),
        )
      } else if (s.format === 'uri')
        arb = fc.oneof(
          fc.webUrl(),
          fc.constantFrom('https://acme.example', 'javascript:alert(1)', 'mailto:x@y.z', 'ftp://x'),
        )
      else if (s.format === 'date') arb = isoDate
      else if (s.format === 'date-time') arb = fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
      else {
        arb = fc.oneof(
          {
            weight: 3,
            arbitrary: fc.string({
              minLength: Math.max(min, 1),
              maxLength: Math.max(Math.min(max, 20), Math.max(min, 1)),
            }),
          },
          { weight: 1, arbitrary: fc.constantFrom(...pools.all) },
        )
      }
      return withExample(arb)
    }
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: s.minimum ?? -10, max: s.maximum ?? 1000 })
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true })
    default:
      return anyJson
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutations of a valid body
// ---------------------------------------------------------------------------------------------------------

/** Sets an own property, even `__proto__` (a plain assignment would change the prototype instead). */
function setOwn(obj: Record<string, Json>, key: string, value: Json) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}

type Mutation = (v: Json) => Json
const pickKey = (v: Json, n: number) => {
  const keys = v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []
  return keys.length ? keys[n % keys.length] : undefined
}
const onKey =
  (n: number, f: (v: Record<string, Json>, key: string) => void): Mutation =>
  (v) => {
    const key = pickKey(v, n)
    if (key === undefined) return v
    const copy = { ...v }
    f(copy, key)
    return copy
  }

export function mutation(pools: Pools): fc.Arbitrary<Mutation> {
  const n = fc.nat()
  return fc.oneof(
    n.map((i) => onKey(i, (o, k) => delete o[k])),
    fc.tuple(n, anyJson).map(([i, x]) => onKey(i, (o, k) => (o[k] = x))),
    n.map((i) => onKey(i, (o, k) => (o[k] = null))),
    fc.tuple(n, nastyString).map(([i, x]) => onKey(i, (o, k) => (o[k] = x))),
    fc
      .tuple(n, fc.constantFrom(...pools.all))
      .map(([i, x]) => onKey(i, (o, k) => (o[k] = Array.isArray(o[k]) ? [x] : x))),
    fc
      .tuple(
        n,
        fc.constantFrom<Json>(
          0,
          -1,
          1.5,
          // biome-ignore lint/correctness/noPrecisionLoss: Infinity, which JSON writes as null: on purpose
          1e309 /* → null */,
          2 ** 53 + 1,
          true,
          false,
          [],
          {},
          [null],
          [[]],
          [{}],
          '',
          [''],
          ['x', 'x'],
        ),
      )
      .map(([i, x]) => onKey(i, (o, k) => (o[k] = x))),
    fc
      .tuple(n, fc.array(fc.oneof(nastyString, fc.constantFrom(...pools.all)), { maxLength: 5 }))
      .map(([i, xs]) => onKey(i, (o, k) => (o[k] = xs))),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            '__proto__',
            'constructor',
            'prototype',
            'id',
            'version',
            'createdAt',
            'hash',
            'password',
            'extra',
            '',
          ),
          fc.string({ maxLength: 8 }),
        ),
        anyJson,
      )
      .map(
        ([k, x]): Mutation =>
          (v) => {
            if (!v || typeof v !== 'object' || Array.isArray(v)) return v
            const copy = { ...v }
            setOwn(copy, k, x)
            return copy
          },
      ),
    // Deep nesting in a field (stack-depth attack).
    fc.tuple(n, deepJson).map(([i, x]) => onKey(i, (o, k) => (o[k] = x))),
    // The whole body: an array where an object is expected, a scalar, null.
    fc.constantFrom<Mutation>(
      (v) => [v],
      () => null,
      () => 'text',
      () => 42,
      () => [],
      (v) => ({ data: v }),
    ),
  )
}

// ---------------------------------------------------------------------------------------------------------
// Request parts
// ---------------------------------------------------------------------------------------------------------

export interface FuzzRequest {
  method: string
  /** Path and query, as sent. */
  url: string
  headers: Record<string, string>
  body?: string
}

/** Malformed JSON and non-JSON texts. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '[',
    '{"a":}',
    '{"a" 1}',
    "{'a':1}",
    '{a:1}',
    '{"a":1,}',
    '[1,]',
    '{"a":1}{"b":2}',
    '\uFEFF{}',
    'NaN',
    'Infinity',
    'undefined',
    '{"a":"\\x"}',
    '{"a":"\u0000"}',
    '"unterminated',
    '{"a":01}',
    'nul',
    'tru',
    '--',
    '<xml/>',
    'a=1&b=2',
    '{"__proto__":',
  ),
  fc.json().map((s) => `${s.slice(0, Math.max(0, s.length - 1))}\u0000`),
  fc
    .json()
    .filter((s) => s.length > 1)
    .map((s) => s.slice(0, Math.floor(s.length / 2))),
  fc.string({ maxLength: 30 }).filter((s) => {
    try {
      JSON.parse(s)
      return false
    } catch {
      return true
    }
  }),
)

/** A body for a route: valid, mutated, random JSON, malformed text, deep, huge. `undefined` sends none. */
export function bodyArb(route: RouteInfo, pools: Pools, maxBodyBytes = 1024 * 1024): fc.Arbitrary<string | undefined> {
  const valid = route.body ? fromSchema(route.body.schema, pools) : fc.constant({})
  const stringify = (v: Json) => (v === undefined ? undefined : toJsonText(v))
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 9, arbitrary: valid.map(stringify) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(valid, fc.array(mutation(pools), { minLength: 1, maxLength: 3 }))
        .map(([v, ms]) => stringify(ms.reduce((x, m) => m(x), v))),
    },
    { weight: 2, arbitrary: anyJson.map(stringify) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
    { weight: 2, arbitrary: malformedJsonText },
    { weight: 1, arbitrary: deepJson.map(stringify) },
    // Just over the body limit (413), rarely: it costs a megabyte.
    {
      weight: 1,
      arbitrary: fc
        .constant(null)
        .map(() => JSON.stringify({ externalId: 'BIG', name: 'x'.repeat(maxBodyBytes + 16) })),
    },
  )
}

export const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      '',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      'application/problem+json',
      'application/jsonx',
      'application/json; charset',
      'text/plain',
      'text/json',
      'text/csv',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'application/xml',
      '*/*',
      'json',
    ),
  },
  { weight: 1, arbitrary: headerText(30) },
)

export interface Credentials {
  /** Operator API keys (OP2 levels). */
  admin: string
  user: string
  reader: string
  /** Storefront bearer tokens of seeded customer users of one ACTIVE account: an FOC_Admin and a plain FOC_User. */
  shop: { admin: string; user: string }
  /** `customer-account-id` values: the seeded users' own accounts (ACTIVE or not), and accounts that are not theirs. */
  accounts: { own: string[]; other: string[] }
}

/** The credentials that pass on `route` at its highest level: Admin key, FOC_Admin token, or the login's client header. */
export function validHeaders(route: RouteInfo, keys: Credentials, hasBody = false): Record<string, string> {
  const type: Record<string, string> = hasBody ? { 'content-type': 'application/json' } : {}
  switch (route.audience) {
    case 'storefront':
      return { 'dj-client': 'ACCOUNT', authorization: `Bearer ${keys.shop.admin}`, ...type }
    case 'login':
      return { 'dj-client': 'ACCOUNT', ...type }
    default:
      return { 'dj-client': 'OPERATOR', 'dj-api-key': keys.admin, ...type }
  }
}

export function headersArb(
  route: RouteInfo,
  keys: Credentials,
  pools: Pools,
  hasBody: boolean,
): fc.Arbitrary<Record<string, string>> {
  const opt = (weightAbsent: number, values: fc.Arbitrary<string>) =>
    fc.oneof({ weight: weightAbsent, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: values })
  // Each route mostly gets its own client and credentials, now and then the other side's (which must be refused).
  const shopSide = route.audience === 'storefront' || route.audience === 'login'
  const client = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | undefined>(shopSide ? 'ACCOUNT' : 'OPERATOR') },
    {
      weight: 3,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        shopSide ? 'OPERATOR' : 'ACCOUNT',
        'operator',
        'account',
        '',
        ' OPERATOR ',
        ' ACCOUNT ',
        'OPERATOR,ACCOUNT',
        'ADMIN',
      ),
    },
    { weight: 1, arbitrary: headerText(12) },
  )
  const apiKey = fc.oneof(
    { weight: route.audience === 'operator' ? 10 : 1, arbitrary: fc.constant<string | undefined>(keys.admin) },
    {
      weight: route.audience === 'operator' ? 4 : 1,
      arbitrary: fc.constantFrom<string | undefined>(keys.user, keys.reader, ...pools.apiKeys),
    },
    {
      weight: route.audience === 'operator' ? 3 : 12,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        '',
        ' ',
        'djk_unknown',
        keys.admin.toUpperCase(),
        `${keys.admin} `,
      ),
    },
    { weight: 1, arbitrary: headerText(60) },
  )
  // Storefront: a bearer token (FOC_Admin, FOC_User, malformed, unknown, an operator key in its place) and customer-account-id.
  const bearer = fc.oneof(
    {
      weight: route.audience === 'storefront' ? 10 : 1,
      arbitrary: fc.constant<string | undefined>(`Bearer ${keys.shop.admin}`),
    },
    {
      weight: route.audience === 'storefront' ? 4 : 1,
      arbitrary: fc.constantFrom<string | undefined>(
        `Bearer ${keys.shop.user}`,
        `bearer ${keys.shop.admin}`,
        `Bearer   ${keys.shop.user}`,
      ),
    },
    {
      weight: route.audience === 'storefront' ? 4 : 12,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        '',
        'Bearer',
        'Bearer ',
        `Bearer ${keys.shop.admin} extra`,
        `Bearer ${keys.shop.admin}x`,
        `Basic ${keys.shop.admin}`,
        `Token ${keys.shop.admin}`,
        keys.shop.admin,
        `Bearer ${keys.admin}`,
        'Bearer null',
        `Bearer ${keys.shop.admin.toUpperCase()}`,
      ),
    },
    { weight: 1, arbitrary: headerText(60).map((v) => `Bearer ${v}`) },
  )
  const accountId = opt(
    route.audience === 'storefront' ? 8 : 20,
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...keys.accounts.own) },
      { weight: 2, arbitrary: fc.constantFrom(...keys.accounts.other, '', ' ', 'acc_nope') },
      { weight: 1, arbitrary: headerText(20) },
    ),
  )
  const ifMatch = opt(
    6,
    fc.oneof(
      fc.constantFrom(
        '*',
        '"1"',
        '"2"',
        '"3"',
        'W/"1"',
        'W/"2"',
        '"999"',
        '1',
        '"0"',
        '"-1"',
        'garbage',
        '"1", "2"',
        '',
        '"',
        'W/',
        ',,',
        '"1e0"',
      ),
      headerText(20),
    ),
  )
  const idempotencyKey = opt(
    6,
    fc.oneof(fc.constantFrom('k1', 'k2', '', ' ', 'x'.repeat(255), 'x'.repeat(256)), headerText(20)),
  )
  const store = opt(8, fc.oneof(fc.constantFrom('FR', 'BE', 'XX', '', 'fr'), headerText(10)))
  const contentType = hasBody ? contentTypeArb : fc.constant(undefined)
  const extra = opt(
    10,
    fc
      .constantFrom(
        'x-forwarded-for',
        'accept',
        'authorization',
        'content-length',
        'transfer-encoding',
        'customer-account-id',
      )
      .chain((name) => fc.tuple(fc.constant(name), headerText(20)).map(([n, v]) => `${n}\u0000${v}`)),
  )
  return fc
    .record({ client, apiKey, bearer, accountId, ifMatch, idempotencyKey, store, contentType, extra })
    .map((h) => {
      const out: Record<string, string> = {}
      if (h.client !== undefined) out['dj-client'] = h.client
      if (h.apiKey !== undefined) out['dj-api-key'] = h.apiKey
      if (h.bearer !== undefined) out.authorization = h.bearer
      if (h.accountId !== undefined) out['customer-account-id'] = h.accountId
      if (h.ifMatch !== undefined) out['if-match'] = h.ifMatch
      if (h.idempotencyKey !== undefined) out['idempotency-key'] = h.idempotencyKey
      if (h.store !== undefined) out['dj-store'] = h.store
      if (h.contentType !== undefined) out['content-type'] = h.contentType
      if (h.extra !== undefined) {
        const [name, value] = h.extra.split('\u0000')
        // Lying about the length or the encoding is the transport's business, not the app's: keep those out. The
        // credentials generated above are not overwritten (they drive the expected answer).
        if (name !== 'content-length' && name !== 'transfer-encoding' && !(name in out)) out[name] = value
      }
      return out
    })
}

/** A value for one path parameter: a real id of the right kind, any real id, or garbage; then encoded. */
export function pathValueArb(route: RouteInfo, param: string, pools: Pools, realOnly = false): fc.Arbitrary<string> {
  const segment = route.path.split(`/{${param}}`)[0].split('/').pop() ?? ''
  const own = pools.bySegment[segment] ?? []
  const real = own.length ? fc.constantFrom(...own) : fc.constantFrom(...pools.all)
  const garbage = fc.oneof(
    nastyString.filter((s) => s.length > 0),
    fc.constantFrom(
      '0',
      '-1',
      '1e309',
      'x'.repeat(255),
      'x'.repeat(256),
      'x'.repeat(3000),
      '..',
      '.',
      '%2F',
      'a/b',
      'a%2Fb',
      ' ',
      '%20',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '%C3%A9',
      '+',
      'null',
    ),
  )
  if (realOnly) return real.map(encode)
  const value = fc.oneof(
    { weight: 6, arbitrary: real },
    { weight: 2, arbitrary: fc.constantFrom(...pools.all) },
    { weight: 4, arbitrary: garbage },
  )
  // Mostly encoded as a client library would; sometimes raw (a raw `?`, `#` or `/` changes the URL: still no 5xx).
  return fc
    .tuple(value, fc.nat(9))
    .map(([v, n]) =>
      n < 8 || v === ''
        ? encode(v)
        : encode(v).replace(/%2F/gi, '/').replace(/%3F/gi, '?').replace(/%23/gi, '#').replace(/%25/g, '%'),
    )
}

const PAGE_EDGES = [
  '-1',
  '0',
  '1',
  '2',
  '999',
  '1000',
  '1001',
  '1000000000',
  '1000000001',
  'abc',
  '',
  ' ',
  '1e309',
  '-1e309',
  '1e3',
  '1.5',
  '0x10',
  '010',
  'Infinity',
  'NaN',
  '9007199254740993',
  '99999999999999999999999',
  '+1',
  ' 5 ',
  '５',
  '1,2',
]
const SORT_EDGES = [
  'x:y:z',
  ',',
  ':',
  ':desc',
  ',desc',
  'desc',
  'name:DESC',
  'NAME:desc',
  'name,asc',
  'name:asc,id:desc',
  'id:desc',
  'externalId',
  'email:desc',
  'lastName:asc',
  'status,desc',
  'createdAt:desc',
  'seq:asc',
  'name:sideways',
  'name::desc',
  '__proto__',
  'constructor:asc',
  'toString',
  'name:asc:extra',
  ' name : desc ',
  'é:asc',
  '',
]

/** Query entries: declared keys with edge values, unknown keys, repeats. */
export function queryArb(route: RouteInfo, pools: Pools, focusPaging = false): fc.Arbitrary<string> {
  const declared = route.queryKeys.length ? fc.constantFrom(...route.queryKeys) : fc.constant('page')
  const key = focusPaging
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('page', 'size', 'sort') },
        { weight: 2, arbitrary: declared },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      )
    : fc.oneof(
        { weight: 5, arbitrary: declared },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'page',
            'size',
            'sort',
            'search',
            'idType',
            'force',
            'ids',
            'externalIds',
            'status',
            'foo',
            '__proto__',
            'constructor',
            'toString',
            'hasOwnProperty',
            '',
            'page[]',
            'a.b',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      )
  const valueFor = (k: string): fc.Arbitrary<string> => {
    if (k === 'page' || k === 'size')
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...PAGE_EDGES) },
        { weight: 1, arbitrary: fc.integer({ min: -5, max: 2000 }).map(String) },
        { weight: 1, arbitrary: fc.double().map(String) },
      )
    if (k === 'sort') {
      const field = fc.oneof(
        fc.constantFrom('id', 'externalId', 'name', 'email', 'firstName', 'status', 'createdAt', 'seq', 'nope'),
        fc.string({ maxLength: 6 }),
      )
      const generated = fc
        .tuple(field, fc.constantFrom(':', ','), fc.constantFrom('asc', 'desc', 'DESC', 'Asc', '', 'up'))
        .map(([f, sep, d]) => (d ? `${f}${sep}${d}` : f))
      return fc.oneof(
        fc.constantFrom(...SORT_EDGES),
        generated,
        fc.array(generated, { minLength: 2, maxLength: 3 }).map((xs) => xs.join(',')),
      )
    }
    if (k === 'idType') return fc.constantFrom('DJUST_ID', 'EXTERNAL_ID', 'external_id', '', 'ID', 'x')
    if (k === 'force') return fc.constantFrom('true', 'false', 'TRUE', '1', '', 'yes')
    if (k === 'search') return fc.oneof(nastyString, fc.constantFrom('acme', 'ACME', 'é', 'test', 'fr'))
    return fc.oneof(
      fc.constantFrom(...pools.all),
      fc
        .array(fc.constantFrom(...pools.all, 'ACTIVE', 'INACTIVE', 'Admin', 'x'), { minLength: 1, maxLength: 3 })
        .map((xs) => xs.join(',')),
      nastyString,
    )
  }
  const entry = key.chain((k) => fc.tuple(fc.constant(k), valueFor(k), fc.nat(2)))
  return fc.tuple(fc.array(entry, { maxLength: focusPaging ? 4 : 5 }), fc.nat(9)).map(([entries, mode]) => {
    if (!entries.length) return ''
    // Mostly well encoded; sometimes raw, so `&`, `=`, `%`, `+`, `,` and `:` in values reach the parser as is.
    const parts: string[] = []
    for (const [k, v, repeat] of entries) {
      for (let i = 0; i <= (repeat === 2 ? 1 : 0); i++)
        parts.push(mode < 8 ? `${encode(k)}=${encode(v)}` : `${rawQuery(k)}=${rawQuery(v)}`)
    }
    return `?${parts.join('&')}`
  })
}

/** Leaves `&`, `=`, `%`, `+` as they are (so they reach the query parser raw); encodes what a URL cannot hold. */
const rawQuery = (v: string) =>
  encode(v)
    .replace(/%26/g, '&')
    .replace(/%3D/gi, '=')
    .replace(/%25/g, '%')
    .replace(/%2B/gi, '+')
    .replace(/%2C/gi, ',')
    .replace(/%3A/gi, ':')

/** The URL of a route with random path values and query. */
export function urlArb(
  route: RouteInfo,
  pools: Pools,
  query: fc.Arbitrary<string>,
  realOnly = false,
): fc.Arbitrary<string> {
  const values = fc.tuple(...route.params.map((p) => pathValueArb(route, p, pools, realOnly)))
  return fc.tuple(values, query).map(([vs, q]) => {
    let path = route.path
    route.params.forEach((p, i) => (path = path.replace(`{${p}}`, vs[i])))
    return path + q
  })
}

export interface RequestOptions {
  /** Emphasis of the generated inputs. */
  focus?: 'mixed' | 'body' | 'query' | 'path' | 'headers'
  maxBodyBytes?: number
}

/** One fuzzed request to `route`. */
export function requestArb(
  route: RouteInfo,
  pools: Pools,
  keys: Credentials,
  o: RequestOptions = {},
): fc.Arbitrary<FuzzRequest> {
  const focus = o.focus ?? 'mixed'
  const canHaveBody = route.method !== 'GET' && route.method !== 'HEAD'
  // Bodyless write routes get a body now and then too (it must be ignored or refused, never crash).
  const body: fc.Arbitrary<string | undefined> = !canHaveBody
    ? fc.constant(undefined)
    : route.body
      ? bodyArb(route, pools, o.maxBodyBytes)
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: bodyArb(route, pools, o.maxBodyBytes) },
        )
  const query =
    focus === 'query'
      ? queryArb(route, pools, true)
      : fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryArb(route, pools) })
  // Outside the headers focus, keep credentials valid most of the time so the request reaches the handler.
  const headers = (hasBody: boolean) =>
    focus === 'headers'
      ? headersArb(route, keys, pools, hasBody)
      : fc.oneof(
          {
            weight: focus === 'mixed' ? 2 : 5,
            arbitrary: fc.constant<Record<string, string>>(validHeaders(route, keys, hasBody)),
          },
          { weight: 1, arbitrary: headersArb(route, keys, pools, hasBody) },
        )
  return fc
    .tuple(urlArb(route, pools, query), body)
    .chain(([url, b]) =>
      headers(b !== undefined).map(
        (h): FuzzRequest => ({ method: route.method, url, headers: h, ...(b !== undefined ? { body: b } : {}) }),
      ),
    )
}
