/**
 * `@dj-customers/sdk/import`: read and check a customer-user CSV in the browser (or a worker, or Node)
 * before it is sent to an import job — the same parser, header mapping and shape rules the server runs
 * (docs/rules.md I1–I8). A separate entry from `@dj-customers/sdk`, so an application loads it only when an import
 * starts. No dependencies; only `TextDecoder` and, for `Blob` input, `Blob.arrayBuffer()`.
 *
 * - {@link parseCsv}: bytes or text to headers and records (encoding, delimiter and line breaks detected).
 * - {@link mapHeaders}: which customer-user field each column holds; unknown columns as F-W-001 warnings.
 * - {@link validateCustomerUserCsv}: every row read and checked, with DJUST-style issue codes (I6).
 * - {@link customerUserCsvTemplate}: a CSV to start from.
 * - {@link csvIssueSentence} and {@link csvReadSentence}: what the person who made the file reads about an issue or
 *   a file that cannot be read, in their language (English and French in {@link csvSentences}, which a page may
 *   extend): a sentence with no code, where the issues' own messages are English for developers.
 * - {@link createCsvImportSession}: a file held between the steps of an import screen (read again with another
 *   delimiter or encoding, mapped by hand, cells corrected, checked again), every issue with its sentence; what
 *   `<dj-user-import>` runs in its worker.
 * - I11, customer accounts: {@link validateCustomerAccountCsv}, {@link mapAccountHeaders} and
 *   {@link customerAccountCsvTemplate}: separate functions over a separate module (`spec/csv/accounts.ts`), so a
 *   bundle that imports only the customer-user functions leaves them out.
 *
 * @example In a file input's change handler
 * ```ts
 * const { validateCustomerUserCsv, CsvReadError } = await import('@dj-customers/sdk/import')
 * try {
 *   const result = await validateCustomerUserCsv(input.files[0], { jobStoreIds: ['FR'] })
 *   console.log(`${result.counts.valid} of ${result.counts.rows} rows are ready`)
 *   for (const { row, errors } of result.rows) for (const e of errors) console.log(`line ${row.line}: ${e.code} ${e.column ?? ''} ${e.message}`)
 * } catch (e) {
 *   if (e instanceof CsvReadError) console.log(e.code, e.message) // e.g. SINGLE_COLUMN: wrong delimiter
 *   else throw e
 * }
 * ```
 */
import type { CsvDelimiter, HeaderMapping, ParsedCsv } from '../spec/csv/contract.js'
import { CUSTOMER_USER_COLUMNS } from '../spec/csv/contract.js'
import { CUSTOMER_USER_IMPORT_HEADERS, mapCustomerUserHeaders, type HeaderOverrides } from '../spec/csv/headers.js'
import {
  CUSTOMER_ACCOUNT_COLUMNS,
  CUSTOMER_ACCOUNT_IMPORT_HEADERS,
  checkCustomerAccountCsv,
  mapCustomerAccountHeaders,
  type CustomerAccountColumn,
  type CustomerAccountCsvCheck,
  type CustomerAccountCsvOptions,
  type CustomerAccountHeaderMapping,
} from '../spec/csv/accounts.js'
import {
  checkCustomerUserCsv,
  readCsv,
  type CustomerUserCsvCheck,
  type CustomerUserCsvOptions,
} from '../spec/csv/validate.js'

export type {
  CsvDelimiter,
  CsvEncoding,
  CsvIssue,
  CsvIssueCode,
  CsvReadErrorCode,
  CustomerUserColumn,
  CustomerUserCsvRow,
  HeaderMapping,
  MappedColumn,
  ParsedCsv,
  RowCheck,
} from '../spec/csv/contract.js'
export { CUSTOMER_USER_COLUMNS } from '../spec/csv/contract.js'
export { CsvReadError } from '../spec/csv/parse.js'
export {
  CUSTOMER_USER_IMPORT_HEADERS,
  REQUIRED_CUSTOMER_USER_COLUMNS,
  type HeaderOverride,
  type HeaderOverrides,
} from '../spec/csv/headers.js'
export type { CustomerUserCsvCheck, CustomerUserCsvOptions } from '../spec/csv/validate.js'
export {
  csvIssueSentence,
  csvLanguage,
  csvReadSentence,
  csvSentences,
  type CsvSentenceTable,
} from '../spec/csv/sentences.js'
export {
  createCsvImportSession,
  type CsvImportSession,
  type CsvSaidIssue,
  type CsvSessionCheck,
  type CsvSessionCheckRequest,
  type CsvSessionDescribeRequest,
  type CsvSessionFailure,
  type CsvSessionRead,
  type CsvSessionReadRequest,
} from '../spec/csv/session.js'
export {
  CUSTOMER_ACCOUNT_COLUMNS,
  CUSTOMER_ACCOUNT_IMPORT_HEADERS,
  REQUIRED_CUSTOMER_ACCOUNT_COLUMNS,
  type CustomerAccountColumn,
  type CustomerAccountCsvAddress,
  type CustomerAccountCsvCheck,
  type CustomerAccountCsvOptions,
  type CustomerAccountCsvRow,
  type CustomerAccountHeaderMapping,
  type CustomerAccountMappedColumn,
  type CustomerAccountRowCheck,
} from '../spec/csv/accounts.js'

