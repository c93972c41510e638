import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { unwrap, type DjClient, type Schemas } from '@dj-customers/sdk'
import { asCustomer, asOperator, caller, type Caller } from '../shared/caller.js'
import { DjElement } from '../shared/element.js'
import { FocusController } from '../shared/focus.js'
import { icon } from '../shared/icons.js'
import { LoadController } from '../shared/load.js'
import { Locale } from '../shared/locale.js'
import { isProblem, loadFailedAlert, problemAlert, problemReason } from '../shared/problem.js'
import { theme } from '../shared/theme.js'
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
import {
  defaultExternalId,
  plain,
  refusal,
  scrollToShow,
  sizeOf,
  TreeModel,
  windowOf,
  type MoveTarget,
  type TreeNode,
  type Undo,
} from './tree-model.js'

type Organisation = Schemas['Organisation']
type OrganisationNode = Schemas['OrganisationNode']

/** `back-office`: an operator's view of one account (`/v1/...`, API key). `storefront`: a customer user's view (`/v1/shop/...`, token; O5). */
export type OrgTreeMode = 'back-office' | 'storefront'

/**
 * Why the user cannot change the tree (`DjOrgTree.readonlyReason`): `readonly` the host said so; `checking` who is
 * calling is not known yet; `reader` a Reader operator (OP2); `not-admin` a customer user who is not an FOC_Admin of
 * the account (O5, U16); `unknown` asking who is calling failed.
 */
export type OrgTreeReadonlyReason = 'readonly' | 'checking' | 'reader' | 'not-admin' | 'unknown'

/** What the caller may do, from `GET /v1/operator-users/me` or `GET /v1/authenticated-user`. */
type Rights = 'edit' | 'reader' | 'not-admin' | 'unknown'

/** Makes the externalId of an organisation the user adds (externalIds are caller-made, unique, `^[A-Za-z0-9_.:-]{1,255}$`). */
export type ExternalIdMaker = (name: string, parent: Organisation | null) => string

/** The twisty (turned down by CSS when open) and the drag handle, made once for every row. */
const chevron = icon('chevron-right')
const grip = html`<span class="grip" part="grip" aria-hidden="true">${icon('grip')}</span>`

/** Rows rendered above and below the viewport, so that short scrolls never show a gap. */
const OVERSCAN = 8
/** At most this many destinations listed at once in "Move to…" (typing narrows the list). */
const MAX_TARGETS = 100

