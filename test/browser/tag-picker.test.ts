/**
 * `<dj-tag-picker>` in real Chromium, against the reference app inside MSW's service worker, seeded with the
 * demo data (ACME carries `premium` and `wholesale`; the catalogue is premium / wholesale / hotel). Reads are
 * `ADM-CUSTOMER-TAG-550` and `ADM-ACCOUNT-500`; the one write is `ADM-ACCOUNT-250` with `If-Match`.
 * Every test starts from fresh demo data.
 */
import { sendKeys } from '@web/test-runner-commands'
import { setupWorker } from 'msw/browser'
import '../../components/tag-picker/index.js'
import type { DjTagPicker, DjTagsConflictEvent } from '../../components/tag-picker/index.js'
import { createMockApi, type MockApi } from '../../mock-server/msw.js'
import { createClient, unwrap, type DjClient } from '../../sdk/index.js'
import { after, afterEach, assert, assertAccessible, assertEqual, before, describe, it, sleep, until } from './harness.js'


const $ = <E extends Element = HTMLElement>(el: DjTagPicker, selector: string) => el.shadowRoot!.querySelector<E>(selector)
const chipEls = (el: DjTagPicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('li.chip')]
/** Each chip as `id:state`, plus `!` when marked unknown. */
const chips = (el: DjTagPicker) => chipEls(el).map((c) => `${c.dataset.id}:${c.dataset.state}${c.hasAttribute('data-unknown') ? '!' : ''}`)
const chip = (el: DjTagPicker, id: string) => $(el, `li.chip[data-id="${id}"]`)!
const input = (el: DjTagPicker) => $<HTMLInputElement>(el, 'input[role="combobox"]')!
const status = (el: DjTagPicker) => $(el, '[role="status"]')!.textContent!.trim()
const saveButton = (el: DjTagPicker) => $<HTMLButtonElement>(el, 'button[part="save"]')!
/** Settled: the status no longer says loading, and the account's chips, the empty text or an error are there. */
const loaded = (el: DjTagPicker) => !/Loading|Chargement/.test(status(el)) && (chipEls(el).length > 0 || $(el, '[part="empty"]') || $(el, '[role="alert"]'))

