/**
 * Fixtures of assisted buying (U11, U15): stores with a storefront URL, the operators' support permission, opening a
 * session (the back office gets a URL with a one-time code) and exchanging the code (the storefront gets a token).
 * Everything goes through HTTP, as in customer-fixtures.ts.
 */
import { expect } from 'vitest'
import type { CallResult, TestApp } from '../helpers.js'
import { shopCaller, type ShopCaller } from './customer-fixtures.js'

export const ASSISTED_SESSION = '/auth/assisted-session'

/** A store, with a storefront URL when one is given. */
export async function makeStore(t: TestApp, externalId: string, storefrontUrl?: string | null) {
  const r = await t.call('POST', '/v1/stores', {
    body: { externalId, name: externalId, ...(storefrontUrl !== undefined ? { storefrontUrl } : {}) },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; externalId: string; storefrontUrl: string | null; version: number }
}

/** Gives (or takes away) the support permission of a test operator, as the Admin, keeping everything else. */
export async function setSupport(
  t: TestApp,
  externalId: 'test-admin' | 'test-user' | 'test-reader',
  support: boolean,
  over: Record<string, unknown> = {},
) {
  const op = (await t.call('GET', `/v1/operator-users/${externalId}?idType=EXTERNAL_ID`)).body
  const r = await t.call('PUT', `/v1/operator-users/${op.id}`, {
    body: {
      externalId: op.externalId,
      email: op.email,
      firstName: op.firstName,
      lastName: op.lastName,
      groups: op.groups,
      support,
      ...over,
    },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body
}

/** `POST /v1/customer-users/{id}/assisted-session`, by default as the User operator; the raw answer. */
export const openAssisted = (
  t: TestApp,
  customerUserId: string,
  o: { storeId?: string; as?: 'admin' | 'user' | 'reader'; headers?: Record<string, string> } = {},
) =>
  t.call('POST', `/v1/customer-users/${customerUserId}/assisted-session`, {
    as: o.as ?? 'user',
    headers: o.headers,
    ...(o.storeId !== undefined ? { body: { storeId: o.storeId } } : {}),
  })

/** The one-time code of an assisted-session URL. */
export const codeOf = (url: string) => new URL(url).searchParams.get('dj-assist-code') ?? ''

/** The storefront's `POST /auth/assisted-session` with a code; the raw answer. */
export const exchangeCode = (
  t: TestApp,
  code: string,
  headers: Record<string, string> = { 'dj-client': 'ACCOUNT' },
): Promise<CallResult> => t.call('POST', ASSISTED_SESSION, { as: null, headers, body: { code } })

/** Opens an assisted session and exchanges its code (both must succeed): a storefront caller with its token. */
export async function assisted(
  t: TestApp,
  customerUserId: string,
  o: { storeId?: string; as?: 'admin' | 'user' } = {},
): Promise<ShopCaller> {
  const opened = await openAssisted(t, customerUserId, o)
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  const exchanged = await exchangeCode(t, codeOf(opened.body.url))
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200)
  return shopCaller(t, exchanged.body.accessToken)
}
