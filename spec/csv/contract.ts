/**
 * The CSV import's shared surface (docs/rules.md I1–I8): one parser, one header mapping and one set of row shape
 * rules, used by the SDK in browsers and workers and by the reference server. Pure TypeScript, no
 * dependencies, no DOM or Node APIs, so it runs anywhere.
 *
 * This file holds the types only; `./parse.ts`, `./headers.ts` and `./rows.ts` implement them.
 */

/** DJUST-style codes (I6): `F-E-*` fail the row, `F-W-*` only warn. */
export type CsvIssueCode =
  | 'F-E-001' // required value missing
  | 'F-E-002' // unknown reference
  | 'F-E-003' // duplicate unique value (in the file or in the data)
  | 'F-E-004' // invalid format (email, phone, id)
  | 'F-E-005' // password policy
  | 'F-E-006' // main organisation not in organisations
  | 'F-E-008' // value not in the allowed list
  | 'F-E-009' // not allowed in the record's current state (I11: an account that still has users, a status under approval)
  | 'F-W-001' // unknown column
  | 'F-W-002' // store column ignored by the job configuration

export interface CsvIssue {
  code: CsvIssueCode
  /** The column as written in the file's header, or null for a whole-row or whole-file issue. */
  column: string | null
  message: string
}

/** Why a file cannot be read as a customer-user CSV at all (the job fails; no row is imported). */
export type CsvReadErrorCode = 'EMPTY' | 'NOT_TEXT' | 'ENCODING' | 'NO_HEADER' | 'SINGLE_COLUMN' | 'MALFORMED'

export type CsvDelimiter = ',' | ';'
export type CsvEncoding = 'utf-8' | 'windows-1252'

export interface ParsedCsv {
  headers: string[]
  /** Data records, each with one cell per header (short records padded with ''). */
  records: string[][]
  /** For each record, the file line where it starts (the header is line 1). */
  lines: number[]
  delimiter: CsvDelimiter
  /** True when the delimiter came from detection rather than the caller. */
  delimiterDetected: boolean
  encoding: CsvEncoding
  bom: boolean
  lineEnding: 'CRLF' | 'LF' | 'none'
}

/** The fields of I1, in the seed's order. */
export const CUSTOMER_USER_COLUMNS = [
  'externalId',
  'civility',
  'firstName',
  'lastName',
  'email',
  'phone',
  'groups',
  'accountIds',
  'organisationIds',
  'mainOrganisationId',
  'password',
  'inactive',
  /** I10: the plain reading of the status (TRUE = active); an empty cell gives no value. */
  'active',
  'delete',
  'storeIds',
] as const
export type CustomerUserColumn = (typeof CUSTOMER_USER_COLUMNS)[number]

/** One header of the file, mapped: a field (of customer users by default, or of accounts, I11), a custom field, or unknown. */
export type MappedColumn<F extends string = CustomerUserColumn> =
  | { header: string; field: F }
  | { header: string; customField: string }
  | {
      header: string
      unknown: true
      suggestion: F | null
      /** I7: a column the CSV report adds (`status`, `errors`): ignored without a warning, so that a report imports again. */
      report?: true
    }

export interface HeaderMapping<F extends string = CustomerUserColumn> {
  /** One entry per header, in file order. */
  columns: MappedColumn<F>[]
  /** F-W-001 for each unknown column (with the suggestion in the message when there is one). */
  warnings: CsvIssue[]
  /**
   * Columns that rows which create or update need (I3) and that no header maps to. I10: only a missing `externalId`
   * makes the file unimportable; without the others, rows that delete still work and the rest fail (F-E-001).
   */
  missing: F[]
}

/** A row read through the mapping: cells split (`||`), trimmed, booleans read; external ids as written. */
export interface CustomerUserCsvRow {
  line: number
  externalId: string
  civility: string | null
  firstName: string | null
  lastName: string | null
  email: string | null
  phone: string | null
  groups: string[]
  accountIds: string[]
  organisationIds: string[]
  mainOrganisationId: string | null
  password: string | null
  /** I2: empty = FALSE. */
  inactive: boolean
  /** I10: the `active` column — TRUE active, FALSE inactive, `null` when the cell is empty or there is no column. */
  active: boolean | null
  delete: boolean
  storeIds: string[]
  /** By custom field externalId, raw cell text. */
  customFields: Record<string, string>
}

export interface RowCheck {
  row: CustomerUserCsvRow
  /** Every shape error of the row (I6: a bad row fails alone with all its errors). */
  errors: CsvIssue[]
  warnings: CsvIssue[]
}

export interface RowsCheck {
  rows: RowCheck[]
  /** File-level warnings: F-W-001 unknown columns, F-W-002 store column ignored (I4). */
  warnings: CsvIssue[]
}
