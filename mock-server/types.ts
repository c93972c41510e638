/** The records the reference server stores. Response shapes (spec/) are derived from these by the routes. */

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
}

export interface SettingsRecord {
  customerAccountApproval: boolean
  customerActiveOnCreation: boolean
  customerOnHoldOnCreation: boolean
  defaultCurrency: string
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
  customFields: Record<string, unknown>
}

/**
 * Customer users are completed by the customer-domain work (DESIGN U1); the foundation needs their
 * account and store references for A8 and S1.
 */
export interface CustomerUserRecord extends Versioned {
  externalId: string
  email: string
  firstName: string
  lastName: string
  accountIds: string[]
  organisationIds: string[]
  storeIds: string[]
  status: 'ACTIVE' | 'INACTIVE'
  [field: string]: unknown
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
  body: string
}
