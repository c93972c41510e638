import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { guard } from 'lit/directives/guard.js'
import { unwrap, type Schemas } from '@dj-customers/sdk'
import { asOperator, caller } from '../shared/caller.js'
import { DjElement } from '../shared/element.js'
import { FocusController } from '../shared/focus.js'
import { icon } from '../shared/icons.js'
import { LoadController } from '../shared/load.js'
import { Locale } from '../shared/locale.js'
import { pageButtons } from '../shared/pager.js'
import { loadFailedAlert } from '../shared/problem.js'
import { list, listAttribute } from '../shared/text.js'
import { theme } from '../shared/theme.js'
import { DjLoadErrorEvent, DjStateChangeEvent } from './events.js'
import { messagesFor, type OperatorTableMessages } from './messages.js'
import { styles } from './operator-table.styles.js'
import { RowsWindow } from './rows-window.js'

type Operator = Schemas['Operator']
type OperatorPage = Schemas['OperatorPage']
type CurrentOperator = Schemas['CurrentOperator']

/** One sort level: an operator field and a direction. */
export interface SortEntry {
  field: string
  direction: 'asc' | 'desc'
}

/** Everything that decides which operators the table shows: the `state` property and the `dj-state-change` payload. */
export interface OperatorTableState {
  /** Substring of email, first name or last name (ADM-OPERATOR-USER-550 `search`). */
  search: string
  /** `ACTIVE` / `INACTIVE`; values are OR-ed, empty means any. */
  status: string[]
  /** `Admin` / `User` / `Reader`; OR-ed. */
  groups: string[]
  /** Store externalIds; OR-ed. */
  storeIds: string[]
  /** Sort levels, first one first. */
  sort: SortEntry[]
  /** Page index, 0-based. */
  page: number
  /** Page size, 1–1000. */
  size: number
  /** Columns the user chose to show, in the table's order; empty or absent: the element's `columns` (its default). */
  columns?: string[]
}

/** The state of a table nobody has touched. */
export const defaultState = (): OperatorTableState => ({
  search: '',
  status: [],
  groups: [],
  storeIds: [],
  sort: [],
  page: 0,
  size: 25,
  columns: [],
})

/** Fields the list route sorts by (ADM-OPERATOR-USER-550); other columns are shown but not sortable. */
export const SORTABLE_FIELDS = [
  'id',
  'externalId',
  'email',
  'civility',
  'firstName',
  'lastName',
  'fullName',
  'locale',
  'status',
  'createdAt',
  'updatedAt',
]
/** Every column the element knows. */
export const ALL_COLUMNS = [...SORTABLE_FIELDS.slice(0, 9), 'groups', 'storeIds', 'createdAt', 'updatedAt']
const DEFAULT_COLUMNS = ['fullName', 'email', 'externalId', 'status', 'groups', 'storeIds']
const knownColumns = (columns: readonly string[]) => columns.filter((c) => ALL_COLUMNS.includes(c))
const STATUSES = ['ACTIVE', 'INACTIVE']
const GROUPS = ['Admin', 'User', 'Reader']
const PAGE_SIZES = [10, 25, 50, 100]
/**
 * Pages longer than the pager offers (a host's `state.size`, up to 1,000) keep only the rows in view in the DOM
 * (`RowsWindow`): a 1,000-row page then costs what a screenful does (§5). Every page the pager offers keeps all its
 * rows in the DOM, where a screen reader's browse mode and the browser's find-in-page reach them all.
 */
const WINDOWED_ABOVE = PAGE_SIZES[PAGE_SIZES.length - 1]
/** Search waits this long after the last keystroke (ms). */
const SEARCH_DEBOUNCE = 300

const sameState = (a: OperatorTableState, b: OperatorTableState) => JSON.stringify(a) === JSON.stringify(b)