/** What {@link parseCsv} and {@link validateCustomerUserCsv} read: text, or the file's bytes in any form (a `File` is a `Blob`). */
export type CsvInput = string | Blob | ArrayBuffer | Uint8Array | ArrayBufferView

async function toBytesOrText(input: CsvInput): Promise<string | Uint8Array> {
  if (typeof input === 'string') return input
  if (ArrayBuffer.isView(input)) {
    const view = input as ArrayBufferView
    return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  }
  if (typeof (input as Blob).arrayBuffer === 'function') return new Uint8Array(await (input as Blob).arrayBuffer())
  // (toString rather than instanceof: an ArrayBuffer from another realm, e.g. an iframe, is still one.)
  if (Object.prototype.toString.call(input) === '[object ArrayBuffer]') return new Uint8Array(input as ArrayBuffer)
  throw new TypeError('parseCsv: expected a string, Blob, File, ArrayBuffer or Uint8Array')
}

/**
 * Reads a CSV file: UTF-8 (with or without BOM) or Windows-1252, `,` or `;` (detected unless given), CRLF
 * or LF, RFC 4180 quoting. The result says which encoding, delimiter and line ending it found.
 * @throws {CsvReadError} `EMPTY`, `NOT_TEXT`, `ENCODING`, `SINGLE_COLUMN` (wrong delimiter) or `MALFORMED`.
 */
export async function parseCsv(input: CsvInput, options: { delimiter?: CsvDelimiter } = {}): Promise<ParsedCsv> {
  return readCsv(await toBytesOrText(input), options)
}

/**
 * Maps headers (either I1 form, any case and spacing) to customer-user fields and custom fields; unknown
 * columns come back with a suggestion and an F-W-001 warning; `missing` lists the required columns absent.
 * @param overrides Headers mapped by hand, e.g. `{ 'Mail': 'email', 'Notes': null }` (`null` ignores a column).
 */
export function mapHeaders(headers: readonly string[], overrides?: HeaderOverrides): HeaderMapping {
  return mapCustomerUserHeaders(headers, overrides)
}

/**
 * Reads a customer-user CSV and checks every row with the rules that need no server data (required values,
 * formats, allowed values, password policy, main organisation, duplicates within the file). Rules that need
 * data (unknown accounts, emails already taken…) are checked by the server's import job (try `dryRun`).
 *
 * @param input The file (`File`/`Blob`, bytes or text), or a {@link ParsedCsv} from {@link parseCsv}.
 * @param options `delimiter` to force one; `jobStoreIds`, the job's stores (I4: the file's store column is
 *   then ignored); `headerOverrides`, headers mapped by hand.
 * @throws {CsvReadError} when the file cannot be read as a customer-user CSV (also `NO_HEADER` when no
 *   column is a customer-user column).
 */
export async function validateCustomerUserCsv(
  input: CsvInput | ParsedCsv,
  options: CustomerUserCsvOptions = {},
): Promise<CustomerUserCsvCheck> {
  const source = isParsed(input) ? input : await toBytesOrText(input)
  return checkCustomerUserCsv(source, options)
}

function isParsed(input: CsvInput | ParsedCsv): input is ParsedCsv {
  return (
    typeof input === 'object' &&
    input !== null &&
    Array.isArray((input as ParsedCsv).headers) &&
    Array.isArray((input as ParsedCsv).records)
  )
}

const EXAMPLE: Record<(typeof CUSTOMER_USER_COLUMNS)[number], string> = {
  externalId: 'CU-1001',
  civility: 'MRS',
  firstName: 'Élodie',
  lastName: 'Dupont',
  email: 'elodie.dupont@example.com',
  phone: '+33 6 12 34 56 78',
  groups: 'FOC_Admin||FOC_User',
  accountIds: 'ACME-FR',
  organisationIds: 'ACME-FR-PARIS||ACME-FR-LYON',
  mainOrganisationId: 'ACME-FR-PARIS',
  password: '',
  inactive: 'FALSE',
  active: '',
  delete: 'FALSE',
  storeIds: 'FR',
}

