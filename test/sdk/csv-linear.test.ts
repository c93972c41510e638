/**
 * R4: the shared CSV module (spec/csv, run by the server's import jobs and by the browser's import worker) takes time
 * linear in its input. Each test builds an input of size n and of size 8n, and times both, interleaved, taking the
 * fastest of several runs (noise only ever adds time). Linear work grows 2× per doubling of the input, quadratic 4×:
 * the tests allow up to 3× per doubling, the cube root of the 8n / n ratio. These are the only timed assertions
 * of the suite, and they compare ratios measured in the same run, never a wall-clock threshold (docs/budgets.md §5).
 *
 * The slicing tests (no timing) check that a sliced read gives the same result as a whole one, pausing as it goes.
 */
import { describe, expect, it } from 'vitest'
import {
  checkCustomerUserCsv,
  checkCustomerUserCsvSliced,
  checkCustomerUserRows,
  customFieldOfHeader,
  decodeCsv,
  decodeCsvSliced,
  mapCustomerUserHeaders,
  parseCsvText,
  parseCsvTextSliced,
  splitMultiValue,
} from '../../spec/csv/index.js'

const HEADER = 'externalId,civility,firstName,lastName,email,phone,groups,accountIds'

/** The most a doubling of the input may multiply the time by: linear work gives 2, quadratic 4. */
const LINEAR = 3

/** Milliseconds for `reps` calls of `fn`. */
function time(fn: () => unknown, reps: number) {
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) fn()
  return performance.now() - t0
}

/**
 * How much longer `make(8n)` takes than `make(n)`, per doubling of the input (the cube root of the ratio): about 2
 * when the work is linear, 4 when it is quadratic. Fastest of `runs` interleaved runs; the small input is repeated
 * so that one measurement lasts at least ~15 ms. Noise only ever adds time, and on a busy machine it can add it to
 * the big input's runs alone: a measurement over the limit is taken again, up to three times in all, and the lowest
 * growth counts. Quadratic work is over the limit every time; noise is not.
 */
function growthPerDoubling(make: (n: number) => () => unknown, n: number, runs = 7) {
  const small = make(n)
  const big = make(8 * n)
  small()
  big() // warm up (JIT), and build any lazy state
  let reps = 1
  while (reps < 4096 && time(small, reps) < 15) reps *= 2
  let best = Number.POSITIVE_INFINITY
  for (let attempt = 0; attempt < 3 && best >= LINEAR; attempt++) {
    let a = Number.POSITIVE_INFINITY
    let b = Number.POSITIVE_INFINITY
    for (let r = 0; r < runs; r++) {
      a = Math.min(a, time(small, reps))
      b = Math.min(b, time(big, reps))
    }
    best = Math.min(best, Math.cbrt(b / a))
  }
  return best
}

describe('R4 the CSV module is linear in its input', () => {
  it('R4 splitting || is linear: doubling the parts of a cell does not quadruple the time', () => {
    const cell = (n: number) => Array.from({ length: n }, (_, i) => `ACC-${i}`).join('||')
    const growth = growthPerDoubling((n) => {
      const text = cell(n)
      return () => splitMultiValue(text)
    }, 8000)
    expect(splitMultiValue(cell(3))).toEqual(['ACC-0', 'ACC-1', 'ACC-2'])
    expect(splitMultiValue('a || b||a|| ||b||c')).toEqual(['a', 'b', 'c'])
    expect(growth).toBeLessThan(LINEAR)
  })

  it('R4 a cell of many distinct unknown groups is checked in linear time (split, then normalised)', () => {
    const file = (n: number) =>
      `${HEADER}\nCU-1,MR,A,B,a@example.com,0612345678,${Array.from({ length: n }, (_, i) => `group${i}`).join('||')},ACME\n`
    const growth = growthPerDoubling((n) => {
      const parsed = parseCsvText(file(n))
      const mapping = mapCustomerUserHeaders(parsed.headers)
      return () => checkCustomerUserRows(parsed, mapping)
    }, 5000)
    const { rows } = checkCustomerUserCsv(file(30))
    expect(rows[0].errors).toEqual([
      expect.objectContaining({
        code: 'F-E-008',
        column: 'groups',
        message: expect.stringMatching(/^"group0", .*"group9" and 20 more are not groups/),
      }),
    ])
    expect(growth).toBeLessThan(LINEAR)
  })

  it('R4 custom-field headers are read in linear time: a long run of spaces before text and a line break', () => {
    // A quoted header cell may hold a line break; after a run of spaces, the old patterns retried from every space.
    const page = (n: number) => `Customer User Custom Field${' '.repeat(n)}x\ny`
    const byName = (n: number) => `customField.${' '.repeat(n)}x\ny`
    const growthPage = growthPerDoubling((n) => {
      const h = page(n)
      return () => customFieldOfHeader(h)
    }, 4000)
    const growthName = growthPerDoubling((n) => {
      const h = byName(n)
      return () => customFieldOfHeader(h)
    }, 4000)
    // What the headers mean is unchanged.
    expect(customFieldOfHeader(page(3))).toBeNull()
    expect(customFieldOfHeader(byName(3))).toBeNull()
    expect(customFieldOfHeader(`Customer User Custom Field${' '.repeat(50)}loyalty`)).toBe('loyalty')
    expect(customFieldOfHeader(`customField.${' '.repeat(50)}loyalty`)).toBe('loyalty')
    expect(customFieldOfHeader('Customer User Custom Field')).toBe('')
    expect(growthPage).toBeLessThan(LINEAR)
    expect(growthName).toBeLessThan(LINEAR)
  })

  it('R4 quoted cells are scanned once: doubling a line of quoted cells does not quadruple the time', () => {
    const file = (n: number) => `a,b\n${Array.from({ length: n }, (_, i) => `"v${i}"`).join(',')}\nc,d\n`
    const growth = growthPerDoubling((n) => {
      const text = file(n)
      return () => parseCsvText(text)
    }, 5000)
    const parsed = parseCsvText(file(3))
    expect(parsed.records).toEqual([
      ['v0', 'v1', 'v2'],
      ['c', 'd'],
    ])
    expect(parsed.lines).toEqual([2, 3])
    expect(growth).toBeLessThan(LINEAR)
  })

  it('R4 repeated columns are matched to their first column in one pass, not one search per column', () => {
    // Every repeat of a field is checked against the first column holding it, on every row; n other columns come first.
    const file = (n: number) => {
      const others = Array.from({ length: n }, (_, i) => `x${i}`)
      const headers = [...others, ...HEADER.split(','), ...Array.from({ length: n }, () => 'email')]
      const values = ['CU-1', 'MR', 'A', 'B', 'a@example.com', '0612345678', 'FOC_User', 'ACME']
      return `${headers.join(',')}\n${[...others.map(() => ''), ...values, ...Array.from({ length: n }, () => 'a@example.com')].join(',')}\n`
    }
    const growth = growthPerDoubling((n) => {
      const parsed = parseCsvText(file(n))
      const mapping = mapCustomerUserHeaders(parsed.headers)
      return () => checkCustomerUserRows(parsed, mapping)
    }, 4000)
    expect(checkCustomerUserCsv(file(3)).rows[0].errors).toEqual([])
    expect(growth).toBeLessThan(LINEAR)
  })
})

