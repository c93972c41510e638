/**
 * Property-based tests (docs/budgets.md §6) of the CSV import: (a) any bytes give a ParsedCsv or a CsvReadError, never
 * another exception; (b) RFC 4180 round trip of random tables; (c) random rows never throw in the row check,
 * and every issue uses a code of the I6 catalogue and a column of the file; (d) F-E-003 duplicates match a plain `Map`
 * of every key. (b) and (d) also run on more records than one slice (SLICE_RECORDS), where the parser and the row
 * check (hashing keys as rows are checked, §5) hand over from one slice to the next.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CUSTOMER_USER_COLUMNS,
  CUSTOMER_USER_IMPORT_HEADERS,
  CsvReadError,
  checkCustomerUserCsv,
  checkCustomerUserRows,
  mapCustomerUserHeaders,
  parseCsvText,
  readCsv,
  type CsvDelimiter,
  type CsvIssueCode,
  type ParsedCsv,
} from '../../spec/csv/index.js'
import { SLICE_RECORDS } from '../../spec/csv/parse.js'

const CATALOGUE: CsvIssueCode[] = [
  'F-E-001',
  'F-E-002',
  'F-E-003',
  'F-E-004',
  'F-E-005',
  'F-E-006',
  'F-E-008',
  'F-W-001',
  'F-W-002',
]

/** Runs `f`; a CsvReadError is an allowed answer, any other exception fails the property. */
function readOrRefuse(f: () => unknown): void {
  try {
    f()
  } catch (e) {
    if (!(e instanceof CsvReadError)) throw e
    expect(e.message.length).toBeGreaterThan(0)
  }
}

/** Characters that matter to a CSV reader, mixed with ordinary and non-ASCII text. */
const tricky = fc.constantFrom(
  ',',
  ';',
  '"',
  '""',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '||',
  'a',
  'Z',
  '0',
  'é',
  '€',
  '😀',
  '\ufeff',
  '\u2028',
  '\x1a',
  'TRUE',
)
const csvText = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 80 })
  .map((parts) => parts.join(''))

describe('§6 properties of the CSV reader', () => {
  it('I2 (a) any bytes give a ParsedCsv or a CsvReadError, never another exception', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      csvText.map((t) => new TextEncoder().encode(t)),
      fc
        .tuple(csvText, fc.uint8Array({ maxLength: 8 }))
        .map(([t, junk]) => Uint8Array.from([...new TextEncoder().encode(t), ...junk])),
    )
    fc.assert(
      fc.property(bytes, fc.constantFrom<CsvDelimiter | undefined>(undefined, ',', ';'), (b, delimiter) => {
        readOrRefuse(() => {
          const parsed = readCsv(b, { delimiter })
          expect(parsed.records.length).toBe(parsed.lines.length)
          for (const r of parsed.records) expect(r.length).toBeGreaterThanOrEqual(parsed.headers.length)
        })
        readOrRefuse(() => checkCustomerUserCsv(b, { delimiter }))
      }),
      { numRuns: 1500 },
    )
  })

  /** I2 (b) with up to `maxRows` rows, `numRuns` times. */
  function roundTrip(maxRows: number, numRuns: number) {
    const cell = fc.oneof(csvText, fc.string({ maxLength: 12, unit: 'binary' }))
    const headerCell = cell.map((c) => c.trim()).filter((c) => c !== '')
    const table = fc.integer({ min: 2, max: 6 }).chain((width) =>
      fc.record({
        headers: fc.array(headerCell, { minLength: width, maxLength: width }),
        rows: fc.array(
          fc.array(cell, { minLength: width, maxLength: width }).filter((r) => r.some((c) => c.trim() !== '')),
          { maxLength: maxRows },
        ),
      }),
    )
    const style = fc.record({
      delimiter: fc.constantFrom<CsvDelimiter>(',', ';'),
      eol: fc.constantFrom('\r\n', '\n'),
      bom: fc.boolean(),
      finalEol: fc.boolean(),
      quoteAll: fc.boolean(),
      detect: fc.boolean(),
    })
    fc.assert(
      fc.property(table, style, ({ headers, rows }, s) => {
        // Quote what RFC 4180 requires, plus the other delimiter when the reader has to detect it, plus
        // Ctrl-Z (the reader drops one at the very end of a file).
        // biome-ignore lint/suspicious/noControlCharactersInRegex: Ctrl-Z (\x1a) is the character in question
        const needs = s.detect ? /[,;"\r\n\x1a]/ : s.delimiter === ',' ? /[,"\r\n\x1a]/ : /[;"\r\n\x1a]/
        const quote = (v: string) => (s.quoteAll || needs.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
        let text = s.bom ? '\ufeff' : ''
        const lines: number[] = []
        const records = [headers, ...rows]
        records.forEach((record, i) => {
          if (i > 0) lines.push(1 + (text.match(/\n/g)?.length ?? 0))
          text += record.map(quote).join(s.delimiter)
          if (i < records.length - 1 || s.finalEol) text += s.eol
        })
        const parsed = parseCsvText(text, s.detect ? {} : { delimiter: s.delimiter })
        expect(parsed.headers).toEqual(headers)
        expect(parsed.records).toEqual(rows)
        expect(parsed.lines).toEqual(lines)
        expect(parsed).toMatchObject({ delimiter: s.delimiter, bom: s.bom, delimiterDetected: s.detect })
      }),
      { numRuns },
    )
  }

  it('I2 (b) a random table written RFC-4180-style (",", ";", CRLF or LF, with or without BOM) reads back the same', () => {
    roundTrip(8, 1500)
  })

  it('I2 (b) §5 the same with more rows than the parser reads in one slice (SLICE_RECORDS)', () => {
    roundTrip(3 * SLICE_RECORDS, 40)
  })
})

