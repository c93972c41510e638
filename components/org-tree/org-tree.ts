import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { createClient, unwrap, DjProblemError, type DjClient, type Schemas } from '@dj-customers/sdk'
import {
  DjOrgAddEvent,
  DjOrgChangeEvent,
  DjOrgDeleteEvent,
  DjOrgErrorEvent,
  DjOrgMoveEvent,
  DjOrgRenameEvent,
  DjOrgSelectEvent,
  type OrgTreeAction,
} from './events.js'
import { messagesFor, type OrgTreeMessages } from './messages.js'
import { styles } from './org-tree.styles.js'

type Organisation = Schemas['Organisation']
type OrganisationNode = Schemas['OrganisationNode']

/** `back-office`: an operator's view of one account (`/v1/...`, API key). `storefront`: a customer user's view (`/v1/shop/...`, token; O5). */
export type OrgTreeMode = 'back-office' | 'storefront'

/** Makes the externalId of an organisation the user adds (externalIds are caller-made, unique, `^[A-Za-z0-9_.:-]{1,255}$`). */
export type ExternalIdMaker = (name: string, parent: Organisation | null) => string

/**
 * One organisation as the tree holds it: its record plus links, so that expanding, collapsing and moving
 * are pointer and splice operations, never a rebuild from the server's nested JSON.
 */
interface TreeNode {
  /** Render key: stable while the node lives, even when a created organisation gets its server id. */
  key: number
  rec: Organisation
  parent: TreeNode | null
  children: TreeNode[]
  /** 1 for a top-level row (`aria-level`). */
  level: number
  /** 1-based place among its siblings (`aria-posinset`). */
  pos: number
  expanded: boolean
  /** Added in the tree, not yet created on the server. */
  draft: boolean
  /** Lower-cased, accent-free name for type-ahead (computed on first use). */
  folded: string | undefined
}

interface Target {
  node: TreeNode | null
  label: string
}

/** O1: organisations nest at most 10 deep; a move that would go deeper is refused before any request. */
const MAX_DEPTH = 10
/** Rows rendered above and below the viewport, so that short scrolls never show a gap. */
const OVERSCAN = 8
/** Keys typed within this many ms form one type-ahead string. */
const TYPEAHEAD_MS = 750
/** At most this many destinations listed at once in "Move to…" (typing narrows the list). */
const MAX_TARGETS = 100

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
const slug = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toUpperCase()
/** The server's sibling order (name, then id), so that an optimistic change lands where a reload would put it. */
const byName = (a: TreeNode, b: TreeNode) =>
  a.rec.name.localeCompare(b.rec.name) || (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0)
/** The record without the server's nested `children` (stale once the tree changes). */
const plain = (n: TreeNode): Organisation => {
  const { children: _, ...rec } = n.rec as Organisation & { children?: unknown }
  return rec
}
/** Appends the visible rows of `list` (depth first, children of expanded nodes only) to `out`. */
function collect(list: TreeNode[], out: TreeNode[]) {
  for (const n of list) {
    out.push(n)
    if (n.expanded && n.children.length) collect(n.children, out)
  }
}
function renumber(list: TreeNode[]) {
  for (let k = 0; k < list.length; k++) list[k].pos = k + 1
}
function setLevel(n: TreeNode, level: number) {
  n.level = level
  for (const c of n.children) setLevel(c, level + 1)
}
/** Levels a subtree spans (1 for a leaf). */
const heightOf = (n: TreeNode): number => 1 + n.children.reduce((h, c) => Math.max(h, heightOf(c)), 0)
const sizeOf = (n: TreeNode): number => n.children.reduce((s, c) => s + sizeOf(c), 1)
/** `inner` is `outer` or lies under it. */
function within(inner: TreeNode | null, outer: TreeNode) {
  for (let p = inner; p; p = p.parent) if (p === outer) return true
  return false
}

/**
 * @summary An account's organisation tree (O1–O5), in the back office or on the storefront, as a WAI-ARIA
 * tree view: keyboard model with type-ahead and `*`, add, rename (F2), delete with confirmation and the cascade
 * choice, move by drag and drop or "Move to…", cycles refused before any request, optimistic updates rolled back
 * on error, and virtualised rows so that 10,000 organisations stay smooth.
 *
 * Rows are windowed by hand rather than with `@lit-labs/virtualizer`: every row has the same height, so the
 * window is two divisions, and the row that holds focus (roving tabindex) is always rendered synchronously,
 * in the same update as the key press. The virtualizer measures each child with ResizeObserver and lays out
 * on a later animation frame, which makes "move focus to a row that is not rendered yet" asynchronous, costs
 * a frame on each expand or collapse, and stalls in pages that get no animation frames.
 *
 * @event dj-org-select - The user selected an organisation (Enter or click). `event.organisation`.
 * @event dj-org-add - Before creating an organisation; cancelable. `event.parent` (null: top level), `event.name`, `event.externalId`.
 * @event dj-org-rename - Before a rename; cancelable. `event.organisation`, `event.name` (the new name).
 * @event dj-org-move - Before a move; cancelable. `event.organisation`, `event.from`, `event.to` (null: top level).
 * @event dj-org-delete - Before a delete; cancelable. `event.organisation`, `event.cascade`.
 * @event dj-org-change - A write succeeded. `event.action` (add / rename / move / delete), `event.organisation` (the server's answer).
 * @event dj-org-error - Loading or a write failed (the write was rolled back). `event.action` (load / add / rename / move / delete), `event.error`.
 *
 * @csspart toolbar - The bar of actions on the focused organisation.
 * @csspart action - Each button of the toolbar (`data-action` = add / add-root / rename / move / delete).
 * @csspart status - The live status line (loading, count, results of changes).
 * @csspart error - An error message box (loading, a failed change, a refused delete).
 * @csspart retry - The Retry button of a load error.
 * @csspart dismiss - The button that closes the message of a failed change.
 * @csspart empty - The text shown when the account has no organisation.
 * @csspart viewport - The scrolling box around the tree.
 * @csspart tree - The `role="tree"` element.
 * @csspart row - Each organisation row (`aria-selected`, `aria-expanded`, `data-drop` while a valid drop target, `data-draft` while being added).
 * @csspart twisty - The expand / collapse indicator of a row.
 * @csspart name - The name in a row.
 * @csspart editor - The inline input for a new name (F2, add).
 * @csspart dialog - The delete confirmation and "Move to…" dialogs.
 * @csspart cascade - The cascade option of the delete dialog.
 * @csspart confirm - The confirming button of a dialog.
 * @csspart cancel - The Cancel button of a dialog.
 * @csspart filter - The destination search box of "Move to…".
 * @csspart targets - The list of destinations of "Move to…".
 * @csspart target - Each destination.
 *
 * @cssproperty --dj-org-tree-font - Font shorthand. Default: inherit.
 * @cssproperty --dj-org-tree-color - Text colour.
 * @cssproperty --dj-org-tree-muted-color - Secondary text colour (status, hints, twisties).
 * @cssproperty --dj-org-tree-background - Background of the element, its dialogs and buttons.
 * @cssproperty --dj-org-tree-border-color - Borders of the viewport, dialogs, inputs and buttons.
 * @cssproperty --dj-org-tree-accent-color - Focus ring, drop target and confirming buttons.
 * @cssproperty --dj-org-tree-danger-color - Errors and the delete button.
 * @cssproperty --dj-org-tree-selected-background - Background of the selected row and of the active destination.
 * @cssproperty --dj-org-tree-hover-background - Background of a hovered row.
 * @cssproperty --dj-org-tree-drop-background - Background of a valid drop target while dragging.
 * @cssproperty --dj-org-tree-row-height - Height of every row (rows are virtualised, so they all have this height). Default: 2rem.
 * @cssproperty --dj-org-tree-indent - Indentation per level.
 * @cssproperty --dj-org-tree-max-height - Height beyond which the tree scrolls. Default: 24rem.
 * @cssproperty --dj-org-tree-spacing - Base spacing.
 * @cssproperty --dj-org-tree-radius - Corner radius of the viewport, dialogs and buttons.
 *
 * @example
 * ```html
 * <!-- Back office: an operator edits account ACME's tree. -->
 * <dj-org-tree account="ACME" base-url="https://api.example.com" api-key="…" lang="fr"></dj-org-tree>
 * <!-- Storefront: a signed-in customer user sees what O5 allows (token from POST /auth/token). -->
 * <dj-org-tree mode="storefront" base-url="https://api.example.com" token="…"></dj-org-tree>
 * ```
 */
