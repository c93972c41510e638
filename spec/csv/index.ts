/**
 * The CSV import's shared code (docs/rules.md I1–I8): parser, header mapping and row shape rules. Pure TypeScript,
 * no dependencies, no DOM or Node APIs: the SDK runs it in browsers and workers, the server in its jobs.
 */
export * from './contract.js'
export {
  CsvReadError,
  DEFAULT_SLICE_MS,
  MAX_CSV_COLUMNS,
  countHeaderColumns,
  decodeCsv,
  decodeCsvSliced,
  parseCsvText,
  parseCsvTextSliced,
  pauser,
  type DecodedCsv,
  type ParseCsvOptions,
  type SliceOptions,
} from './parse.js'
export {
  CUSTOMER_USER_IMPORT_HEADERS,
  REQUIRED_CUSTOMER_USER_COLUMNS,
  customFieldOfHeader,
  customerUserHeaderField,
  duplicatedColumn,
  duplicatedColumns,
  isSecretHeader,
  mapCustomerUserHeaders,
  suggestCustomerUserField,
  type HeaderOverride,
  type HeaderOverrides,
} from './headers.js'
export {
  CUSTOMER_USER_CIVILITIES,
  NAME_MAX,
  checkCustomerUserRows,
  checkCustomerUserRowsSliced,
  firstOccurrences,
  readCsvBoolean,
  splitMultiValue,
  type CheckRowsOptions,
} from './rows.js'
export {
  assertCustomerUserHeader,
  checkCustomerUserCsv,
  checkCustomerUserCsvSliced,
  readCsv,
  type CustomerUserCsvCheck,
  type CustomerUserCsvOptions,
} from './validate.js'
export {
  csvIssueSentence,
  csvLanguage,
  csvReadSentence,
  csvSentences,
  type CsvSentenceTable,
} from './sentences.js'
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
} from './session.js'
export {
  CUSTOMER_ACCOUNT_COLUMNS,
  CUSTOMER_ACCOUNT_IMPORT_HEADERS,
  REQUIRED_CUSTOMER_ACCOUNT_COLUMNS,
  assertCustomerAccountHeader,
  checkCustomerAccountCsv,
  checkCustomerAccountCsvSliced,
  checkCustomerAccountRows,
  checkCustomerAccountRowsSliced,
  customFieldOfAccountHeader,
  customerAccountHeaderField,
  mapCustomerAccountHeaders,
  suggestCustomerAccountField,
  type CustomerAccountColumn,
  type CustomerAccountCsvAddress,
  type CustomerAccountCsvCheck,
  type CustomerAccountCsvOptions,
  type CustomerAccountCsvRow,
  type CustomerAccountHeaderMapping,
  type CustomerAccountMappedColumn,
  type CustomerAccountRowCheck,
  type CustomerAccountRowsCheck,
} from './accounts.js'