/**
 * @summary An account's organisation tree (O1–O5), in the back office or on the storefront, as a WAI-ARIA
 * tree view: keyboard model with type-ahead and `*`, add, rename (F2), delete with confirmation and the cascade
 * choice, move by drag and drop or "Move to…", cycles refused before any request, optimistic updates rolled back
 * on error, and virtualised rows so that 10,000 organisations stay smooth.
 *
 * It asks who is calling (`GET /v1/operator-users/me` in the back office, OP7; `GET /v1/authenticated-user` on the
 * storefront, U16) and offers the editing actions (toolbar, F2, Insert, Delete, Control+M, dragging) only to those who
 * may use them: an operator of level User or Admin, an FOC_Admin of the current account. Anyone else browses a
 * read-only tree with a sentence saying why (`part="reason"`, `readonlyReason`). The server checks every write anyway.
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
 * @event dj-org-error - Loading, asking who is calling, or a write failed (the write was rolled back). `event.action` (load / access / add / rename / move / delete), `event.error` (a `DjProblemError` with `status`, `code`, `detail`; the user reads a sentence instead).
 *
 * @csspart toolbar - The bar of actions on the focused organisation (only for a caller who may edit).
 * @csspart action - Each button of the toolbar (`data-action` = add / add-root / rename / move / delete; delete has the `destructive` class).
 * @csspart reason - Why the tree is read-only for this user (a Reader, a customer who is not a company administrator, rights that could not be checked).
 * @csspart skeleton - The grey placeholder rows shown while the first load runs.
 * @csspart status - The live status line (loading, count, results of changes).
 * @csspart error - An error message box (loading, a failed change, a refused delete).
 * @csspart retry - The Retry button of a load error.
 * @csspart dismiss - The button that closes the message of a failed change.
 * @csspart empty - The text shown when the account has no organisation.
 * @csspart viewport - The scrolling box around the tree.
 * @csspart tree - The `role="tree"` element.
 * @csspart row - Each organisation row (`aria-selected`, `aria-expanded`, `data-drop` while a valid drop target, `data-draft` while being added).
 * @csspart twisty - The expand / collapse chevron of a row.
 * @csspart name - The name in a row (cut with an ellipsis when too long; the full name is its tooltip).
 * @csspart grip - The drag handle shown on a hovered row (only for a caller who may edit).
 * @csspart drop-root - The zone shown while dragging, where a drop moves the organisation to the top level.
 * @csspart editor - The inline input for a new name (F2, add).
 * @csspart dialog - The delete confirmation and "Move to…" dialogs.
 * @csspart cascade - The cascade option of the delete dialog.
 * @csspart confirm - The confirming button of a dialog.
 * @csspart cancel - The Cancel button of a dialog.
 * @csspart filter - The destination search box of "Move to…".
 * @csspart targets - The list of destinations of "Move to…".
 * @csspart target - Each destination.
 *
 * @cssproperty --dj-color-text - Text colour (shared design language, docs/components.md §Theming; also `--dj-color-muted`, `--dj-color-surface`, `--dj-color-border`, `--dj-color-accent` for focus and drop targets, `--dj-color-danger` for errors and Delete, `--dj-color-selected` for the selected row, `--dj-color-hover`).
 * @cssproperty --dj-font - Font shorthand. Default: inherit.
 * @cssproperty --dj-radius - Corner radius of the viewport, dialogs and buttons. Default: 6px.
 * @cssproperty --dj-space - Base spacing. Default: 0.5rem.
 * @cssproperty --dj-org-tree-row-height - Height of every row (rows are virtualised, so they all have this height). Default: `--dj-row-height` (2.25rem).
 * @cssproperty --dj-org-tree-indent - Indentation per level. Default: 1.25rem.
 * @cssproperty --dj-org-tree-max-height - Height beyond which the tree scrolls. Default: 24rem.
 *
 * @example
 * ```html
 * <!-- Back office: an operator edits account ACME's tree. -->
 * <dj-org-tree account="ACME" base-url="https://api.example.com" api-key="…" lang="fr"></dj-org-tree>
 * <!-- Storefront: a signed-in customer user sees what O5 allows (token from POST /auth/token). -->
 * <dj-org-tree mode="storefront" base-url="https://api.example.com" token="…"></dj-org-tree>
 * ```
 */
export class DjOrgTree extends DjElement {
  static override styles = [theme, styles]

