/**
 * SS3 end to end through the typed SDK on MSW handlers (Node): the demo FOC_Admin invites a colleague, the
 * colleague accepts with the token of the outbox message and logs in.
 */
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockApi, type MockApi } from '../../mock-server/msw.js'
import { DEMO_CUSTOMER_PASSWORD } from '../../mock-server/seed.js'
import { createClient, DjProblemError, unwrap } from '../../sdk/index.js'

const BASE = 'http://invitations.test'

describe('SS3 invitations through the SDK on MSW', () => {
  let mock: MockApi
  let server: ReturnType<typeof setupServer>
  beforeAll(async () => {
    mock = await createMockApi({ baseUrl: BASE, seed: 'demo-small' })
    server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
  })
  afterAll(() => server.close())

  it('SS3 a FOC_Admin invites a colleague; the colleague accepts and logs in (SDK, MSW)', async () => {
    const anonymous = createClient({ baseUrl: BASE, client: 'ACCOUNT' })
    const login = async (email: string, password: string) =>
      unwrap(await anonymous.POST('/auth/token', { body: { email, password } })).accessToken
    const alice = createClient({
      baseUrl: BASE,
      client: 'ACCOUNT',
      token: await login('alice.admin@acme.example', DEMO_CUSTOMER_PASSWORD),
    })
    const invitation = unwrap(
      await alice.POST('/v1/shop/invitations', { body: { email: 'nina.new@acme.example', groups: ['FOC_User'] } }),
    )
    expect(invitation).toMatchObject({ status: 'PENDING', email: 'nina.new@acme.example', storeIds: ['FR'] })
    const pending = unwrap(await alice.GET('/v1/shop/invitations', { params: { query: { status: ['PENDING'] } } }))
    expect(pending.content.map((i) => i.id)).toEqual([invitation.id])

    // The message, as the back office's outbox shows it (the server never sends email).
    const admin = createClient({ baseUrl: BASE, client: 'OPERATOR', apiKey: 'demo-admin-key' })
    const outbox = unwrap(
      await admin.GET('/v1/notifications', {
        params: { query: { template: ['invitation'], to: ['nina.new@acme.example'] } },
      }),
    )
    const token = outbox.content[0].data.token
    expect(token).toBeTruthy()

    const accepted = unwrap(
      await anonymous.POST('/auth/invitations/accept', {
        body: {
          token,
          civility: 'MRS',
          firstName: 'Nina',
          lastName: 'New',
          phone: '+33 6 12 34 56 78',
          password: 'Brand-New-Pass-1',
        },
      }),
    )
    const nina = createClient({
      baseUrl: BASE,
      client: 'ACCOUNT',
      token: await login('nina.new@acme.example', 'Brand-New-Pass-1'),
    })
    const me = unwrap(await nina.GET('/v1/authenticated-user'))
    expect(me).toMatchObject({ id: accepted.customerUserId, email: 'nina.new@acme.example', status: 'ACTIVE' })
    expect(me.accountIds).toEqual([invitation.accountId])

    // The token worked once.
    const again = await anonymous.POST('/auth/invitations/accept', {
      body: {
        token,
        civility: 'MR',
        firstName: 'X',
        lastName: 'Y',
        phone: '+33 6 12 34 56 78',
        password: 'Other-Pass-2',
      },
    })
    expect(() => unwrap(again)).toThrow(DjProblemError)
    expect(again.response.status).toBe(401)
  })
})
