/**
 * `<dj-org-tree>` in real Chromium, against the reference app inside MSW's service worker, seeded with the demo
 * data: account ACME has ACME Aerospace > (Launchers, Satellites > Research & Development) and ACME Industrial >
 * (Robotics, Tools); Sophie is an FOC_User member of Satellites, Rita of Robotics, Alice the FOC_Admin. INITECH
 * has no organisation. Back-office reads are ADM-ACCOUNT-ORGANISATION-550, storefront reads STORE-ORGANISATION-550;
 * every write is checked afterwards with a separate SDK client. Every test starts from fresh demo data.
 */
import { sendKeys } from '@web/test-runner-commands'
import '../../components/org-tree/index.js'
import type { DjOrgChangeEvent, DjOrgTree } from '../../components/org-tree/index.js'
import type { MockApi } from '../../mock-server/msw.js'
import { createClient, unwrap, type DjClient, type Schemas } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import {
  after,
  afterEach,
  assert,
  assertAccessible,
  clientFixedLater,
  assertEqual,
  before,
  describe,
  it,
  sleep,
  until,
} from './harness.js'

type OrganisationNode = Schemas['OrganisationNode']

const ACME_OUTLINE = [
  'ACME Aerospace',
  '  Launchers',
  '  Satellites',
  '    Research & Development',
  'ACME Industrial',
  '  Robotics',
  '  Tools',
]
/** What the tree shows of it at first: accounts and their top organisations (Satellites closed). */
const ACME_SHOWN = ACME_OUTLINE.filter((line) => !line.startsWith('    '))

const $ = <E extends Element = HTMLElement>(el: DjOrgTree, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector)
const top = (r: HTMLElement) => Number(/translateY\(([\d.]+)px\)/.exec(r.getAttribute('style')!)![1])
/** The rendered rows, in their visual order. */
const rowEls = (el: DjOrgTree) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="treeitem"]')].sort((a, b) => top(a) - top(b))
const nameOf = (r: Element) => r.querySelector('.name')!.textContent!
/** The visible rows as an indented outline (two spaces per level). */
const outline = (el: DjOrgTree) =>
  rowEls(el).map((r) => '  '.repeat(Number(r.getAttribute('aria-level')) - 1) + nameOf(r))