  static override properties: PropertyDeclarations = {
    // Declared again (see DjElement) for their descriptions here, which name the storefront's `token`.
    baseUrl: { attribute: 'base-url' },
    apiKey: { attribute: 'api-key' },
    mode: { reflect: true },
    token: {},
    account: {},
    readonly: { type: Boolean, reflect: true },
    expandDepth: { type: Number, attribute: 'expand-depth' },
    selected: { reflect: true },
    makeExternalId: { attribute: false },
    loaded: { state: true },
    rights: { state: true },
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
  /** Back office: the account's externalId, whose tree is shown. The storefront shows the signed-in user's current account. */
  declare account: string | undefined
  /** No toolbar, no editing keys, no dragging: a tree to browse and select in, whoever is calling. Without it, the tree is read-only only for a caller who may not change it (see `readonlyReason`). */
  declare readonly: boolean
  /** Levels open on first load: 1 (default) opens the top-level organisations, 0 shows them closed. */
  declare expandDepth: number
  /** The id of the selected organisation (set by Enter or a click; a host may set it). */
  declare selected: string | undefined
  /** Makes the externalId of an organisation the user adds. Default: the parent's externalId (or the account's), the name, and a random suffix. */
  declare makeExternalId: ExternalIdMaker | undefined

  /** A tree has been loaded (the empty state needs the difference between "none yet" and "nothing"). */
  declare protected loaded: boolean
  /** What the caller may do; undefined until known. Kept while the same kind of caller is asked again (new key). */
  declare protected rights: Rights | undefined
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

  /** The organisations, the visible rows and the row with `tabindex="0"` (roving tabindex). */
  private model = new TreeModel()
  private dragging: TreeNode | undefined
  private targets: MoveTarget[] = []
  private moreTargets = 0
  private editValue = ''
  private focusPending = false
  private revealPending = false
  private editFocus = false
  /** Counts tree replacements (loads): a write that outlives one must not patch the new tree. */
  private generation = 0
  /** The next load shows another account or user (see setTree). */
  private sourceChanged = false
  private accountId: string | undefined
  private resizeObserver: ResizeObserver | undefined
  private locale = new Locale(this, messagesFor)
  /** The account's tree (back office) or what the user may see (storefront); a new load aborts the one in flight. */
  private loader = new LoadController(this, {
    args: () => {
      const api = this.api
      return api && (this.storefront || this.account) ? ([api, this.mode, this.account] as const) : undefined
    },
    task: async ([api, mode, account], signal) =>
      mode === 'storefront'
        ? unwrap(await api.GET('/v1/shop/organisations', { signal }))
        : unwrap(
            await api.GET('/v1/customer-accounts/{id}/organisations', {
              params: { path: { id: account! }, query: { idType: 'EXTERNAL_ID' } },
              signal,
            }),
          ),
    onComplete: (list) => {
      this.setTree(list)
      this.error = undefined
    },
    onError: (e) => {
      this.error = e
      this.dispatchEvent(new DjOrgErrorEvent('load', e))
    },
    // Nothing to show (e.g. signed out): never leave the previous user's tree on screen.
    onIdle: () => {
      this.setTree([])
      this.loaded = false
      this.error = undefined
    },
  })
  /**
   * Who is calling, asked beside the tree: an operator's level (OP7), a customer user's groups in the current account
   * (U16), once per client for the whole page (shared/caller.ts). A new API key asks again, keeping the last answer
   * meanwhile (as the tree keeps its rows and an edit).
   */
  private who = new LoadController(this, {
    args: () => {
      const api = this.api
      return api ? ([api, this.mode] as const) : undefined
    },
    task: async ([api, mode], signal): Promise<Rights> => {
      const c = await caller<Caller>(api, mode === 'storefront' ? asCustomer : asOperator, signal)
      if (c.kind === 'customer') return c.groups.includes('FOC_Admin') ? 'edit' : 'not-admin'
      return c.level === 'Reader' ? 'reader' : c.level === 'User' || c.level === 'Admin' ? 'edit' : 'unknown'
    },
    onComplete: (rights) => (this.rights = rights),
    // Read-only, and the tree stays usable: the server would refuse what the caller may not do anyway.
    onError: (e) => {
      this.rights = 'unknown'
      this.dispatchEvent(new DjOrgErrorEvent('access', e))
    },
    onIdle: () => (this.rights = undefined),
  })

  constructor() {
    super()
    this.mode = 'back-office'
    this.readonly = false
    this.expandDepth = 1
    this.loaded = false
    this.notice = ''
    this.pending = false
    this.targetFilter = ''
    this.targetActive = 0
    this.scrollPos = 0
    this.viewHeight = 0
    // Until the first measure: 2.25rem at the default 16px font (the CSS default of --dj-org-tree-row-height).
    this.rowHeight = 36
    // Focus whose control went away or got disabled in an update (Dismiss, Retry, a cancelled new row, the last
    // organisation deleted) goes to the tree's tab stop, or to "Add top-level organisation" when the tree is
    // empty. No scrolling: the element scrolls the focused row into view itself.
    new FocusController(this, {
      to: () =>
        this.renderRoot.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]') ??
        this.renderRoot.querySelector<HTMLElement>('[data-action="add-root"]'),
      options: { preventScroll: true },
    })
  }

  /** Loads the tree again, keeping open rows open and focus where it was (what Retry does); asks again who is calling when that failed. */
  reload(): Promise<void> {
    if (this.rights === 'unknown') void this.who.run()
    return this.loader.run()
  }

