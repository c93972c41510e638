/** The records the reference server stores. Response shapes (spec/) are derived from these by the routes. */

/** Custom field values by definition externalId (CF2): the CF1 types, or a list for `multiple` fields. */
export type CustomFieldValues = Record<string, string | number | boolean | null | (string | number | boolean)[]>

export interface Timestamps {
  createdAt: string
  updatedAt: string
}
export interface Versioned extends Timestamps {
  id: string
  version: number
}

export interface StoreRecord extends Versioned {
  externalId: string
  name: string
  /** U15: where assisted-buying sessions of this store open (data saved before U15 has none: read it as null). */
  storefrontUrl: string | null
}

export interface SettingsRecord {
  customerAccountApproval: boolean
  customerActiveOnCreation: boolean
  customerOnHoldOnCreation: boolean
  defaultCurrency: string
  /** A10: a new account needs its first address. */
  customerAccountAddressRequired: boolean
  /** R7: login throttling (domain/sessions.ts). */
  loginMaxFailures: number
  loginMaxFailuresPerAddress: number
  loginLockSeconds: number
  /** R6: audit events older than this are pruned. */
  auditRetentionDays: number
  /** SS1: companies may register on the storefront. */
  customerSelfRegistration: boolean
  version: number
  updatedAt: string
}

export type OperatorGroup = 'Admin' | 'User' | 'Reader'
export interface OperatorRecord extends Versioned {
  externalId: string
  email: string
  civility: 'MR' | 'MRS' | 'MISS' | null
  firstName: string
  lastName: string
  locale: string
  status: 'ACTIVE' | 'INACTIVE'
  groups: OperatorGroup[]
  storeIds: string[]
  /** U15: the support permission (assisted buying); absent in data saved before U15 (= false). */
  support?: boolean
}

export interface ApiKeyRecord {
  id: string
  operatorId: string
  name: string | null
  prefix: string
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string
  createdAt: string
  lastUsedAt: string | null
}

export interface CustomerTagRecord extends Versioned {
  externalId: string
  name: string
  description: string | null
}

export interface AddressRecord {
  id: string
  externalId: string
  label: string | null
  fullName: string
  address: string
  additionalAddress: string | null
  city: string
  state: string | null
  zipCode: string
  country: string
  phone: string | null
  shipping: boolean
  billing: boolean
  isDefault: boolean
}

export interface LegalUserRecord {
  firstName: string
  lastName: string
  birthday: string
  nationality: string
  countryOfResidence: string
  email: string
}

export type AccountStatus = 'ACTIVE' | 'INACTIVE' | 'WAITING_APPROVAL' | 'REJECTED'
export interface AccountRecord extends Versioned {
  externalId: string
  name: string
  accountManagerId: string | null
  website: string | null
  companyRegistrationName: string
  businessRegistrationNumber: string
  vatNumber: string | null
  customerTagIds: string[]
  status: AccountStatus
  addresses: AddressRecord[]
  legalUser: LegalUserRecord | null
  customFields: CustomFieldValues
}

export interface OrganisationRecord extends Versioned {
  externalId: string
  accountId: string
  parentId: string | null
  name: string
  status: 'ACTIVE' | 'INACTIVE'
  customFields: CustomFieldValues
}

export type CustomerUserGroup = 'FOC_Admin' | 'FOC_User' | 'FOC_Webmaster'
export interface PasswordHash {
  /** PBKDF2-SHA-256, base64. */
  hash: string
  salt: string
  iterations: number
}
export interface CustomerUserRecord extends Versioned {
  externalId: string
  civility: 'MR' | 'MRS' | 'MISS'
  firstName: string
  lastName: string
  email: string
  phone: string
  /**
   * U16: the user's groups in each of their accounts (key: account id). The groups belong to the membership, not
   * to the person; read them through `groupsIn` (domain/memberships.ts). Data saved before U16 had one `groups`
   * list for every account: db.ts gives each account those groups when it loads such a file.
   */
  groupsByAccount: Record<string, CustomerUserGroup[]>
  accountIds: string[]
  organisationIds: string[]
  mainOrganisationId: string | null
  storeIds: string[]
  status: 'ACTIVE' | 'INACTIVE'
  onHold: boolean
  preferredCurrency: string | null
  preferredSite: string | null
  customerNumber: string
  lastLoginAt: string | null
  customFields: CustomFieldValues
  password: PasswordHash
}

export type CustomFieldEntity = 'CUSTOMER_USER' | 'ORGANISATION' | 'CUSTOMER_ACCOUNT'
export interface CustomFieldRecord extends Versioned {
  externalId: string
  name: string
  entity: CustomFieldEntity
  type: 'TEXT' | 'NUMBER' | 'BOOLEAN' | 'DATE' | 'LIST'
  options: string[] | null
  multiple: boolean
  required: boolean
}