describe('R4 reading in slices', () => {
  const file = (n: number) =>
    `\uFEFF${HEADER};x\r\n`.replaceAll(',', ';') +
    Array.from(
      { length: n },
      (_, i) =>
        `CU-${i};MR;"First ""${i}""";Last;cu-${i}@example.com;0612345678;FOC_User;ACME;"multi\r\nline ${i}"\r\n${i % 7 === 0 ? '\r\n' : ''}`,
    ).join('')

  it('R4 a sliced parse pauses between slices and gives the same records, lines and settings as a whole one', async () => {
    const text = file(3000)
    let pauses = 0
    const sliced = await parseCsvTextSliced(text, {}, { sliceMs: 0, pause: async () => void pauses++ })
    expect(sliced).toEqual(parseCsvText(text))
    expect(sliced.records).toHaveLength(3000)
    expect(pauses).toBeGreaterThanOrEqual(10) // every few hundred records when asked to pause as often as possible
  })

  it('R4 a sliced check gives the same rows, warnings and counts as a whole one; errors are the same too', async () => {
    const text = file(2000)
    let pauses = 0
    const slices = { sliceMs: 0, pause: async () => void pauses++ }
    const sliced = await checkCustomerUserCsvSliced(text, { jobStoreIds: ['FR'] }, slices)
    expect(sliced).toEqual(checkCustomerUserCsv(text, { jobStoreIds: ['FR'] }))
    expect(pauses).toBeGreaterThanOrEqual(10)
    await expect(checkCustomerUserCsvSliced('a;b\r\n"open\r\n', {}, slices)).rejects.toMatchObject({
      code: 'MALFORMED',
      line: 2,
    })
    await expect(checkCustomerUserCsvSliced('', {}, slices)).rejects.toMatchObject({ code: 'EMPTY' })
  })

  it('R4 a sliced decode gives the same text as a whole one: UTF-8 split across its pieces, Windows-1252 in pieces too, the same errors', async () => {
    const slices = { sliceMs: 0, pause: async () => {} }
    // 3 MB of "é€𝄞" (2, 3 and 4 bytes): pieces of 1 MiB cut through characters.
    const utf8 = new TextEncoder().encode(`\uFEFFa;b\r\n${'é€𝄞;x\r\n'.repeat(250_000)}`)
    expect(await decodeCsvSliced(utf8, slices)).toEqual(decodeCsv(utf8))
    expect((await decodeCsvSliced(utf8, slices)).bom).toBe(true)
    // 2 MB of Windows-1252 (not UTF-8 from its first accent): read in two pieces too, with a pause between them.
    const latin1 = Uint8Array.from('a;b\r\nÉlodie;Müller\r\n'.repeat(100_000), (c) => c.charCodeAt(0))
    let pauses = 0
    const decoded = await decodeCsvSliced(latin1, { sliceMs: 0, pause: async () => void pauses++ })
    expect(decoded).toEqual(decodeCsv(latin1))
    expect(decoded.encoding).toBe('windows-1252')
    expect(pauses).toBe(1)
    const broken = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x3b, 0x62, 0x0a, 0xff])
    await expect(decodeCsvSliced(broken, slices)).rejects.toMatchObject({ code: 'ENCODING', line: 2 })
    await expect(decodeCsvSliced(Uint8Array.from([0xff, 0xfe, 0x61, 0]), slices)).rejects.toMatchObject({
      code: 'ENCODING',
    })
  })
})