/** Reads a state from URL query parameters (the names the list route itself uses). */
export function stateFromQuery(query: URLSearchParams): OperatorTableState {
  const base = defaultState()
  const multi = (name: string) => query.getAll(name).flatMap(list)
  const int = (name: string, fallback: number, min: number) => {
    const n = Number.parseInt(query.get(name) ?? '', 10)
    return Number.isFinite(n) && n >= min ? n : fallback
  }
  return {
    search: query.get('search') ?? '',
    status: multi('status'),
    groups: multi('groups'),
    storeIds: multi('storeIds'),
    sort: query
      .getAll('sort')
      .map((s) => s.split(':'))
      .filter(([field]) => SORTABLE_FIELDS.includes(field))
      .map(([field, dir]) => ({ field, direction: dir === 'desc' ? 'desc' : 'asc' })),
    page: int('page', base.page, 0),
    size: Math.min(int('size', base.size, 1), 1000),
    columns: [...new Set(knownColumns(multi('columns')))],
  }
}

/** Writes `state` into `query` (non-default values only), leaving the host page's other parameters alone. */
export function stateToQuery(state: OperatorTableState, query: URLSearchParams): URLSearchParams {
  for (const name of ['search', 'status', 'groups', 'storeIds', 'sort', 'page', 'size', 'columns']) query.delete(name)
  if (state.search) query.set('search', state.search)
  if (state.status.length) query.set('status', state.status.join(','))
  if (state.groups.length) query.set('groups', state.groups.join(','))
  if (state.storeIds.length) query.set('storeIds', state.storeIds.join(','))
  for (const s of state.sort) query.append('sort', `${s.field}:${s.direction}`)
  if (state.page) query.set('page', String(state.page))
  if (state.size !== defaultState().size) query.set('size', String(state.size))
  if (state.columns?.length) query.set('columns', state.columns.join(','))
  return query
}

/**
 * @summary The back-office operator list (ADM-OPERATOR-USER-550): search, filters, multi-column sort, paging
 * and column choice, with its state as a property, an event and optionally the URL. A page longer than the pager
 * offers (more than 100 rows, through `state.size`) keeps only the rows in view in the DOM, with `aria-rowcount`
 * and `aria-rowindex` (docs/components.md).
 *
 * @event dj-state-change - The user changed the search, a filter, the sort, the page, the page size or the columns shown. `event.state`.
 * @event dj-load-error - A page could not be loaded (the user reads a sentence about what to do). `event.error`: a `DjProblemError` (`status`, `code`, `detail`) for API problems, or the network error.
 *
 * @csspart toolbar - The bar holding search, filters and the column chooser's button.
 * @csspart search - The search input.
 * @csspart filters - Each filter group (status, groups, and stores: only the stores assigned to the operator, OP7; the Stores column too names only those).
 * @csspart column-chooser-button - The button that opens the column chooser (`aria-expanded`, `aria-controls`).
 * @csspart column-chooser - The popover listing the columns (a checkbox each, in the table's order).
 * @csspart count - The live result count.
 * @csspart table - The `<table>`.
 * @csspart header - Each column header cell.
 * @csspart sort-button - The button inside a sortable column header.
 * @csspart row - Each operator row.
 * @csspart cell - Each data cell.
 * @csspart empty - The row shown when nothing matches.
 * @csspart error - The error message box.
 * @csspart retry - The Retry button.
 * @csspart pager - The paging controls (first, previous, next and last page, the range, the page size).
 * @csspart range - The rows shown and the total (`1–25 of 65`).
 * @csspart badge - The status badge in a Status cell (`.badge.success` for Active).
 * @csspart stores-hint - The note shown instead of the stores filter when no store is assigned to the operator.
 *
 * @cssproperty --dj-color-text - Text colour (shared design language, docs/components.md §Theming; also `--dj-color-muted`, `--dj-color-surface`, `--dj-color-surface-raised` for the header row, `--dj-color-border`, `--dj-color-accent`, `--dj-color-success` for the Active badge, `--dj-color-danger`, `--dj-color-hover`).
 * @cssproperty --dj-font - Font shorthand. Default: inherit.
 * @cssproperty --dj-radius - Corner radius of inputs, buttons and boxes. Default: 6px.
 * @cssproperty --dj-space - Base spacing. Default: 0.5rem.
 * @cssproperty --dj-row-height - Minimum height of a row (density). Default: 2.25rem.
 *
 * @example
 * ```html
 * <dj-operator-table base-url="https://api.example.com" api-key="…" sync-url lang="fr"></dj-operator-table>
 * ```
 */
