/**
 * `<dj-tag-picker>` in real Chromium, against the reference app inside MSW's service worker, seeded with the
 * demo data (ACME carries `premium` and `wholesale`; the catalogue is premium / wholesale / hotel). Reads are
 * `ADM-CUSTOMER-TAG-550` and `ADM-ACCOUNT-500`; the one write is `ADM-ACCOUNT-250` with `If-Match`.
 * Every test starts from fresh demo data.
 */
import { sendKeys } from '@web/test-runner-commands'
import '../../components/tag-picker/index.js'
import type { DjTagPicker, DjTagsConflictEvent } from '../../components/tag-picker/index.js'
import type { MockApi } from '../../mock-server/msw.js'
import { createClient, unwrap, type DjClient } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import {
  after,
  afterEach,
  assert,
  assertAccessible,
  clientFixedLater,
  clientHolding,
  assertEqual,
  before,
  describe,
  it,
  sleep,
  until,
} from './harness.js'

const $ = <E extends Element = HTMLElement>(el: DjTagPicker, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector)
const chipEls = (el: DjTagPicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('li.chip')]
/** Each chip as `id:state`, plus `!` when marked unknown. */
const chips = (el: DjTagPicker) =>
  chipEls(el).map((c) => `${c.dataset.id}:${c.dataset.state}${c.hasAttribute('data-unknown') ? '!' : ''}`)
const chip = (el: DjTagPicker, id: string) => $(el, `li.chip[data-id="${id}"]`)!
const input = (el: DjTagPicker) => $<HTMLInputElement>(el, 'input[role="combobox"]')!
const status = (el: DjTagPicker) => $(el, '[role="status"]')!.textContent!.trim()
const saveButton = (el: DjTagPicker) => $<HTMLButtonElement>(el, 'button[part="save"]')!
/** Settled: the status no longer says loading, and the account's chips, the empty text or an error are there. */
const loaded = (el: DjTagPicker) =>
  !/Loading|Chargement/.test(status(el)) &&
  (chipEls(el).length > 0 || $(el, '[part="empty"]') || $(el, '[role="alert"]'))