  /**
   * Why the user cannot change the tree now, or null when they can: `readonly` (the host's attribute), `checking`
   * (who is calling is not known yet: no action is offered meanwhile), `reader` (a Reader operator), `not-admin` (a
   * customer user who is not an FOC_Admin of the account), `unknown` (asking who is calling failed).
   */
  get readonlyReason(): OrgTreeReadonlyReason | null {
    if (this.readonly) return 'readonly'
    const rights = this.rights
    return rights === 'edit' ? null : (rights ?? 'checking')
  }

  /** Whether the user can change the tree now (the toolbar, editing keys and dragging are offered). */
  get editable(): boolean {
    return this.readonlyReason === null
  }

  /** Opens every organisation. */
  expandAll() {
    this.model.expandAll()
    this.requestUpdate()
  }

  /** Closes every organisation. */
  collapseAll() {
    this.model.collapseAll()
    this.requestUpdate()
  }

  override connectedCallback() {
    super.connectedCallback()
    if (this.hasUpdated) this.observe()
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.resizeObserver?.disconnect()
    this.resizeObserver = undefined
  }

  private get storefront() {
    return this.mode === 'storefront'
  }

  /** A storefront element signs in as a customer user (`token`), a back-office one as an operator (`api-key`). */
  protected override get clientKind() {
    return this.storefront ? 'ACCOUNT' : 'OPERATOR'
  }

  private get m(): OrgTreeMessages {
    return this.locale.messages
  }

  private get loading() {
    return this.loader.pending
  }

  /** The visible rows, in order: what the tree would show without virtualisation. */
  private get rows() {
    return this.model.rows
  }

  /** The row with `tabindex="0"` (roving tabindex). */
  private get active() {
    return this.model.active
  }

