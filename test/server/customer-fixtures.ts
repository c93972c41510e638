/**
 * Customer-side fixtures shared by the organisation, storefront and customer-user tests: accounts,
 * organisations and users made through the back-office API (as the Admin test operator), and storefront
 * callers that speak with a customer token. Everything goes through HTTP, so the fixtures obey every rule.
 */
import { expect } from 'vitest'
import type { CallOptions, CallResult, TestApp } from '../helpers.js'

/** A password that passes U5. */
export const PASSWORD = 'Sunny-Day-42'

const ok = (r: CallResult, status: number) => expect(r.status, `${r.status} ${JSON.stringify(r.body)}`).toBe(status)

/** A customer account (ACTIVE unless `customerAccountApproval` is on). */
export async function makeAccount(t: TestApp, externalId: string, over: Record<string, unknown> = {}) {
  const r = await t.call('POST', '/v1/customer-accounts', {
    body: {
      externalId,
      name: externalId,
      companyRegistrationName: `${externalId} SAS`,
      businessRegistrationNumber: `RCS-${externalId}`,
      ...over,
    },
  })
  ok(r, 201)
  return r.body as { id: string; externalId: string; status: string; version: number }
}

export interface Org {
  id: string
  externalId: string
  accountId: string
  parentId: string | null
  name: string
  status: string
  version: number
}

/** An organisation: a root of `accountId`, or under `parentId`. `name` defaults to the externalId. */
export async function makeOrg(
  t: TestApp,
  o: { externalId: string; name?: string; accountId?: string; parentId?: string | null },
) {
  const r = await t.call('POST', '/v1/organisations', { body: { name: o.externalId, ...o } })
  ok(r, 201)
  return r.body as Org
}

export interface UserSpec {
  externalId: string
  accountIds: string[]
  email?: string
  groups?: string[]
  organisationIds?: string[]
  mainOrganisationId?: string | null
  password?: string
  status?: 'ACTIVE' | 'INACTIVE'
  onHold?: boolean
}

/** A customer user with a known password (default {@link PASSWORD}); email `<externalId>@example.com`. */
export async function makeUser(t: TestApp, u: UserSpec) {
  const r = await t.call('POST', '/v1/customer-users', {
    body: {
      civility: 'MR',
      firstName: 'First',
      lastName: u.externalId,
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      email: `${u.externalId.toLowerCase()}@example.com`,
      password: PASSWORD,
      ...u,
    },
  })
  ok(r, 201)
  return r.body as {
    id: string
    externalId: string
    email: string
    groups: string[]
    accountIds: string[]
    organisationIds: string[]
    mainOrganisationId: string | null
    status: string
    onHold: boolean
    lastLoginAt: string | null
    version: number
  }
}

/** Storefront headers: `dj-client: ACCOUNT`, the bearer token and, when given, `customer-account-id`. */
export const shopHeaders = (token: string, accountId?: string): Record<string, string> => ({
  'dj-client': 'ACCOUNT',
  authorization: `Bearer ${token}`,
  ...(accountId ? { 'customer-account-id': accountId } : {}),
})

export interface ShopCaller {
  token: string
  /** A storefront call with this token (no operator key); `accountId` sets `customer-account-id`. */
  call<T = any>(
    method: string,
    path: string,
    o?: Omit<CallOptions, 'as' | 'key'> & { accountId?: string },
  ): Promise<CallResult<T>>
}

/** A storefront caller for a token (from a login or an assisted session). */
export function shopCaller(t: TestApp, token: string, defaultAccountId?: string): ShopCaller {
  return {
    token,
    call: (method, path, o = {}) => {
      const { accountId = defaultAccountId, headers, ...rest } = o
      return t.call(method, path, { ...rest, as: null, headers: { ...shopHeaders(token, accountId), ...headers } })
    },
  }
}

/** `POST /auth/token` as the storefront does; the raw answer. */
export const requestToken = (
  t: TestApp,
  email: string,
  password: string,
  headers: Record<string, string> = { 'dj-client': 'ACCOUNT' },
) => t.call('POST', '/auth/token', { as: null, headers, body: { email, password } })

/** Logs in (must succeed) and returns a storefront caller. */
export async function login(t: TestApp, email: string, password = PASSWORD, accountId?: string): Promise<ShopCaller> {
  const r = await requestToken(t, email, password)
  ok(r, 200)
  return shopCaller(t, r.body.accessToken, accountId)
}

/** The id of one of the test operators (`test-admin`, `test-user`, `test-reader`). */
export const operatorId = (t: TestApp, externalId: 'test-admin' | 'test-user' | 'test-reader') =>
  t.app.db.operators.findBy('externalId', externalId)!.id

/** A tree's nodes as `name` or `name(child child …)`, for compact assertions. */
export function outline(nodes: { name: string; children?: unknown[] }[]): string {
  return nodes.map((n) => (n.children?.length ? `${n.name}(${outline(n.children as never)})` : n.name)).join(' ')
}