describe('<dj-tag-picker> against the MSW reference API', () => {
  let mock: MockApi
  let running: RunningMockApi | undefined
  let api: DjClient
  const mounted: HTMLElement[] = []
  /** Requests a counting client sent, as `METHOD path` (and the If-Match it carried). */
  let requests: { method: string; path: string; ifMatch: string | null }[] = []
  let counting: DjClient

  async function mount(
    setup: (el: DjTagPicker) => void = (el) => (el.client = counting),
    parent: HTMLElement = document.body,
  ): Promise<DjTagPicker> {
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
    unwrap(await api.GET('/v1/customer-accounts/{id}', { params: { path: { id }, query: { idType: 'EXTERNAL_ID' } } }))
      .customerTags.map((t) => t.externalId)
      .sort()
  const puts = () => requests.filter((r) => r.method === 'PUT')

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    counting = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => (
        requests.push({ method: r.method, path: new URL(r.url).pathname, ifMatch: r.headers.get('if-match') }),
        globalThis.fetch(r)
      ),
    })
    running = await startMockApi()
    mock = running.mock
  })

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove()
    requests = []
    await mock.reset()
  })

  after(async () => {
    await running?.stop()
  })

  it('the user opens ACME and sees its tags, premium and wholesale, as chips', async () => {
    const el = await mount()
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assertEqual(
      chipEls(el).map((c) => c.querySelector('.name')!.textContent),
      ['Premium', 'Wholesale'],
    )
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
    assertEqual(
      [...el.shadowRoot!.querySelectorAll('[role="option"]')].map((o) => o.getAttribute('data-id')),
      ['hotel'],
    )
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
    unwrap(
      await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', {
        params: { path: { customerAccountId: 'ACME' } },
        body: { customerTagExternalIds: ['premium', 'hotel'] },
      }),
    )
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
    assertEqual(
      [conflicts[0].theirAdded, conflicts[0].theirRemoved, conflicts[0].current],
      [['hotel'], ['wholesale'], ['premium', 'hotel']],
    )
    await el.updateComplete
    assertEqual(
      chips(el),
      ['premium:removed', 'hotel:kept'],
      "the user's removal of premium is still staged, on top of their change",
    )
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
    assertEqual(
      alert.textContent!.replace(/\s+/g, ' ').trim(),
      'The tags could not be saved. These tags do not exist: ghost-tag. Remove them, then save again.',
    )
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

  it('inside a disabled <fieldset> the picker is disabled too: no typing, no chip removal, nothing submitted; enabled again, it works', async () => {
    const form = document.createElement('form')
    const fieldset = document.createElement('fieldset')
    form.append(fieldset)
    document.body.append(form)
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('name', 'tags')
    }, fieldset)
    mounted.push(form)
    fieldset.disabled = true
    await el.updateComplete
    assertEqual(input(el).disabled, true, 'input disabled')
    assert(
      chipEls(el).every((c) => c.querySelector('button')!.disabled),
      'chip buttons disabled',
    )
    assertEqual(new FormData(form).getAll('tags'), [], 'a disabled field submits nothing')
    chip(el, 'premium').querySelector('button')!.click()
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    fieldset.disabled = false
    await el.updateComplete
    assertEqual(input(el).disabled, false)
    chip(el, 'premium').querySelector('button')!.click()
    await el.updateComplete
    assertEqual(chips(el), ['premium:removed', 'wholesale:kept'])
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

  it('with a wrong API key the user reads what to do, with no status or code, and a Retry button; dj-tags-error carries the code', async () => {
    const errors: { action: string; status?: number }[] = []
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'not-a-key')
      e.addEventListener('dj-tags-error', (event) =>
        errors.push({ action: event.action, status: (event.error as { status?: number }).status }),
      )
    })
    const alert = await until(() => $(el, '[role="alert"]'), 'the error')
    assertEqual(
      alert.querySelector('span')!.textContent!.replace(/\s+/g, ' ').trim(),
      'The tags could not be loaded. Your session has ended. Sign in again, then try again.',
    )
    assertEqual(errors, [{ action: 'load', status: 401 }])
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    el.setAttribute('api-key', 'demo-admin-key')
    await until(() => chips(el).length === 2 && !$(el, '[role="alert"]'), 'the tags with the right key')
  })

  it('OP7 a User operator with allow-create is not offered "Create tag": the list says only an administrator can, and nothing is sent', async () => {
    const el = await mount((e) => {
      e.client = createClient({ baseUrl: location.origin, apiKey: 'demo-user-key', client: 'OPERATOR' })
      e.allowCreate = true
    })
    assertEqual(el.editable, true, 'a User may change an account’s tags')
    assertEqual(el.currentOperator?.level, 'User')
    input(el).focus()
    await sendKeys({ type: 'Seasonal' })
    await el.updateComplete
    const options = [...el.shadowRoot!.querySelectorAll('[role="option"]')]
    assertEqual(
      options.map((o) => o.textContent!.replace(/\s+/g, ' ').trim()),
      ['No matching tag. Only an administrator can create a tag.'],
    )
    assertEqual(options[0].getAttribute('aria-disabled'), 'true')
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await sleep(50)
    assert(!$(el, '[part="error"]'), 'no refused request to report')
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

  it('the page vetoes dj-tag-create with preventDefault: no POST, no chip; without the veto the event names the tag to be made', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.allowCreate = true
    })
    const seen: { name: string; externalId: string }[] = []
    let veto = true
    el.addEventListener('dj-tag-create', (e) => {
      seen.push({ name: e.name, externalId: e.externalId })
      if (veto) e.preventDefault()
    })
    input(el).focus()
    await sendKeys({ type: 'Seasonal Goods' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await sleep(200)
    assertEqual(requests.filter((r) => r.method === 'POST').length, 0, 'no POST')
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    veto = false
    await sendKeys({ type: 'Seasonal Goods' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await until(() => chips(el).length === 3, 'the new chip')
    assertEqual(seen, [
      { name: 'Seasonal Goods', externalId: 'seasonal-goods' },
      { name: 'Seasonal Goods', externalId: 'seasonal-goods' },
    ])
    assertEqual(
      requests.filter((r) => r.method === 'POST').map((r) => r.path),
      ['/v1/customer-tags'],
    )
  })

  /** What has focus inside the picker: `input`, `save`, a chip id, or `lost` when the page's body has it. */
  const focusOf = (el: DjTagPicker) => {
    const a = el.shadowRoot!.activeElement as HTMLElement | null
    if (!a) return document.activeElement === document.body ? 'lost' : `outside: ${document.activeElement?.tagName}`
    return a.getAttribute('part') === 'chip-button'
      ? `chip ${a.closest<HTMLElement>('li')!.dataset.id}`
      : (a.getAttribute('part') ?? a.tagName)
  }

  it('the user removes a just-added chip with its button by keyboard: focus goes to the input, not to the top of the page', async () => {
    const el = await mount()
    input(el).focus()
    await sendKeys({ type: 'hot' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    chip(el, 'hotel').querySelector('button')!.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assertEqual(focusOf(el), 'input')
  })

  it('the user saves, and later resets, by keyboard: the buttons turn disabled but focus stays in the picker', async () => {
    const el = await mount()
    chip(el, 'wholesale').querySelector('button')!.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(focusOf(el), 'chip wholesale', 'the chip stays (staged for removal)')
    saveButton(el).focus()
    await sendKeys({ press: 'Enter' })
    await until(() => status(el) === 'Tags saved.', 'the save')
    assertEqual(saveButton(el).disabled, true)
    assertEqual(focusOf(el), 'input', 'after Save')
    input(el).focus()
    await sendKeys({ press: 'Backspace' })
    await el.updateComplete
    $<HTMLButtonElement>(el, 'button[part="reset"]')!.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(chips(el), ['premium:kept'])
    assertEqual(focusOf(el), 'input', 'after Reset')
  })

  it('the user presses Retry after a failed load: the tags come and focus goes to the input', async () => {
    const flaky = clientFixedLater()
    const el = await mount((e) => (e.client = flaky.client))
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    flaky.fix()
    $<HTMLButtonElement>(el, 'button[part="retry"]')!.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => chips(el).length === 2 && !$(el, '[role="alert"]'), 'the tags after Retry')
    await el.updateComplete
    assertEqual(focusOf(el), 'input')
  })

  it('a plain form field (no account): form.reset() brings back its value attribute, dropping what the user added', async () => {
    const form = document.createElement('form')
    document.body.append(form)
    const el = await mount((e) => {
      e.client = counting
      e.removeAttribute('account')
      e.setAttribute('name', 'tags')
      e.setAttribute('value', 'premium')
    }, form)
    assertEqual(new FormData(form).getAll('tags'), ['premium'])
    input(el).focus()
    await sendKeys({ type: 'hot' })
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual(new FormData(form).getAll('tags'), ['premium', 'hotel'])
    form.reset()
    await el.updateComplete
    assertEqual(new FormData(form).getAll('tags'), ['premium'])
    assertEqual(chips(el), ['premium:kept'])
  })

  it("the host switches the account while a save is in flight: the late answer does not replace the new account's tags", async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const slowPut = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        if (r.method === 'PUT') await held
        return globalThis.fetch(r)
      },
    })
    const saved: string[][] = []
    const el = await mount((e) => {
      e.client = slowPut
      e.addEventListener('dj-tags-saved', (event) => saved.push(event.value))
    })
    chip(el, 'wholesale').querySelector('button')!.click()
    await el.updateComplete
    saveButton(el).click()
    el.setAttribute('account', 'GLOBEX')
    await until(() => JSON.stringify(chips(el)) === JSON.stringify(['hotel:kept']), "GLOBEX's tags")
    release()
    await until(() => saved.length === 1, 'the ACME save to answer')
    await el.updateComplete
    assertEqual(await accountTags('ACME'), ['premium'], 'the ACME save went through')
    assertEqual(chips(el), ['hotel:kept'], 'GLOBEX still shows its own tags')
    assertEqual(el.value, ['hotel'])
    assertEqual(status(el), '', 'no "saved" claim about GLOBEX')
  })

  it('the host switches the account while a save is in flight and that save meets a conflict: no conflict is shown about the new account', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const slowPut = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        if (r.method === 'PUT') await held
        return globalThis.fetch(r)
      },
    })
    const conflicts: DjTagsConflictEvent[] = []
    const el = await mount((e) => {
      e.client = slowPut
      e.addEventListener('dj-tags-conflict', (event) => conflicts.push(event))
    })
    chip(el, 'wholesale').querySelector('button')!.click()
    await el.updateComplete
    saveButton(el).click()
    // Another operator changes ACME meanwhile: the held PUT's If-Match is stale.
    unwrap(
      await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', {
        params: { path: { customerAccountId: 'ACME' } },
        body: { customerTagExternalIds: ['hotel'] },
      }),
    )
    el.setAttribute('account', 'GLOBEX')
    await until(() => JSON.stringify(chips(el)) === JSON.stringify(['hotel:kept']), "GLOBEX's tags")
    release()
    await sleep(500) // the 412, and what a conflict would read after it
    await el.updateComplete
    assertEqual(conflicts.length, 0)
    assertEqual($(el, '[part="conflict"]'), null)
    assertEqual(chips(el), ['hotel:kept'])
    assertEqual(await accountTags('ACME'), ['hotel'], 'nothing overwritten')
  })

  it('after a save, switching to another account no longer says "Tags saved."', async () => {
    const el = await mount()
    chip(el, 'wholesale').querySelector('button')!.click()
    await el.updateComplete
    saveButton(el).click()
    await until(() => status(el) === 'Tags saved.', 'the save')
    el.setAttribute('account', 'GLOBEX')
    await until(() => JSON.stringify(chips(el)) === JSON.stringify(['hotel:kept']), "GLOBEX's tags")
    assertEqual(status(el), '')
  })

  it('with a long catalogue, the option the arrow keys reach is scrolled into the visible part of the list', async () => {
    for (let i = 1; i <= 20; i++) {
      const n = String(i).padStart(2, '0')
      unwrap(await api.POST('/v1/customer-tags', { body: { externalId: `t${n}`, name: `Tag ${n}` } }))
    }
    const el = await mount()
    input(el).focus()
    for (let i = 0; i < 18; i++) await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    const active = $(el, `#${input(el).getAttribute('aria-activedescendant')}`)!
    assertEqual(active.dataset.id, 't17')
    const box = $(el, '[role="listbox"]')!.getBoundingClientRect()
    const option = active.getBoundingClientRect()
    assert(
      option.top >= box.top - 1 && option.bottom <= box.bottom + 1,
      `option at ${option.top}–${option.bottom}, list shows ${box.top}–${box.bottom}`,
    )
  })

  it('moved elsewhere in the page while loading, it still loads its tags', async () => {
    const el = document.createElement('dj-tag-picker')
    el.setAttribute('account', 'ACME')
    el.client = counting
    document.body.append(el)
    await el.updateComplete
    const box = document.createElement('div')
    document.body.append(box)
    mounted.push(box)
    box.append(el)
    await until(() => chips(el).length === 2, 'the tags after the move')
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
    unwrap(
      await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', {
        params: { path: { customerAccountId: 'ACME' } },
        body: { customerTagExternalIds: ['hotel'] },
      }),
    )
    el.value = ['premium']
    saveButton(el).click()
    await until(() => $(el, '[part="conflict"]'), 'the conflict')
    await assertAccessible(el, 'the conflict')
  })

  /** A client with `key` whose `GET /v1/operator-users/me` fails with a network error when `meFails`. */
  const clientWith = (key: string, meFails = false) =>
    createClient({
      baseUrl: location.origin,
      apiKey: key,
      client: 'OPERATOR',
      fetch: async (r) => {
        if (meFails && new URL(r.url).pathname === '/v1/operator-users/me') throw new TypeError('Failed to fetch')
        return globalThis.fetch(r)
      },
    })
  const hint = (el: DjTagPicker) => $(el, '[part="readonly-hint"]')?.textContent?.replace(/\s+/g, ' ').trim()

  it('OP7 a Reader sees the account’s tags with nothing to change them (no input, no chip button, no Save) and reads why', async () => {
    const el = await mount((e) => (e.client = clientWith('demo-reader-key')))
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assert(!$(el, 'input'), 'no combobox')
    assert(!$(el, 'li.chip button'), 'no remove button')
    assert(!$(el, 'button[part="save"]') && !$(el, 'button[part="reset"]'), 'no Save, no Reset')
    assertEqual(
      hint(el),
      'You can see these tags but not change them: your access is read-only. Ask an administrator if you need to.',
    )
    assertEqual(el.editable, false)
    assertEqual(el.readonlyReason, 'reader')
    assertEqual(el.currentOperator?.level, 'Reader')
    assertEqual($(el, '[part="label"]')!.textContent, 'Customer tags')
    await assertAccessible(el, 'the read-only picker')
    el.lang = 'fr'
    await el.updateComplete
    assert(hint(el)!.startsWith('Vous pouvez voir ces étiquettes mais pas les modifier'), hint(el))
  })

  it('OP7 when /me cannot be read the tags still show, nothing can be changed, and the user reads why', async () => {
    const el = await mount((e) => (e.client = clientWith('demo-admin-key', true)))
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assert(!$(el, '[role="alert"]'), 'no error box: the tags loaded')
    assert(!$(el, 'input') && !$(el, 'li.chip button') && !$(el, 'button[part="save"]'), 'nothing to change')
    assertEqual(
      hint(el),
      'Your permissions could not be checked, so the tags cannot be changed here. Reload the page to try again.',
    )
    assertEqual(el.currentOperator, undefined)
    assertEqual(el.readonlyReason, 'unknown')
  })

  it('OP7 while it asks who is using it, no control flashes: they come with the tags, for a User or an Admin', async () => {
    const slow = clientHolding('demo-user-key', '/v1/operator-users/me')
    const el = document.createElement('dj-tag-picker')
    el.setAttribute('account', 'ACME')
    el.client = slow.client
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    await sleep(100)
    assertEqual(el.readonlyReason, 'checking')
    assert(!$(el, 'input') && !$(el, 'button[part="save"]'), 'no control yet')
    assert(!$(el, '[part="readonly-hint"]'), 'and no reason: nothing is refused')
    slow.release()
    await until(() => $(el, 'input[role="combobox"]'), 'the combobox')
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assert($(el, 'button[part="save"]'), 'Save')
    assertEqual(el.readonlyReason, undefined)
  })

  it('OP7 the page sets readonly: the tags show without controls, and with no reason of the element’s own', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('readonly', '')
    })
    assertEqual(chips(el), ['premium:kept', 'wholesale:kept'])
    assert(!$(el, 'input') && !$(el, 'li.chip button') && !$(el, 'button[part="save"]'), 'nothing to change')
    assertEqual(hint(el), undefined)
    assertEqual(el.editable, false)
    assertEqual(el.readonlyReason, 'readonly')
    el.readOnly = false
    await el.updateComplete
    assert($(el, 'input[role="combobox"]') && $(el, 'button[part="save"]'), 'an Admin gets the controls back')
  })

  it('B a refused save reads as a sentence in the user’s language, with no code; dj-tags-error carries the problem', async () => {
    const errors: { action: string; status?: number; code?: string }[] = []
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
      e.addEventListener('dj-tags-error', (event) => {
        const p = event.error as { status?: number; code?: string }
        errors.push({ action: event.action, status: p.status, code: p.code })
      })
    })
    el.value = ['premium', 'wholesale', 'hotel']
    await el.updateComplete
    // Someone deletes Hotel meanwhile: the save is refused (A7, unknown id) for a reason the picker could not see.
    const hotel = unwrap(await api.GET('/v1/customer-tags', { params: { query: { externalIds: ['hotel'] } } }))
      .content[0]
    await api.DELETE('/v1/customer-tags/{id}', { params: { path: { id: hotel.id } } })
    saveButton(el).click()
    const alert = await until(() => $(el, '[part="error"]'), 'the problem')
    const text = alert.textContent!.replace(/\s+/g, ' ').trim()
    assertEqual(
      text,
      'Impossible d’enregistrer les étiquettes. Certaines informations n’ont pas été acceptées. Vérifiez votre saisie, puis réessayez.',
    )
    assertEqual(errors.length, 1)
    assertEqual(errors[0].action, 'save')
    assert(errors[0].status === 422 && !!errors[0].code, JSON.stringify(errors))
  })

  it('C chips: a remove icon, the added and removed states in the theme’s colours, Save as the primary button', async () => {
    const el = await mount()
    const removeButton = chip(el, 'premium').querySelector('button')!
    assert(removeButton.querySelector('svg.icon'), 'an icon, not a × character')
    assertEqual(removeButton.textContent!.trim(), '')
    assertEqual(removeButton.getAttribute('aria-label'), 'Remove Premium')
    removeButton.click()
    el.value = [...el.value, 'hotel']
    await el.updateComplete
    const colour = (id: string) => getComputedStyle(chip(el, id)).color
    const probe = document.createElement('span')
    document.body.append(probe)
    const css = (v: string) => ((probe.style.color = v), getComputedStyle(probe).color)
    assertEqual(colour('hotel'), css('#116329'), 'added: the success colour')
    assertEqual(colour('premium'), css('#a40e26'), 'removed: the danger colour')
    assertEqual(colour('wholesale'), css('#1f2328'), 'kept: the text colour')
    probe.remove()
    assert(saveButton(el).classList.contains('primary'), 'Save is the primary action')
    el.style.setProperty('--dj-color-success', 'rgb(1, 2, 3)')
    assertEqual(colour('hotel'), 'rgb(1, 2, 3)', 'the page themes it with the shared tokens')
  })

  it('C with theme="dark" the picker is dark and axe finds no violation, popup open and chips staged', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('theme', 'dark')
      e.value = ['premium', 'hotel', 'ghost-tag']
    })
    assertEqual(getComputedStyle(el).backgroundColor, 'rgb(22, 27, 34)')
    input(el).focus()
    await sendKeys({ press: 'ArrowDown' })
    await el.updateComplete
    await assertAccessible(el, 'the dark picker')
  })
})