const row = (el: DjOrgTree, name: string) => rowEls(el).find((r) => nameOf(r) === name)!
/** The name of the row that has focus (the element's shadow root's active element). */
const focused = (el: DjOrgTree) => {
  const a = el.shadowRoot!.activeElement
  return a?.getAttribute('role') === 'treeitem' ? nameOf(a) : a ? `<${a.tagName.toLowerCase()}>` : null
}
const status = (el: DjOrgTree) => $(el, '[role="status"]')!.textContent!.trim()
const alertText = (el: DjOrgTree) => $(el, '[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim()
const dialog = (el: DjOrgTree) => $<HTMLDialogElement>(el, 'dialog')
/** The visible sentence saying why the tree is read-only, if any. */
const reasonText = (el: DjOrgTree) => $(el, '[part="reason"]')?.textContent?.trim()
/** A 403 problem as the server sends it: what a write gets when the caller's rights changed after the element asked. */
const forbidden = () =>
  Response.json(
    { type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'Rights changed.', errors: [] },
    { status: 403, headers: { 'content-type': 'application/problem+json' } },
  )
const treeOutline = (nodes: OrganisationNode[], depth = 0): string[] =>
  nodes.flatMap((n) => ['  '.repeat(depth) + n.name, ...treeOutline(n.children, depth + 1)])
/** Settled: rows, the empty text or an error are there, and nothing is loading. */
const loaded = (el: DjOrgTree) =>
  !/Loading|Chargement/.test(status(el)) &&
  (rowEls(el).length > 0 || $(el, '[part="empty"]') || $(el, '[role="alert"]'))

async function press(el: DjOrgTree, ...keys: string[]) {
  for (const key of keys) {
    await sendKeys({ press: key })
    await el.updateComplete
  }
}

/** Focuses a row by clicking it, as a user would (also selects it). */
async function clickRow(el: DjOrgTree, name: string) {
  row(el, name).click()
  await el.updateComplete
}

/** Focuses a row without selecting it: focus the tree's tab stop, then arrow down to `name`. */
async function focusRow(el: DjOrgTree, name: string) {
  $<HTMLElement>(el, '[role="treeitem"][tabindex="0"]')!.focus()
  await press(el, 'Home')
  for (let i = 0; i < 50 && focused(el) !== name; i++) await press(el, 'ArrowDown')
  assertEqual(focused(el), name, `focus reached ${name}`)
}

/** A drag of row `from` onto row `to` (or onto the viewport's empty part when `to` is null), with one DataTransfer. */
function drag(el: DjOrgTree, from: string, to: string | null) {
  const dataTransfer = new DataTransfer()
  const source = row(el, from)
  const target = to ? row(el, to) : $(el, '.viewport')!
  const fire = (node: Element, type: string) => {
    const e = new DragEvent(type, { bubbles: true, composed: true, cancelable: true, dataTransfer })
    node.dispatchEvent(e)
    return e
  }
  fire(source, 'dragstart')
  const over = fire(target, 'dragover')
  fire(target, 'drop')
  fire(source, 'dragend')
  return { accepted: over.defaultPrevented }
}

describe('<dj-org-tree> against the MSW reference API', () => {
  let mock: MockApi
  let running: RunningMockApi | undefined
  let api: DjClient
  const mounted: HTMLElement[] = []
  /** Requests a counting client sent, as `METHOD path?query` (and the If-Match it carried). */
  let requests: { method: string; path: string; ifMatch: string | null }[] = []
  const counter = (apiKey = 'demo-admin-key', override?: (r: Request) => Promise<Response> | undefined) =>
    createClient({
      baseUrl: location.origin,
      apiKey,
      client: 'OPERATOR',
      fetch: async (r) => {
        const url = new URL(r.url)
        requests.push({ method: r.method, path: url.pathname + url.search, ifMatch: r.headers.get('if-match') })
        return override?.(r) ?? globalThis.fetch(r)
      },
    })
  let counting: DjClient
  const writes = () => requests.filter((r) => r.method !== 'GET')

  async function mount(
    setup: (el: DjOrgTree) => void = (el) => (el.client = counting),
    settle = true,
  ): Promise<DjOrgTree> {
    const el = document.createElement('dj-org-tree')
    el.setAttribute('account', 'ACME')
    setup(el)
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    if (settle) await until(() => loaded(el), 'the tree to load')
    await el.updateComplete
    return el
  }

  const serverOutline = async (account = 'ACME') =>
    treeOutline(
      unwrap(
        await api.GET('/v1/customer-accounts/{id}/organisations', {
          params: { path: { id: account }, query: { idType: 'EXTERNAL_ID' } },
        }),
      ),
    )
  const tokenFor = async (email: string) =>
    unwrap(
      await createClient({ baseUrl: location.origin, client: 'ACCOUNT' }).POST('/auth/token', {
        body: { email, password: 'Demo-Password-1' },
      }),
    ).accessToken
  /** Waits until no write is pending (the status no longer says "Saving…"). */
  const saved = (el: DjOrgTree) => until(() => !/Saving|Enregistrement/.test(status(el)), 'the write to finish')

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    counting = counter()
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

  it('the operator opens ACME and sees its tree as an ARIA tree: levels, set sizes, positions, open state and one tab stop', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.expandDepth = 2
    })
    assertEqual(outline(el), ACME_OUTLINE)
    const tree = $(el, '[role="tree"]')!
    assertEqual(tree.getAttribute('aria-label'), 'Organisations')
    assert(
      $(el, `#${tree.getAttribute('aria-describedby')}`)!.textContent!.includes('F2'),
      'the keyboard hint describes the tree',
    )
    const attrs = (name: string) =>
      ['aria-level', 'aria-setsize', 'aria-posinset', 'aria-expanded', 'aria-selected'].map((a) =>
        row(el, name).getAttribute(a),
      )
    assertEqual(attrs('ACME Aerospace'), ['1', '2', '1', 'true', 'false'])
    assertEqual(attrs('Satellites'), ['2', '2', '2', 'true', 'false'])
    assertEqual(attrs('Research & Development'), ['3', '1', '1', null, 'false'], 'a leaf has no aria-expanded')
    assertEqual(attrs('Tools'), ['2', '2', '2', null, 'false'])
    assertEqual(
      rowEls(el)
        .filter((r) => r.tabIndex === 0)
        .map(nameOf),
      ['ACME Aerospace'],
      'roving tabindex: one row in the tab order',
    )
    assertEqual(status(el), '7 organisations.')
    assertEqual(
      requests.map((r) => `${r.method} ${r.path}`).sort(),
      ['GET /v1/customer-accounts/ACME/organisations?idType=EXTERNAL_ID', 'GET /v1/operator-users/me'],
      'the tree, and who is calling (OP7)',
    )
  })

  it('by default the top level is open; ArrowDown, ArrowUp, Home and End move focus along the visible rows', async () => {
    const el = await mount()
    assertEqual(outline(el), ACME_SHOWN)
    $<HTMLElement>(el, '[role="treeitem"][tabindex="0"]')!.focus()
    assertEqual(focused(el), 'ACME Aerospace')
    await press(el, 'ArrowDown', 'ArrowDown')
    assertEqual(focused(el), 'Satellites')
    assertEqual(
      rowEls(el)
        .filter((r) => r.tabIndex === 0)
        .map(nameOf),
      ['Satellites'],
      'the tab stop follows focus',
    )
    await press(el, 'ArrowUp')
    assertEqual(focused(el), 'Launchers')
    await press(el, 'End')
    assertEqual(focused(el), 'Tools')
    await press(el, 'ArrowDown')
    assertEqual(focused(el), 'Tools', 'nothing below the last row')
    await press(el, 'Home')
    assertEqual(focused(el), 'ACME Aerospace')
    await press(el, 'ArrowUp')
    assertEqual(focused(el), 'ACME Aerospace', 'nothing above the first row')
    assertEqual(writes().length, 0)
  })

  it('ArrowRight opens a closed node (focus stays), then goes to its first child; ArrowLeft closes an open node, then goes to the parent', async () => {
    const el = await mount()
    await focusRow(el, 'Satellites')
    assertEqual(row(el, 'Satellites').getAttribute('aria-expanded'), 'false')
    await press(el, 'ArrowRight')
    assertEqual(row(el, 'Satellites').getAttribute('aria-expanded'), 'true')
    assertEqual(focused(el), 'Satellites', 'opening does not move focus')
    assert(row(el, 'Research & Development'), 'the child shows')
    await press(el, 'ArrowRight')
    assertEqual(focused(el), 'Research & Development')
    await press(el, 'ArrowRight')
    assertEqual(focused(el), 'Research & Development', 'a leaf: nothing happens')
    await press(el, 'ArrowLeft')
    assertEqual(focused(el), 'Satellites', 'from a leaf to its parent')
    await press(el, 'ArrowLeft')
    assertEqual(row(el, 'Satellites').getAttribute('aria-expanded'), 'false')
    assertEqual(focused(el), 'Satellites', 'closing does not move focus')
    assertEqual(row(el, 'Research & Development'), undefined)
    await press(el, 'ArrowLeft')
    assertEqual(focused(el), 'ACME Aerospace', 'from a closed node to its parent')
    await press(el, 'ArrowLeft')
    assertEqual(outline(el), ['ACME Aerospace', 'ACME Industrial', '  Robotics', '  Tools'])
    await press(el, 'ArrowLeft')
    assertEqual(focused(el), 'ACME Aerospace', 'a closed top-level node: nothing happens')
  })

  it('* opens every sibling of the focused node, and only them', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.expandDepth = 0
    })
    assertEqual(outline(el), ['ACME Aerospace', 'ACME Industrial'])
    await focusRow(el, 'ACME Industrial')
    await press(el, '*')
    assertEqual(outline(el), ACME_SHOWN)
    assertEqual(focused(el), 'ACME Industrial', 'focus stays')
    await focusRow(el, 'Launchers')
    await press(el, '*')
    assertEqual(outline(el), ACME_OUTLINE, 'Satellites, a sibling of Launchers, opens')
  })

  it('typing a letter goes to the next visible organisation starting with it, typing it again cycles, and quick typing forms a word', async () => {
    const el = await mount()
    await focusRow(el, 'ACME Aerospace')
    await press(el, 'r')
    assertEqual(focused(el), 'Robotics')
    // Past the type-ahead window (750 ms), a key starts a new search (waiting longer is always safe).
    await sleep(800)
    await press(el, 't')
    assertEqual(focused(el), 'Tools')
    await sleep(800)
    await press(el, 'a')
    assertEqual(focused(el), 'ACME Aerospace', 'the search wraps around')
    await press(el, 'a')
    assertEqual(focused(el), 'ACME Industrial', 'the same letter again: the next one starting with it')
    await sleep(800)
    await press(el, 't')
    assertEqual(focused(el), 'Tools')
    await sleep(800)
    // "acme i" typed at once, as synthetic key presses on the focused row one update apart: well within the
    // type-ahead window whatever the machine's load. Letter by letter it would stop at ACME Aerospace.
    for (const key of 'acme i') {
      el.shadowRoot!.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
      )
      await el.updateComplete
    }
    assertEqual(focused(el), 'ACME Industrial')
    assertEqual(el.selected, undefined, 'the space was part of the search, not a selection')
  })

  it('Enter selects the focused organisation (aria-selected, dj-org-select); a click selects another', async () => {
    const selected: string[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-org-select', (event) => selected.push(event.organisation.externalId))
    })
    await focusRow(el, 'Launchers')
    await press(el, 'Enter')
    assertEqual(row(el, 'Launchers').getAttribute('aria-selected'), 'true')
    assertEqual(el.selected, row(el, 'Launchers').dataset.id)
    await clickRow(el, 'Tools')
    assertEqual(
      rowEls(el)
        .filter((r) => r.getAttribute('aria-selected') === 'true')
        .map(nameOf),
      ['Tools'],
    )
    assertEqual(focused(el), 'Tools')
    assertEqual(selected, ['ACME-AERO-LAUNCH', 'ACME-IND-TOOLS'])
  })

  it('F2 renames inline: Enter sends one PUT with If-Match, the row moves to its place in name order, and the server has the new name', async () => {
    const changes: DjOrgChangeEvent[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-org-change', (event) => changes.push(event))
    })
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    const editor = $<HTMLInputElement>(el, 'input[part="editor"]')!
    assertEqual(focused(el), '<input>')
    assertEqual([editor.value, editor.getAttribute('aria-label')], ['Tools', 'New name for Tools'])
    await sendKeys({ type: 'Assembly' })
    await press(el, 'Enter')
    assertEqual(
      outline(el),
      ['ACME Aerospace', '  Launchers', '  Satellites', 'ACME Industrial', '  Assembly', '  Robotics'],
      'renamed at once, in name order',
    )
    assertEqual(focused(el), 'Assembly')
    await saved(el)
    assertEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.ifMatch}`),
      [`PUT /v1/organisations/${row(el, 'Assembly').dataset.id} "1"`],
    )
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
      'ACME Industrial',
      '  Assembly',
      '  Robotics',
    ])
    assertEqual(status(el), 'Tools renamed to Assembly.')
    assertEqual(
      changes.map((c) => [c.action, c.organisation.name, c.organisation.version]),
      [['rename', 'Assembly', 2]],
    )
  })

  it('F2 then Escape cancels the rename: no request, the name and focus stay', async () => {
    const el = await mount()
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'Something else' })
    await press(el, 'Escape')
    assertEqual($(el, 'input[part="editor"]'), null)
    assertEqual(focused(el), 'Tools')
    assertEqual(outline(el), ACME_SHOWN)
    await sleep(100)
    assertEqual(writes().length, 0)
  })

  it('Insert adds a sub-organisation named inline; the server has it under its parent', async () => {
    const added: [string | undefined, string][] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-org-add', (event) => added.push([event.parent?.name, event.name]))
    })
    await focusRow(el, 'Launchers')
    await press(el, 'Insert')
    const editor = $<HTMLInputElement>(el, 'input[part="editor"]')!
    assertEqual(editor.getAttribute('aria-label'), 'Name of the new sub-organisation of Launchers')
    assertEqual(row(el, 'Launchers').getAttribute('aria-expanded'), 'true', 'the parent opens')
    await sendKeys({ type: 'Engines' })
    await press(el, 'Enter')
    assertEqual(outline(el), [
      'ACME Aerospace',
      '  Launchers',
      '    Engines',
      '  Satellites',
      'ACME Industrial',
      '  Robotics',
      '  Tools',
    ])
    assertEqual(focused(el), 'Engines')
    await saved(el)
    assertEqual(status(el), 'Engines added.')
    assertEqual(
      writes().map((r) => `${r.method} ${r.path}`),
      ['POST /v1/organisations'],
    )
    assertEqual((await serverOutline()).slice(0, 3), ['ACME Aerospace', '  Launchers', '    Engines'])
    assertEqual(added, [['Launchers', 'Engines']])
    assert(/^draft-/.test(row(el, 'Engines').dataset.id!) === false, 'the row now carries the server id')
  })

  it('the Add top-level button creates a root in an account with no organisation (empty state first)', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('account', 'INITECH')
    })
    assertEqual($(el, '[part="empty"]')!.textContent, 'No organisations yet.')
    assertEqual($(el, '[role="tree"]'), null)
    $<HTMLButtonElement>(el, 'button[data-action="add-root"]')!.click()
    await el.updateComplete
    assertEqual(focused(el), '<input>')
    await sendKeys({ type: 'Head Office' })
    await press(el, 'Enter')
    await saved(el)
    assertEqual(outline(el), ['Head Office'])
    assertEqual(await serverOutline('INITECH'), ['Head Office'])
  })

  it('Delete asks for confirmation in a modal dialog; Escape keeps the organisation, confirming deletes it', async () => {
    const el = await mount()
    await focusRow(el, 'Launchers')
    const launchers = row(el, 'Launchers').dataset.id
    await press(el, 'Delete')
    const box = dialog(el)!
    assert(box.open && box.matches(':modal'), 'a modal dialog')
    assertEqual(box.querySelector('h2')!.textContent, 'Delete “Launchers”?')
    assertEqual(focused(el), '<button>', 'focus in the dialog, on Cancel')
    assertEqual(el.shadowRoot!.activeElement!.textContent, 'Cancel')
    await press(el, 'Escape')
    await until(() => !dialog(el), 'the dialog to close')
    await el.updateComplete
    assertEqual(focused(el), 'Launchers')
    assertEqual(writes().length, 0)
    await press(el, 'Delete')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    await el.updateComplete
    assertEqual(
      outline(el),
      ['ACME Aerospace', '  Satellites', 'ACME Industrial', '  Robotics', '  Tools'],
      'gone at once',
    )
    assertEqual(focused(el), 'ACME Aerospace', 'focus goes to the parent')
    await saved(el)
    assertEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.ifMatch}`),
      [`DELETE /v1/organisations/${launchers} "1"`],
      'no cascade asked',
    )
    assertEqual(status(el), 'Launchers deleted.')
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Satellites',
      '    Research & Development',
      'ACME Industrial',
      '  Robotics',
      '  Tools',
    ])
  })

  it('O4 deleting Robotics, which has a member, without cascade: the 409 shows in the dialog and Robotics comes back; with cascade it goes and Rita is detached', async () => {
    const el = await mount()
    await focusRow(el, 'Robotics')
    const robotics = row(el, 'Robotics').dataset.id!
    await press(el, 'Delete')
    assertEqual(
      dialog(el)!.querySelector('[part="cascade"]')!.textContent!.trim(),
      'Also detach its members, if it has any',
    )
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    const problem = await until(() => dialog(el)?.querySelector('[role="alert"]'), 'the refusal in the dialog')
    const said = problem.textContent!.replace(/\s+/g, ' ').trim()
    assertEqual(
      said,
      'It was not deleted: it still has sub-organisations or members. To delete it anyway, tick the box below, then choose Delete again: its sub-organisations are deleted with it and its members are detached.',
    )
    assert(!/409|HAS_DEPENDENTS|cascade/.test(said), 'no status, code or API word')
    assert(row(el, 'Robotics'), 'Robotics is back')
    assertEqual(el.shadowRoot!.activeElement!.id, 'cascade', 'focus on the cascade option')
    await press(el, 'Space')
    assert(dialog(el)!.querySelector<HTMLInputElement>('#cascade')!.checked, 'ticked')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    await el.updateComplete
    await saved(el)
    assertEqual(
      writes().map((r) => `${r.method} ${r.path}`),
      [`DELETE /v1/organisations/${robotics}`, `DELETE /v1/organisations/${robotics}?cascade=true`],
    )
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
      'ACME Industrial',
      '  Tools',
    ])
    const rita = unwrap(await api.GET('/v1/customer-users', { params: { query: { search: 'rita' } } })).content[0]
    assertEqual([rita.organisationIds, rita.mainOrganisationId], [[], null])
    assertEqual(row(el, 'Robotics'), undefined)
  })

  it('O4 the delete dialog of a node with children offers the cascade by name, and cascade deletes the whole branch', async () => {
    const el = await mount()
    await focusRow(el, 'ACME Aerospace')
    await press(el, 'Delete')
    assertEqual(
      dialog(el)!.querySelector('[part="cascade"]')!.textContent!.trim(),
      'Also delete its 3 sub-organisations and detach its members',
    )
    dialog(el)!.querySelector<HTMLInputElement>('#cascade')!.click()
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    await el.updateComplete
    await saved(el)
    assertEqual(outline(el), ['ACME Industrial', '  Robotics', '  Tools'])
    assertEqual(await serverOutline(), ['ACME Industrial', '  Robotics', '  Tools'])
  })

  it('O3 Move to… by keyboard (Control+M): the list never offers the organisation, its descendants or its current parent; typing narrows it and Enter moves', async () => {
    const el = await mount()
    await focusRow(el, 'Satellites')
    await press(el, 'Control+m')
    const box = dialog(el)!
    assert(box.open, 'the dialog is open')
    assertEqual(box.querySelector('h2')!.textContent, 'Move “Satellites” to…')
    assertEqual(el.shadowRoot!.activeElement!.id, 'target-filter')
    const options = () => [...dialog(el)!.querySelectorAll('[role="option"]')].map((o) => o.textContent!.trim())
    assertEqual(options(), [
      'Top level',
      'ACME Aerospace › Launchers',
      'ACME Industrial',
      'ACME Industrial › Robotics',
      'ACME Industrial › Tools',
    ])
    await press(el, 'ArrowDown', 'ArrowDown')
    const input = $<HTMLInputElement>(el, '#target-filter')!
    assertEqual($(el, `#${input.getAttribute('aria-activedescendant')}`)!.textContent!.trim(), 'ACME Industrial')
    await sendKeys({ type: 'robo' })
    await el.updateComplete
    assertEqual(options(), ['ACME Industrial › Robotics'])
    await press(el, 'Enter')
    assertEqual(dialog(el), null)
    assertEqual(outline(el), [
      'ACME Aerospace',
      '  Launchers',
      'ACME Industrial',
      '  Robotics',
      '    Satellites',
      '  Tools',
    ])
    assertEqual(focused(el), 'Satellites', 'focus follows the moved organisation')
    await saved(el)
    assertEqual(
      writes().map((r) => `${r.method} ${r.path}`),
      [`POST /v1/organisations/${row(el, 'Satellites').dataset.id}/move`],
    )
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Launchers',
      'ACME Industrial',
      '  Robotics',
      '    Satellites',
      '      Research & Development',
      '  Tools',
    ])
    assertEqual(status(el), 'Satellites moved under Robotics.')
  })

  it('O3 Move to… from the toolbar, for a top-level organisation: no descendant offered, no "Top level"; Escape closes without a request', async () => {
    const el = await mount()
    await focusRow(el, 'ACME Aerospace')
    const button = $<HTMLButtonElement>(el, 'button[data-action="move"]')!
    assertEqual(button.closest('[part="toolbar"]')!.getAttribute('aria-label'), 'Actions for ACME Aerospace')
    button.focus()
    await press(el, 'Enter')
    assert(dialog(el)?.open, 'the dialog is open')
    assertEqual(
      [...dialog(el)!.querySelectorAll('[role="option"]')].map((o) => o.textContent!.trim()),
      ['ACME Industrial', 'ACME Industrial › Robotics', 'ACME Industrial › Tools'],
    )
    await press(el, 'Escape')
    await until(() => !dialog(el), 'the dialog to close')
    await el.updateComplete
    assertEqual(focused(el), 'ACME Aerospace')
    assertEqual(writes().length, 0)
  })

  it('drag and drop moves Tools under ACME Aerospace, and the server agrees', async () => {
    const el = await mount()
    const { accepted } = drag(el, 'Tools', 'ACME Aerospace')
    assert(accepted, 'the drop target accepted the drag (dragover default prevented)')
    await el.updateComplete
    assertEqual(outline(el), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '  Tools',
      'ACME Industrial',
      '  Robotics',
    ])
    await saved(el)
    assertEqual(
      writes().map((r) => `${r.method} ${r.path.replace(/org_\w+/, 'ID')}`),
      ['POST /v1/organisations/ID/move'],
    )
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
      '  Tools',
      'ACME Industrial',
      '  Robotics',
    ])
  })

  it('drag and drop onto the empty part of the tree moves an organisation to the top level', async () => {
    const el = await mount()
    drag(el, 'Robotics', null)
    await el.updateComplete
    await saved(el)
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      '    Research & Development',
      'ACME Industrial',
      '  Tools',
      'Robotics',
    ])
    assertEqual(outline(el), [
      'ACME Aerospace',
      '  Launchers',
      '  Satellites',
      'ACME Industrial',
      '  Tools',
      'Robotics',
    ])
  })

  it('O3 dropping an organisation onto itself or a descendant is refused before any request', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.expandDepth = 3
    })
    const moves: string[] = []
    el.addEventListener('dj-org-move', (e) => moves.push(e.organisation.name))
    requests = []
    assertEqual(
      drag(el, 'ACME Aerospace', 'Research & Development').accepted,
      false,
      'the descendant does not accept the drag',
    )
    assertEqual(drag(el, 'ACME Aerospace', 'ACME Aerospace').accepted, false, 'nor does the node itself')
    await el.updateComplete
    await sleep(100)
    assertEqual(requests.length, 0, 'no request sent')
    assertEqual(moves, [], 'no dj-org-move either')
    assertEqual(outline(el), ACME_OUTLINE)
    assert(/cannot move there/.test(status(el)), status(el))
  })

  it('O2 rollback: renaming Tools to "robotics" (a sibling, case-insensitively) answers 409; the old name comes back with an alert', async () => {
    const errors: string[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-org-error', (event) => errors.push(event.action))
    })
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'robotics' })
    await press(el, 'Enter')
    const alert = await until(() => alertText(el), 'the alert')
    assertEqual(
      alert,
      'The organisation could not be renamed. The change was undone. Another organisation at the same level already has this name. Choose another name. Dismiss',
    )
    assertEqual(outline(el), ACME_SHOWN)
    assertEqual(focused(el), 'Tools', 'focus on the restored row')
    assertEqual(errors, ['rename'])
    assertEqual(status(el), 'The change was undone.')
    assertEqual(await serverOutline(), ACME_OUTLINE)
    $<HTMLButtonElement>(el, 'button[part="dismiss"]')!.click()
    await el.updateComplete
    assertEqual(alertText(el), undefined)
  })

  it('rollback: a move by drag and drop that the server still refuses (403: the rights changed after the element asked) is undone, with the reason in words', async () => {
    const errors: unknown[] = []
    const el = await mount((e) => {
      e.client = counter('demo-admin-key', (r) => (r.method === 'POST' ? Promise.resolve(forbidden()) : undefined))
      e.addEventListener('dj-org-error', (event) => errors.push(event.error))
    })
    drag(el, 'Tools', 'ACME Aerospace')
    await el.updateComplete
    assertEqual(outline(el)[3], '  Tools', 'moved at once (optimistic)')
    const alert = await until(() => alertText(el), 'the alert')
    assertEqual(
      alert,
      'The organisation could not be moved. The change was undone. Your account is not allowed to do this. Ask an administrator if you need it. Dismiss',
    )
    assertEqual(
      errors.map((e) => [(e as { status: number }).status, (e as { code: string }).code]),
      [[403, 'FORBIDDEN']],
      'the status and code go to the event',
    )
    assertEqual(outline(el), ACME_SHOWN)
    assertEqual(await serverOutline(), ACME_OUTLINE)
  })

  it('a reload while a name is being typed (the page switches to another operator key of a User) keeps the editor and what was typed; Enter then saves it', async () => {
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'demo-admin-key')
    })
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'Hand' })
    const busy = () => $(el, '[role="tree"]')!.getAttribute('aria-busy')
    el.setAttribute('api-key', 'demo-user-key')
    await el.updateComplete
    assertEqual(busy(), 'true', 'the tree reloads with the new key')
    await until(() => busy() === 'false', 'the reload to end')
    await sleep(50)
    const editor = $<HTMLInputElement>(el, 'input[part="editor"]')
    assertEqual([editor?.value, focused(el)], ['Hand', '<input>'], 'still editing, with the text typed so far')
    await sendKeys({ type: ' Tools' })
    await press(el, 'Enter')
    await saved(el)
    assertEqual(status(el), 'Tools renamed to Hand Tools.')
    assert((await serverOutline()).includes('  Hand Tools'), 'the server has the new name')
  })

  it('the page switches to a Reader key while a name is being typed: the edit ends unsaved, the actions go and the reason shows; nothing is sent', async () => {
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'demo-admin-key')
    })
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'Hand' })
    el.setAttribute('api-key', 'demo-reader-key')
    await until(() => el.readonlyReason === 'reader', 'the answer about the Reader')
    await el.updateComplete
    assertEqual($(el, 'input[part="editor"]'), null, 'the editor is gone')
    assertEqual($(el, '[part="toolbar"]'), null)
    assertEqual(focused(el), 'Tools', 'focus back on the row, not lost to the page')
    assertEqual(
      reasonText(el),
      'Your access is read-only: only operators with the User or Admin level can change organisations.',
    )
    await sleep(100)
    assertEqual(await serverOutline(), ACME_OUTLINE)
  })

  it('a change refused after the tree was reloaded under it is still reported: the alert, dj-org-error, and the tree as the server has it', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const errors: string[] = []
    const el = await mount((e) => {
      e.client = counter('demo-admin-key', (r) => (r.method === 'PUT' ? held.then(forbidden) : undefined))
      e.addEventListener('dj-org-error', (event) => errors.push(event.action))
    })
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'Hand Tools' })
    await press(el, 'Enter')
    assertEqual(row(el, 'Hand Tools') !== undefined, true, 'renamed at once (optimistic)')
    await el.reload()
    release()
    const alert = await until(() => alertText(el), 'the refusal')
    assert(/could not be renamed/.test(alert) && /not allowed/.test(alert) && !/403/.test(alert), alert)
    assertEqual(errors, ['rename'])
    await until(() => row(el, 'Tools') !== undefined && !row(el, 'Hand Tools'), 'the tree as the server has it')
  })

  it('rollback: a failed delete (network error) puts the organisation back where it was', async () => {
    const el = await mount(
      (e) =>
        (e.client = counter('demo-admin-key', (r) =>
          r.method === 'DELETE' ? Promise.reject(new TypeError('Failed to fetch')) : undefined,
        )),
    )
    await focusRow(el, 'Tools')
    await press(el, 'Delete')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    const alert = await until(() => alertText(el), 'the alert')
    assertEqual(
      alert,
      'The organisation could not be deleted. The change was undone. The server could not be reached. Check your connection, then try again. Dismiss',
    )
    assertEqual(outline(el), ACME_SHOWN)
    assertEqual(focused(el), 'Tools')
  })

  it('the page vetoes dj-org-move, dj-org-delete, dj-org-rename and dj-org-add with preventDefault: no request at all', async () => {
    const vetoed: string[] = []
    const el = await mount()
    for (const type of ['dj-org-move', 'dj-org-delete', 'dj-org-rename', 'dj-org-add'] as const) {
      el.addEventListener(type, (e) => {
        vetoed.push(type)
        e.preventDefault()
      })
    }
    drag(el, 'Tools', 'ACME Aerospace')
    await focusRow(el, 'Launchers')
    await press(el, 'Control+m')
    await press(el, 'Enter')
    await press(el, 'Delete')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    await el.updateComplete
    await press(el, 'F2')
    await sendKeys({ type: 'Rockets' })
    await press(el, 'Enter')
    await press(el, 'Insert')
    await sendKeys({ type: 'Engines' })
    await press(el, 'Enter')
    await sleep(200)
    assertEqual(vetoed, ['dj-org-move', 'dj-org-move', 'dj-org-delete', 'dj-org-rename', 'dj-org-add'])
    assertEqual(writes().length, 0, 'nothing sent')
    assertEqual(outline(el), ACME_SHOWN)
    assertEqual(await serverOutline(), ACME_OUTLINE)
  })

  it('O5 storefront: Sophie, an FOC_User of Satellites, sees Satellites and Research & Development only, read-only, and reads why', async () => {
    const token = await tokenFor('sophie.satellite@acme.example')
    const el = await mount((e) => {
      e.mode = 'storefront'
      e.baseUrl = location.origin
      e.token = token
      e.removeAttribute('account')
    })
    assertEqual(outline(el), ['Satellites', '  Research & Development'])
    assert(!el.shadowRoot!.textContent!.includes('Industrial'), 'never the Industrial branch')
    assertEqual(row(el, 'Satellites').getAttribute('aria-level'), '1')
    assertEqual([el.editable, el.readonlyReason], [false, 'not-admin'])
    assertEqual(reasonText(el), 'Only company administrators can change the organisation.')
    assertEqual($(el, '[part="toolbar"]'), null, 'no Add, Rename, Move or Delete')
    assertEqual($(el, '[part="grip"]'), null, 'no drag handle')
    assertEqual(row(el, 'Satellites').getAttribute('draggable'), 'false')
    assertEqual($(el, '[role="tree"]')!.getAttribute('aria-describedby'), 'hint reason')
    await focusRow(el, 'Research & Development')
    await press(el, 'F2', 'Insert', 'Delete', 'Control+m')
    assertEqual([$(el, 'input[part="editor"]'), dialog(el)], [null, null])
    assertEqual(drag(el, 'Research & Development', null).accepted, false, 'no dragging')
    assertEqual(alertText(el), undefined)
    assertEqual(await serverOutline(), ACME_OUTLINE)
    el.lang = 'fr'
    await el.updateComplete
    assertEqual(reasonText(el), 'Seuls les administrateurs de l’entreprise peuvent modifier l’organisation.')
  })

  it('O5 storefront: Alice, the FOC_Admin, sees the whole tree and moves Launchers under Satellites through the shop routes', async () => {
    const token = await tokenFor('alice.admin@acme.example')
    const seen: string[] = []
    const el = await mount((e) => {
      e.mode = 'storefront'
      e.client = createClient({
        baseUrl: location.origin,
        client: 'ACCOUNT',
        token,
        fetch: async (r) => (
          seen.push(`${r.method} ${new URL(r.url).pathname} ${r.headers.get('dj-client')}`), globalThis.fetch(r)
        ),
      })
      e.expandDepth = 3
    })
    assertEqual(outline(el), ACME_OUTLINE)
    drag(el, 'Launchers', 'Satellites')
    await el.updateComplete
    await saved(el)
    assertEqual(seen.map((s) => s.replace(/org_\w+/, 'ID')).sort(), [
      'GET /v1/authenticated-user ACCOUNT',
      'GET /v1/shop/organisations ACCOUNT',
      'POST /v1/shop/organisations/ID/move ACCOUNT',
    ])
    assertEqual([el.editable, el.readonlyReason, reasonText(el)], [true, null, undefined])
    assertEqual(await serverOutline(), [
      'ACME Aerospace',
      '  Satellites',
      '    Launchers',
      '    Research & Development',
      'ACME Industrial',
      '  Robotics',
      '  Tools',
    ])
  })

  it('O5 storefront: the page signs Sophie in after Alice: Alice’s actions and tree are never offered to Sophie, even while her answers load', async () => {
    const alice = await tokenFor('alice.admin@acme.example')
    const sophie = await tokenFor('sophie.satellite@acme.example')
    const el = await mount((e) => {
      e.mode = 'storefront'
      e.baseUrl = location.origin
      e.token = alice
      e.removeAttribute('account')
    })
    assert($(el, '[part="toolbar"]'), 'Alice, FOC_Admin, has the actions')
    el.token = sophie
    await el.updateComplete
    assertEqual([$(el, '[part="toolbar"]'), rowEls(el).length], [null, 0], 'at once: no action, no tree of Alice')
    const seen: boolean[] = []
    await until(() => {
      seen.push(!!$(el, '[part="toolbar"]'))
      return reasonText(el)
    }, "Sophie's tree")
    assert(!seen.includes(true), 'no toolbar at any moment')
    assertEqual(outline(el), ['Satellites', '  Research & Development'])
    assertEqual(el.readonlyReason, 'not-admin')
  })

  it('switching the account shows its own tree, opened to expand-depth again', async () => {
    const el = await mount()
    await focusRow(el, 'Satellites')
    await press(el, 'ArrowRight')
    el.setAttribute('account', 'GLOBEX')
    await until(() => outline(el)[0] === 'Globex Head Office', 'the GLOBEX tree')
    assertEqual(outline(el), ['Globex Head Office', '  Brussels Hotels'])
    assertEqual(requests.map((r) => r.path).pop(), '/v1/customer-accounts/GLOBEX/organisations?idType=EXTERNAL_ID')
  })

  it("O5 storefront: signing out (no token) clears the tree rather than leaving the last user's organisations on screen", async () => {
    const el = await mount((e) => {
      e.mode = 'storefront'
      e.baseUrl = location.origin
      e.removeAttribute('account')
    }, false)
    await sleep(100)
    assertEqual(rowEls(el).length, 0, 'nobody signed in: nothing asked, nothing shown')
    assertEqual([$(el, '[role="alert"]'), $(el, '[part="toolbar"]')], [null, null])
    el.token = await tokenFor('rita.robot@acme.example')
    await until(() => rowEls(el).length > 0, "Rita's tree")
    assertEqual(outline(el), ['Robotics'])
    el.token = undefined
    await el.updateComplete
    assertEqual(rowEls(el).length, 0)
    assert(!el.shadowRoot!.textContent!.includes('Robotics'), "nothing of Rita's tree left")
  })

  it('with lang="fr" the user reads and hears French', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
    })
    assertEqual(status(el), '7 organisations.')
    assertEqual(
      [...el.shadowRoot!.querySelectorAll('[part="action"]')].map((b) => b.textContent),
      [
        'Ajouter une sous-organisation',
        'Renommer',
        'Déplacer vers…',
        'Supprimer',
        'Ajouter une organisation de premier niveau',
      ],
    )
    assert($(el, '#hint')!.textContent!.startsWith('Les flèches'), 'hint in French')
    await focusRow(el, 'Tools')
    await press(el, 'Delete')
    assertEqual(dialog(el)!.querySelector('h2')!.textContent, 'Supprimer « Tools » ?')
    assertEqual(
      dialog(el)!.querySelector('[part="cascade"]')!.textContent!.trim(),
      'Détacher aussi ses membres, s’il en a',
    )
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    await el.updateComplete
    await saved(el)
    assertEqual(status(el), 'Tools supprimée.')
    // Switched back to English: the status line no longer speaks French.
    el.lang = 'en'
    await el.updateComplete
    assertEqual(status(el), '6 organisations.')
  })

  it('with a wrong API key the user sees the problem and Retry; the right key then loads the tree', async () => {
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'not-a-key')
    })
    const alert = await until(() => alertText(el), 'the error')
    assert(/could not be loaded/.test(alert) && !/401|UNAUTHORI/.test(alert), alert)
    assertEqual(reasonText(el), undefined, 'one message: the load error, not also the unchecked rights')
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    assertEqual($(el, '[role="tree"]'), null)
    el.setAttribute('api-key', 'demo-admin-key')
    await until(() => rowEls(el).length === 6 && !alertText(el), 'the tree with the right key')
  })

  it('readonly: no toolbar, no dragging, and F2, Insert and Delete do nothing', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.readonly = true
    })
    assertEqual($(el, '[part="toolbar"]'), null)
    assertEqual(row(el, 'Tools').getAttribute('draggable'), 'false')
    assertEqual(
      [el.editable, el.readonlyReason, reasonText(el)],
      [false, 'readonly', undefined],
      'the host says why, if it wants',
    )
    await focusRow(el, 'Tools')
    await press(el, 'F2', 'Insert', 'Delete')
    assertEqual([$(el, 'input[part="editor"]'), dialog(el)], [null, null])
    assertEqual(writes().length, 0)
  })

  it('OP7 a Reader operator sees no action: no toolbar, no drag handle, the editing keys do nothing, and a sentence says why', async () => {
    const el = await mount((e) => (e.client = counter('demo-reader-key')))
    assertEqual(outline(el).length, 6, 'the tree itself is there to browse')
    assertEqual([el.editable, el.readonlyReason], [false, 'reader'])
    assertEqual(
      reasonText(el),
      'Your access is read-only: only operators with the User or Admin level can change organisations.',
    )
    assertEqual([$(el, '[part="toolbar"]'), $(el, '[part="grip"]')], [null, null])
    assertEqual(row(el, 'Tools').getAttribute('draggable'), 'false')
    assert(
      $(el, '#hint')!.textContent!.includes('Enter selects') && !$(el, '#hint')!.textContent!.includes('F2'),
      'the keyboard hint names no editing key',
    )
    await focusRow(el, 'Tools')
    await press(el, 'F2', 'Insert', 'Delete', 'Control+m')
    assertEqual([$(el, 'input[part="editor"]'), dialog(el)], [null, null])
    assertEqual(drag(el, 'Tools', 'ACME Aerospace').accepted, false, 'no dragging')
    await press(el, 'Enter')
    assertEqual(row(el, 'Tools').getAttribute('aria-selected'), 'true', 'selecting still works')
    await sleep(100)
    assertEqual(writes().length, 0)
    el.lang = 'fr'
    await el.updateComplete
    assert(reasonText(el)!.startsWith('Votre accès est en lecture seule'), reasonText(el)!)
  })

  it('OP7 a User operator gets the actions, with icons, and Delete styled as destructive', async () => {
    const el = await mount((e) => (e.client = counter('demo-user-key')))
    assertEqual([el.editable, el.readonlyReason, reasonText(el)], [true, null, undefined])
    const actions = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="action"]')]
    assertEqual(
      actions.map((b) => [b.dataset.action, b.querySelectorAll('svg.icon[aria-hidden="true"]').length]),
      [
        ['add', 1],
        ['rename', 1],
        ['move', 1],
        ['delete', 1],
        ['add-root', 1],
      ],
    )
    assert(actions[3].classList.contains('destructive'), 'Delete says danger before the click')
    assertEqual(getComputedStyle(actions[3]).color, 'rgb(164, 14, 38)', 'in the danger colour')
    assert(row(el, 'ACME Aerospace').querySelector('[part="twisty"] svg.icon'), 'a chevron for a node with children')
    assertEqual(row(el, 'Tools').querySelector('[part="twisty"] svg'), null, 'none for a leaf')
    assert(row(el, 'Tools').querySelector('[part="grip"] svg.icon'), 'a drag handle')
  })

  it('while the answer about who is calling is on its way no action flashes: skeleton rows, then the tree with its toolbar', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const el = await mount(
      (e) =>
        (e.client = counter('demo-admin-key', (r) =>
          new URL(r.url).pathname.endsWith('/me') ? held.then(() => globalThis.fetch(r)) : undefined,
        )),
      false,
    )
    await sleep(150)
    assertEqual(el.readonlyReason, 'checking')
    assertEqual([$(el, '[part="toolbar"]'), $(el, '[role="tree"]'), reasonText(el)], [null, null, undefined])
    assertEqual($(el, '[part="skeleton"]')!.querySelectorAll('.skeleton').length, 4, 'placeholders instead of a jump')
    assertEqual(status(el), 'Loading organisations…')
    assertEqual($(el, '[part="viewport"]')!.getAttribute('aria-busy'), 'true')
    release()
    await until(() => $(el, '[part="toolbar"]') && rowEls(el).length === 6, 'the tree and its toolbar, together')
    assertEqual($(el, '[part="skeleton"]'), null)
  })

  it('the first load shows skeleton rows in the viewport, not an empty box that jumps', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const el = await mount(
      (e) =>
        (e.client = counter('demo-admin-key', (r) =>
          new URL(r.url).pathname.endsWith('/organisations') ? held.then(() => globalThis.fetch(r)) : undefined,
        )),
      false,
    )
    await sleep(100)
    const skeleton = $(el, '[part="skeleton"]')!
    assertEqual(skeleton.getAttribute('aria-hidden'), 'true')
    assert(skeleton.getBoundingClientRect().height > 80, 'it takes room like rows would')
    release()
    await until(() => loaded(el), 'the tree')
    assertEqual($(el, '[part="skeleton"]'), null)
  })

  it('asking who is calling fails: the tree stays usable, read-only, with the reason and dj-org-error (access)', async () => {
    const errors: string[] = []
    const el = await mount((e) => {
      e.client = counter('demo-admin-key', (r) =>
        new URL(r.url).pathname.endsWith('/me') ? Promise.reject(new TypeError('Failed to fetch')) : undefined,
      )
      e.addEventListener('dj-org-error', (event) => errors.push(event.action))
    })
    assertEqual(outline(el).length, 6)
    assertEqual([el.editable, el.readonlyReason, $(el, '[part="toolbar"]')], [false, 'unknown', null])
    assertEqual(reasonText(el), 'Your rights could not be checked, so changes are turned off for now.')
    assertEqual(errors, ['access'])
    assert(!el.shadowRoot!.textContent!.includes('Failed to fetch'), 'no browser English')
    await focusRow(el, 'Tools')
    await press(el, 'ArrowUp')
    assertEqual(focused(el), 'Robotics', 'the keyboard still works')
  })

  it('while dragging, a drop zone for the top level shows; dropping on it moves the organisation there', async () => {
    const el = await mount()
    const dataTransfer = new DataTransfer()
    const fire = (node: Element, type: string) => {
      const e = new DragEvent(type, { bubbles: true, composed: true, cancelable: true, dataTransfer })
      node.dispatchEvent(e)
      return e
    }
    assertEqual($(el, '[part="drop-root"]'), null, 'not before a drag')
    fire(row(el, 'Robotics'), 'dragstart')
    await el.updateComplete
    const zone = $(el, '[part="drop-root"]')!
    assertEqual(zone.textContent!.trim(), 'Drop here to move it to the top level')
    assert(zone.getBoundingClientRect().height > 0, 'visible')
    assert(fire(zone, 'dragover').defaultPrevented, 'the zone accepts the drop')
    await el.updateComplete
    assert(zone.hasAttribute('data-drop'), 'highlighted while over it')
    fire(zone, 'drop')
    fire(row(el, 'Robotics'), 'dragend')
    await el.updateComplete
    assertEqual($(el, '[part="drop-root"]'), null, 'gone after the drop')
    await saved(el)
    assertEqual(outline(el).at(-1), 'Robotics')
    assertEqual((await serverOutline()).at(-1), 'Robotics')
  })

  it('a long name is cut with an ellipsis, and the full name is its tooltip and what the row says', async () => {
    const long = 'ACME Aerospace Advanced Propulsion and Orbital Systems Research Laboratory, Toulouse Site, Building 7'
    const tree = unwrap(
      await api.GET('/v1/customer-accounts/{id}/organisations', {
        params: { path: { id: 'ACME' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    tree[0].name = long
    const el = await mount((e) => {
      e.client = counter('demo-admin-key', (r) =>
        new URL(r.url).pathname.endsWith('/organisations') ? Promise.resolve(Response.json(tree)) : undefined,
      )
      e.style.width = '320px'
    })
    const name = row(el, long).querySelector<HTMLElement>('[part="name"]')!
    assertEqual(getComputedStyle(name).textOverflow, 'ellipsis')
    assert(name.scrollWidth > name.clientWidth, 'cut')
    assertEqual(name.title, long)
    assertEqual([row(el, long).textContent!.trim(), row(el, long).getAttribute('aria-label')], [long, null])
  })

  it('with theme="dark" the tree, its toolbar and a dialog are drawn in the dark scheme, and axe finds no violation', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('theme', 'dark')
    })
    assertEqual(getComputedStyle(el).backgroundColor, 'rgb(22, 27, 34)')
    assertEqual(getComputedStyle(el).colorScheme, 'dark')
    await assertAccessible(el, 'the dark tree')
    await focusRow(el, 'Tools')
    await press(el, 'Enter')
    await assertAccessible(el, 'a selected row in the dark')
    await press(el, 'Delete')
    await assertAccessible(el, 'the dark delete dialog')
  })

  it('counts are written for the language: 1,234 in English, 1 234 in French', async () => {
    const node = (i: number): OrganisationNode => ({
      id: `o${i}`,
      externalId: `O${i}`,
      accountId: 'acc',
      parentId: null,
      name: `Org ${String(i).padStart(4, '0')}`,
      status: 'ACTIVE',
      customFields: {},
      version: 1,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
      children: [],
    })
    const roots = Array.from({ length: 1234 }, (_, i) => node(i))
    const el = await mount(
      (e) =>
        (e.client = counter('demo-admin-key', (r) =>
          new URL(r.url).pathname.endsWith('/organisations') ? Promise.resolve(Response.json(roots)) : undefined,
        )),
    )
    assertEqual(status(el), '1,234 organisations.')
    el.lang = 'fr'
    await el.updateComplete
    assert(/^1\s234 organisations\.$/u.test(status(el)), status(el))
  })

  it('in French, a failed change and a refused delete are explained in French, without codes', async () => {
    const el = await mount((e) => {
      e.lang = 'fr'
      e.client = counter('demo-admin-key', (r) =>
        r.method === 'PUT' ? Promise.reject(new TypeError('Failed to fetch')) : undefined,
      )
    })
    await focusRow(el, 'Robotics')
    await press(el, 'Delete')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click()
    const problem = await until(() => dialog(el)?.querySelector('[role="alert"]'), 'the refusal in the dialog')
    assert(problem.textContent!.includes('cochez la case ci-dessous'), problem.textContent!)
    await press(el, 'Escape')
    await until(() => !dialog(el), 'the dialog to close')
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'Outils' })
    await press(el, 'Enter')
    const alert = await until(() => alertText(el), 'the alert')
    assertEqual(
      alert,
      'Impossible de renommer l’organisation. La modification a été annulée. Le serveur est injoignable. Vérifiez votre connexion, puis réessayez. Fermer',
    )
  })

  /** The toolbar button (by `data-action`) that has focus, else what `focused` says, else `lost` when the page's body has it. */
  const focusOf = (el: DjOrgTree) => {
    const a = el.shadowRoot!.activeElement as HTMLElement | null
    if (a?.dataset.action) return `action ${a.dataset.action}`
    return a
      ? focused(el)
      : document.activeElement === document.body
        ? 'lost'
        : `outside: ${document.activeElement?.tagName}`
  }

  it('the user dismisses the message of a rolled-back change by keyboard: focus goes back to the tree, not to the page', async () => {
    const el = await mount()
    await focusRow(el, 'Tools')
    await press(el, 'F2')
    await sendKeys({ type: 'robotics' })
    await press(el, 'Enter')
    await until(() => alertText(el), 'the alert')
    $<HTMLButtonElement>(el, 'button[part="dismiss"]')!.focus()
    await press(el, 'Enter')
    assertEqual(alertText(el), undefined)
    assertEqual(focusOf(el), 'Tools')
  })

  it('the user presses Retry by keyboard once the problem is fixed: the tree loads and takes focus', async () => {
    const flaky = clientFixedLater()
    const el = await mount((e) => (e.client = flaky.client))
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    flaky.fix()
    $<HTMLButtonElement>(el, 'button[part="retry"]')!.focus()
    await press(el, 'Enter')
    await until(() => rowEls(el).length === 6 && !alertText(el), 'the tree after Retry')
    await el.updateComplete
    assertEqual(focusOf(el), 'ACME Aerospace')
  })

  it('in an account with no organisation, cancelling the new row and deleting the only organisation leave focus on "Add top-level organisation"', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('account', 'INITECH')
    })
    $<HTMLButtonElement>(el, 'button[data-action="add-root"]')!.focus()
    await press(el, 'Enter')
    assertEqual(focusOf(el), '<input>')
    await press(el, 'Escape')
    assertEqual(focusOf(el), 'action add-root', 'after Escape')
    await press(el, 'Enter')
    await sendKeys({ type: 'Head Office' })
    await press(el, 'Enter')
    await saved(el)
    assertEqual(focusOf(el), 'Head Office')
    await press(el, 'Delete')
    dialog(el)!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.focus()
    await press(el, 'Enter')
    await saved(el)
    assertEqual($(el, '[part="empty"]')?.textContent, 'No organisations yet.')
    assertEqual(focusOf(el), 'action add-root', 'after the delete')
  })

  it('moved elsewhere in the page while loading, it still shows the tree', async () => {
    const el = await mount(undefined, false)
    const box = document.createElement('div')
    document.body.append(box)
    mounted.push(box)
    box.append(el)
    await until(() => loaded(el), 'the tree after the move')
    assertEqual(outline(el), ACME_SHOWN)
  })

  it('axe finds no serious or critical violation: the tree, both dialogs and a rolled-back change', async () => {
    const el = await mount(
      (e) =>
        (e.client = counter('demo-admin-key', (r) => (r.method === 'POST' ? Promise.resolve(forbidden()) : undefined))),
    )
    await assertAccessible(el, 'the tree')
    await focusRow(el, 'Satellites')
    await press(el, 'Delete')
    await assertAccessible(el, 'the delete dialog')
    await press(el, 'Escape')
    await until(() => !dialog(el), 'the dialog to close')
    await press(el, 'Control+m')
    await assertAccessible(el, 'the Move to… dialog')
    await press(el, 'Enter')
    await until(() => alertText(el), 'the refusal')
    await assertAccessible(el, 'the alert after a rollback')
  })

  it('a tree of 3,003 organisations renders only a window of rows; End reaches the last one and collapsing a big branch is immediate', async () => {
    // One account: 3 roots, each with 10 children, each with 99 children: 3 + 30 + 2,970 = 3,003 nodes, answered by the counting client's fetch.
    const node = (
      id: string,
      name: string,
      parentId: string | null,
      children: OrganisationNode[] = [],
    ): OrganisationNode => ({
      id,
      externalId: id,
      accountId: 'acc_big',
      parentId,
      name,
      status: 'ACTIVE',
      customFields: {},
      version: 1,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
      children,
    })
    const pad = (n: number) => String(n).padStart(3, '0')
    const leaves = (r: number, c: number) =>
      Array.from({ length: 99 }, (_, g) => node(`r${r}c${c}g${g}`, `Leaf ${r}.${pad(c)}.${pad(g)}`, `r${r}c${c}`))
    const branches = (r: number) =>
      Array.from({ length: 10 }, (_, c) => node(`r${r}c${c}`, `Branch ${r}.${pad(c)}`, `r${r}`, leaves(r, c)))
    const roots = [0, 1, 2].map((r) => node(`r${r}`, `Root ${r}`, null, branches(r)))
    const big = counter('demo-admin-key', (r) =>
      new URL(r.url).pathname.endsWith('/organisations') ? Promise.resolve(Response.json(roots)) : undefined,
    )
    const el = await mount((e) => {
      e.client = big
      e.expandDepth = 3
    })
    assertEqual(status(el), '3,003 organisations.')
    const rendered = rowEls(el).length
    assert(rendered > 5 && rendered < 120, `only a window is in the DOM (${rendered} rows)`)
    assertEqual(row(el, 'Leaf 0.000.000').getAttribute('aria-setsize'), '99')
    assertEqual(row(el, 'Leaf 0.000.000').getAttribute('aria-posinset'), '1')
    await focusRow(el, 'Root 0')
    await press(el, 'End')
    assertEqual(focused(el), 'Leaf 2.009.098')
    assertEqual(row(el, 'Leaf 2.009.098').getAttribute('aria-posinset'), '99')
    assert(rowEls(el).length < 120, 'still a window after scrolling to the end')
    await press(el, 'Home')
    assertEqual(focused(el), 'Root 0')
    await press(el, 'ArrowLeft')
    assertEqual(
      outline(el).slice(0, 3),
      ['Root 0', 'Root 1', '  Branch 1.000'],
      'Root 0 and its 1,000 descendants collapse',
    )
    await press(el, 'ArrowRight')
    assertEqual(outline(el).slice(0, 3), ['Root 0', '  Branch 0.000', '    Leaf 0.000.000'])
    assertEqual(writes().length, 0)
  })
})
