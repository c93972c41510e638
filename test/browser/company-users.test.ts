/**
 * `<dj-company-users>` in real Chromium, against the reference app inside MSW's service worker, seeded with the demo
 * data (account ACME: Alice Admin the only FOC_Admin, Sophie Satellite and Rita Robot FOC_Users; GLOBEX: Gaston) plus
 * 30 ACME colleagues created through the back-office API, so that the list has two pages of 25. The element signs in
 * as a customer user (`dj-client: ACCOUNT`, a token from POST /auth/token); every write is checked afterwards through
 * the back-office API with a separate SDK client.
 */
import { sendKeys } from '@web/test-runner-commands'
import '../../components/company-users/index.js'
import type {
  DjCompanyUsers,
  DjCompanyUsersErrorEvent,
  DjUserInvitedEvent,
} from '../../components/company-users/index.js'
import { createClient, unwrap, type DjClient, type DjProblemError, type Schemas } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import { after, afterEach, assert, assertAccessible, assertEqual, before, describe, it, until } from './harness.js'

const EXTRA = 30

const $ = <E extends Element = HTMLElement>(el: DjCompanyUsers, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector)
const rows = (el: DjCompanyUsers) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('tbody tr[part="row"]')]
const emails = (el: DjCompanyUsers) => rows(el).map((r) => r.querySelector('.email')!.textContent!.trim())
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
const status = (el: DjCompanyUsers) => text($(el, '[part="status"]'))
const range = (el: DjCompanyUsers) => text($(el, '.range'))
const row = (el: DjCompanyUsers, id: string) => $(el, `tr[data-id="${id}"]`)
const active = (el: DjCompanyUsers) => el.shadowRoot!.activeElement as HTMLElement | null
const settled = (el: DjCompanyUsers) =>
  $(el, 'table')?.getAttribute('aria-busy') === 'false' && (rows(el).length > 0 || $(el, '.empty'))
async function settle(el: DjCompanyUsers) {
  await el.updateComplete
  await until(() => settled(el), 'the list to load')
}
const dialogOpen = (el: DjCompanyUsers, id: string) => !!$<HTMLDialogElement>(el, `#${id}`)?.open

