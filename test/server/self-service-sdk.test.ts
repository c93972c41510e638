/**
 * SS1, SS2 through the typed SDK: anonymous storefront calls (`createClient({client: 'ACCOUNT'})`, no token) against
 * the MSW handlers (as a frontend test would) and against the in-process app.
 */
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, DjProblemError, unwrap, type DjClient } from '../../sdk/index.js'
import { createApp } from '../../mock-server/app.js'
import { createMockApi, DEMO_KEYS, type MockApi } from '../../mock-server/msw.js'

const BASE = 'http://self-service.test'
const PASSWORD = 'Sunny-Day-42'
const NEW_PASSWORD = 'Rainy-Night-77'

/** Registration → approval → login, then reset → confirm → login, with one anonymous and one operator client. */
async function journey(shop: DjClient, backOffice: DjClient) {
  unwrap(
    await backOffice.PATCH('/v1/settings', { body: { customerSelfRegistration: true, customerAccountApproval: true } }),
  )
  const email = 'bruce@wayne.example'
  const accepted = unwrap(
    await shop.POST('/auth/register', {
      body: {
        name: 'Wayne Enterprises',
        companyRegistrationName: 'Wayne Enterprises SAS',
        businessRegistrationNumber: 'FR 552 100 554',
        user: {
          civility: 'MR',
          firstName: 'Bruce',
          lastName: 'Wayne',
          email,
          phone: '+33 6 12 34 56 78',
          password: PASSWORD,
        },
      },
    }),
  )
  expect(accepted.status).toBe('ACCEPTED')

  const logIn = async (password: string) => shop.POST('/auth/token', { body: { email, password } })
  const refused = await logIn(PASSWORD)
  expect(refused.response.status).toBe(403)
  expect(() => unwrap(refused)).toThrow(DjProblemError)

  const waiting = unwrap(
    await backOffice.GET('/v1/customer-accounts', {
      params: { query: { status: 'WAITING_APPROVAL', search: 'Wayne' } },
    }),
  )
  expect(waiting.content).toHaveLength(1)
  unwrap(
    await backOffice.POST('/v1/customer-accounts/{id}/approve', { params: { path: { id: waiting.content[0].id } } }),
  )
  const told = unwrap(await backOffice.GET('/v1/notifications', { params: { query: { to: email } } }))
  expect(told.content.map((n) => n.template)).toEqual(['account-activated', 'account-being-prepared'])

  const token = unwrap(await logIn(PASSWORD)).accessToken
  const me = createClient({ baseUrl: BASE, client: 'ACCOUNT', token, fetch: shopFetch })
  expect(unwrap(await me.GET('/v1/authenticated-user')).email).toBe(email)

  unwrap(await shop.POST('/auth/password-reset', { body: { email } }))
  const reset = unwrap(
    await backOffice.GET('/v1/notifications', { params: { query: { to: email, template: 'password-reset' } } }),
  )
  const resetToken = reset.content[0].data.token
  expect(resetToken).toEqual(expect.any(String))
  const confirmed = await shop.POST('/auth/password-reset/confirm', {
    body: { token: resetToken, password: NEW_PASSWORD },
  })
  expect(confirmed.response.status).toBe(204)
  expect((await me.GET('/v1/authenticated-user')).response.status).toBe(401) // every session ended
  expect((await logIn(PASSWORD)).response.status).toBe(401)
  const again = unwrap(await logIn(NEW_PASSWORD))
  expect(again.tokenType).toBe('Bearer')

  // SS3: the new company's admin invites a colleague, who accepts, logs in, and resets their own password too.
  const bruce = createClient({ baseUrl: BASE, client: 'ACCOUNT', token: again.accessToken, fetch: shopFetch })
  const colleague = 'alfred@wayne.example'
  unwrap(await bruce.POST('/v1/shop/invitations', { body: { email: colleague, groups: ['FOC_User'] } }))
  const invited = unwrap(
    await backOffice.GET('/v1/notifications', { params: { query: { to: colleague, template: 'invitation' } } }),
  )
  unwrap(
    await shop.POST('/auth/invitations/accept', {
      body: {
        token: invited.content[0].data.token,
        civility: 'MR',
        firstName: 'Alfred',
        lastName: 'Pennyworth',
        phone: '+33 6 12 34 56 79',
        password: PASSWORD,
      },
    }),
  )
  const alfred = unwrap(await shop.POST('/auth/token', { body: { email: colleague, password: PASSWORD } }))
  const alfredShop = createClient({ baseUrl: BASE, client: 'ACCOUNT', token: alfred.accessToken, fetch: shopFetch })
  expect(unwrap(await alfredShop.GET('/v1/authenticated-user')).groups).toEqual(['FOC_User'])
  unwrap(await shop.POST('/auth/password-reset', { body: { email: colleague } }))
  const alfredReset = unwrap(
    await backOffice.GET('/v1/notifications', { params: { query: { to: colleague, template: 'password-reset' } } }),
  )
  const reset2 = await shop.POST('/auth/password-reset/confirm', {
    body: { token: alfredReset.content[0].data.token, password: NEW_PASSWORD },
  })
  expect(reset2.response.status).toBe(204)
  expect(unwrap(await shop.POST('/auth/token', { body: { email: colleague, password: NEW_PASSWORD } })).tokenType).toBe(
    'Bearer',
  )
}

let shopFetch: ((request: Request) => Promise<Response>) | undefined

describe('SS1 SS2 through the SDK', () => {
  let mock: MockApi
  let server: ReturnType<typeof setupServer>
  beforeAll(async () => {
    mock = await createMockApi({ baseUrl: BASE, seed: 'demo-small' })
    server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
  })
  afterAll(() => server.close())

  it('SS1 SS2 SS3 a new company signs up, is approved, invites a colleague, and each resets their own password, on the MSW handlers', async () => {
    shopFetch = undefined
    await journey(
      createClient({ baseUrl: BASE, client: 'ACCOUNT', store: 'FR' }), // the demo has several stores (U10)
      createClient({ baseUrl: BASE, client: 'OPERATOR', apiKey: DEMO_KEYS.Admin }),
    )
  })

  it('SS1 SS2 SS3 the same against the in-process app', async () => {
    const app = await createApp({ passwordIterations: 1000 })
    const { ensureOperatorKey } = await import('../../mock-server/seed.js')
    await ensureOperatorKey(app.db, 'in-process-admin-key', 'Admin', 'admin')
    shopFetch = (request) => Promise.resolve(app.fetch(request))
    try {
      await journey(
        createClient({ baseUrl: BASE, client: 'ACCOUNT', fetch: shopFetch }),
        createClient({ baseUrl: BASE, client: 'OPERATOR', apiKey: 'in-process-admin-key', fetch: shopFetch }),
      )
    } finally {
      shopFetch = undefined
    }
  })
})