export class DjOperatorTable extends DjElement {
  static override styles = [theme, styles]

  static override properties: PropertyDeclarations = {
    columns: { converter: listAttribute },
    state: { attribute: false },
    syncUrl: { type: Boolean, attribute: 'sync-url' },
    result: { state: true },
    error: { state: true },
    searchText: { state: true },
    chooserOpen: { state: true },
    me: { state: true },
    slow: { state: true },
  }

  /**
   * Operator fields shown as columns by default, in order (attribute: comma-separated). The user's choice in the
   * column chooser is `state.columns`, which wins while it is not empty.
   */
  declare columns: string[]
  /** The table state. Setting it loads the matching page; user changes replace it and fire `dj-state-change`. */
  declare state: OperatorTableState
  /** Reads the state from the page's query string on start and writes it back (`history.replaceState`). */
  declare syncUrl: boolean

  /** The page now shown (kept under a failed load's error). */
  declare protected result: OperatorPage | undefined
  /** The last load failed (shown with Retry until a load succeeds). */
  declare protected error: unknown
  /** What the search box holds, ahead of the debounced `state.search`. */
  declare protected searchText: string
  /** The column chooser's popover is open. */
  declare protected chooserOpen: boolean
  /** The first load has taken long enough for the skeleton rows to shimmer. */
  declare protected slow: boolean
  /** Who is using the table (OP7): `undefined` while asked, `null` when it could not be read. */
  declare protected me: CurrentOperator | null | undefined

  /**
   * The operator using the table (OP7 `GET /v1/operator-users/me`: level, support permission, assigned stores), for
   * the page to hide what that operator may not do; `undefined` until known, or when it could not be read. Read-only.
   * The stores filter offers only the assigned stores (the API itself is not restricted by store, OP4).
   */
  get currentOperator(): CurrentOperator | undefined {
    return this.me ?? undefined
  }

  private locale = new Locale(this, messagesFor)
  /** One request per state; a new one aborts the one in flight, so only the latest answer is ever shown. */
  private loader = new LoadController(this, {
    // The query as a string: showing or hiding a column changes the state, but asks for nothing new.
    args: () => {
      const api = this.api
      const { columns: _, ...query } = this.state
      return api && ([api, JSON.stringify(query)] as const)
    },
    task: ([api], signal) => {
      const s = this.state
      const many = (v: string[]) => (v.length ? v : undefined)
      return api
        .GET('/v1/operator-users', {
          params: {
            query: {
              search: s.search || undefined,
              status: many(s.status),
              groups: many(s.groups),
              storeIds: many(s.storeIds),
              sort: many(s.sort.map((e) => `${e.field}:${e.direction}`)),
              page: s.page,
              size: s.size,
            },
          },
          signal,
        })
        .then(unwrap)
    },
    onComplete: (page) => {
      this.result = page
      this.error = undefined
    },
    onError: (e) => {
      this.error = e
      this.dispatchEvent(new DjLoadErrorEvent(e))
    },
  })
  private searchTimer: ReturnType<typeof setTimeout> | undefined
  private slowTimer: ReturnType<typeof setTimeout> | undefined
  /** The user's assigned stores (OP7), externalId → name, once known. */
  private storeNames: Map<string, string> | undefined
  private rowsWindow = new RowsWindow(this, () => this.renderRoot.querySelector('tbody'))
  /** Column widths of a windowed page (see `widths`), with what they were computed for. */
  private widthsFor: [readonly unknown[], number[]] | undefined

