import { z } from '@hono/zod-openapi'
import {
  CreateHeaders,
  Id,
  MultiValue,
  OperatorHeaders,
  Page,
  PagingQuery,
  Timestamp,
  errorResponse,
  json,
  operatorRoute,
  pathParams,
} from '../common.js'
import type { CsvIssueCode, CsvReadErrorCode } from '../csv/contract.js'

// I1–I7 — import jobs: customer users (I1–I10) or customer accounts (I11) from a CSV file (or the same rows as JSON),
// run one at a time.
const tags = ['Import jobs']

export const IMPORT_ISSUE_CODES = [
  'F-E-001',
  'F-E-002',
  'F-E-003',
  'F-E-004',
  'F-E-005',
  'F-E-006',
  'F-E-008',
  'F-E-009',
  'F-W-001',
  'F-W-002',
] as const satisfies readonly CsvIssueCode[]
/** Why a job FAILED as a whole: the CSV reader's codes, plus the job's own. */
export const IMPORT_JOB_ERROR_CODES = [
  'EMPTY',
  'NOT_TEXT',
  'ENCODING',
  'NO_HEADER',
  'SINGLE_COLUMN',
  'MALFORMED',
  'MISSING_COLUMNS',
  'INTERRUPTED',
  'INTERNAL',
] as const satisfies readonly (CsvReadErrorCode | 'MISSING_COLUMNS' | 'INTERRUPTED' | 'INTERNAL')[]
export const IMPORT_ROW_STATUSES = ['CREATED', 'UPDATED', 'DELETED', 'FAILED'] as const

export const ImportJobType = z.enum(['CUSTOMER_USER', 'CUSTOMER_ACCOUNT']).openapi('ImportJobType', {
  description: 'What the rows are: customer users (I1–I10) or customer accounts (I11).',
})
export const ImportJobStatus = z.enum(['PENDING', 'RUNNING', 'DONE', 'FAILED']).openapi('ImportJobStatus', {
  description:
    '`PENDING`: queued behind another job (two never run at once); `RUNNING`; `DONE`: every row was processed (some may have ' +
    'failed: see `counts.failed`); `FAILED`: the file could not be read, or the job was interrupted — see `error`.',
})
export const ImportIssue = z
  .object({
    code: z.enum(IMPORT_ISSUE_CODES).openapi({
      description:
        '`F-E-*` fail the row, `F-W-*` only warn (I6): 001 required value missing, 002 unknown reference, 003 duplicate unique value ' +
        '(in the file or in the data), 004 invalid format, 005 password policy, 006 main organisation not in organisations, 008 value not in the ' +
        'allowed list, 009 not allowed in the current state (I11: deleting an account that has users, the status of an account under ' +
        'approval); W-001 unknown column, W-002 store column ignored by the job configuration.',
      example: 'F-E-002',
    }),
    column: z.string().nullable().openapi({
      description: "The column as written in the file's header; `null` for a whole-row or whole-file issue.",
      example: 'Customer User Account Ids',
    }),
    message: z.string().openapi({ example: 'Unknown customer account "ACME-XX".' }),
  })
  .openapi('ImportIssue')