describe('<dj-company-users> against the MSW reference API', () => {
  let running: RunningMockApi | undefined
  let api: DjClient
  let acmeId = ''
  let total = 0
  const org: Record<string, string> = {}
  const extra: Schemas['CustomerUser'][] = []
  const mounted: HTMLElement[] = []
  const tokens = new Map<string, string>()

  const tokenFor = async (email: string) => {
    if (!tokens.has(email))
      tokens.set(
        email,
        unwrap(
          await createClient({ baseUrl: location.origin, client: 'ACCOUNT' }).POST('/auth/token', {
            body: { email, password: 'Demo-Password-1' },
          }),
        ).accessToken,
      )
    return tokens.get(email)!
  }

  /** A storefront client for `email`, noting each request's method and path in `seen`. */
  const shopClient = async (email: string, seen: string[] = []) =>
    createClient({
      baseUrl: location.origin,
      client: 'ACCOUNT',
      token: await tokenFor(email),
      fetch: async (r) => (seen.push(`${r.method} ${new URL(r.url).pathname}`), globalThis.fetch(r)),
    })

  async function mount(setup: (el: DjCompanyUsers) => void | Promise<void>): Promise<DjCompanyUsers> {
    const el = document.createElement('dj-company-users')
    await setup(el)
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    return el
  }
  const asAlice = async (el: DjCompanyUsers) => {
    el.client = await shopClient('alice.admin@acme.example')
  }
  const user = async (id: string) => unwrap(await api.GET('/v1/customer-users/{id}', { params: { path: { id } } }))
  const acmeTotal = async () =>
    unwrap(await api.GET('/v1/customer-users', { params: { query: { accountIds: [acmeId], size: 1 } } })).totalElements
  const groupsIn = (u: Schemas['CustomerUser'], accountId: string) =>
    u.memberships.find((m) => m.accountId === accountId)?.groups ?? []

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    running = await startMockApi()
    const acme = unwrap(
      await api.GET('/v1/customer-accounts/{id}', {
        params: { path: { id: 'ACME' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    acmeId = acme.id
    const tree = unwrap(await api.GET('/v1/customer-accounts/{id}/organisations', { params: { path: { id: acmeId } } }))
    const walk = (nodes: Schemas['OrganisationNode'][]) => {
      for (const n of nodes) {
        org[n.name] = n.id
        walk(n.children)
      }
    }
    walk(tree)
    for (let batch = 0; batch < EXTRA / 10; batch++) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const i = String(batch * 10 + j).padStart(3, '0')
          return api
            .POST('/v1/customer-users', {
              body: {
                externalId: `ACME-COLLEAGUE-${i}`,
                civility: 'MR',
                firstName: 'Colin',
                lastName: `Colleague${i}`,
                email: `colin.colleague${i}@acme.example`,
                phone: '+33 1 23 45 67 89',
                groups: ['FOC_User'],
                accountIds: [acmeId],
                organisationIds: [org.Tools],
                storeIds: ['FR'],
              },
            })
            .then(unwrap)
        }),
      )
      extra.push(...made)
    }
    total = unwrap(
      await api.GET('/v1/customer-users', { params: { query: { accountIds: [acmeId], size: 1 } } }),
    ).totalElements
    assert(total >= EXTRA + 3, `ACME has ${total} users`)
  })

  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove()
  })

  after(async () => {
    await running?.stop()
  })

  it('SS4 O5 a FOC_Admin lists the colleagues of her account only, 25 a page, with the range and the count', async () => {
    const seen: string[] = []
    const el = await mount(async (e) => {
      e.client = await shopClient('alice.admin@acme.example', seen)
    })
    await settle(el)
    assertEqual(rows(el).length, 25)
    assertEqual(range(el), `1–25 of ${total}`)
    assertEqual(status(el), `${total} people`)
    assert(emails(el).includes('alice.admin@acme.example'), 'Alice is listed')
    assert(text(row(el, rows(el)[0].dataset.id!)).includes('(you)'), 'her own row says "you"')
    // Only ACME's people, through the storefront routes only.
    const all = [...emails(el)]
    $<HTMLButtonElement>(el, '.pager .next')!.click()
    await settle(el)
    await until(() => range(el) === `26–${total} of ${total}`, 'the second page')
    all.push(...emails(el))
    assertEqual(all.length, total)
    assert(
      all.every((e) => e.endsWith('@acme.example')),
      `only ACME people: ${all.filter((e) => !e.endsWith('@acme.example'))}`,
    )
    assert(
      seen.every((s) => /^GET \/v1\/(shop\/|authenticated-user)/.test(s)),
      `storefront routes only: ${seen.join(', ')}`,
    )
    assert($<HTMLButtonElement>(el, '.pager .next')!.disabled, 'no page after the last')
    $<HTMLButtonElement>(el, '.pager .first')!.click()
    await settle(el)
    await until(() => range(el) === `1–25 of ${total}`, 'back to the first page')
    $<HTMLButtonElement>(el, '.pager .last')!.click()
    await until(() => range(el) === `26–${total} of ${total}`, 'the last page')
  })

  it('SS4 the search narrows the list after the pause', async () => {
    const el = await mount(asAlice)
    await settle(el)
    $(el, '#search')!.focus()
    await sendKeys({ type: 'satellite' })
    await until(() => rows(el).length === 1, 'one match')
    assertEqual(emails(el), ['sophie.satellite@acme.example'])
    assertEqual(range(el), '1–1 of 1')
  })

  it('SS3 a FOC_Admin invites a colleague into an organisation: the invitation is created on the server', async () => {
    const el = await mount(asAlice)
    await settle(el)
    const invited: DjUserInvitedEvent[] = []
    el.addEventListener('dj-user-invited', (e) => invited.push(e))
    $<HTMLButtonElement>(el, '#invite')!.click()
    await until(() => dialogOpen(el, 'invite-dialog'), 'the invite dialog')
    // Sending with no address says what is missing, in a sentence, and sends nothing.
    $<HTMLButtonElement>(el, '#invite-dialog button[type="submit"]')!.click()
    await el.updateComplete
    assert(/Enter the email address/.test(text($(el, '#invite-dialog [role="alert"]'))), 'asks for the address')
    $<HTMLInputElement>(el, '#invite-email')!.value = 'new.buyer@acme.example'
    const select = $<HTMLSelectElement>(el, '#invite-org')!
    select.value = org.Satellites
    $<HTMLButtonElement>(el, '#invite-dialog button[type="submit"]')!.click()
    await until(() => !$(el, '#invite-dialog'), 'the dialog to close')
    assertEqual(status(el), 'Invitation sent to new.buyer@acme.example.')
    assertEqual(active(el)?.id, 'invite', 'focus back on the invite button')
    assertEqual(invited.length, 1)
    const stored = unwrap(
      await api.GET('/v1/invitations', { params: { query: { search: 'new.buyer@acme.example' } } }),
    ).content
    assertEqual(
      stored.map((i) => [i.email, i.accountId, i.groups, i.organisationIds, i.status]),
      [['new.buyer@acme.example', acmeId, ['FOC_User'], [org.Satellites], 'PENDING']],
    )
  })

  it("SS4 a FOC_Admin changes a colleague's roles and organisations, with the main one", async () => {
    const target = extra[0]
    const el = await mount(asAlice)
    await settle(el)
    const edit = row(el, target.id)!.querySelector<HTMLButtonElement>('[data-action="edit"]')!
    edit.click()
    await until(() => dialogOpen(el, 'edit-dialog'), 'the edit dialog')
    assert(/Roles and organisations of Colin Colleague000/.test(text($(el, '#edit-dialog h2'))), 'titled')
    const box = (value: string) => $<HTMLInputElement>(el, `#edit-dialog input[value="${value}"]`)!
    box('FOC_Webmaster').click()
    box(org.Robotics).click()
    await el.updateComplete
    // Two organisations: the main one is chosen.
    const main = $<HTMLSelectElement>(el, '#edit-main')!
    main.value = org.Robotics
    $<HTMLButtonElement>(el, '#edit-dialog button[type="submit"]')!.click()
    await until(() => !$(el, '#edit-dialog'), 'the dialog to close')
    assertEqual(status(el), 'Colin Colleague000 was updated.')
    assertEqual(active(el), edit, 'focus back on the Edit button')
    const stored = await user(target.id)
    assertEqual(groupsIn(stored, acmeId).sort(), ['FOC_User', 'FOC_Webmaster'])
    assertEqual([...stored.organisationIds].sort(), [org.Robotics, org.Tools].sort())
    assertEqual(stored.mainOrganisationId, org.Robotics)
    await until(() => /Webmaster/.test(text(row(el, target.id))), 'the row to show the new role')
    assert(/Robotics/.test(text(row(el, target.id))), 'and the new organisation')
  })

  it('SS4 U7 a FOC_Admin deactivates a colleague, then reactivates them', async () => {
    const target = extra[1]
    const el = await mount(asAlice)
    await settle(el)
    const button = () => row(el, target.id)!.querySelector<HTMLButtonElement>('[data-action="status"]')!
    const badge = () => text(row(el, target.id)!.querySelector('[data-status]'))
    assertEqual(badge(), 'Active')
    assert(/Deactivate/.test(text(button())), 'offers Deactivate')
    button().focus()
    button().click()
    await until(() => badge() === 'Deactivated', 'the row to show Deactivated')
    assertEqual((await user(target.id)).status, 'INACTIVE')
    assertEqual(status(el), 'Colin Colleague001 was deactivated and can no longer sign in.')
    assert(/Reactivate/.test(text(button())), 'offers Reactivate')
    assertEqual(active(el), button(), 'focus stays on the button')
    button().click()
    await until(() => badge() === 'Active', 'the row to show Active')
    assertEqual((await user(target.id)).status, 'ACTIVE')
  })

  it('SS4 the last FOC_Admin cannot be demoted: the server refuses and the user reads what to do', async () => {
    const el = await mount(asAlice)
    await settle(el)
    const errors: DjCompanyUsersErrorEvent[] = []
    el.addEventListener('dj-company-users-error', (e) => errors.push(e))
    const alice = rows(el).find((r) => text(r).includes('alice.admin@acme.example'))!
    assertEqual(alice.querySelector('[data-action="status"]'), null, 'no Deactivate on her own row')
    alice.querySelector<HTMLButtonElement>('[data-action="edit"]')!.click()
    await until(() => dialogOpen(el, 'edit-dialog'), 'the edit dialog')
    $<HTMLInputElement>(el, '#edit-dialog input[value="FOC_Admin"]')!.click()
    $<HTMLInputElement>(el, '#edit-dialog input[value="FOC_User"]')!.click()
    $<HTMLButtonElement>(el, '#edit-dialog button[type="submit"]')!.click()
    const alert = await until(() => text($(el, '#edit-dialog [role="alert"]')), 'the refusal')
    assert(
      /Alice Admin is the last active administrator of your company\. Make someone else an administrator first\./.test(
        alert,
      ),
      alert,
    )
    assert(!/409|LAST_FOC_ADMIN/.test(alert), `no code for the user: ${alert}`)
    assertEqual((errors[0]?.error as DjProblemError | undefined)?.code, 'LAST_FOC_ADMIN')
    assert(dialogOpen(el, 'edit-dialog'), 'the dialog stays open')
    const stored = unwrap(
      await api.GET('/v1/customer-users', {
        params: { query: { search: 'alice.admin@acme.example' } },
      }),
    ).content[0]
    assertEqual(groupsIn(stored, acmeId), ['FOC_Admin'])
    assertEqual(stored.status, 'ACTIVE')
  })

  it('SS4 a FOC_User sees no list and no action, and reads why', async () => {
    const seen: string[] = []
    const el = await mount(async (e) => {
      e.client = await shopClient('sophie.satellite@acme.example', seen)
    })
    const notice = await until(() => $(el, '[part="notice"]'), 'the notice')
    assert(/Only an administrator of your company can see and manage its people/.test(text(notice)), text(notice))
    assertEqual(el.shadowRoot!.querySelectorAll('button, table, dialog').length, 0)
    assertEqual(seen, ['GET /v1/authenticated-user'])
    await assertAccessible(el, 'the FOC_User notice')
  })

  it('SS3 pending invitations are listed; the admin sends one again and revokes another', async () => {
    const invite = async (email: string) =>
      unwrap(
        await api.POST('/v1/invitations', {
          body: { email, accountId: acmeId, groups: ['FOC_User'], storeIds: ['FR'] },
        }),
      )
    const again = await invite('again@acme.example')
    const gone = await invite('gone@acme.example')
    const el = await mount(asAlice)
    await settle(el)
    const invitation = (id: string) => $(el, `tr[part="invitation"][data-id="${id}"]`)
    await until(() => invitation(again.id) && invitation(gone.id), 'the invitations')
    assertEqual(text($(el, 'table[part="invitations"] caption')), 'Pending invitations')
    invitation(again.id)!.querySelector<HTMLButtonElement>('[data-action="resend"]')!.click()
    await until(() => status(el) === 'Invitation sent again to again@acme.example.', 'the resend')
    const revoke = invitation(gone.id)!.querySelector<HTMLButtonElement>('[data-action="revoke"]')!
    assert(/Revoke \(gone@acme\.example\)/.test(text(revoke)), `named for whom: ${text(revoke)}`)
    revoke.click()
    await until(() => !invitation(gone.id), 'the revoked invitation to leave the list')
    assertEqual(status(el), 'The invitation to gone@acme.example was revoked.')
    const stored = async (id: string) => unwrap(await api.GET('/v1/invitations/{id}', { params: { path: { id } } }))
    assertEqual((await stored(gone.id)).status, 'REVOKED')
    assertEqual((await stored(again.id)).status, 'PENDING')
    assert(invitation(again.id), 'the other one stays')
  })

  it('SS4 U8 the admin removes a colleague after confirming: Cancel has focus first, the person is deleted', async () => {
    const target = extra[2]
    const el = await mount(asAlice)
    await settle(el)
    const before = await acmeTotal()
    const remove = row(el, target.id)!.querySelector<HTMLButtonElement>('[data-action="remove"]')!
    remove.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => dialogOpen(el, 'remove-dialog'), 'the confirmation')
    assertEqual($(el, '#remove-dialog')!.getAttribute('role'), 'alertdialog')
    assertEqual(text($(el, '#remove-dialog h2')), 'Remove Colin Colleague002 from your company?')
    await until(() => text(active(el)) === 'Cancel', 'focus on Cancel')
    await sendKeys({ press: 'Tab' })
    assertEqual(text(active(el)), 'Remove')
    await sendKeys({ press: 'Enter' })
    await until(() => !$(el, '#remove-dialog'), 'the dialog to close')
    assertEqual(status(el), 'Colin Colleague002 was removed from your company.')
    assert(!row(el, target.id), 'the row is gone')
    const res = await api.GET('/v1/customer-users/{id}', { params: { path: { id: target.id } } })
    assertEqual(res.response.status, 404)
    assertEqual(await acmeTotal(), before - 1)
    assert(el.shadowRoot!.activeElement, 'focus stays in the element')
  })

  it('a list that cannot be loaded says so in a sentence, with Retry, and keeps focus in the element', async () => {
    let fail = true
    const el = await mount(async (e) => {
      const token = await tokenFor('alice.admin@acme.example')
      e.client = createClient({
        baseUrl: location.origin,
        client: 'ACCOUNT',
        token,
        fetch: async (r) => {
          if (fail && new URL(r.url).pathname === '/v1/shop/customer-users') throw new TypeError('Failed to fetch')
          return globalThis.fetch(r)
        },
      })
    })
    const alert = await until(() => text($(el, '[part="error"]')), 'the error')
    assert(/Your colleagues could not be loaded\. The server could not be reached\./.test(alert), alert)
    assert(!/Failed to fetch/.test(alert), 'no browser message')
    fail = false
    $<HTMLButtonElement>(el, '[part="retry"]')!.focus()
    $<HTMLButtonElement>(el, '[part="retry"]')!.click()
    await settle(el)
    await until(() => !$(el, '[part="error"]'), 'the error to go')
    assert(rows(el).length > 0, 'rows')
    assert(el.shadowRoot!.activeElement, 'focus stays in the element')
  })

  it('dj-user-change is cancelable: a vetoed deactivation sends nothing', async () => {
    const seen: string[] = []
    const target = extra[3]
    const el = await mount(async (e) => {
      e.client = await shopClient('alice.admin@acme.example', seen)
    })
    await settle(el)
    el.addEventListener('dj-user-change', (e) => {
      assertEqual(e.change, { status: 'INACTIVE' })
      e.preventDefault()
    })
    seen.length = 0
    row(el, target.id)!.querySelector<HTMLButtonElement>('[data-action="status"]')!.click()
    await el.updateComplete
    assertEqual(seen, [])
    assertEqual((await user(target.id)).status, 'ACTIVE')
  })

  it('keyboard: the invite dialog takes focus, Escape closes it, and focus goes back to the button', async () => {
    const el = await mount(asAlice)
    await settle(el)
    $(el, '#invite')!.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => dialogOpen(el, 'invite-dialog'), 'the invite dialog')
    await until(() => active(el)?.id === 'invite-email', 'focus in the email field')
    await sendKeys({ type: 'kb@acme.example' })
    await sendKeys({ press: 'Tab' })
    assertEqual(active(el)?.getAttribute('value'), 'FOC_User', 'Tab goes on to the roles')
    await sendKeys({ press: 'Space' })
    assert(!$<HTMLInputElement>(el, '#invite-dialog input[value="FOC_User"]')!.checked, 'Space toggles a role')
    await sendKeys({ press: 'Escape' })
    await until(() => !$(el, '#invite-dialog'), 'the dialog to close')
    assertEqual(active(el)?.id, 'invite', 'focus back on the invite button')
    const stored = unwrap(await api.GET('/v1/invitations', { params: { query: { search: 'kb@acme.example' } } }))
    assertEqual(stored.totalElements, 0, 'nothing sent')
  })

  it('axe: no serious or critical violation, light and dark, list and dialogs', async () => {
    const el = await mount(asAlice)
    await settle(el)
    await assertAccessible(el, 'the list (light)')
    el.theme = 'dark'
    await el.updateComplete
    await assertAccessible(el, 'the list (dark)')
    $<HTMLButtonElement>(el, '#invite')!.click()
    await until(() => dialogOpen(el, 'invite-dialog'), 'the invite dialog')
    await assertAccessible(el, 'the invite dialog (dark)')
    $<HTMLDialogElement>(el, '#invite-dialog')!.close()
    await until(() => !$(el, '#invite-dialog'), 'the dialog to close')
    el.theme = 'light'
    rows(el)[1].querySelector<HTMLButtonElement>('[data-action="edit"]')!.click()
    await until(() => dialogOpen(el, 'edit-dialog'), 'the edit dialog')
    await assertAccessible(el, 'the edit dialog (light)')
  })

  it('French: lang="fr" shows every string in French, numbers and the range included', async () => {
    const el = await mount(async (e) => {
      e.lang = 'fr'
      await asAlice(e)
    })
    await settle(el)
    const total = await acmeTotal()
    assertEqual(text($(el, 'caption')), 'Les personnes de votre entreprise')
    assertEqual(range(el), `1–25 sur ${total}`)
    assertEqual(status(el), `${total} personnes`)
    assert(/Inviter un collègue/.test(text($(el, '#invite'))), 'invite button in French')
    const alice = rows(el).find((r) => text(r).includes('alice.admin@acme.example'))!
    assert(/Administrateur/.test(text(alice)) && /Actif/.test(text(alice)), text(alice))
    assertEqual($(el, '.pager .next')!.getAttribute('aria-label'), 'Page suivante')
    const sophie = await mount(async (e) => {
      e.lang = 'fr'
      e.client = await shopClient('sophie.satellite@acme.example')
    })
    const notice = await until(() => $(sophie, '[part="notice"]'), 'the notice')
    assert(/Seul un administrateur de votre entreprise/.test(text(notice)), text(notice))
  })
})