describe('§6 properties of the row check', () => {
  const headerPool = [
    ...CUSTOMER_USER_COLUMNS,
    ...CUSTOMER_USER_COLUMNS.map((f) => CUSTOMER_USER_IMPORT_HEADERS[f]),
    'customField.tier',
    'Customer User Custom Field region',
    'customField.__proto__',
    'customField.constructor',
    'Mail',
    'Notes',
    '',
    'E-mail',
  ]
  const valuePool = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'TRUE',
      'false',
      'yes',
      'MR',
      'mrs',
      'Dr',
      'FOC_User',
      'foc_admin||FOC_Webmaster',
      'FOC_Boss',
      '||',
      ' || ',
      'ACME',
      'ACME FR',
      'O-1||O-2',
      'O-2',
      'jean@example.com',
      'JEAN@EXAMPLE.COM',
      'jean@',
      '+33 6 12 34 56 78',
      '3.36E+11',
      'Sunny-Day-42',
      'password',
      '        ',
      '__proto__',
      'constructor',
      'x'.repeat(300),
      'Élodie',
      '😀',
    ),
    fc.string({ maxLength: 20 }),
  )
  const parsedCsv: fc.Arbitrary<ParsedCsv> = fc
    .array(fc.constantFrom(...headerPool), { minLength: 2, maxLength: 20 })
    .chain((headers) =>
      fc
        .array(fc.array(valuePool, { minLength: headers.length, maxLength: headers.length + 2 }), { maxLength: 12 })
        .map((records) => ({
          headers,
          records,
          lines: records.map((_, i) => i + 2),
          delimiter: ',' as const,
          delimiterDetected: true,
          encoding: 'utf-8' as const,
          bom: false,
          lineEnding: 'LF' as const,
        })),
    )
  const options = fc.record({
    jobStoreIds: fc.oneof(fc.constant(undefined), fc.constant([]), fc.constant(['FR', 'BE'])),
    multiStore: fc.boolean(),
  })

  it('I6 (c) random rows never throw; every issue has a catalogue code and a column of the file (or null)', () => {
    fc.assert(
      fc.property(parsedCsv, options, (parsed, opts) => {
        const mapping = mapCustomerUserHeaders(parsed.headers)
        const result = checkCustomerUserRows(parsed, mapping, opts)
        expect(result.rows).toHaveLength(parsed.records.length)
        for (const issue of [...result.warnings, ...result.rows.flatMap((r) => [...r.errors, ...r.warnings])]) {
          expect(CATALOGUE).toContain(issue.code)
          if (issue.column !== null) expect(parsed.headers).toContain(issue.column)
          expect(issue.message.length).toBeGreaterThan(0)
        }
        for (const r of result.rows) {
          expect(r.errors.every((e) => e.code.startsWith('F-E-'))).toBe(true)
          expect(Object.getPrototypeOf(r.row.customFields)).toBe(Object.prototype)
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('F-E-003 each repeated externalId (as written) and email (without case, deletions aside) names the first line, across slices', () => {
    // Few values, so that they repeat; accents and case, so that case folding beyond ASCII is exercised.
    const record = fc.tuple(
      fc.constantFrom('', 'CU-1', 'cu-1', 'CU-2', 'É-1', 'é-1', 'X'),
      fc.constantFrom('', 'a@x.io', 'A@X.io', 'é@x.io', 'É@X.IO', 'b@x.io', 'ß@x.io', 'SS@x.io'),
      fc.constantFrom('', '', '', 'TRUE'),
    )
    fc.assert(
      fc.property(fc.array(record, { maxLength: 3 * SLICE_RECORDS }), (records) => {
        const parsed: ParsedCsv = {
          headers: ['externalId', 'email', 'delete'],
          records: records.map((r) => [...r]),
          lines: records.map((_, i) => 2 * i + 2),
          delimiter: ',',
          delimiterDetected: true,
          encoding: 'utf-8',
          bom: false,
          lineEnding: 'LF',
        }
        const { rows } = checkCustomerUserRows(parsed, mapCustomerUserHeaders(parsed.headers))
        // The reference: a Map of every key, in file order.
        const firstId = new Map<string, number>()
        const firstEmail = new Map<string, number>()
        records.forEach(([id, email, remove], i) => {
          const said = rows[i].errors.filter((e) => e.code === 'F-E-003').map((e) => e.message)
          const expected: string[] = []
          if (id !== '') {
            const at = firstId.get(id)
            if (at === undefined) firstId.set(id, i)
            else expected.push(`externalId "${id}" is already on line ${parsed.lines[at]}.`)
          }
          if (email !== '' && remove !== 'TRUE') {
            const at = firstEmail.get(email.toLowerCase())
            if (at === undefined) firstEmail.set(email.toLowerCase(), i)
            else
              expected.push(
                `email "${email}" is already used on line ${parsed.lines[at]} (emails are compared without case).`,
              )
          }
          expect(said).toEqual(expected)
        })
      }),
      { numRuns: 60 },
    )
  })
})