export const ImportJob = z
  .object({
    id: Id,
    type: ImportJobType,
    dryRun: z.boolean().openapi({
      description:
        'Every rule checked against the current data, the statuses the rows would reach reported, nothing written.',
    }),
    status: ImportJobStatus,
    storeIds: z.array(z.string()).openapi({
      description:
        "I4: the job's stores (externalIds). Non-empty: every row gets them and the file's store column is ignored. Always empty for accounts.",
    }),
    format: z.enum(['CSV', 'JSON']).openapi({ description: 'How the rows came: a CSV body, or JSON `rows`.' }),
    delimiter: z.enum([',', ';']).nullable().openapi({
      description: 'The CSV delimiter used (detected unless given); `null` before the file is read, and for JSON.',
    }),
    encoding: z
      .enum(['utf-8', 'windows-1252'])
      .nullable()
      .openapi({ description: 'The encoding the file was read in; `null` before the file is read, and for JSON.' }),
    progress: z.object({
      processed: z.number().int().openapi({ description: 'Rows processed so far.' }),
      total: z.number().int().openapi({ description: 'Rows in the file; 0 until the file is read.' }),
    }),
    counts: z
      .object({
        created: z.number().int(),
        updated: z.number().int(),
        deleted: z.number().int(),
        failed: z.number().int(),
      })
      .openapi({
        description: 'Rows by outcome so far. In a dry run: the outcomes the rows would have.',
      }),
    warnings: z
      .array(ImportIssue)
      .openapi({ description: 'File-level warnings: F-W-001 unknown columns, F-W-002 store column ignored.' }),
    error: z.string().optional().openapi({
      description: 'Only when `FAILED`: why, in words a user can act on.',
      example: 'The file is a ZIP archive, such as an Excel workbook (.xlsx), not a CSV file: save it as "CSV UTF-8".',
    }),
    errorCode: z
      .enum(IMPORT_JOB_ERROR_CODES)
      .optional()
      .openapi({
        description:
          "Only when `FAILED`: the CSV reader's code (`EMPTY`, `NOT_TEXT`, `ENCODING`, `NO_HEADER`, `SINGLE_COLUMN`, `MALFORMED`), " +
          '`MISSING_COLUMNS` (no externalId column), `INTERRUPTED` (the server stopped or restarted; rows already processed stay applied) or `INTERNAL`.',
      }),
    createdBy: z.string().openapi({
      description: 'The operator who posted the job (`operator:<id>`).',
      example: 'operator:op_0000000001',
    }),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
  })
  .openapi('ImportJob')

export const ImportJobAccepted = z
  .object({ id: Id, status: ImportJobStatus })
  .openapi('ImportJobAccepted', { example: { id: 'job_0000000042', status: 'PENDING' } })

const cellText = z.string().max(100_000)
const text = cellText.nullable().optional()
const multi = z
  .union([z.array(z.string().max(4000)).max(10_000), cellText])
  .nullable()
  .optional()
const bool = z.union([z.boolean(), cellText]).nullable().optional()
/** One row as JSON: the CSV's columns by field name, values as the CSV would hold them (checked by the same rules). */
export const ImportRow = z
  .strictObject({
    line: z.number().int().min(1).optional().openapi({
      description:
        "The row's line in the file it came from, shown in the report. Default: its position + 1 (as if under a header).",
    }),
    externalId: text,
    civility: text,
    firstName: text,
    lastName: text,
    email: text,
    phone: text,
    groups: multi,
    accountIds: multi,
    organisationIds: multi,
    mainOrganisationId: text,
    password: text,
    inactive: bool,
    active: bool.openapi({
      description: 'I10: the plain reading of the status (true = active); empty or null gives no value.',
    }),
    delete: bool,
    storeIds: multi,
    customFields: z
      .record(z.string(), z.union([cellText, z.number(), z.boolean(), z.array(z.string().max(4000))]).nullable())
      .optional()
      .openapi({
        description:
          'Custom field values by definition externalId, as the CSV cell would hold them (lists also as arrays).',
      }),
  })
  .openapi('ImportRow', {
    description:
      "A CSV row by field name (I1's field-name form). References are external ids; lists are arrays (or `||`-separated text); " +
      'booleans are `true`/`false` (or `TRUE`/`FALSE`). A field left out of every row is treated as a column the file does not have.',
    example: {
      externalId: 'CU-1001',
      civility: 'MR',
      firstName: 'John',
      lastName: 'Smith',
      email: 'john.smith@acme.example',
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: ['ACME'],
    },
  })

/** I11: the address of an account row (A4), as the CSV's `address.<field>` columns would hold it. */
export const ImportAccountAddress = z
  .strictObject({
    externalId: text,
    label: text,
    fullName: text,
    address: text,
    additionalAddress: text,
    city: text,
    state: text,
    zipCode: text,
    country: text,
    phone: text,
    shipping: bool,
    billing: bool,
    isDefault: bool,
  })
  .openapi('ImportAccountAddress')