  constructor() {
    super()
    this.columns = DEFAULT_COLUMNS
    this.state = defaultState()
    this.syncUrl = false
    this.searchText = ''
    this.chooserOpen = false
    this.slow = false
    // Who is using the table, asked once per client for the whole page (shared/caller.ts). Failing is no error to
    // show: the list works without it, and offers no store choice it cannot vouch for.
    new LoadController(this, {
      args: () => {
        const api = this.api
        return api && ([api] as const)
      },
      task: ([api], signal) => caller(api, asOperator, signal),
      onComplete: (c) => (this.me = c.operator),
      onError: () => (this.me = null),
      onIdle: () => (this.me = undefined),
    })
    // Focus whose control went away or got disabled in an update (Retry, a pager button at either end) stays in
    // the table: on Previous or Next, whichever is enabled, or on the search box.
    new FocusController(this, {
      to: (lost) =>
        this.renderRoot.querySelector<HTMLElement>(
          lost.closest('.pager') ? '.pager .previous:enabled, .pager .next:enabled, #size' : '#search',
        ),
    })
  }

  /** Loads the current page again (what Retry does). */
  reload(): Promise<void> {
    return this.loader.run()
  }

  override connectedCallback() {
    super.connectedCallback()
    if (!this.hasUpdated) return
    // Back after a disconnection (the element was moved in the page): the search that waited for its pause runs
    // now (a load that was stopped runs again by itself, with this search if there is one).
    const search = this.searchText.trim()
    if (search !== this.state.search) this.change({ search, page: 0 })
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    clearTimeout(this.searchTimer)
    this.searchTimer = undefined
    this.followButton(false)
    clearTimeout(this.slowTimer)
    this.slowTimer = undefined
  }

  private get loading() {
    return this.loader.pending
  }

  private get m(): OperatorTableMessages {
    return this.locale.messages
  }

  /** A user change: new state, event, and (through the update) a new request. */
  private change(patch: Partial<OperatorTableState>) {
    const next = { ...this.state, ...patch }
    if (sameState(next, this.state)) return
    this.state = next
    this.dispatchEvent(new DjStateChangeEvent(next))
  }

  private onSearchInput = (e: Event) => {
    this.searchText = (e.target as HTMLInputElement).value
    clearTimeout(this.searchTimer)
    this.searchTimer = setTimeout(() => {
      this.searchTimer = undefined
      this.change({ search: this.searchText.trim(), page: 0 })
    }, SEARCH_DEBOUNCE)
  }

  private toggleFilter(name: 'status' | 'groups' | 'storeIds', value: string, on: boolean) {
    const values = this.state[name].filter((v) => v !== value)
    if (on) values.push(value)
    this.change({ [name]: values, page: 0 })
  }

  /**
   * APG sortable table: activating a header sorts by that column, activating it again reverses the order.
   * Adding (Shift) keeps the other levels and appends this column, or reverses it if already sorted by it.
   */
  private sortBy(field: string, add: boolean) {
    const sort = this.state.sort
    const current = sort.find((s) => s.field === field)
    const flipped: SortEntry = { field, direction: current?.direction === 'asc' ? 'desc' : 'asc' }
    if (add)
      this.change({
        sort: current ? sort.map((s) => (s === current ? flipped : s)) : [...sort, { field, direction: 'asc' }],
        page: 0,
      })
    else this.change({ sort: [current && sort[0] === current ? flipped : { field, direction: 'asc' }], page: 0 })
  }

  private onHeaderKeydown = (e: KeyboardEvent) => {
    // Enter activates the header button; with Shift it adds a sort level. Handled here, because the click a
    // button synthesises for Enter does not carry the Shift key.
    if (e.key !== 'Enter') return
    e.preventDefault()
    this.sortBy((e.currentTarget as HTMLElement).dataset.field!, e.shiftKey)
  }

  /** The `columns` property's known fields, or the built-in default. */
  private get defaultColumns(): string[] {
    const known = knownColumns(this.columns)
    return known.length ? known : DEFAULT_COLUMNS
  }

  /** Every column in the table's order: the default ones as the host ordered them, then the others. */
  private get columnOrder(): string[] {
    const start = this.defaultColumns
    return [...start, ...ALL_COLUMNS.filter((c) => !start.includes(c))]
  }

  /** The columns shown: the user's choice (`state.columns`) if any, else the default, always in `columnOrder`. */
  private get shownColumns(): string[] {
    const chosen = knownColumns(this.state.columns ?? [])
    return chosen.length ? this.columnOrder.filter((c) => chosen.includes(c)) : this.defaultColumns
  }

