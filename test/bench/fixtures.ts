/**
 * Shared data generation and timing helpers for the benchmarks under test/bench.
 *
 * Everything is deterministic: the same seed gives the same operators, so two runs (or two machines)
 * measure the same data. Names carry accents ("Élodie", "Müller") so that search and sort go through
 * the accent-insensitive paths of the list engine, as real data would.
 */
import { Db } from '../../mock-server/db.js'
import { createStore } from '../../mock-server/domain/stores.js'
import { Tx } from '../../mock-server/domain/tx.js'
import type { OperatorInput } from '../../mock-server/domain/operators.js'
import type { OperatorGroup, OperatorRecord } from '../../mock-server/types.js'

/** mulberry32: tiny, fast, good enough for test data. Returns floats in [0, 1). */
export function rng(seed = 0x5eed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
export type Rand = ReturnType<typeof rng>
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

export const FIRST_NAMES = [
  'Élodie', 'Claire', 'Hugo', 'Inès', 'Léa', 'Zoé', 'Chloé', 'Maël', 'Noémie', 'Jérôme', 'François', 'Hélène',
  'Gaëlle', 'Anaïs', 'Loïc', 'Benoît', 'Amélie', 'Céline', 'Marie', 'Mario', 'Martin', 'Marc', 'Maria', 'Lucas',
  'Jürgen', 'Jörg', 'Günther', 'Björn', 'Uwe', 'Sören', 'Käthe', 'Lena', 'Hannah', 'Felix', 'Max', 'Lukas',
  'José', 'María', 'Inés', 'Sofía', 'Andrés', 'Ramón', 'Lucía', 'Álvaro', 'Núria', 'Pablo', 'Carmen', 'Javier',
  'Giulia', 'Niccolò', 'Francesca', 'Lorenzo', 'Matteo', 'Chiara', 'Andrea', 'Luca', 'Federica', 'Gianluca',
  'Wouter', 'Sven', 'Ruben', 'Lotte', 'Thibaut', 'Maëlle', 'Aurélien', 'Raphaël', 'Joël', 'Noël',
] as const
export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Bonnet', 'Lambert', 'Fontaine', 'Rousseau',
  'Müller', 'Schmidt', 'Schröder', 'Weiß', 'Fischer', 'Köhler', 'Günther', 'Schäfer', 'Krüger', 'Bäcker',
  'García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Fernández', 'Muñoz', 'Jiménez',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Mancini',
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'De Smet', 'Dupont',
  'Mårtensson', 'Ødegård', 'Nuñez', 'Çelik', 'Marchand', 'Marais', 'Mariani', 'Caron', 'Faure', 'Gauthier',
] as const
export const DOMAINS = ['example.com', 'acme.example', 'globex.example', 'initech.example', 'mail.example.fr', 'firma.example.de'] as const
export const STORES = [['FR', 'France'], ['BE', 'Belgium'], ['DE', 'Germany'], ['ES', 'Spain'], ['IT', 'Italy']] as const
export const STORE_IDS = STORES.map(([id]) => id)
export const LOCALES = ['fr-FR', 'fr-BE', 'nl-BE', 'de-DE', 'es-ES', 'it-IT', 'en'] as const
const CIVILITIES = ['MR', 'MRS', 'MISS', null] as const

/** "Élodie Müller" → "elodie.muller": what people put in e-mail addresses. */
export const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').replace(/ø/gi, 'o').toLowerCase().replace(/[^a-z0-9]+/g, '-')

function groupsFor(r: Rand): OperatorGroup[] {
  const x = r()
  if (x < 0.1) return ['Admin']
  if (x < 0.55) return ['User']
  if (x < 0.85) return ['Reader']
  if (x < 0.95) return ['User', 'Reader']
  return ['Admin', 'User']
}
function storesFor(r: Rand): string[] {
  const x = r()
  if (x < 0.05) return [] // OP3: an operator may have no store
  const n = x < 0.7 ? 1 : x < 0.9 ? 2 : 3
  const out = new Set<string>()
  while (out.size < n) out.add(pick(r, STORE_IDS))
  return [...out]
}

/** The n-th operator's input, as a client would POST it. `n` makes externalId and email unique. */
export function operatorInput(r: Rand, n: number): OperatorInput {
  const firstName = pick(r, FIRST_NAMES)
  const lastName = pick(r, LAST_NAMES)
  return {
    externalId: `OP-${String(n).padStart(7, '0')}`,
    email: `${ascii(firstName)}.${ascii(lastName)}.${n}@${pick(r, DOMAINS)}`,
    civility: pick(r, CIVILITIES),
    firstName,
    lastName,
    locale: pick(r, LOCALES),
    status: r() < 0.85 ? 'ACTIVE' : 'INACTIVE',
    groups: groupsFor(r),
    storeIds: storesFor(r),
  }
}

/** Adds the five stores FR/BE/DE/ES/IT (through the domain, so they are valid and audited). */
export function addStores(db: Db): Db {
  const tx = new Tx(db, 'system', new Date('2024-01-01T00:00:00Z'))
  for (const [externalId, name] of STORES) if (!db.stores.findBy('externalId', externalId)) createStore(tx, { externalId, name })
  return db
}

/**
 * Inserts `count` operators straight into `db.operators` (no audit events: this is a fast fill, not a
 * history). Records have the same shape as createOperator's. Returns the time taken, in ms.
 */
export function fillOperators(db: Db, count: number, seed = 42): number {
  const t0 = performance.now()
  const r = rng(seed)
  const base = Date.parse('2023-01-01T00:00:00Z')
  for (let n = 1; n <= count; n++) {
    const input = operatorInput(r, n)
    const at = new Date(base + n * 61_000).toISOString()
    const op: OperatorRecord = {
      id: db.nextId('op'),
      externalId: input.externalId,
      email: input.email,
      civility: input.civility ?? null,
      firstName: input.firstName,
      lastName: input.lastName,
      locale: input.locale ?? 'en',
      status: input.status ?? 'ACTIVE',
      groups: input.groups,
      storeIds: input.storeIds ?? [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
    db.operators.insert(op)
  }
  return performance.now() - t0
}

// ---- timing and printing ----------------------------------------------------------------------------

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
export const ms = (x: number, digits = 2) => `${x.toFixed(digits)} ms`
export const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`
export const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER BUDGET')

/** Prints a simple left-aligned table. */
export function table(rows: (string | number)[][]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  for (const r of rows) console.log('  ' + r.map((cell, c) => String(cell).padEnd(widths[c])).join('  '))
}

/** Collects GC between phases when node runs with --expose-gc (no-op otherwise). */
export function gc() {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Functional failures set a non-zero exit code; timings never do. */
export function fail(message: string) {
  console.error(`FAIL: ${message}`)
  process.exitCode = 1
}