/** I11: one account row as JSON: the CSV's columns by field name, values as the CSV would hold them. */
export const ImportAccountRow = z
  .strictObject({
    line: z.number().int().min(1).optional().openapi({
      description:
        "The row's line in the file it came from, shown in the report. Default: its position + 1 (as if under a header).",
    }),
    externalId: text,
    name: text,
    companyRegistrationName: text,
    businessRegistrationNumber: text,
    vatNumber: text,
    website: text,
    accountManagerId: text.openapi({ description: "The account manager's operator externalId." }),
    status: text.openapi({ description: '`ACTIVE` or `INACTIVE` (I11, A3).' }),
    customerTagIds: multi.openapi({
      description: 'Customer tag externalIds; the account then carries exactly these (as A7).',
    }),
    address: ImportAccountAddress.nullable().optional(),
    delete: bool,
    customFields: z
      .record(z.string(), z.union([cellText, z.number(), z.boolean(), z.array(z.string().max(4000))]).nullable())
      .optional()
      .openapi({ description: 'CUSTOMER_ACCOUNT custom field values by definition externalId.' }),
  })
  .openapi('ImportAccountRow', {
    description:
      'A customer-account CSV row by field name (I11). References are external ids (tags, account manager); lists are arrays (or ' +
      '`||`-separated text); booleans are `true`/`false`. A field left out of every row is treated as a column the file does not have.',
    example: {
      externalId: 'ACME',
      name: 'ACME',
      companyRegistrationName: 'ACME SAS',
      businessRegistrationNumber: '552 100 554',
      customerTagIds: ['premium'],
      address: {
        externalId: 'ACME-HQ',
        fullName: 'ACME SAS',
        address: '12 rue de la Paix',
        city: 'Paris',
        zipCode: '75002',
        country: 'FR',
        shipping: true,
        billing: true,
      },
    },
  })

const dryRun = z.boolean().default(false).openapi({ description: 'Default false.' })
export const ImportJobInput = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('CUSTOMER_USER'),
        dryRun,
        storeIds: z
          .array(z.string().min(1).max(255))
          .max(1000)
          .default([])
          .openapi({ description: 'I4: store externalIds given to every row. Default none.' }),
        rows: z.array(ImportRow).max(200_000),
      })
      .openapi('CustomerUserImportJobInput'),
    z
      .strictObject({
        type: z.literal('CUSTOMER_ACCOUNT'),
        dryRun,
        rows: z.array(ImportAccountRow).max(200_000),
      })
      .openapi('CustomerAccountImportJobInput'),
  ])
  .openapi('ImportJobInput')

export const ImportReportRow = z
  .object({
    line: z.number().int().openapi({ description: 'The file line where the record starts (header = 1).', example: 2 }),
    externalId: z
      .string()
      .openapi({ description: 'As written in the row (may be empty when missing).', example: 'CU-1001' }),
    status: z.enum(IMPORT_ROW_STATUSES),
    errors: z.array(ImportIssue).openapi({ description: 'Every error of the row (I6); empty unless FAILED.' }),
    warnings: z.array(ImportIssue),
  })
  .openapi('ImportReportRow')
export const ImportReport = z
  .object({
    jobId: Id,
    complete: z.boolean().openapi({
      description:
        '`false` when only the failed rows are still known: full reports are kept in memory for the most recent jobs, while the saved job ' +
        'keeps its first failed rows (R3: at most 1,000 and 1 MiB of detail, cells cut at 200 characters, secret cells empty).',
    }),
    rows: z.array(ImportReportRow),
  })
  .openapi('ImportReport')

const params = pathParams('id', 'job_0000000042')
const notFound = errorResponse('No such import job.')