  /** A column shown or hidden keeps its place in the table's order; the default set is stored as `[]`. */
  private onColumnToggle(field: string, on: boolean) {
    const shown = this.shownColumns
    const next = this.columnOrder.filter((c) => (c === field ? on : shown.includes(c)))
    if (!next.length) return
    this.change({ columns: next.join() === this.defaultColumns.join() ? [] : next })
  }

  private get chooserButton() {
    return this.renderRoot.querySelector<HTMLButtonElement>('#columns-button')
  }

  private get chooserPanel() {
    return this.renderRoot.querySelector<HTMLElement>('#columns-panel')
  }

  private get chooserBoxes() {
    return [...(this.chooserPanel?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])]
  }

  /** Puts the popover (fixed, in the top layer) under its button, inside the viewport. */
  private placeChooser = () => {
    const button = this.chooserButton
    const panel = this.chooserPanel
    if (!button || !panel) return
    const r = button.getBoundingClientRect()
    const margin = 8
    const width = panel.offsetWidth
    const left = Math.max(margin, Math.min(r.left, innerWidth - width - margin))
    const below = r.bottom + 4
    const top =
      below + panel.offsetHeight > innerHeight - margin && r.top > innerHeight / 2
        ? Math.max(margin, r.top - 4 - panel.offsetHeight)
        : below
    panel.style.left = `${left}px`
    panel.style.top = `${top}px`
  }

  /** While the popover is open, it follows its button when the page scrolls or the window resizes. */
  private followButton(on: boolean) {
    const method = on ? addEventListener : removeEventListener
    method('scroll', this.placeChooser, { capture: true, passive: true } as AddEventListenerOptions)
    method('resize', this.placeChooser)
  }

  private onChooserBeforeToggle = (e: Event) => {
    const opening = (e as ToggleEvent).newState === 'open'
    this.chooserOpen = opening
    if (opening) return
    this.followButton(false)
    // Closed by Escape (or the button) while focus was inside: focus goes back to the button, not to the page.
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null
    if (active && this.chooserPanel?.contains(active)) this.chooserButton?.focus()
  }

  private onChooserToggle = (e: Event) => {
    if ((e as ToggleEvent).newState !== 'open') return
    this.placeChooser()
    this.followButton(true)
    this.chooserBoxes.find((b) => !b.disabled)?.focus()
  }

  /** Arrow keys, Home and End move among the checkboxes (Tab does too); Escape closes. */
  private onChooserKeydown = (e: KeyboardEvent) => {
    const boxes = this.chooserBoxes.filter((b) => !b.disabled)
    const at = boxes.indexOf(e.target as HTMLInputElement)
    let to: number
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        to = (at + 1) % boxes.length
        break
      case 'ArrowUp':
      case 'ArrowLeft':
        to = (at - 1 + boxes.length) % boxes.length
        break
      case 'Home':
        to = 0
        break
      case 'End':
        to = boxes.length - 1
        break
      case 'Escape':
        e.preventDefault()
        this.chooserPanel?.hidePopover()
        return
      default:
        return
    }
    e.preventDefault()
    boxes[to]?.focus()
  }

  /** Focus leaving for another control (Tab past the last checkbox) closes the popover. */
  private onChooserFocusout = (e: FocusEvent) => {
    const to = e.relatedTarget as Node | null
    const panel = this.chooserPanel
    if (to && panel && !panel.contains(to) && to !== this.chooserButton && panel.matches(':popover-open'))
      panel.hidePopover()
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (!this.hasUpdated && this.syncUrl) {
      const fromUrl = stateFromQuery(new URLSearchParams(location.search))
      if (!sameState(fromUrl, defaultState())) this.state = fromUrl
    }
    if (changed.has('state') && this.searchTimer === undefined) this.searchText = this.state.search
    if (changed.has('state') && this.syncUrl && this.hasUpdated) {
      const url = new URL(location.href)
      stateToQuery(this.state, url.searchParams)
      history.replaceState(history.state, '', url)
    }
  }

  /**
   * The skeleton rows are still grey blocks at first, and shimmer only once the first load is slow: a running
   * animation makes the browser draw frames, which a page that answers at once would pay for (§5 budget).
   */
  protected override updated() {
    const waiting = !this.result && this.loading
    if (waiting && !this.slowTimer) this.slowTimer = setTimeout(() => (this.slow = true), 300)
    if (!waiting && this.slowTimer) {
      clearTimeout(this.slowTimer)
      this.slowTimer = undefined
      this.slow = false
    }
  }

  /** One cell's content. `m` and `lang` are passed in: reading `this.m` walks up for `lang`, too slow 6,000 times a page. */
  private cell(op: Operator, field: string, m: OperatorTableMessages, lang: string): Node | string {
    const value = (op as unknown as Record<string, unknown>)[field]
    if (field === 'status') return m.values[op.status] ?? ''
    if (field === 'groups') return op.groups.map((g) => m.values[g] ?? g).join(', ')
    // OP7 segmentation: the stores assigned to the user, by name; the others are not theirs to see.
    const stores = this.storeNames
    if (field === 'storeIds' && stores) return op.storeIds.flatMap((id) => stores.get(id) ?? []).join(', ')
    if (Array.isArray(value)) return value.join(', ')
    if ((field === 'createdAt' || field === 'updatedAt') && typeof value === 'string') {
      const time = document.createElement('time')
      time.dateTime = value
      time.textContent = new Date(value).toLocaleDateString(lang || undefined)
      return time
    }
    return value == null ? '' : String(value)
  }

  /**
   * The body rows, built outside Lit as one fragment: a prepared row (a cell per column, a badge in Status) cloned
   * per operator, its cells filled as text. A 1,000-row page is then 1,000 clones put in the table at once, not
   * 1,000 template instances with 8,000 markers inserted one by one (§5: a 1,000-row page within 1.2× a plain
   * table). Values are only ever text (or a `<time>`), never markup. `render` asks again only when the page, the
   * columns, the language or the caller changed (`guard`).
   */
  private rows(
    content: Operator[],
    columns: string[],
    m: OperatorTableMessages,
    lang: string,
    [first, last]: readonly [number, number],
    windowed: boolean,
  ): DocumentFragment {
    const proto = document.createElement('tr')
    proto.setAttribute('part', 'row')
    for (const c of columns) {
      const td = proto.appendChild(document.createElement('td'))
      td.setAttribute('part', 'cell')
      td.dataset.field = c
      if (c === 'status') td.appendChild(document.createElement('span')).setAttribute('part', 'badge')
    }
    const out = document.createDocumentFragment()
    for (let i = first; i < last; i++) {
      const op = content[i]
      const tr = proto.cloneNode(true) as HTMLTableRowElement
      tr.dataset.id = op.id
      // Its place among all the page's rows, the header row being 1 (APG: rows missing from the DOM).
      if (windowed) tr.ariaRowIndex = String(i + 2)
      let td = tr.firstElementChild
      for (const c of columns) {
        const value = this.cell(op, c, m, lang)
        const into = c === 'status' ? (td!.firstChild as HTMLElement) : td!
        if (c === 'status') into.className = op.status === 'ACTIVE' ? 'badge success' : 'badge'
        if (typeof value === 'string') into.textContent = value
        else into.append(value)
        td = td!.nextElementSibling
      }
      out.append(tr)
    }
    return out
  }

  /**
   * Each column's width on a windowed page, in `ch`: the longest text the column holds on the whole page (its
   * header with the sort arrows included), so that columns keep their width while rows come and go. Kept for the
   * page, the columns, the language and the caller (store names).
   */
  private widths(page: OperatorPage, columns: string[], m: OperatorTableMessages, lang: string): number[] {
    const key = [page, columns.join(), lang, this.me] as const
    const kept = this.widthsFor
    if (kept && key.every((k, i) => k === kept[0][i])) return kept[1]
    const widths = columns.map((c) => {
      let max = (m.fields[c] ?? c).length + 3
      // Dates all read alike: the first one stands for the others.
      for (const op of c === 'createdAt' || c === 'updatedAt' ? page.content.slice(0, 1) : page.content) {
        const v = this.cell(op, c, m, lang)
        max = Math.max(max, typeof v === 'string' ? v.length : (v.textContent ?? '').length)
      }
      // The badge's padding.
      return c === 'status' ? max + 2 : max
    })
    this.widthsFor = [key, widths]
    return widths
  }

  private header(field: string) {
    const m = this.m
    const label = m.fields[field] ?? field
    if (!SORTABLE_FIELDS.includes(field)) return html`<th scope="col" part="header">${label}</th>`
    const index = this.state.sort.findIndex((s) => s.field === field)
    const entry = this.state.sort[index]
    const desc = entry?.direction === 'desc'
    // aria-sort goes on the first sort level only (APG: one sorted header at a time); further levels are
    // spoken through hidden text in the button.
    const ariaSort = index === 0 ? (desc ? 'descending' : 'ascending') : nothing
    const level = entry && this.state.sort.length > 1 ? index + 1 : ''
    return html`<th scope="col" part="header" aria-sort=${ariaSort}>
      <button type="button" part="sort-button" data-field=${field} @click=${(e: MouseEvent) => this.sortBy(field, e.shiftKey)} @keydown=${this.onHeaderKeydown}>
        ${label}<span class="indicator ${entry ? 'on' : ''}" aria-hidden="true">${icon(entry ? (desc ? 'sort-desc' : 'sort-asc') : 'sort-none')}${level}</span>
        ${index > 0 ? html`<span class="visually-hidden">${m.sortLevel(index + 1, desc)}</span>` : nothing}
      </button>
    </th>`
  }

  /** A filter as a group of checkboxes: `values` with their labels. */
  private checkboxes(name: 'status' | 'groups' | 'storeIds', values: [string, string][]) {
    return html`<fieldset part="filters">
      <legend>${this.m[name === 'storeIds' ? 'stores' : name]}</legend>
      ${values.map(
        ([
          v,
          label,
        ]) => html`<label><input type="checkbox" name=${name} value=${v} .checked=${this.state[name].includes(v)}
          @change=${(e: Event) => this.toggleFilter(name, v, (e.target as HTMLInputElement).checked)} />${label}</label>`,
      )}
    </fieldset>`
  }

  /**
   * The stores filter (OP7): the operator's assigned stores only, by name, plus any store the state already filters
   * by (from the URL), so it can be unticked. Nothing while the operator is not known; a note when no store is assigned.
   */
  private storesFilter() {
    const me = this.me
    const choices = new Map((me?.stores ?? []).map((s) => [s.externalId, s.name]))
    for (const id of this.state.storeIds) if (!choices.has(id)) choices.set(id, id)
    if (choices.size) return this.checkboxes('storeIds', [...choices])
    return me ? html`<p class="hint" part="stores-hint">${this.m.noStores}</p>` : nothing
  }

  protected override render() {
    const m = this.m
    const s = this.state
    const page = this.result
    const lang = this.locale.language
    const n = (x: number) => this.locale.number(x)
    // Only known fields: a column name also becomes template text in `rows`.
    const columns = this.shownColumns
    const status =
      this.error && !page
        ? ''
        : page && !this.loading
          ? m.count(page.totalElements, n(page.totalElements))
          : this.loading
            ? m.loading
            : ''
    const labelled = (values: string[]): [string, string][] => values.map((v) => [v, m.values[v] ?? v])
    const from = page ? page.number * page.size + 1 : 0
    const lastPage = page ? Math.max(page.totalPages - 1, 0) : 0
    // First load: grey rows where the operators will be, so nothing jumps when they come.
    const skeleton = !page && this.loading ? Array.from({ length: Math.min(s.size, 10) }) : []
    this.storeNames = this.me ? new Map(this.me.stores.map((st) => [st.externalId, st.name])) : undefined
    const content = page?.content ?? []
    const windowed = content.length > WINDOWED_ABOVE
    // A page that is not windowed sizes the window to nothing, so that scrolling past it asks for no update.
    const span = this.rowsWindow.size(windowed ? content.length : 0)
    const [first, last] = windowed ? span : [0, content.length]
    const spacer = (px: number) =>
      html`<tr class="spacer" aria-hidden="true"><td colspan=${columns.length} style="height: ${px}px"></td></tr>`
    return html`
      <div class="toolbar" part="toolbar">
        <div class="field">
          <label for="search">${m.search}</label>
          <input id="search" type="search" part="search" autocomplete="off" placeholder=${m.searchPlaceholder} .value=${this.searchText} @input=${this.onSearchInput} />
        </div>
        ${this.checkboxes('status', labelled(STATUSES))} ${this.checkboxes('groups', labelled(GROUPS))} ${this.storesFilter()}
        <div class="columns">
          <button type="button" id="columns-button" part="column-chooser-button" popovertarget="columns-panel" aria-controls="columns-panel" aria-expanded=${this.chooserOpen ? 'true' : 'false'}>
            ${icon('columns')} ${m.columns} ${icon('chevron-down')}
          </button>
          <div id="columns-panel" class="columns-panel" part="column-chooser" popover role="group" aria-labelledby="columns-button"
            @beforetoggle=${this.onChooserBeforeToggle} @toggle=${this.onChooserToggle} @keydown=${this.onChooserKeydown} @focusout=${this.onChooserFocusout}>
            <ul>
              ${this.columnOrder.map((c) => {
                const on = columns.includes(c)
                return html`<li><label><input type="checkbox" data-field=${c} .checked=${on} ?disabled=${on && columns.length === 1}
                  @change=${(e: Event) => this.onColumnToggle(c, (e.target as HTMLInputElement).checked)} />${m.fields[c] ?? c}</label></li>`
              })}
            </ul>
          </div>
        </div>
      </div>
      <p class="status" part="count" role="status" aria-live="polite">${status}</p>
      ${loadFailedAlert(this.error, m, lang, () => this.reload())}
      <div class="table-wrap">
        <table part="table" aria-busy=${this.loading ? 'true' : 'false'} aria-describedby="sort-hint" ?data-windowed=${windowed}
          aria-rowcount=${windowed ? content.length + 1 : nothing}>
          <caption>${m.caption}</caption>
          ${windowed ? html`<colgroup>${this.widths(page!, columns, m, lang).map((w) => html`<col style="width: calc(${w}ch + 2 * var(--_dj-space))" />`)}</colgroup>` : nothing}
          <thead>
            <tr aria-rowindex=${windowed ? 1 : nothing}>${columns.map((c) => this.header(c))}</tr>
          </thead>
          <tbody class=${this.slow ? 'slow' : ''}>
            ${windowed ? spacer(this.rowsWindow.spaces[0]) : nothing}
            ${guard([page, columns.join(), m, lang, columns.includes('storeIds') && this.me, first, last], () => (page ? this.rows(content, columns, m, lang, [first, last], windowed) : nothing))}
            ${windowed ? spacer(this.rowsWindow.spaces[1]) : nothing}
            ${page && page.content.length === 0 ? html`<tr><td class="empty" part="empty" colspan=${columns.length}>${m.empty}</td></tr>` : nothing}
            ${skeleton.map(() => html`<tr class="skeleton-row" aria-hidden="true">${columns.map(() => html`<td><span class="skeleton"></span></td>`)}</tr>`)}
          </tbody>
        </table>
      </div>
      <p id="sort-hint" class="hint visually-hidden">${m.sortHint}</p>
      <nav class="pager" part="pager" aria-label=${m.paging}>
        ${pageButtons(m, s.page, lastPage, !page || page.last, page?.numberOfElements ? m.range(n(from), n(from + page.numberOfElements - 1), n(page.totalElements)) : '', (to) => this.change({ page: to }))}
        <label for="size">${m.pageSize}</label>
        <select id="size" @change=${(e: Event) => this.change({ size: Number((e.target as HTMLSelectElement).value), page: 0 })}>
          ${[...new Set([...PAGE_SIZES, s.size])].sort((a, b) => a - b).map((n) => html`<option .value=${String(n)} ?selected=${n === s.size}>${n}</option>`)}
        </select>
      </nav>
    `
  }
}