export interface BuyingPolicyRecord extends Versioned {
  name: string
  description: string | null
  message: string
  accountId: string
  reviewedUserIds: string[]
  approverUserIds: string[]
}

export interface TokenRecord {
  /** SHA-256 of the token; the token itself is never stored. */
  hash: string
  customerUserId: string
  expiresAt: string
  /** Set for assisted-buying sessions (U11): the operator acting. */
  operatorId: string | null
  /**
   * U15: `assist-code` marks the one-time code of an assisted-buying URL (its SHA-256 in `hash`), which only
   * `POST /auth/assisted-session` takes, never a session token; absent for a session token. SS2: `password-reset`
   * marks a password-reset token, which only `POST /auth/password-reset/confirm` takes.
   */
  kind?: 'assist-code' | 'password-reset'
  /** U15: the store (DJUST id) an assisted session, or its code, was opened for. */
  storeId?: string
  /** SS2: the outbox message that carries a password-reset token, blanked when the token is used or replaced. */
  notificationId?: string
}

export interface NotificationRecord {
  id: string
  at: string
  to: string
  template:
    | 'welcome'
    | 'account-being-prepared'
    | 'account-activated'
    | 'invitation'
    | 'registration-attempt'
    | 'password-reset'
  /** Null for an invitation (SS3): the invitee is no customer user yet. */
  customerUserId: string | null
  /** What the message would carry, e.g. the initial password. */
  data: Record<string, string>
}

/** SS3: an invitation into an account; its token is stored only as a SHA-256 (`hash`), never in the audit log. */
export interface InvitationRecord {
  id: string
  email: string
  accountId: string
  organisationIds: string[]
  groups: CustomerUserGroup[]
  /** U10: the invitee's stores (externalIds). */
  storeIds: string[]
  /** PENDING past `expiresAt` reads as EXPIRED (domain/invitations.ts). */
  status: 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED'
  /** `customer-user:<id>` or `operator:<id>`. */
  invitedBy: string
  customerUserId: string | null
  createdAt: string
  expiresAt: string
  /** SHA-256 (hex) of the live token; null once accepted, revoked or expired. */
  hash: string | null
}

export interface AuditEventRecord {
  seq: number
  at: string
  actor: string
  action: string
  entity: string
  id: string
  changes: Record<string, { from: unknown; to: unknown }>
}

export interface IdempotencyRecord {
  key: string
  requestHash: string
  at: string
  status: number
  headers: Record<string, string>
  /** Empty when `secret`: an answer holding a secret shown once is never kept (R5). */
  body: string
  /** The answer held a secret (the route's `x-dj-secret`): a replay is refused, not answered. */
  secret?: boolean
}

/** I6: one issue of a row or of the file (the shared CSV module's `CsvIssue`). */
export interface ImportIssueRecord {
  code:
    | 'F-E-001'
    | 'F-E-002'
    | 'F-E-003'
    | 'F-E-004'
    | 'F-E-005'
    | 'F-E-006'
    | 'F-E-008'
    | 'F-E-009'
    | 'F-W-001'
    | 'F-W-002'
  column: string | null
  message: string
}
export type ImportRowStatus = 'CREATED' | 'UPDATED' | 'DELETED' | 'FAILED'
/** A failed row kept with its job, so the report still shows it after a restart (at most 1,000 per job). */
export interface ImportFailureRecord {
  index: number
  line: number
  externalId: string
  errors: ImportIssueRecord[]
  warnings: ImportIssueRecord[]
  /** The row's cells as written, in the order of the job's `headers`. */
  cells: string[]
}
export type ImportJobErrorCode =
  | 'EMPTY'
  | 'NOT_TEXT'
  | 'ENCODING'
  | 'NO_HEADER'
  | 'SINGLE_COLUMN'
  | 'MALFORMED'
  | 'MISSING_COLUMNS'
  | 'INTERRUPTED'
  | 'INTERNAL'
/**
 * I7: an import job. Only the summary and the first failed rows are saved with the data; the full report
 * (every row) lives in memory for the most recent jobs (see import-runner.ts).
 */
export interface ImportJobRecord {
  id: string
  /** I11: customer users or customer accounts. */
  type: 'CUSTOMER_USER' | 'CUSTOMER_ACCOUNT'
  dryRun: boolean
  status: 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED'
  storeIds: string[]
  format: 'CSV' | 'JSON'
  delimiter: ',' | ';' | null
  encoding: 'utf-8' | 'windows-1252' | null
  progress: { processed: number; total: number }
  counts: { created: number; updated: number; deleted: number; failed: number }
  warnings: ImportIssueRecord[]
  error?: string
  errorCode?: ImportJobErrorCode
  createdBy: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  /** The file's header cells (for the CSV report of `failures`). */
  headers: string[]
  failures: ImportFailureRecord[]
}