export const importJobRoutes = {
  create: operatorRoute({
    method: 'post',
    path: '/v1/import-jobs',
    operationId: 'ADM-IMPORT-JOB-100',
    tags,
    'x-dj-role': 'User',
    summary: 'Start an import job',
    description:
      'I3–I7. Send the CSV file as the body (`Content-Type: text/csv`, raw bytes: UTF-8 with or without BOM, or Windows-1252; up to 64 MiB) with ' +
      '`?type=CUSTOMER_USER` (or `CUSTOMER_ACCOUNT`, I11), or `application/json` `{type, dryRun, storeIds, rows}` (no `storeIds` for accounts). The job is queued (`PENDING`) and runs after the jobs before ' +
      'it; poll `GET /v1/import-jobs/{id}`. Rows are independent: a row with errors fails alone, the others apply. A file that cannot be read ' +
      '(not a CSV, no recognisable header, a delimiter that yields one column, no externalId column) makes the job `FAILED` with nothing imported; ' +
      'without another required column, rows that delete still work and the others fail alone (I10). ' +
      'A dry run checks every rule against the current data and reports the statuses the rows would reach, writing nothing. ' +
      'R3: a file of more than 500 columns is refused (400, naming `header`) before it is read; an operator may have 3 jobs ' +
      'waiting or running, and everyone together 10 (defaults): one more is refused with 429 and `Retry-After`. Finished jobs ' +
      'are kept 30 days, the newest 100 (defaults).',
    request: {
      headers: CreateHeaders,
      query: z.object({
        type: ImportJobType.optional().openapi({
          description: 'Required with a CSV body; with JSON, `type` is in the body.',
        }),
        dryRun: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'CSV body: `true` for a dry run. Default false.' }),
        storeIds: MultiValue(
          "CSV body, I4: store externalIds given to every row (the file's store column is then ignored). Repeated or comma list. Customer users only.",
          'FR,BE',
        ),
        delimiter: z
          .enum([',', ';'])
          .optional()
          .openapi({ description: 'CSV body: force the delimiter (default: detected).', example: ';' }),
      }),
      body: {
        required: false,
        description: 'The CSV file, or the rows as JSON.',
        content: {
          // Documented only: the server reads these bytes itself (the shared CSV module, I8).
          'text/csv': { schema: z.string().openapi({ format: 'binary', description: "The file's bytes." }) },
          'application/json': { schema: ImportJobInput },
        },
      },
    },
    responses: {
      202: {
        ...json(ImportJobAccepted, 'Queued.'),
        headers: {
          Location: {
            description: 'The job: poll it until DONE or FAILED.',
            schema: { type: 'string' as const, example: '/v1/import-jobs/job_0000000042' },
          },
        },
      },
      400: errorResponse(
        'Malformed request: `type` missing with a CSV body, settings in the query with a JSON body, `storeIds` for an account job, or (R3) a file whose header has ' +
          'more than 500 columns (`errors[].field` is `header`; for JSON rows, the `rows[i].customFields` past the limit).',
      ),
      413: errorResponse('The body is larger than 64 MiB.'),
      415: errorResponse('Neither text/csv nor application/json.'),
      422: errorResponse('A store of `storeIds` is unknown.'),
      429: {
        ...errorResponse(
          "R3: too many import jobs are waiting or running — the operator's own (3 by default) or everyone's (10) — (`TOO_MANY_REQUESTS`); " +
            'nothing was queued.',
        ),
        headers: {
          'Retry-After': {
            description: 'Seconds to wait before posting again.',
            schema: { type: 'integer' as const, example: 10 },
          },
        },
      },
    },
  }),
  list: operatorRoute({
    method: 'get',
    path: '/v1/import-jobs',
    operationId: 'ADM-IMPORT-JOB-550',
    tags,
    'x-dj-role': 'Reader',
    summary: 'List import jobs',
    description: 'Newest first by default. Sortable: id, createdAt, status.',
    request: {
      headers: OperatorHeaders,
      query: z.object({
        ...PagingQuery,
        status: MultiValue('Job statuses; OR-ed.', 'DONE'),
        dryRun: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: { 200: json(Page(ImportJob, 'ImportJobPage'), 'A page of import jobs.') },
  }),
  get: operatorRoute({
    method: 'get',
    path: '/v1/import-jobs/{id}',
    operationId: 'ADM-IMPORT-JOB-500',
    tags,
    'x-dj-role': 'Reader',
    summary: 'Get an import job',
    description: 'I7: status, progress while it runs, counts by outcome, file warnings, and why it failed.',
    request: { headers: OperatorHeaders, params },
    responses: { 200: json(ImportJob, 'The job.'), 404: notFound },
  }),
  report: operatorRoute({
    method: 'get',
    path: '/v1/import-jobs/{id}/report',
    operationId: 'ADM-IMPORT-JOB-510',
    tags,
    'x-dj-role': 'Reader',
    summary: 'Get the report of an import job',
    description:
      "I7: one entry per row with its status and every error. With `Accept: text/csv`: the file's own columns plus `status` and `errors`, in " +
      "the file's delimiter; any cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so that a spreadsheet " +
      'shows it as text and never runs it as a formula. 409 while the job is PENDING or RUNNING.',
    request: {
      headers: OperatorHeaders,
      params,
      query: z.object({
        status: MultiValue('Only rows with these statuses (CREATED, UPDATED, DELETED, FAILED); OR-ed.', 'FAILED'),
      }),
    },
    responses: {
      200: {
        description: 'The report.',
        content: {
          'application/json': { schema: ImportReport },
          'text/csv': {
            schema: z.string().openapi({ description: "The file's columns, then `status` and `errors`." }),
          },
        },
      },
      404: notFound,
      409: errorResponse('The job has not finished.'),
    },
  }),
}