  private set active(node: TreeNode | undefined) {
    this.model.active = node
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
    // The last notice was said in the old language: the status goes back to the count, in the new one.
    if (has('lang') && this.hasUpdated && !this.pending) this.notice = ''
    if (has('account', 'mode')) this.accountId = undefined
    // Another caller (a new client or token: perhaps another user; another mode): what the last one could do says
    // nothing about this one. A new API key is the same caller's (their tree and edit in progress stay).
    if (has('client', 'token', 'mode') && this.hasUpdated) this.rights = undefined
    // The caller may no longer edit (another key, `readonly`): an edit or dialog in progress ends unsaved.
    if (!this.editable && (this.editing || this.deleting || this.moving || this.dragging)) this.stopEditing()
    // Another account or user (loaded in this update): rows open in the old tree mean nothing in the new one.
    if (has('client', 'token', 'account', 'mode')) this.sourceChanged = true
    if (this.moving && has('moving', 'targetFilter', 'lang')) this.listTargets(this.moving)
    // Scroll the focused row into view by choosing the window here, so that the row is rendered in this update.
    const active = this.active
    if (this.revealPending && active) {
      const view = this.viewport?.clientHeight || this.viewHeight || innerHeight
      this.scrollPos = scrollToShow(this.rows.indexOf(active), this.rowHeight, view, this.scrollPos)
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

  /** Replaces the tree with the server's; on a reload, open rows stay open and the focused row stays focused. */
  private setTree(list: OrganisationNode[]) {
    const keep = this.loaded && !this.sourceChanged
    this.sourceChanged = false
    this.generation++
    const editing = this.editing
    this.model.replace(list, { expandDepth: this.expandDepth, keep, selected: this.selected })
    // A reload of the same tree (new credentials, Retry) keeps a name being typed: the row being renamed, or a
    // new row under the same parent, stays in edit with what was typed. Gone from the new tree: the edit ends.
    this.editing = undefined
    if (keep && editing) {
      const parentId = editing.draft ? editing.parent?.rec.id : undefined
      const parent = parentId ? this.model.byId.get(parentId) : null
      const node = editing.draft
        ? parent === undefined
          ? undefined
          : this.model.addDraft(parent)
        : this.model.byId.get(editing.rec.id)
      if (node) this.editing = this.model.active = node
    }
    this.loaded = true
    this.requestUpdate()
  }

  /** Ends, unsaved, a name being typed and the dialogs (the caller may no longer edit). */
  private stopEditing() {
    const editing = this.editing
    this.editing = this.deleting = this.moving = this.dropTarget = this.dragging = undefined
    if (editing?.draft) this.model.dropDraft(editing)
  }

  /** Recomputes the visible rows after a change of structure (see TreeModel.refresh). */
  private refresh() {
    this.model.refresh()
    this.requestUpdate()
  }

  private expand(node: TreeNode) {
    if (this.model.expand(node)) this.requestUpdate()
  }

  private collapse(node: TreeNode) {
    if (this.model.collapse(node)) this.requestUpdate()
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

  // ---- writes: optimistic, one at a time, rolled back on error ----

  /** False (and a notice) when no write may start now. */
  private canWrite() {
    if (!this.editable || !this.api || !this.loaded) return false
    if (this.pending) this.notice = this.m.busy
    return !this.pending
  }

  /**
   * Applies a change to the tree at once (`apply` returns its undo), sends the request, and on an error undoes
   * the change, shows the problem (unless `handled` takes it) and fires `dj-org-error`. Focus follows the node
   * when it is still in the tree.
   */
  private async write(
    action: OrgTreeAction,
    node: TreeNode,
    apply: () => Undo,
    send: (api: DjClient) => Promise<Organisation | undefined>,
    done: (rec: Organisation) => string,
    handled?: (e: unknown) => boolean,
  ) {
    const api = this.api!
    const generation = this.generation
    this.problem = undefined
    this.pending = true
    this.notice = this.m.saving
    const undo = apply()
    this.refresh()
    try {
      const answer = await send(api)
      // The tree was reloaded meanwhile: its nodes are not the ones changed here; read it again.
      if (generation !== this.generation) {
        this.dispatchEvent(new DjOrgChangeEvent(action, answer ?? plain(node)))
        return void this.loader.run()
      }
      if (answer) this.model.settle(node, answer)
      const rec = plain(node)
      this.notice = done(rec)
      this.dispatchEvent(new DjOrgChangeEvent(action, rec))
    } catch (e) {
      if (generation !== this.generation) {
        // The tree was reloaded meanwhile: it already shows the server's state, without this change. Read it
        // again all the same (the reload may have left before the request), and say why the change is not there.
        void this.loader.run()
      } else {
        const focused = this.matches(':focus-within') && !this.editing
        undo()
        this.refresh()
        if (focused) this.focusNode(this.rows.includes(node) ? node : this.active)
      }
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
    const known = this.accountId ?? this.model.roots.find((n) => !n.draft)?.rec.accountId
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
    return defaultExternalId(name, parent?.rec.externalId ?? (this.storefront ? '' : this.account) ?? '')
  }

  /** Insert / "Add": a new row under `parent` (null: top level), named inline; created when the name is committed. */
  private startAdd(parent: TreeNode | null) {
    if (!this.canWrite()) return
    const node = this.model.addDraft(parent)
    this.requestUpdate()
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
    this.model.dropDraft(node)
    this.requestUpdate()
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
      () => this.model.name(node, name, externalId),
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
      () => this.model.rename(node, name),
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
    const why = refusal(node, target)
    if (why) {
      if (why !== 'same') this.notice = this.m.refused
      return
    }
    if (
      !this.canWrite() ||
      !this.dispatchEvent(new DjOrgMoveEvent(plain(node), node.parent && plain(node.parent), target && plain(target)))
    )
      return
    const parentId = target?.rec.id ?? null
    const focused = this.matches(':focus-within')
    await this.write(
      'move',
      node,
      () => {
        const undo = this.model.move(node, target)
        if (focused) this.focusNode(node)
        return undo
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
    await this.write(
      'delete',
      node,
      () => this.model.remove(node),
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
        if (!isProblem(e, 409)) return false
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
    const { targets, more } = this.model.targets(node, this.targetFilter, this.m.topLevel, MAX_TARGETS)
    this.targets = targets
    this.moreTargets = more
    if (this.targetActive >= targets.length) this.targetActive = Math.max(0, targets.length - 1)
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
    return row ? this.model.byId.get(row.dataset.id!) : undefined
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
    const edit = this.editable
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
        this.model.expandSiblings(node)
        this.requestUpdate()
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
        else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && (e.key !== ' ' || this.model.typing(e.timeStamp)))
          // Type-ahead: focus moves to the next visible node whose name starts with the typed string; keys typed
          // in quick succession add to the string, the same letter again cycles (a space inside a name is typed).
          this.focusNode(this.model.typeAhead(e.key, e.timeStamp, i))
        else if (e.key === ' ') this.select(node)
        else handled = false
    }
    if (handled) e.preventDefault()
  }

  private onScroll = (e: Event) => {
    this.scrollPos = (e.target as HTMLElement).scrollTop
  }

  private onDragStart = (e: DragEvent) => {
    const node = this.nodeOf(e)
    if (!node || !this.editable || node.draft || this.pending) {
      e.preventDefault()
      return
    }
    this.dragging = node
    // Shows the top-level drop zone.
    this.requestUpdate()
    e.dataTransfer?.setData('text/plain', node.rec.name)
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'
  }

  /** A row accepts the drop when the move is valid; the empty part of the viewport means "top level". */
  private onDragOver = (e: DragEvent) => {
    const node = this.dragging
    if (!node) return
    const target = this.nodeOf(e) ?? null
    if (refusal(node, target)) {
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
    this.requestUpdate()
    // A drop the dragover refused can still arrive (synthetic events, other browsers): checked again.
    if (node) void this.move(node, this.nodeOf(e) ?? null)
  }

  private onDragEnd = () => {
    this.dragging = undefined
    this.dropTarget = undefined
    this.requestUpdate()
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

  /** The rows to render: the window around the scroll position, plus the focused row wherever it is. */
  private windowRows(): number[] {
    const focused = this.active ? this.rows.indexOf(this.active) : -1
    const view = this.viewHeight || innerHeight
    return windowOf(this.rows.length, this.rowHeight, this.scrollPos, view, OVERSCAN, focused)
  }

  private row(i: number, drag: 'true' | 'false') {
    const n = this.rows[i]
    const open = n.children.length ? (n.expanded ? 'true' : 'false') : nothing
    const label = n.draft && !n.rec.name ? this.m.newChild(n.parent?.rec.name ?? null) : nothing
    return html`<div role="treeitem" part="row" class="row" data-id=${n.rec.id} aria-level=${n.level}
      aria-setsize=${this.model.siblingsOf(n).length} aria-posinset=${n.pos} aria-expanded=${open}
      aria-selected=${n.rec.id === this.selected ? 'true' : 'false'} aria-label=${label} tabindex=${n === this.active ? '0' : '-1'}
      draggable=${drag} ?data-drop=${n === this.dropTarget} ?data-draft=${n.draft}
      style="transform:translateY(${i * this.rowHeight}px);--dj-level:${n.level - 1}"
      ><span class="twisty" part="twisty" aria-hidden="true">${n.children.length ? chevron : nothing}</span><span class="name" part="name" title=${n.rec.name}>${n.rec.name}</span>${drag === 'true' ? grip : nothing}</div>`
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
      <button type="button" part="action" data-action="add" ?disabled=${off}>${icon('plus')}${m.add}</button>
      <button type="button" part="action" data-action="rename" ?disabled=${off}>${icon('pencil')}${m.rename}</button>
      <button type="button" part="action" data-action="move" ?disabled=${off}>${icon('chevrons-right')}${m.move}</button>
      <button type="button" part="action" class="destructive" data-action="delete" ?disabled=${off}>${icon('trash')}${m.delete}</button>
      <button type="button" part="action" data-action="add-root">${icon('plus')}${m.addRoot}</button>
    </div>`
  }

  private deleteDialog(node: TreeNode, problem: unknown) {
    const m = this.m
    return html`<dialog part="dialog" class="delete" aria-labelledby="dialog-title" aria-describedby="dialog-body" @cancel=${this.closeDialog} @close=${this.closeDialog}>
      <h2 id="dialog-title">${m.deleteTitle(node.rec.name)}</h2>
      <p id="dialog-body">${m.deleteBody}</p>
      ${problem ? problemAlert(m.hasDependents, m.hasDependentsHow) : nothing}
      <label class="cascade" part="cascade"><input id="cascade" type="checkbox" ?autofocus=${!!problem} /> ${m.cascade(sizeOf(node) - 1, this.locale.number(sizeOf(node) - 1))}</label>
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
      ${this.moreTargets ? html`<p class="hint">${m.more(this.moreTargets, this.locale.number(this.moreTargets))}</p>` : nothing}
      <div class="buttons">
        <button type="button" part="cancel" @click=${this.closeDialog}>${m.cancel}</button>
        <button type="button" part="confirm" ?disabled=${act < 0} @click=${() => this.chooseTarget(act)}>${m.confirmMove}</button>
      </div>
    </dialog>`
  }

  /** What to do after a failed write, for the user: a name taken among siblings (O2) says so, the rest by kind. */
  private reasonFor(action: OrgTreeAction, error: unknown) {
    return action !== 'move' && action !== 'delete' && isProblem(error, 409) && error.code === 'ALREADY_EXISTS'
      ? this.m.nameTaken
      : problemReason(error, this.locale.language)
  }

  protected override render() {
    const m = this.m
    const edit = this.editable
    // Rows wait for the answer about who is calling, so that the actions never appear after the tree (a jump), and
    // another account's or user's tree is never shown while theirs loads.
    const ready = this.loaded && !this.sourceChanged && (this.readonly || this.rights !== undefined)
    const rows = ready ? this.rows : []
    const busy = this.loading || (!ready && this.who.pending)
    const count = this.model.byId.size - (this.editing?.draft ? 1 : 0)
    const status = busy
      ? m.loading
      : this.notice || (ready && !this.error ? m.count(count, this.locale.number(count)) : '')
    const reason = this.readonlyReason
    const why =
      ready && !this.error && reason && reason !== 'readonly' && reason !== 'checking' ? m.reasons[reason] : ''
    const indices = ready ? this.windowRows() : []
    const drag = edit ? 'true' : 'false'
    return html`
      <p id="hint" class="visually-hidden">${edit ? m.hint : m.hintReadonly}</p>
      ${edit && ready ? this.toolbar() : nothing}
      ${why ? html`<p id="reason" class="hint reason" part="reason">${icon('lock')}${why}</p>` : nothing}
      <p class="status" part="status" role="status">${status}</p>
      ${loadFailedAlert(this.error, m, this.locale.language, () => this.reload())}
      ${
        this.problem
          ? problemAlert(
              `${m[`${this.problem.action}Error` as `${OrgTreeAction}Error`]} ${m.undone}`,
              this.reasonFor(this.problem.action, this.problem.error),
              { part: 'dismiss', label: m.dismiss, run: () => (this.problem = undefined) },
            )
          : nothing
      }
      ${ready && !rows.length ? html`<p class="empty" part="empty">${m.empty}</p>` : nothing}
      <div class="viewport" part="viewport" ?data-drop=${this.dropTarget === 'root'} ?data-empty=${!rows.length && !busy}
        aria-busy=${busy && !rows.length ? 'true' : nothing} @scroll=${this.onScroll}
        @dragstart=${this.onDragStart} @dragover=${this.onDragOver} @drop=${this.onDrop} @dragend=${this.onDragEnd}>
        ${
          rows.length
            ? html`<div role="tree" part="tree" aria-label=${m.tree} aria-describedby=${why ? 'hint reason' : 'hint'} aria-busy=${this.loading ? 'true' : 'false'}
              style="height:${rows.length * this.rowHeight}px" @keydown=${this.onKeydown} @click=${this.onClick} @focusin=${this.onFocusIn}>
              ${repeat(
                indices,
                (i) => rows[i].key,
                (i) => this.row(i, drag),
              )}
            </div>`
            : busy && !this.error
              ? html`<div class="skeletons" part="skeleton" aria-hidden="true">${[70, 45, 55, 35].map((w) => html`<span class="skeleton" style="width:${w}%"></span>`)}</div>`
              : nothing
        }
        ${this.editing ? this.editor(this.editing) : nothing}
        ${this.dragging ? html`<div class="drop-root" part="drop-root" ?data-drop=${this.dropTarget === 'root'}>${m.dropRoot}</div>` : nothing}
        <div class="row probe" aria-hidden="true">M</div>
      </div>
      ${this.deleting ? this.deleteDialog(this.deleting.node, this.deleting.problem) : this.moving ? this.moveDialog(this.moving) : nothing}
    `
  }
}
