/**
 * The whole offline check of a customer-user CSV, in one call: decode → parse → map headers → check rows.
 * The SDK (`@dj-customers/sdk/import`), the `dj-import validate` command and the server's import job all
 * start here (I8, I9).
 */
import type { CsvDelimiter, CsvIssue, HeaderMapping, ParsedCsv, RowCheck } from './contract.js'
import { mapCustomerUserHeaders, type HeaderOverrides } from './headers.js'
import {
  CsvReadError,
  decodeCsv,
  decodeCsvSliced,
  parseCsvText,
  parseCsvTextSliced,
  type SliceOptions,
} from './parse.js'
import { checkCustomerUserRows, checkCustomerUserRowsSliced, type CheckRowsOptions } from './rows.js'

export interface CustomerUserCsvOptions extends CheckRowsOptions {
  /** Force the delimiter instead of detecting it (ignored when the input is already a {@link ParsedCsv}). */
  delimiter?: CsvDelimiter
  /** Headers mapped by hand (see {@link mapCustomerUserHeaders}). */
  headerOverrides?: HeaderOverrides
}

export interface CustomerUserCsvCheck {
  parsed: ParsedCsv
  mapping: HeaderMapping
  /** One per data record, in file order. */
  rows: RowCheck[]
  /** File-level warnings: F-W-001 unknown or repeated columns, F-W-002 store column ignored (I4). */
  warnings: CsvIssue[]
  counts: { rows: number; valid: number; failed: number }
}

/** Bytes (any encoding {@link decodeCsv} reads) or text to a {@link ParsedCsv}. */
export function readCsv(input: string | Uint8Array, options: { delimiter?: CsvDelimiter } = {}): ParsedCsv {
  if (typeof input === 'string') return parseCsvText(input, options)
  const { text, encoding, bom } = decodeCsv(input)
  return parseCsvText(text, { delimiter: options.delimiter, encoding, bom })
}

/**
 * I7 "no recognisable header": throws `NO_HEADER` when not one column is a customer-user field or custom
 * field (the first line is data, or the file is another kind of CSV).
 */
export function assertCustomerUserHeader(parsed: ParsedCsv, mapping: HeaderMapping): void {
  if (mapping.columns.some((c) => !('unknown' in c))) return
  const first = parsed.headers
    .slice(0, 4)
    .map((h) => `"${h}"`)
    .join(', ')
  throw new CsvReadError(
    'NO_HEADER',
    `The first line (${first}${parsed.headers.length > 4 ? ', …' : ''}) names no customer-user column: the file needs a header line such as "Customer User External Id${parsed.delimiter}Customer User Civility${parsed.delimiter}…" or "externalId${parsed.delimiter}civility${parsed.delimiter}…".`,
    1,
  )
}

/**
 * Reads a customer-user CSV and checks every row against the rules that need no server data.
 * @throws {CsvReadError} when the file cannot be read as a customer-user CSV at all.
 */
export function checkCustomerUserCsv(
  input: string | Uint8Array | ParsedCsv,
  options: CustomerUserCsvOptions = {},
): CustomerUserCsvCheck {
  const parsed =
    typeof input === 'string' || ArrayBuffer.isView(input)
      ? readCsv(input as string | Uint8Array, options)
      : (input as ParsedCsv)
  const mapping = mapCustomerUserHeaders(parsed.headers, options.headerOverrides)
  assertCustomerUserHeader(parsed, mapping)
  const { rows, warnings } = checkCustomerUserRows(parsed, mapping, options)
  let failed = 0
  for (const r of rows) if (r.errors.length) failed++
  return { parsed, mapping, rows, warnings, counts: { rows: rows.length, valid: rows.length - failed, failed } }
}

/**
 * R4: {@link checkCustomerUserCsv} in slices — the parse and the row check await `slices.pause()` after about
 * `slices.sliceMs` of work each — so that the server answering requests (or the page showing progress) is never
 * blocked for the whole file. Same result, same errors.
 */
export async function checkCustomerUserCsvSliced(
  input: string | Uint8Array | ParsedCsv,
  options: CustomerUserCsvOptions = {},
  slices: SliceOptions = {},
): Promise<CustomerUserCsvCheck> {
  let parsed: ParsedCsv
  if (typeof input === 'string') parsed = await parseCsvTextSliced(input, options, slices)
  else if (ArrayBuffer.isView(input)) {
    const { text, encoding, bom } = await decodeCsvSliced(input as Uint8Array, slices)
    parsed = await parseCsvTextSliced(text, { delimiter: options.delimiter, encoding, bom }, slices)
  } else parsed = input as ParsedCsv
  const mapping = mapCustomerUserHeaders(parsed.headers, options.headerOverrides)
  assertCustomerUserHeader(parsed, mapping)
  const { rows, warnings } = await checkCustomerUserRowsSliced(parsed, mapping, options, slices)
  let failed = 0
  for (const r of rows) if (r.errors.length) failed++
  return { parsed, mapping, rows, warnings, counts: { rows: rows.length, valid: rows.length - failed, failed } }
}