describe('<dj-tag-picker> against the MSW reference API', () => {
  let mock: MockApi
  let worker: ReturnType<typeof setupWorker>
  let api: DjClient
  const mounted: HTMLElement[] = []
  /** Requests a counting client sent, as `METHOD path` (and the If-Match it carried). */
  let requests: { method: string; path: string; ifMatch: string | null }[] = []
  let counting: DjClient

  async function mount(setup: (el: DjTagPicker) => void = (el) => (el.client = counting), parent: HTMLElement = document.body): Promise<DjTagPicker> {
    const el = document.createElement('dj-tag-picker')
    el.setAttribute('account', 'ACME')
    setup(el)
    parent.append(el)
    mounted.push(parent === document.body ? el : parent)
    await el.updateComplete
    await until(() => loaded(el), 'the tags to load')
    return el
  }

  const accountTags = async (id = 'ACME') =>
    unwrap(await api.GET('/v1/customer-accounts/{id}', { params: { path: { id }, query: { idType: 'EXTERNAL_ID' } } })).customerTags.map((t) => t.externalId).sort()
  const puts = () => requests.filter((r) => r.method === 'PUT')

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    counting = createClient({
      baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR',
      fetch: async (r) => (requests.push({ method: r.method, path: new URL(r.url).pathname, ifMatch: r.headers.get('if-match') }), globalThis.fetch(r)),
    })
    mock = await createMockApi({ seed: 'demo', baseUrl: location.origin })
    worker = setupWorker(...mock.handlers)
    await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } })
  })

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove()
    requests = []
    await mock.reset()
  })

  after(async () => {
    worker?.stop()
    await mock?.reset()
  })

  it("the user opens ACME and sees its tags, premium and wholesale, as chips", async () => {
    const el = await mount()
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assertEqual(chipEls(el).map((c) => c.querySelector('.name')!.textContent), ['Premium', 'Wholesale'])
    assertEqual(el.value, ['premium', 'wholesale'])
    assertEqual(saveButton(el).disabled, true, 'nothing to save yet')
    assertEqual(input(el).getAttribute('aria-expanded'), 'false')
  })

  it('the user types "hot", presses ArrowDown then Enter, and a Hotel chip is staged', async () => {
    const changes: string[][] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-tags-change', (event) => changes.push(event.value))
    })
    input(el).focus()
    await sendKeys({ type: 'hot' })
    await el.updateComplete
    assertEqual(input(el).getAttribute('aria-expanded'), 'true')
    assertEqual([...el.shadowRoot!.querySelectorAll('[role="option"]')].map((o) => o.getAttribute('data-id')), ['hotel'])
    await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    const activeId = input(el).getAttribute('aria-activedescendant')!
    assertEqual($(el, `#${activeId}`)!.getAttribute('aria-selected'), 'true')
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept', 'hotel:added'])
    assertEqual(input(el).value, '')
    assertEqual(input(el).getAttribute('aria-expanded'), 'false')
    assertEqual(changes, [['premium', 'wholesale', 'hotel']])
    assertEqual(status(el), '1 unsaved change')
    assertEqual(puts().length, 0, 'staged, not sent')
  })

  it('the user presses Backspace in the empty input and the last chip is staged for removal', async () => {
    const el = await mount()
    input(el).focus()
    await sendKeys({ press: 'Backspace' })
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:removed'])
    assertEqual(el.value, ['premium'])
    await sendKeys({ press: 'Backspace' })
    await el.updateComplete
    assertEqual(el.value, [])
    $<HTMLButtonElement>(el, 'button[part="reset"]')!.click()
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'], 'Reset drops the staged changes')
  })

  it('the user opens the list with ArrowDown and closes it with Escape', async () => {
    const el = await mount()
    input(el).focus()
    await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    assertEqual(input(el).getAttribute('aria-expanded'), 'true')
    assert(!$(el, '[role="listbox"]')!.hidden, 'the listbox shows')
    assertEqual(input(el).getAttribute('aria-activedescendant'), 'option-0')
    await sendKeys({ press: 'Escape' })
    await el.updateComplete
    assertEqual(input(el).getAttribute('aria-expanded'), 'false')
    assert($(el, '[role="listbox"]')!.hidden, 'the listbox is hidden')
    assertEqual(input(el).hasAttribute('aria-activedescendant'), false)
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'], 'nothing picked')
  })

  it('the user adds Hotel, removes Wholesale and presses Save: one PUT with If-Match, and the account has the new tags', async () => {
    const saved: string[][] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-tags-saved', (event) => saved.push(event.value))
    })
    input(el).focus()
    await sendKeys({ type: 'hotel' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    chip(el, 'wholesale').querySelector('button')!.click()
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:removed', 'hotel:added'])
    requests = []
    saveButton(el).click()
    await until(() => saved.length === 1, 'dj-tags-saved')
    assertEqual(puts().length, 1, 'one PUT')
    assertEqual(puts()[0].path, '/v1/customer-accounts/ACME/customer-tags')
    assert(puts()[0].ifMatch, 'If-Match sent')
    assertEqual(requests.length, 1, 'nothing else sent')
    assertEqual(await accountTags(), ['hotel', 'premium'])
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'hotel:kept'])
    assertEqual(status(el), 'Tags saved.')
  })

  it('someone else changes the tags behind the picker: Save shows the conflict and overwrites nothing', async () => {
    const conflicts: DjTagsConflictEvent[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-tags-conflict', (event) => conflicts.push(event))
    })
    // Another operator replaces ACME's tags (wholesale out, hotel in) after the picker read them.
    unwrap(await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', { params: { path: { customerAccountId: 'ACME' } }, body: { customerTagExternalIds: ['premium', 'hotel'] } }))
    chip(el, 'premium').querySelector('button')!.click()
    await el.updateComplete
    saveButton(el).click()
    const box = await until(() => $(el, '[part="conflict"]'), 'the conflict')
    assertEqual(puts().length, 1, 'one PUT, refused')
    assertEqual(await accountTags(), ['hotel', 'premium'], 'nothing overwritten')
    assertEqual(box.getAttribute('role'), 'alert')
    assertEqual(box.querySelector('.their-added')!.textContent, 'They added: Hotel')
    assertEqual(box.querySelector('.their-removed')!.textContent, 'They removed: Wholesale')
    assertEqual(conflicts.length, 1)
    assertEqual([conflicts[0].theirAdded, conflicts[0].theirRemoved, conflicts[0].current], [['hotel'], ['wholesale'], ['premium', 'hotel']])
    await el.updateComplete
    assertEqual(chips(el), ['premium:removed', 'hotel:kept'], "the user's removal of premium is still staged, on top of their change")
    // Saving again now applies the user's intent against the fresh version.
    saveButton(el).click()
    await until(() => status(el) === 'Tags saved.', 'the second save')
    assertEqual(await accountTags(), ['hotel'])
  })

  it('the page vetoes the save with preventDefault on dj-tags-save: no PUT', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-tags-save', (event) => {
        assertEqual([event.added, event.removed], [[], ['wholesale']])
        event.preventDefault()
      })
    })
    input(el).focus()
    await sendKeys({ press: 'Backspace' })
    await el.updateComplete
    requests = []
    saveButton(el).click()
    await sleep(200)
    assertEqual(puts().length, 0, 'no PUT')
    assertEqual(await accountTags(), ['premium', 'wholesale'])
    assertEqual(chips(el), ['premium:kept', 'wholesale:removed'], 'the staged change stays')
  })

  it('the page sets a value with an id the catalogue does not know: it shows as an unknown chip', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.value = ['premium', 'ghost-tag']
    })
    assertEqual(chips(el), ['premium:kept', 'wholesale:removed', 'ghost-tag:added!'])
    assert(/unknown tag/.test(chip(el, 'ghost-tag').textContent!), chip(el, 'ghost-tag').textContent!)
    assertEqual(el.value, ['premium', 'ghost-tag'])
    saveButton(el).click()
    const alert = await until(() => $(el, '[part="error"]'), 'the refusal')
    assert(/ghost-tag/.test(alert.textContent!) || /422/.test(alert.textContent!), alert.textContent!)
    assertEqual(await accountTags(), ['premium', 'wholesale'], 'atomic: nothing changed')
    assert(chip(el, 'ghost-tag'), 'still shown')
  })

  it('inside a <form>, FormData has one entry per tag and form.reset() drops the staged changes', async () => {
    const form = document.createElement('form')
    document.body.append(form)
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('name', 'tags')
    }, form)
    assertEqual(new FormData(form).getAll('tags'), ['premium', 'wholesale'])
    input(el).focus()
    await sendKeys({ type: 'hot' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(new FormData(form).getAll('tags'), ['premium', 'wholesale', 'hotel'])
    form.reset()
    await el.updateComplete
    assertEqual(new FormData(form).getAll('tags'), ['premium', 'wholesale'])
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
  })

  it('with lang="fr" the user reads French', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
    })
    assertEqual($(el, 'label')!.textContent, 'Étiquettes client')
    assertEqual(saveButton(el).textContent, 'Enregistrer')
    assertEqual(input(el).placeholder, 'Ajouter une étiquette')
    chip(el, 'wholesale').querySelector('button')!.click()
    await el.updateComplete
    assertEqual(status(el), '1 modification non enregistrée')
    assert(chip(el, 'wholesale').textContent!.includes('à retirer'), chip(el, 'wholesale').textContent!)
    assertEqual(chip(el, 'premium').querySelector('button')!.getAttribute('aria-label'), 'Retirer Premium')
  })

  it('with a wrong API key the user sees the problem and a Retry button', async () => {
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'not-a-key')
    })
    const alert = await until(() => $(el, '[role="alert"]'), 'the error')
    assert(/401/.test(alert.textContent!), alert.textContent!)
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    el.setAttribute('api-key', 'demo-admin-key')
    await until(() => chips(el).length === 2 && !$(el, '[role="alert"]'), 'the tags with the right key')
  })

  it('a User operator with allow-create types a new tag name: creation is refused and the problem shown', async () => {
    const el = await mount((e) => {
      e.client = createClient({ baseUrl: location.origin, apiKey: 'demo-user-key', client: 'OPERATOR' })
      e.allowCreate = true
    })
    input(el).focus()
    await sendKeys({ type: 'Seasonal' })
    await el.updateComplete
    const options = [...el.shadowRoot!.querySelectorAll('[role="option"]')]
    assertEqual(options.map((o) => o.textContent!.trim()), ['Create tag “Seasonal”'])
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    const alert = await until(() => $(el, '[part="error"]'), 'the problem')
    assert(/403/.test(alert.textContent!), alert.textContent!)
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
  })

  it('an Admin with allow-create creates a tag and it is staged', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.allowCreate = true
    })
    input(el).focus()
    await sendKeys({ type: 'Seasonal' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await until(() => chips(el).length === 3, 'the new chip')
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept', 'seasonal:added'])
    assertEqual(puts().length, 0, 'created, not yet saved on the account')
  })

  it('axe finds no serious or critical accessibility violation (shadow DOM included)', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.value = ['premium', 'ghost-tag']
    })
    input(el).focus()
    await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    await assertAccessible(el, 'the open combobox with staged and unknown chips')
    unwrap(await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', { params: { path: { customerAccountId: 'ACME' } }, body: { customerTagExternalIds: ['hotel'] } }))
    el.value = ['premium']
    saveButton(el).click()
    await until(() => $(el, '[part="conflict"]'), 'the conflict')
    await assertAccessible(el, 'the conflict')
  })
})