export class DjOrgTree extends LitElement {
  static override styles = styles

  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    mode: { reflect: true },
    baseUrl: { attribute: 'base-url' },
    apiKey: { attribute: 'api-key' },
    token: {},
    store: {},
    account: {},
    lang: { reflect: true },
    readonly: { type: Boolean, reflect: true },
    expandDepth: { type: Number, attribute: 'expand-depth' },
    selected: { reflect: true },
    makeExternalId: { attribute: false },
    loading: { state: true },
    loaded: { state: true },
    error: { state: true },
    problem: { state: true },
    notice: { state: true },
    pending: { state: true },
    editing: { state: true },
    deleting: { state: true },
    moving: { state: true },
    targetFilter: { state: true },
    targetActive: { state: true },
    dropTarget: { state: true },
    scrollPos: { state: true },
    viewHeight: { state: true },
    rowHeight: { state: true },
  }

  /** A configured SDK client: `OPERATOR` with an API key in back-office mode, `ACCOUNT` with a token in storefront mode. Wins over `base-url` / `api-key` / `token`. */
  declare client: DjClient | undefined
  /** `back-office` (default): the account's whole tree through `/v1/...`. `storefront`: the signed-in customer user's view through `/v1/shop/...` (O5). */
  declare mode: OrgTreeMode
  /** API origin, used with `api-key` (back office) or `token` (storefront) when no `client` is given. */
  declare baseUrl: string | undefined
  /** Operator API key (back office), used with `base-url`. */
  declare apiKey: string | undefined
  /** Customer user's bearer token from `POST /auth/token` (storefront), used with `base-url`. */
  declare token: string | undefined
  /** Store externalId sent as `dj-store` by the client the element creates itself. */
  declare store: string | undefined
  /** Back office: the account's externalId, whose tree is shown. The storefront shows the signed-in user's current account. */
  declare account: string | undefined
  /** No toolbar, no editing keys, no dragging: a tree to browse and select in. */
  declare readonly: boolean
  /** Levels open on first load: 1 (default) opens the top-level organisations, 0 shows them closed. */
  declare expandDepth: number
  /** The id of the selected organisation (set by Enter or a click; a host may set it). */
  declare selected: string | undefined
  /** Makes the externalId of an organisation the user adds. Default: the parent's externalId (or the account's), the name, and a random suffix. */
  declare makeExternalId: ExternalIdMaker | undefined

  declare protected loading: boolean
  /** A tree has been loaded (the empty state needs the difference between "none yet" and "nothing"). */
  declare protected loaded: boolean
  /** Loading failed (shown with Retry). */
  declare protected error: unknown
  /** A write failed and was rolled back. */
  declare protected problem: { action: OrgTreeAction; error: unknown } | undefined
  /** What the live region says last. */
  declare protected notice: string
  /** A write is in flight (one at a time, so that each rollback restores a known tree). */
  declare protected pending: boolean
  /** The row whose name is being edited (F2, or a new row). */
  declare protected editing: TreeNode | undefined
  declare protected deleting: { node: TreeNode; problem?: unknown } | undefined
  declare protected moving: TreeNode | undefined
  declare protected targetFilter: string
  declare protected targetActive: number
  declare protected dropTarget: TreeNode | 'root' | undefined
  declare protected scrollPos: number
  declare protected viewHeight: number
  declare protected rowHeight: number

  private roots: TreeNode[] = []
  private byId = new Map<string, TreeNode>()
  /** The visible rows, in order: what the tree would show without virtualisation. */
  private rows: TreeNode[] = []
  /** The row with `tabindex="0"` (roving tabindex). */
  private active: TreeNode | undefined
  private dragging: TreeNode | undefined
  private targets: Target[] = []
  private moreTargets = 0
  private editValue = ''
  private typeahead = ''
  private typeaheadAt = -Infinity
  private focusPending = false
  private revealPending = false
  private editFocus = false
  private nextKey = 0
  /** Counts tree replacements (loads): a write that outlives one must not patch the new tree. */
  private generation = 0
  /** The next load shows another account or user (see setTree). */
  private sourceChanged = false
  private accountId: string | undefined
  private ownClient: DjClient | undefined
  private controller: AbortController | undefined
  private resizeObserver: ResizeObserver | undefined

  constructor() {
    super()
    this.mode = 'back-office'
    this.readonly = false
    this.expandDepth = 1
    this.loading = false
    this.loaded = false
    this.notice = ''
    this.pending = false
    this.targetFilter = ''
    this.targetActive = 0
    this.scrollPos = 0
    this.viewHeight = 0
    // Until the first measure: 2rem at the default 16px font (the CSS default of --dj-org-tree-row-height).
    this.rowHeight = 32
  }

  /** The client requests go through: `client`, or one made from `base-url` + `api-key` / `token`. */
  get api(): DjClient | undefined {
    if (this.client) return this.client
    // A storefront without a token is "nobody signed in yet": nothing to ask.
    if (!this.baseUrl || (this.storefront && !this.token)) return undefined
    if (this.ownClient) return this.ownClient
    const { baseUrl, store, token, apiKey } = this
    return (this.ownClient = this.storefront
      ? createClient({ baseUrl, store, client: 'ACCOUNT', token: token! })
      : apiKey
        ? createClient({ baseUrl, store, client: 'OPERATOR', apiKey })
        : createClient({ baseUrl, store, client: 'OPERATOR' }))
  }

  /** Loads the tree again, keeping open rows open and focus where it was (what Retry does). */
  reload(): Promise<void> {
    return this.load()
  }

  /** Opens every organisation. */
  expandAll() {
    for (const n of this.byId.values()) n.expanded = n.children.length > 0
    this.refresh()
  }

  /** Closes every organisation. */
  collapseAll() {
    for (const n of this.byId.values()) n.expanded = false
    this.refresh()
  }

  override connectedCallback() {
    super.connectedCallback()
    if (this.hasUpdated) this.observe()
    // A load stopped by a disconnection (the element was moved in the page) starts again.
    if (this.hasUpdated && this.controller?.signal.aborted) void this.load()
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    if (this.loading) this.controller?.abort()
    this.resizeObserver?.disconnect()
    this.resizeObserver = undefined
  }

  private get storefront() {
    return this.mode === 'storefront'
  }

  private get m(): OrgTreeMessages {
    return messagesFor(this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang)
  }

  private get viewport() {
    return this.renderRoot.querySelector<HTMLElement>('.viewport')
  }

  /** Row height (from a hidden probe row, so CSS decides it) and viewport height, measured outside updates. */
  private observe() {
    const viewport = this.viewport
    const probe = this.renderRoot.querySelector('.probe')
    if (this.resizeObserver || !viewport || !probe) return
    this.resizeObserver = new ResizeObserver(() => {
      const h = probe.getBoundingClientRect().height
      if (h > 0) this.rowHeight = h
      if (viewport.clientHeight > 0) this.viewHeight = viewport.clientHeight
    })
    this.resizeObserver.observe(viewport)
    this.resizeObserver.observe(probe)
  }

  protected override firstUpdated() {
    this.observe()
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // Protected state is not in `keyof this`, hence the names as plain strings.
    const has = (...names: string[]) => names.some((p) => changed.has(p as keyof DjOrgTree))
    if (has('baseUrl', 'apiKey', 'token', 'store', 'mode')) this.ownClient = undefined
    // The last notice was said in the old language: the status goes back to the count, in the new one.
    if (has('lang') && this.hasUpdated && !this.pending) this.notice = ''
    if (has('account', 'mode')) this.accountId = undefined
    if (has('client', 'baseUrl', 'apiKey', 'token', 'store', 'account', 'mode')) {
      // Another account or user: rows open in the old tree mean nothing in the new one.
      if (has('client', 'token', 'account', 'mode')) this.sourceChanged = true
      void this.load()
    }
    if (this.moving && has('moving', 'targetFilter', 'lang')) this.listTargets(this.moving)
    // Scroll the focused row into view by choosing the window here, so that the row is rendered in this update.
    if (this.revealPending && this.active) {
      const i = this.rows.indexOf(this.active)
      const h = this.rowHeight
      const view = this.viewport?.clientHeight || this.viewHeight || innerHeight
      let s = this.scrollPos
      if (i * h < s) s = i * h
      else if ((i + 1) * h > s + view) s = (i + 1) * h - view
      this.scrollPos = Math.max(0, s)
    }
  }

  /**
   * Focus whose element went away or got disabled in this update (Dismiss, Retry, a cancelled new row, the last
   * organisation deleted) goes to the tree's tab stop, or to "Add top-level organisation" when the tree is empty.
   */
  protected override update(changed: PropertyValues<this>) {
    const focused = this.shadowRoot?.activeElement
    super.update(changed)
    if (focused && (!focused.isConnected || focused.matches(':disabled'))) {
      const root = this.renderRoot
      const target =
        root.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]') ??
        root.querySelector<HTMLElement>('[data-action="add-root"]')
      target?.focus({ preventScroll: true })
    }
  }

  protected override updated() {
    const viewport = this.viewport
    if (this.revealPending) {
      this.revealPending = false
      if (viewport && Math.abs(viewport.scrollTop - this.scrollPos) >= 1) viewport.scrollTop = this.scrollPos
    }
    if (this.focusPending) {
      this.focusPending = false
      this.renderRoot.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus({ preventScroll: true })
    }
    if (this.editFocus) {
      this.editFocus = false
      const input = this.renderRoot.querySelector<HTMLInputElement>('.editor')
      input?.focus()
      input?.select()
    }
    const dialog = this.renderRoot.querySelector('dialog')
    if (dialog && !dialog.open) dialog.showModal()
    if (this.moving) this.renderRoot.querySelector(`#target-${this.targetActive}`)?.scrollIntoView({ block: 'nearest' })
  }

  /** The account's tree (back office) or what the user may see (storefront); a new load aborts the one in flight. */
  private async load() {
    this.controller?.abort()
    const api = this.api
    const account = this.account
    if (!api || (!this.storefront && !account)) {
      // Nothing to show (e.g. signed out): never leave the previous user's tree on screen.
      this.controller = undefined
      this.setTree([])
      this.loaded = false
      this.error = undefined
      this.loading = false
      return
    }
    const controller = (this.controller = new AbortController())
    const signal = controller.signal
    this.loading = true
    try {
      const list = this.storefront
        ? unwrap(await api.GET('/v1/shop/organisations', { signal }))
        : unwrap(
            await api.GET('/v1/customer-accounts/{id}/organisations', {
              params: { path: { id: account! }, query: { idType: 'EXTERNAL_ID' } },
              signal,
            }),
          )
      if (controller !== this.controller) return
      this.setTree(list)
      this.error = undefined
    } catch (e) {
      if (controller !== this.controller || signal.aborted) return
      this.error = e
      this.dispatchEvent(new DjOrgErrorEvent('load', e))
    } finally {
      if (controller === this.controller) this.loading = false
    }
  }

  /** Replaces the tree with the server's; on a reload, open rows stay open and the focused row stays focused. */
  private setTree(list: OrganisationNode[]) {
    const keep =
      this.loaded && !this.sourceChanged
        ? new Set([...this.byId.values()].filter((n) => n.expanded).map((n) => n.rec.id))
        : null
    const activeId = this.sourceChanged ? undefined : this.active?.rec.id
    this.sourceChanged = false
    this.generation++
    this.byId = new Map()
    this.roots = this.build(list, null, 1, keep)
    this.active = (activeId && this.byId.get(activeId)) || (this.selected && this.byId.get(this.selected)) || undefined
    this.editing = undefined
    this.loaded = true
    this.refresh()
  }

  private build(
    list: OrganisationNode[],
    parent: TreeNode | null,
    level: number,
    keep: Set<string> | null,
  ): TreeNode[] {
    const out: TreeNode[] = new Array(list.length)
    for (let k = 0; k < list.length; k++) {
      const rec = list[k]
      const node: TreeNode = {
        key: this.nextKey++,
        rec,
        parent,
        children: [],
        level,
        pos: k + 1,
        expanded: keep ? keep.has(rec.id) : level <= this.expandDepth,
        draft: false,
        folded: undefined,
      }
      if (rec.children?.length) node.children = this.build(rec.children, node, level + 1, keep)
      this.byId.set(rec.id, node)
      out[k] = node
    }
    return out
  }

  /**
   * Recomputes the visible rows after a change of structure (O(visible rows)). If the focused row is no longer
   * visible, focus goes to its nearest visible ancestor, else to the row now at its place.
   */
  private refresh() {
    const old = this.active ? this.rows.indexOf(this.active) : 0
    const rows: TreeNode[] = []
    collect(this.roots, rows)
    this.rows = rows
    if (this.active && !rows.includes(this.active)) {
      let p = this.active.parent
      while (p && !rows.includes(p)) p = p.parent
      this.active = p ?? rows[Math.min(Math.max(old, 0), rows.length - 1)]
    }
    this.active ??= rows[0]
    this.requestUpdate()
  }

  /** Expanding splices the newly visible rows in: no walk of the rest of the tree. */
  private expand(node: TreeNode) {
    if (node.expanded || !node.children.length) return
    node.expanded = true
    const i = this.rows.indexOf(node)
    if (i < 0) return
    const added: TreeNode[] = []
    collect(node.children, added)
    // concat, not splice(...added): a spread of 10,000 arguments is slow and near engines' argument limits.
    this.rows = this.rows.slice(0, i + 1).concat(added, this.rows.slice(i + 1))
    this.requestUpdate()
  }

  /** Collapsing removes the run of deeper rows that follows the node. */
  private collapse(node: TreeNode) {
    if (!node.expanded) return
    node.expanded = false
    const i = this.rows.indexOf(node)
    if (i < 0) return
    let j = i + 1
    while (j < this.rows.length && this.rows[j].level > node.level) j++
    this.rows.splice(i + 1, j - i - 1)
    this.requestUpdate()
  }

  /** Moves focus to a row (rendered, scrolled to and focused in the next update). */
  private focusNode(node: TreeNode | undefined) {
    if (!node) return
    this.active = node
    this.focusPending = true
    this.revealPending = true
    this.requestUpdate()
  }

  private select(node: TreeNode) {
    if (node.draft) return
    this.selected = node.rec.id
    this.dispatchEvent(new DjOrgSelectEvent(plain(node)))
  }

  // ---- structure edits (used by the optimistic changes and their rollbacks) ----

  private detach(node: TreeNode) {
    const list = node.parent ? node.parent.children : this.roots
    const k = list.indexOf(node)
    if (k < 0) return
    list.splice(k, 1)
    renumber(list)
  }

  /** Puts `node` under `parent` (null: top level) at its place in name order. */
  private attach(node: TreeNode, parent: TreeNode | null) {
    this.detach(node)
    const list = parent ? parent.children : this.roots
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (byName(list[mid], node) < 0) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, node)
    renumber(list)
    node.parent = parent
    setLevel(node, parent ? parent.level + 1 : 1)
  }

  private forget(node: TreeNode) {
    this.byId.delete(node.rec.id)
    for (const c of node.children) this.forget(c)
  }

  private remember(node: TreeNode) {
    this.byId.set(node.rec.id, node)
    for (const c of node.children) this.remember(c)
  }

  private rename(node: TreeNode, name: string) {
    node.rec.name = name
    node.folded = undefined
    this.attach(node, node.parent)
  }

  /** Why `node` may not go under `target` (null: top level), or '' when it may. Checked before any request. */
  private refusal(node: TreeNode, target: TreeNode | null): '' | 'same' | 'cycle' | 'depth' | 'draft' {
    if (node.draft || target?.draft) return 'draft'
    if (target === node.parent) return 'same'
    if (within(target, node)) return 'cycle'
    if ((target ? target.level : 0) + heightOf(node) > MAX_DEPTH) return 'depth'
    return ''
  }

  // ---- writes: optimistic, one at a time, rolled back on error ----

  /** False (and a notice) when no write may start now. */
  private canWrite() {
    if (this.readonly || !this.api || !this.loaded) return false
    if (this.pending) this.notice = this.m.busy
    return !this.pending
  }

  /**
   * Applies `change` to the tree at once, sends the request, and on an error applies `undo`, shows the problem
   * (unless `handled` takes it) and fires `dj-org-error`. Focus follows the node when it is still in the tree.
   */
  private async write(
    action: OrgTreeAction,
    node: TreeNode,
    change: () => void,
    undo: () => void,
    send: (api: DjClient) => Promise<Organisation | undefined>,
    done: (rec: Organisation) => string,
    handled?: (e: unknown) => boolean,
  ) {
    const api = this.api!
    const generation = this.generation
    this.problem = undefined
    this.pending = true
    this.notice = this.m.saving
    change()
    this.refresh()
    try {
      const answer = await send(api)
      // The tree was reloaded meanwhile: its nodes are not the ones changed here; read it again.
      if (generation !== this.generation) {
        this.dispatchEvent(new DjOrgChangeEvent(action, answer ?? plain(node)))
        return void this.load()
      }
      if (answer) {
        if (answer.id !== node.rec.id) {
          this.byId.delete(node.rec.id)
          this.byId.set(answer.id, node)
        }
        node.rec = answer
        node.draft = false
      }
      const rec = plain(node)
      this.notice = done(rec)
      this.dispatchEvent(new DjOrgChangeEvent(action, rec))
    } catch (e) {
      if (generation !== this.generation) return void this.load()
      const focused = this.matches(':focus-within') && !this.editing
      undo()
      this.refresh()
      if (focused) this.focusNode(this.rows.includes(node) ? node : this.active)
      this.notice = this.m.undone
      if (!handled?.(e)) this.problem = { action, error: e }
      this.dispatchEvent(new DjOrgErrorEvent(action, e))
    } finally {
      this.pending = false
    }
  }

  private ifMatch(node: TreeNode) {
    return { 'if-match': `"${node.rec.version}"` }
  }

  /** The account's DJUST id, needed to create a top-level organisation in the back office. */
  private async accountIdFor(api: DjClient): Promise<string> {
    const known = this.accountId ?? this.roots.find((n) => !n.draft)?.rec.accountId
    if (known) return known
    const account = unwrap(
      await api.GET('/v1/customer-accounts/{id}', {
        params: { path: { id: this.account! }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    return (this.accountId = account.id)
  }

  private externalIdFor(name: string, parent: TreeNode | null) {
    if (this.makeExternalId) return this.makeExternalId(name, parent && plain(parent))
    const prefix = (parent?.rec.externalId ?? (this.storefront ? '' : this.account) ?? '') || 'ORG'
    return `${prefix.slice(0, 180)}-${slug(name).slice(0, 60) || 'ORG'}-${Math.random().toString(36).slice(2, 7).toUpperCase()}`
  }

  /** Insert / "Add": a new row under `parent` (null: top level), named inline; created when the name is committed. */
  private startAdd(parent: TreeNode | null) {
    if (!this.canWrite()) return
    const rec = {
      id: `draft-${this.nextKey}`,
      externalId: '',
      accountId: parent?.rec.accountId ?? '',
      parentId: parent?.rec.id ?? null,
      name: '',
      status: 'ACTIVE',
      customFields: {},
      version: 0,
      createdAt: '',
      updatedAt: '',
    } as Organisation
    const node: TreeNode = {
      key: this.nextKey++,
      rec,
      parent,
      children: [],
      level: parent ? parent.level + 1 : 1,
      pos: 0,
      expanded: false,
      draft: true,
      folded: undefined,
    }
    const list = parent ? parent.children : this.roots
    list.push(node)
    renumber(list)
    this.byId.set(rec.id, node)
    if (parent) parent.expanded = true
    this.refresh()
    this.active = node
    this.revealPending = true
    this.edit(node)
  }

  private edit(node: TreeNode) {
    if (!node.draft && !this.canWrite()) return
    this.active = node
    this.revealPending = true
    this.editValue = node.rec.name
    this.editing = node
    this.editFocus = true
  }

  /** Ends inline editing: Enter (or leaving the field) commits, Escape cancels. */
  private finishEdit(commit: boolean, refocus: boolean) {
    const node = this.editing
    if (!node) return
    this.editing = undefined
    const name = this.editValue.trim()
    if (refocus) this.focusNode(node)
    if (node.draft) {
      if (commit && name) void this.create(node, name)
      else this.dropDraft(node)
    } else if (commit && name && name !== node.rec.name) void this.renameOrganisation(node, name)
  }

  private dropDraft(node: TreeNode) {
    this.detach(node)
    this.byId.delete(node.rec.id)
    if (this.active === node) this.active = node.parent ?? undefined
    this.refresh()
    if (this.focusPending) this.focusNode(this.active)
  }

  private async create(node: TreeNode, name: string) {
    const parent = node.parent
    const externalId = this.externalIdFor(name, parent)
    if (!this.dispatchEvent(new DjOrgAddEvent(parent && plain(parent), name, externalId))) return this.dropDraft(node)
    const parentId = parent?.rec.id ?? null
    await this.write(
      'add',
      node,
      () => {
        node.rec.externalId = externalId
        this.rename(node, name)
      },
      () => {
        this.detach(node)
        this.byId.delete(node.rec.id)
      },
      async (api) =>
        this.storefront
          ? unwrap(await api.POST('/v1/shop/organisations', { body: { externalId, name, parentId } }))
          : unwrap(
              await api.POST('/v1/organisations', {
                body: parentId
                  ? { externalId, name, parentId }
                  : { externalId, name, accountId: await this.accountIdFor(api) },
              }),
            ),
      () => this.m.added(name),
    )
  }

  private async renameOrganisation(node: TreeNode, name: string) {
    const old = node.rec.name
    if (!this.canWrite() || !this.dispatchEvent(new DjOrgRenameEvent(plain(node), name))) return
    await this.write(
      'rename',
      node,
      () => this.rename(node, name),
      () => this.rename(node, old),
      async (api) => {
        const params = { path: { id: node.rec.id }, header: this.ifMatch(node) }
        const body = { externalId: node.rec.externalId, name }
        return this.storefront
          ? unwrap(await api.PUT('/v1/shop/organisations/{id}', { params, body }))
          : unwrap(await api.PUT('/v1/organisations/{id}', { params, body }))
      },
      () => this.m.renamed(old, name),
    )
  }

  /** Drag and drop and "Move to…" end here: refused before any request when it would make a cycle (O3). */
  private async move(node: TreeNode, target: TreeNode | null) {
    const why = this.refusal(node, target)
    if (why) {
      if (why !== 'same') this.notice = this.m.refused
      return
    }
    if (
      !this.canWrite() ||
      !this.dispatchEvent(new DjOrgMoveEvent(plain(node), node.parent && plain(node.parent), target && plain(target)))
    )
      return
    const from = node.parent
    const fromId = node.rec.parentId
    const parentId = target?.rec.id ?? null
    const focused = this.matches(':focus-within')
    await this.write(
      'move',
      node,
      () => {
        if (target) target.expanded = true
        this.attach(node, target)
        node.rec.parentId = parentId
        if (focused) this.focusNode(node)
      },
      () => {
        this.attach(node, from)
        node.rec.parentId = fromId
      },
      async (api) => {
        const params = { path: { id: node.rec.id }, header: this.ifMatch(node) }
        return this.storefront
          ? unwrap(await api.POST('/v1/shop/organisations/{id}/move', { params, body: { parentId } }))
          : unwrap(await api.POST('/v1/organisations/{id}/move', { params, body: { parentId } }))
      },
      (rec) => this.m.moved(rec.name, target?.rec.name ?? null),
    )
  }

  private async deleteOrganisation(node: TreeNode, cascade: boolean) {
    if (!this.canWrite() || !this.dispatchEvent(new DjOrgDeleteEvent(plain(node), cascade))) return
    const parent = node.parent
    await this.write(
      'delete',
      node,
      () => {
        this.detach(node)
        this.forget(node)
      },
      () => {
        this.attach(node, parent)
        this.remember(node)
        this.active = node
      },
      async (api) => {
        const params = {
          path: { id: node.rec.id },
          header: this.ifMatch(node),
          query: cascade ? { cascade: 'true' as const } : {},
        }
        if (this.storefront) unwrap(await api.DELETE('/v1/shop/organisations/{id}', { params }))
        else unwrap(await api.DELETE('/v1/organisations/{id}', { params }))
        return undefined
      },
      (rec) => {
        if (this.selected === rec.id) this.selected = undefined
        return this.m.deleted(rec.name)
      },
      // O4: children or members and no cascade → 409: the dialog comes back with the server's reason and the cascade option.
      (e) => {
        if (!(e instanceof DjProblemError && e.status === 409)) return false
        this.deleting = { node, problem: e }
        return true
      },
    )
  }

  // ---- dialogs ----

  private openDelete(node: TreeNode) {
    if (node.draft || !this.canWrite()) return
    this.active = node
    this.deleting = { node }
  }

  private openMove(node: TreeNode) {
    if (node.draft || !this.canWrite()) return
    this.active = node
    this.targetFilter = ''
    this.targetActive = 0
    this.moving = node
  }

  /** Every valid destination of `node`, in tree order: never itself or one of its descendants, never too deep. */
  private listTargets(node: TreeNode) {
    const m = this.m
    const q = fold(this.targetFilter.trim())
    const height = heightOf(node)
    const out: Target[] = []
    let more = 0
    const offer = (t: TreeNode | null, label: string) => {
      if (q && !fold(label).includes(q)) return
      if (out.length < MAX_TARGETS) out.push({ node: t, label })
      else more++
    }
    if (node.parent) offer(null, m.topLevel)
    const walk = (list: TreeNode[], path: string) => {
      for (const t of list) {
        // The node's own subtree is skipped as a whole: moving under it would make a cycle (O3).
        if (t === node || t.draft) continue
        const label = path ? `${path} › ${t.rec.name}` : t.rec.name
        if (t !== node.parent && t.level + height <= MAX_DEPTH) offer(t, label)
        walk(t.children, label)
      }
    }
    walk(this.roots, '')
    this.targets = out
    this.moreTargets = more
    if (this.targetActive >= out.length) this.targetActive = Math.max(0, out.length - 1)
  }

  private chooseTarget(k: number) {
    const node = this.moving
    const target = this.targets[k]
    if (!node || !target) return
    this.moving = undefined
    this.focusNode(node)
    void this.move(node, target.node)
  }

  private confirmDelete = () => {
    const state = this.deleting
    if (!state) return
    const cascade = !!this.renderRoot.querySelector<HTMLInputElement>('#cascade')?.checked
    // Removing the dialog from the tree closes it; focus goes back to the tree.
    this.deleting = undefined
    this.focusNode(state.node)
    void this.deleteOrganisation(state.node, cascade)
  }

  private closeDialog = () => {
    if (!this.deleting && !this.moving) return
    const node = this.deleting?.node ?? this.moving
    this.deleting = undefined
    this.moving = undefined
    this.focusNode(node && this.rows.includes(node) ? node : this.active)
  }

  // ---- events ----

  private nodeOf(e: Event): TreeNode | undefined {
    const target = e.target
    const row = target instanceof Element ? target.closest<HTMLElement>('[role="treeitem"]') : null
    return row ? this.byId.get(row.dataset.id!) : undefined
  }

  private onFocusIn = (e: FocusEvent) => {
    const node = this.nodeOf(e)
    if (node && node !== this.active) {
      this.active = node
      this.requestUpdate()
    }
  }

  private onClick = (e: MouseEvent) => {
    const node = this.nodeOf(e)
    if (!node) return
    this.focusNode(node)
    if ((e.target as Element).closest('.twisty')) {
      if (node.expanded) this.collapse(node)
      else this.expand(node)
    } else this.select(node)
  }

  /** WAI-ARIA APG tree view keyboard model, plus the editing keys. */
  private onKeydown = (e: KeyboardEvent) => {
    const node = this.nodeOf(e)
    if (!node || e.altKey) return
    const rows = this.rows
    const i = rows.indexOf(node)
    const edit = !this.readonly
    let handled = true
    switch (e.key) {
      case 'ArrowDown':
        // Moves focus to the next visible node, without opening or closing anything.
        this.focusNode(rows[i + 1])
        break
      case 'ArrowUp':
        this.focusNode(rows[i - 1])
        break
      case 'ArrowRight':
        // On a closed node: opens it, focus stays. On an open node: focus to its first child. On a leaf: nothing.
        if (!node.children.length) break
        if (!node.expanded) this.expand(node)
        else this.focusNode(rows[i + 1])
        break
      case 'ArrowLeft':
        // On an open node: closes it. On a closed node or a leaf: focus to its parent, if any.
        if (node.expanded) this.collapse(node)
        else if (node.parent) this.focusNode(node.parent)
        break
      case 'Home':
        this.focusNode(rows[0])
        break
      case 'End':
        this.focusNode(rows[rows.length - 1])
        break
      case 'Enter':
        this.select(node)
        break
      case '*':
        // Opens every sibling of the focused node (at its level); focus stays.
        for (const s of node.parent ? node.parent.children : this.roots)
          s.expanded = s.children.length > 0 || s.expanded
        this.refresh()
        break
      case 'F2':
        if (edit) this.edit(node)
        break
      case 'Insert':
        if (edit && !node.draft) this.startAdd(node)
        break
      case 'Delete':
        if (edit) this.openDelete(node)
        break
      default:
        if (edit && e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'm') this.openMove(node)
        else if (
          e.key.length === 1 &&
          !e.ctrlKey &&
          !e.metaKey &&
          (e.key !== ' ' || e.timeStamp - this.typeaheadAt < TYPEAHEAD_MS)
        )
          this.typeAhead(e.key, e.timeStamp, i)
        else if (e.key === ' ') this.select(node)
        else handled = false
    }
    if (handled) e.preventDefault()
  }

  /**
   * Type-ahead: focus moves to the next visible node whose name starts with the typed string; keys typed within
   * TYPEAHEAD_MS add to the string. The same letter typed again cycles through the nodes starting with it.
   */
  private typeAhead(key: string, at: number, from: number) {
    this.typeahead = at - this.typeaheadAt < TYPEAHEAD_MS ? this.typeahead + key : key
    this.typeaheadAt = at
    const q = fold(this.typeahead)
    const repeated = [...q].every((c) => c === q[0])
    const needle = repeated ? q[0] : q
    const rows = this.rows
    const start = repeated ? from + 1 : from
    for (let k = 0; k < rows.length; k++) {
      const n = rows[(start + k) % rows.length]
      if ((n.folded ??= fold(n.rec.name)).startsWith(needle)) return this.focusNode(n)
    }
  }

  private onScroll = (e: Event) => {
    this.scrollPos = (e.target as HTMLElement).scrollTop
  }

  private onDragStart = (e: DragEvent) => {
    const node = this.nodeOf(e)
    if (!node || this.readonly || node.draft || this.pending) {
      e.preventDefault()
      return
    }
    this.dragging = node
    e.dataTransfer?.setData('text/plain', node.rec.name)
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'
  }

  /** A row accepts the drop when the move is valid; the empty part of the viewport means "top level". */
  private onDragOver = (e: DragEvent) => {
    const node = this.dragging
    if (!node) return
    const target = this.nodeOf(e) ?? null
    if (this.refusal(node, target)) {
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none'
      this.dropTarget = undefined
      return
    }
    e.preventDefault()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'
    this.dropTarget = target ?? 'root'
  }

  private onDrop = (e: DragEvent) => {
    e.preventDefault()
    const node = this.dragging
    this.dragging = undefined
    this.dropTarget = undefined
    // A drop the dragover refused can still arrive (synthetic events, other browsers): checked again.
    if (node) void this.move(node, this.nodeOf(e) ?? null)
  }

  private onDragEnd = () => {
    this.dragging = undefined
    this.dropTarget = undefined
  }

  private onToolbarClick = (e: MouseEvent) => {
    const action = (e.target as Element).closest<HTMLElement>('[data-action]')?.dataset.action
    const node = this.active
    if (action === 'add-root') this.startAdd(null)
    else if (!node || node.draft) return
    else if (action === 'add') this.startAdd(node)
    else if (action === 'rename') this.edit(node)
    else if (action === 'move') this.openMove(node)
    else if (action === 'delete') this.openDelete(node)
  }

  private onEditKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      this.finishEdit(e.key === 'Enter', true)
    }
  }

  private onTargetKeydown = (e: KeyboardEvent) => {
    const n = this.targets.length
    if (e.key === 'ArrowDown') this.targetActive = Math.min(this.targetActive + 1, n - 1)
    else if (e.key === 'ArrowUp') this.targetActive = Math.max(this.targetActive - 1, 0)
    else if (e.key === 'Home' && n) this.targetActive = 0
    else if (e.key === 'End' && n) this.targetActive = n - 1
    else if (e.key === 'Enter') this.chooseTarget(this.targetActive)
    else return
    e.preventDefault()
  }

  // ---- rendering ----

  private detail(e: unknown) {
    return e instanceof DjProblemError
      ? `${e.problem.title}${e.detail ? ` — ${e.detail}` : ''} (${e.status} ${e.code})`
      : e instanceof Error
        ? e.message
        : String(e)
  }

  /** The rows to render: the window around the scroll position, plus the focused row wherever it is. */
  private windowRows(): number[] {
    const n = this.rows.length
    const h = this.rowHeight
    const first = Math.max(0, Math.floor(this.scrollPos / h) - OVERSCAN)
    const last = Math.min(n, Math.ceil((this.scrollPos + (this.viewHeight || innerHeight)) / h) + OVERSCAN)
    const out: number[] = []
    for (let i = first; i < last; i++) out.push(i)
    const a = this.active ? this.rows.indexOf(this.active) : -1
    if (a >= 0 && (a < first || a >= last)) out.push(a)
    return out
  }

  private row(i: number) {
    const n = this.rows[i]
    const open = n.children.length ? (n.expanded ? 'true' : 'false') : nothing
    const label = n.draft && !n.rec.name ? this.m.newChild(n.parent?.rec.name ?? null) : nothing
    return html`<div role="treeitem" part="row" class="row" data-id=${n.rec.id} aria-level=${n.level}
      aria-setsize=${(n.parent ? n.parent.children : this.roots).length} aria-posinset=${n.pos} aria-expanded=${open}
      aria-selected=${n.rec.id === this.selected ? 'true' : 'false'} aria-label=${label} tabindex=${n === this.active ? '0' : '-1'}
      draggable=${this.readonly ? 'false' : 'true'} ?data-drop=${n === this.dropTarget} ?data-draft=${n.draft}
      style="transform:translateY(${i * this.rowHeight}px);--dj-level:${n.level - 1}"
      ><span class="twisty" part="twisty" aria-hidden="true">${n.children.length ? (n.expanded ? '▾' : '▸') : ''}</span><span class="name" part="name">${n.rec.name}</span></div>`
  }

  private editor(node: TreeNode) {
    const i = this.rows.indexOf(node)
    if (i < 0) return nothing
    const m = this.m
    const label = node.draft ? m.newChild(node.parent?.rec.name ?? null) : m.newName(node.rec.name)
    return html`<input class="editor" part="editor" type="text" autocomplete="off" aria-label=${label} .value=${this.editValue}
      style="transform:translateY(${i * this.rowHeight}px);--dj-level:${node.level - 1}"
      @input=${(e: Event) => (this.editValue = (e.target as HTMLInputElement).value)}
      @keydown=${this.onEditKeydown} @blur=${() => this.finishEdit(true, false)} />`
  }

  private toolbar() {
    const m = this.m
    const a = this.active && !this.active.draft ? this.active : undefined
    const off = !a || this.pending
    // "Add top-level" is never disabled: it takes focus when the tree empties, even while that delete is being
    // saved (a click meanwhile gets canWrite's "busy" notice).
    return html`<div class="toolbar" part="toolbar" role="group" aria-label=${a ? m.actions(a.rec.name) : m.tree} @click=${this.onToolbarClick}>
      <button type="button" part="action" data-action="add" ?disabled=${off}>${m.add}</button>
      <button type="button" part="action" data-action="rename" ?disabled=${off}>${m.rename}</button>
      <button type="button" part="action" data-action="move" ?disabled=${off}>${m.move}</button>
      <button type="button" part="action" data-action="delete" ?disabled=${off}>${m.delete}</button>
      <button type="button" part="action" data-action="add-root">${m.addRoot}</button>
    </div>`
  }

  private deleteDialog(node: TreeNode, problem: unknown) {
    const m = this.m
    return html`<dialog part="dialog" class="delete" aria-labelledby="dialog-title" aria-describedby="dialog-body" @cancel=${this.closeDialog} @close=${this.closeDialog}>
      <h2 id="dialog-title">${m.deleteTitle(node.rec.name)}</h2>
      <p id="dialog-body">${m.deleteBody}</p>
      ${
        problem
          ? html`<div class="error" part="error" role="alert"><span><strong>${m.hasDependents}</strong> <span class="detail">${this.detail(problem)}</span></span></div>`
          : nothing
      }
      <label class="cascade" part="cascade"><input id="cascade" type="checkbox" ?autofocus=${!!problem} /> ${m.cascade(sizeOf(node) - 1)}</label>
      <div class="buttons">
        <button type="button" part="cancel" ?autofocus=${!problem} @click=${this.closeDialog}>${m.cancel}</button>
        <button type="button" part="confirm" class="danger" @click=${this.confirmDelete}>${m.confirmDelete}</button>
      </div>
    </dialog>`
  }

  private moveDialog(node: TreeNode) {
    const m = this.m
    const targets = this.targets
    const act = targets.length ? this.targetActive : -1
    return html`<dialog part="dialog" class="move" aria-labelledby="dialog-title" @cancel=${this.closeDialog} @close=${this.closeDialog}>
      <h2 id="dialog-title">${m.moveTitle(node.rec.name)}</h2>
      <label for="target-filter">${m.filter}</label>
      <input id="target-filter" part="filter" type="text" role="combobox" autocomplete="off" autofocus aria-autocomplete="list" aria-expanded="true"
        aria-controls="targets" aria-activedescendant=${act >= 0 ? `target-${act}` : nothing} aria-describedby="move-hint" .value=${this.targetFilter}
        @input=${(e: Event) => {
          this.targetFilter = (e.target as HTMLInputElement).value
          this.targetActive = 0
        }} @keydown=${this.onTargetKeydown} />
      <p id="move-hint" class="hint">${m.moveHint}</p>
      <ul id="targets" role="listbox" part="targets" aria-label=${m.destinations}>
        ${targets.map(
          (
            t,
            k,
          ) => html`<li id="target-${k}" role="option" part="target" data-id=${t.node?.rec.id ?? ''} aria-selected=${k === act ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.chooseTarget(k)}>${t.label}</li>`,
        )}
        ${targets.length ? nothing : html`<li role="option" aria-disabled="true" aria-selected="false">${m.noTarget}</li>`}
      </ul>
      ${this.moreTargets ? html`<p class="hint">${m.more(this.moreTargets)}</p>` : nothing}
      <div class="buttons">
        <button type="button" part="cancel" @click=${this.closeDialog}>${m.cancel}</button>
        <button type="button" part="confirm" ?disabled=${act < 0} @click=${() => this.chooseTarget(act)}>${m.confirmMove}</button>
      </div>
    </dialog>`
  }

  protected override render() {
    const m = this.m
    const rows = this.rows
    const edit = !this.readonly
    const count = this.byId.size - (this.editing?.draft ? 1 : 0)
    const status = this.loading ? m.loading : this.notice || (this.loaded && !this.error ? m.count(count) : '')
    const indices = this.windowRows()
    return html`
      <p id="hint" class="visually-hidden">${edit ? m.hint : m.hintReadonly}</p>
      ${edit && this.loaded ? this.toolbar() : nothing}
      <p class="status" part="status" role="status">${status}</p>
      ${
        this.error
          ? html`<div class="error" part="error" role="alert">
            <span><strong>${m.error}</strong> <span class="detail">${this.detail(this.error)}</span></span>
            <button type="button" part="retry" @click=${() => this.load()}>${m.retry}</button>
          </div>`
          : nothing
      }
      ${
        this.problem
          ? html`<div class="error" part="error" role="alert">
            <span><strong>${m[`${this.problem.action}Error` as `${OrgTreeAction}Error`]} ${m.undone}</strong> <span class="detail">${this.detail(this.problem.error)}</span></span>
            <button type="button" part="dismiss" @click=${() => (this.problem = undefined)}>${m.dismiss}</button>
          </div>`
          : nothing
      }
      ${this.loaded && !rows.length ? html`<p class="empty" part="empty">${m.empty}</p>` : nothing}
      <div class="viewport" part="viewport" ?data-drop=${this.dropTarget === 'root'} ?data-empty=${!rows.length} @scroll=${this.onScroll}
        @dragstart=${this.onDragStart} @dragover=${this.onDragOver} @drop=${this.onDrop} @dragend=${this.onDragEnd}>
        ${
          rows.length
            ? html`<div role="tree" part="tree" aria-label=${m.tree} aria-describedby="hint" aria-busy=${this.loading ? 'true' : 'false'}
              style="height:${rows.length * this.rowHeight}px" @keydown=${this.onKeydown} @click=${this.onClick} @focusin=${this.onFocusIn}>
              ${repeat(
                indices,
                (i) => rows[i].key,
                (i) => this.row(i),
              )}
            </div>`
            : nothing
        }
        ${this.editing ? this.editor(this.editing) : nothing}
        <div class="row probe" aria-hidden="true">M</div>
      </div>
      ${this.deleting ? this.deleteDialog(this.deleting.node, this.deleting.problem) : this.moving ? this.moveDialog(this.moving) : nothing}
    `
  }
}