/**
 * A customer-user CSV to start from: the header row in the import-page form (I1) and one example row,
 * lines ending in CRLF.
 * @param options `delimiter` (default `,`); `bom: true` prefixes a UTF-8 byte-order mark, so that Excel
 *   opens accents correctly.
 * @example
 * ```ts
 * const url = URL.createObjectURL(new Blob([customerUserCsvTemplate({ delimiter: ';', bom: true })], { type: 'text/csv' }))
 * ```
 */
export function customerUserCsvTemplate(options: { delimiter?: CsvDelimiter; bom?: boolean } = {}): string {
  const d = options.delimiter ?? ','
  // The import page's columns: `active` (I10) is accepted, not written — one status column is clearer than two.
  const columns = CUSTOMER_USER_COLUMNS.filter((f) => f !== 'active')
  const header = columns.map((f) => CUSTOMER_USER_IMPORT_HEADERS[f]).join(d)
  const example = columns.map((f) => EXAMPLE[f]).join(d)
  return `${options.bom ? '\ufeff' : ''}${header}\r\n${example}\r\n`
}

// ---- I11: customer accounts ----------------------------------------------------------------------------------

/**
 * Maps headers (either I11 form, any case and spacing) to account fields (`address.city`…) and custom fields;
 * unknown columns come back with a suggestion and an F-W-001 warning; `missing` lists the required columns absent.
 */
export function mapAccountHeaders(
  headers: readonly string[],
  overrides?: CustomerAccountCsvOptions['headerOverrides'],
): CustomerAccountHeaderMapping {
  return mapCustomerAccountHeaders(headers, overrides)
}

/**
 * Reads a customer-account CSV and checks every row with the rules that need no server data (required values,
 * formats, status, address, duplicates within the file). Unknown tags, account managers or custom fields, and
 * externalIds taken in the data, are the server's job (try `dryRun`).
 * @throws {CsvReadError} when the file cannot be read as a customer-account CSV (also `NO_HEADER`).
 * @example
 * ```ts
 * const { validateCustomerAccountCsv } = await import('@dj-customers/sdk/import')
 * const { counts, rows } = await validateCustomerAccountCsv(input.files[0])
 * ```
 */
export async function validateCustomerAccountCsv(
  input: CsvInput | ParsedCsv,
  options: CustomerAccountCsvOptions = {},
): Promise<CustomerAccountCsvCheck> {
  return checkCustomerAccountCsv(isParsed(input) ? input : await toBytesOrText(input), options)
}

const ACCOUNT_EXAMPLE: Record<CustomerAccountColumn, string> = {
  externalId: 'ACME-FR',
  name: 'ACME France',
  companyRegistrationName: 'ACME SAS',
  businessRegistrationNumber: '552 100 554',
  vatNumber: 'FR40552100554',
  website: 'https://acme.example',
  accountManagerId: '',
  status: 'ACTIVE',
  customerTagIds: 'premium||wholesale',
  'address.externalId': 'ACME-FR-HQ',
  'address.label': 'Head office',
  'address.fullName': 'ACME SAS',
  'address.address': '12 rue de la Paix',
  'address.additionalAddress': '',
  'address.city': 'Paris',
  'address.state': '',
  'address.zipCode': '75002',
  'address.country': 'FR',
  'address.phone': '+33 1 23 45 67 89',
  'address.shipping': 'TRUE',
  'address.billing': 'TRUE',
  'address.isDefault': 'TRUE',
  delete: 'FALSE',
}

/**
 * A customer-account CSV to start from: the header row in the import-page form (I11) and one example row, CRLF.
 * @param options `delimiter` (default `,`); `bom: true` prefixes a UTF-8 byte-order mark (for Excel).
 */
export function customerAccountCsvTemplate(options: { delimiter?: ',' | ';'; bom?: boolean } = {}): string {
  const d = options.delimiter ?? ','
  const cell = (v: string) => (v.includes(d) ? `"${v}"` : v)
  const header = CUSTOMER_ACCOUNT_COLUMNS.map((f) => CUSTOMER_ACCOUNT_IMPORT_HEADERS[f]).join(d)
  const example = CUSTOMER_ACCOUNT_COLUMNS.map((f) => cell(ACCOUNT_EXAMPLE[f])).join(d)
  return `${options.bom ? '\ufeff' : ''}${header}\r\n${example}\r\n`
}
