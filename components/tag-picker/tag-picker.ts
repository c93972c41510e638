import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { unwrap, type DjClient, type Schemas } from '@dj-customers/sdk'
import { asOperator, caller } from '../shared/caller.js'
import { DjElement } from '../shared/element.js'
import { FocusController } from '../shared/focus.js'
import { icon } from '../shared/icons.js'
import { LoadController } from '../shared/load.js'
import { Locale } from '../shared/locale.js'
import { isProblem, loadFailedAlert, problemAlert, problemReason } from '../shared/problem.js'
import { fold, list, listAttribute } from '../shared/text.js'
import { theme } from '../shared/theme.js'
import {
  DjTagCreateEvent,
  DjTagsChangeEvent,
  DjTagsConflictEvent,
  DjTagsErrorEvent,
  DjTagsSaveEvent,
  DjTagsSavedEvent,
} from './events.js'
import { messagesFor, type TagPickerMessages } from './messages.js'
import { styles } from './tag-picker.styles.js'

type CustomerTag = Schemas['CustomerTag']
type CustomerTagRef = Schemas['CustomerTagRef']
type CurrentOperator = Schemas['CurrentOperator']

/** How a chip differs from the account's saved tags: `kept` (saved and staged), `added` (staged only), `removed` (saved, staged for removal). */
export type TagChipState = 'kept' | 'added' | 'removed'

/** One chip as shown: a tag externalId, its name (the id itself when unknown) and its staged state. */
export interface TagChip {
  externalId: string
  name: string
  state: TagChipState
  /** Not in the tag catalogue (e.g. a `value` set by the host): shown, marked, never dropped. */
  unknown: boolean
}

interface Option {
  create: boolean
  id: string
  label: string
}

const unique = (ids: Iterable<string>) => [...new Set(ids)]
const minus = (a: string[], b: string[]) => a.filter((id) => !b.includes(id))
const slug = (s: string) =>
  fold(s)
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || s.trim()
/** At most this many options in the popup. */
const MAX_OPTIONS = 50

/**
 * @summary Customer tags of one account (A6/A7) as chips in a combobox: changes are staged and committed with
 * one `ADM-ACCOUNT-250` PUT carrying `If-Match`; a stale version shows what someone else changed. Form-associated.
 * It asks who is using it (OP7): only a User or Admin operator gets the controls, only an Admin "Create tag".
 *
 * @event dj-tags-change - The staged set changed. `event.value`, `event.added`, `event.removed`.
 * @event dj-tags-save - Save was pressed, before the PUT; cancelable (`preventDefault()` vetoes it). `event.value`, `event.added`, `event.removed`.
 * @event dj-tags-saved - The PUT succeeded. `event.value`, `event.etag`.
 * @event dj-tags-conflict - The PUT answered 412; the account was reloaded. `event.theirAdded`, `event.theirRemoved`, `event.current`, `event.value`.
 * @event dj-tag-create - "Create tag …" was chosen, before the POST; cancelable (`preventDefault()` vetoes it). `event.name`, `event.externalId`.
 * @event dj-tags-error - Loading, saving or creating failed (the user reads a sentence; the page gets the error). `event.action` (`load` / `save` / `create`), `event.error` (a `DjProblemError` with `status`, `code`, `detail` for an API problem).
 *
 * @csspart label - The field label.
 * @csspart field - The box holding the chips and the input.
 * @csspart chips - The list of chips.
 * @csspart chip - Each chip (`data-state` = kept / added / removed, `data-unknown` when not in the catalogue).
 * @csspart chip-button - The remove (or keep) button of a chip (absent when the tags cannot be changed).
 * @csspart input - The combobox input (absent, like the listbox, Save and Reset, when the tags cannot be changed).
 * @csspart listbox - The popup list of tags.
 * @csspart option - Each option of the popup.
 * @csspart empty - The text shown when there is no chip.
 * @csspart status - The live status line (loading, unsaved changes, saved).
 * @csspart actions - The bar holding Save and Reset.
 * @csspart save - The Save button.
 * @csspart reset - The Reset button.
 * @csspart conflict - The box describing a concurrent change.
 * @csspart error - An error message box.
 * @csspart retry - The Retry button of a load error.
 * @csspart readonly-hint - Why the tags cannot be changed (a Reader, or permissions that could not be checked).
 *
 * @cssproperty --dj-color-accent - Focus ring, active option and Save button (shared design language, docs/components.md §Theming; also `--dj-color-text`, `--dj-color-muted`, `--dj-color-surface`, `--dj-color-surface-raised` for kept chips, `--dj-color-border`, `--dj-color-success` for chips to add, `--dj-color-danger` for chips to remove and errors, `--dj-color-warning` for unknown chips, `--dj-color-selected` for the active option).
 * @cssproperty --dj-font - Font shorthand. Default: inherit.
 * @cssproperty --dj-radius - Corner radius of the field, popup and buttons. Default: 6px.
 * @cssproperty --dj-space - Base spacing. Default: 0.5rem.
 *
 * @example
 * ```html
 * <form>
 *   <dj-tag-picker name="tags" account="ACME" base-url="https://api.example.com" api-key="…" lang="fr"></dj-tag-picker>
 * </form>
 * ```
 */
export class DjTagPicker extends DjElement {
  static override styles = [theme, styles]
  static formAssociated = true

  static override properties: PropertyDeclarations = {
    account: {},
    name: {},
    allowCreate: { type: Boolean, attribute: 'allow-create' },
    readOnly: { type: Boolean, attribute: 'readonly', reflect: true },
    value: { noAccessor: true, converter: listAttribute },
    catalogue: { state: true },
    saved: { state: true },
    error: { state: true },
    problem: { state: true },
    conflict: { state: true },
    saving: { state: true },
    notice: { state: true },
    text: { state: true },
    open: { state: true },
    active: { state: true },
    formDisabled: { state: true },
    me: { state: true },
  }

  /** The account's externalId: its tags are loaded, and Save replaces them. Without it the element is a plain form field. */
  declare account: string | undefined
  /** Form field name: the form gets one entry per staged tag externalId. */
  declare name: string | undefined
  /**
   * Offers "Create tag …" for text that matches no tag (`POST /v1/customer-tags`). Only to an Admin operator (A6): for
   * anyone else the list says that only an administrator can create a tag.
   */
  declare allowCreate: boolean
  /**
   * The tags are shown, not changeable: no input, no chip buttons, no Save (attribute `readonly`). The element is
   * read-only by itself, with the reason shown, for a Reader operator (OP2) or when it could not ask who is using it
   * (OP7); `editable` and `readonlyReason` tell the page.
   */
  declare readOnly: boolean

  /** Every tag of the catalogue, by externalId. */
  declare protected catalogue: Map<string, CustomerTag> | undefined
  /** The account's tags as last read (or saved). */
  declare protected saved: string[] | undefined
  /** Loading failed (shown with Retry until a load succeeds). */
  declare protected error: unknown
  /** A save or create failed. */
  declare protected problem: { message: keyof TagPickerMessages; error: unknown } | undefined
  declare protected conflict: { theirAdded: string[]; theirRemoved: string[] } | undefined
  declare protected saving: boolean
  declare protected notice: boolean
  declare protected text: string
  declare protected open: boolean
  /** Index of the active option, -1 for none. */
  declare protected active: number
  /** A disabled `<fieldset>` or form holds the element. */
  declare protected formDisabled: boolean
  /** Who is using the picker (OP7): `undefined` while asked, `null` when it could not be read. */
  declare protected me: CurrentOperator | null | undefined

  /**
   * The operator using the picker (OP7 `GET /v1/operator-users/me`: level, support permission, assigned stores);
   * `undefined` until known, or when it could not be read. Read-only.
   */
  get currentOperator(): CurrentOperator | undefined {
    return this.me ?? undefined
  }

  /**
   * Whether the user may change the tags here (read-only): `readonlyReason` is empty. Without an `account` the picker
   * is a plain form field, writes nothing, and is editable unless `readonly`.
   */
  get editable(): boolean {
    return !this.readonlyReason
  }

  /**
   * Why the tags cannot be changed here, if they cannot (read-only): `readonly` (the page said so), `checking` (who is
   * using the picker is being asked, with the tags), `reader` (a Reader operator, OP2: changing an account's tags
   * needs User or Admin, A7), `unknown` (that could not be asked, OP7: nothing is offered). The last two are shown to
   * the user as a sentence (`part="readonly-hint"`).
   */
  get readonlyReason(): 'readonly' | 'checking' | 'reader' | 'unknown' | undefined {
    const me = this.me
    if (this.readOnly) return 'readonly'
    if (!this.account) return undefined
    return me === undefined ? 'checking' : me === null ? 'unknown' : me.level === 'Reader' ? 'reader' : undefined
  }

  private staged: string[] = []
  /** The host set `value` itself: loading the account does not overwrite it. */
  private hostValue = false
  /** The next load asks the server again who is calling (`reload()`), not what the page already knows. */
  private askAgain = false
  private etag: string | null = null
  private refs = new Map<string, string>()
  private internals: ElementInternals
  private locale = new Locale(this, messagesFor)
  /** The catalogue and the account's tags, loaded again when the client or the account changes. */
  private loader = new LoadController(this, {
    args: () => {
      const api = this.api
      return api && ([api, this.account] as const)
    },
    task: async ([api, account], signal) => {
      const catalogue = async () => {
        const tags: CustomerTag[] = []
        for (let page = 0; ; page++) {
          const p = unwrap(
            await api.GET('/v1/customer-tags', { params: { query: { page, size: 1000, sort: 'name:asc' } }, signal }),
          )
          tags.push(...p.content)
          if (p.last || !p.content.length) return tags
        }
      }
      // Who is asking (OP7): not knowing is no reason to show nothing, only to offer no change.
      // Asked once per client for the whole page (shared/caller.ts); Retry (`reload()`) asks the server again.
      const again = this.askAgain
      this.askAgain = false
      const me = caller(api, asOperator, signal, again).then(
        (c) => c.operator,
        () => null,
      )
      const [tags, ofAccount, operator] = await Promise.all([
        catalogue(),
        account ? this.fetchAccount(api, account, signal) : undefined,
        me,
      ])
      return { tags, ofAccount, operator }
    },
    onComplete: ({ tags, ofAccount, operator }) => {
      this.me = operator
      this.catalogue = new Map(tags.map((t) => [t.externalId, t]))
      this.saved = undefined
      if (ofAccount) {
        this.applyAccount(ofAccount)
        if (!this.hostValue) {
          const old = this.staged
          this.staged = [...this.saved!]
          this.requestUpdate('value', old)
        }
      }
      this.error = undefined
      this.conflict = undefined
    },
    onError: (e) => {
      this.error = e
      this.dispatchEvent(new DjTagsErrorEvent('load', e))
    },
    onIdle: () => (this.me = undefined),
  })

  constructor() {
    super()
    this.internals = this.attachInternals()
    this.allowCreate = false
    this.readOnly = false
    this.saving = false
    this.notice = false
    this.text = ''
    this.open = false
    this.active = -1
    this.formDisabled = false
    // Focus inside the picker whose control went away or got disabled in an update (a removed chip, Save,
    // Retry) goes to the input.
    new FocusController(this, { to: () => this.renderRoot.querySelector<HTMLElement>('#input') })
  }

  /** The staged tag externalIds (what Save would send). Setting it stages that set; unknown ids are kept and marked. */
  get value(): string[] {
    return this.staged
  }
  set value(v: string[]) {
    const old = this.staged
    this.staged = unique(v ?? [])
    this.hostValue = true
    this.requestUpdate('value', old)
  }

  /** The chips shown: the account's tags first, then the staged additions. */
  get chips(): TagChip[] {
    const base = this.base
    return unique([...base, ...this.staged]).map((id) => {
      const tag = this.catalogue?.get(id)
      const state: TagChipState = !this.staged.includes(id) ? 'removed' : base.includes(id) ? 'kept' : 'added'
      return { externalId: id, name: tag?.name ?? this.refs.get(id) ?? id, state, unknown: !!this.catalogue && !tag }
    })
  }

  /** Loads the catalogue and the account again, and asks again who is using the picker (what Retry does). */
  reload(): Promise<void> {
    this.askAgain = true
    return this.loader.run()
  }

  /** Drops the staged changes: back to the account's tags. */
  reset() {
    this.conflict = undefined
    this.problem = undefined
    this.stage([...this.base])
  }

  /** Fires `dj-tags-save` and, unless vetoed, sends the staged set with one `ADM-ACCOUNT-250` PUT (`If-Match`). */
  async save(): Promise<void> {
    const api = this.api
    const account = this.account
    if (!api || !account || this.saving || !this.editable) return
    const before = this.saved ?? []
    const value = [...this.staged]
    if (!this.dispatchEvent(new DjTagsSaveEvent(value, minus(value, before), minus(before, value)))) return
    this.saving = true
    this.problem = undefined
    this.notice = false
    try {
      const r = await api.PUT('/v1/customer-accounts/{customerAccountId}/customer-tags', {
        params: { path: { customerAccountId: account }, header: this.etag ? { 'if-match': this.etag } : {} },
        body: { customerTagExternalIds: value },
      })
      unwrap(r)
      const etag = r.response.headers.get('ETag')
      // The host switched the account meanwhile: the answer is about the old one, not what is shown now.
      if (account === this.account) {
        this.saved = value
        this.etag = etag
        this.conflict = undefined
        this.notice = true
      }
      this.dispatchEvent(new DjTagsSavedEvent(value, etag))
    } catch (e) {
      if (account !== this.account) return
      if (isProblem(e, 412)) await this.onConflict(api, account, before, value)
      else this.fail('saveError', e)
    } finally {
      this.saving = false
    }
  }

  /** Form reset: the staged changes go, the account's tags (or, without an account, the `value` attribute's) come back. */
  /** Disabled with its form or fieldset: the input, the chips' buttons, Save and Reset are disabled too. */
  formDisabledCallback(disabled: boolean) {
    this.formDisabled = disabled
    if (disabled) this.open = false
  }

  formResetCallback() {
    this.hostValue = false
    if (this.account) this.reset()
    else this.stage(list(this.getAttribute('value')))
  }

  private get m(): TagPickerMessages {
    return this.locale.messages
  }

  private get loading() {
    return this.loader.pending
  }

  /** What the staged set is compared with: the account's tags, or (without an account) the set itself. */
  private get base(): string[] {
    return this.account ? (this.saved ?? []) : this.staged
  }

  private nameOf(id: string) {
    return this.catalogue?.get(id)?.name ?? this.refs.get(id) ?? id
  }

  /** A change by the user: new staged set and `dj-tags-change`. */
  private stage(next: string[]) {
    next = unique(next)
    if (next.join('\n') === this.staged.join('\n')) return
    const old = this.staged
    this.staged = next
    this.notice = false
    this.requestUpdate('value', old)
    const base = this.saved ?? []
    this.dispatchEvent(new DjTagsChangeEvent([...next], minus(next, base), minus(base, next)))
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('account') && changed.get('account') !== undefined) {
      this.hostValue = false
      this.notice = false
      this.problem = undefined
    }
    if (changed.has('value') || changed.has('name')) {
      let data: FormData | null = null
      if (this.name) {
        data = new FormData()
        for (const id of this.staged) data.append(this.name, id)
      }
      this.internals.setFormValue(data)
    }
  }

  protected override updated(changed: PropertyValues<this>) {
    // aria-activedescendant does not scroll: the active option is brought into the list's visible part here.
    if (changed.has('active' as keyof DjTagPicker) && this.active >= 0)
      this.renderRoot.querySelector(`#option-${this.active}`)?.scrollIntoView({ block: 'nearest' })
  }

  private async fetchAccount(api: DjClient, account: string, signal?: AbortSignal) {
    const r = await api.GET('/v1/customer-accounts/{id}', {
      params: { path: { id: account }, query: { idType: 'EXTERNAL_ID' } },
      signal,
    })
    return { tags: unwrap(r).customerTags, etag: r.response.headers.get('ETag') }
  }

  private applyAccount(a: { tags: CustomerTagRef[]; etag: string | null }) {
    for (const t of a.tags) this.refs.set(t.externalId, t.name)
    this.saved = a.tags.map((t) => t.externalId)
    this.etag = a.etag
  }

  /** 412: reload the account, show what the other change did, and rebase the user's intent on it. */
  private async onConflict(api: DjClient, account: string, before: string[], mine: string[]) {
    let fresh: Awaited<ReturnType<typeof this.fetchAccount>>
    try {
      fresh = await this.fetchAccount(api, account)
    } catch (e) {
      if (account === this.account) this.fail('saveError', e)
      return
    }
    if (account !== this.account) return
    this.applyAccount(fresh)
    const now = this.saved!
    const theirAdded = minus(now, before)
    const theirRemoved = minus(before, now)
    const value = unique([...minus(now, minus(before, mine)), ...minus(mine, before)])
    const old = this.staged
    this.staged = value
    this.requestUpdate('value', old)
    this.conflict = { theirAdded, theirRemoved }
    this.dispatchEvent(new DjTagsConflictEvent(theirAdded, theirRemoved, [...now], [...value]))
  }

  /** A save or create failed: a sentence for the user, the error for the page. */
  private fail(message: 'saveError' | 'createError', error: unknown) {
    this.problem = { message, error }
    this.dispatchEvent(new DjTagsErrorEvent(message === 'saveError' ? 'save' : 'create', error))
  }

  /** "Create tag …" is offered: `allow-create`, and an Admin (A6). */
  private get canCreate() {
    return this.allowCreate && this.me?.level === 'Admin' && this.editable
  }

  private async create(name: string) {
    const api = this.api
    if (!api || !this.canCreate) return
    this.problem = undefined
    const externalId = slug(name)
    if (!this.dispatchEvent(new DjTagCreateEvent(name, externalId))) return
    try {
      const tag = unwrap(await api.POST('/v1/customer-tags', { body: { externalId, name } }))
      this.catalogue = new Map(this.catalogue).set(tag.externalId, tag)
      this.stage([...this.staged, tag.externalId])
    } catch (e) {
      this.fail('createError', e)
    }
  }

  private get options(): Option[] {
    const q = fold(this.text.trim())
    const tags = [...(this.catalogue?.values() ?? [])]
    const options: Option[] = tags
      .filter(
        (t) =>
          !this.staged.includes(t.externalId) && (!q || fold(t.name).includes(q) || fold(t.externalId).includes(q)),
      )
      .slice(0, MAX_OPTIONS)
      .map((t) => ({ create: false, id: t.externalId, label: t.name }))
    if (this.canCreate && q && !tags.some((t) => fold(t.name) === q || fold(t.externalId) === q))
      options.push({ create: true, id: '', label: this.text.trim() })
    return options
  }

  private choose(option: Option) {
    this.text = ''
    this.open = false
    this.active = -1
    if (option.create) void this.create(option.label)
    else this.stage([...this.staged, option.id])
  }

  private onInput = (e: Event) => {
    this.text = (e.target as HTMLInputElement).value
    this.open = true
    this.active = -1
  }

  /** APG combobox with a listbox popup: Down/Up open and move, Enter picks, Escape closes (then clears). */
  private onKeydown = (e: KeyboardEvent) => {
    const n = this.options.length
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        this.active = this.open && n ? (this.active + 1) % n : n ? 0 : -1
        this.open = true
        break
      case 'ArrowUp':
        e.preventDefault()
        this.active = n ? (this.open && this.active > 0 ? this.active : n) - 1 : -1
        this.open = true
        break
      case 'Enter': {
        const option = this.open ? this.options[this.active] : undefined
        if (option) {
          e.preventDefault()
          this.choose(option)
        }
        break
      }
      case 'Escape':
        if (this.open) {
          e.preventDefault()
          this.open = false
          this.active = -1
        } else if (this.text) {
          e.preventDefault()
          this.text = ''
        }
        break
      case 'Backspace':
        if (!(e.target as HTMLInputElement).value && this.staged.length) {
          e.preventDefault()
          this.stage(this.staged.slice(0, -1))
        }
        break
      case 'Tab':
        this.open = false
        break
    }
  }

  private chip(c: TagChip, editable: boolean) {
    const m = this.m
    const notes = [
      c.unknown ? m.unknown : '',
      c.state === 'added' ? m.added : c.state === 'removed' ? m.removed : '',
    ].filter(Boolean)
    const removed = c.state === 'removed'
    return html`<li class="chip" part="chip" data-id=${c.externalId} data-state=${c.state} ?data-unknown=${c.unknown}>
      <span class="name">${c.name}</span>${notes.length ? html`<span class="note">(${notes.join(', ')})</span>` : nothing}
      ${
        editable
          ? html`<button type="button" part="chip-button" ?disabled=${this.formDisabled} aria-label=${removed ? m.restore(c.name) : m.remove(c.name)}
        title=${removed ? m.restore(c.name) : m.remove(c.name)}
        @click=${() => this.stage(removed ? [...this.staged, c.externalId] : this.staged.filter((id) => id !== c.externalId))}>${icon(removed ? 'plus' : 'x')}</button>`
          : nothing
      }
    </li>`
  }

  /** What to do after a failed save or create: the unknown tags by name when they are why a save was refused (A7). */
  private problemReason(error: unknown, chips: TagChip[]) {
    const unknown = chips.filter((c) => c.unknown && c.state !== 'removed').map((c) => c.name)
    return isProblem(error, 422) && unknown.length && this.problem?.message === 'saveError'
      ? this.m.unknownRefused(unknown.join(', '))
      : problemReason(error, this.locale.language)
  }

  private names(ids: string[]) {
    return ids.map((id) => this.nameOf(id)).join(', ')
  }

  protected override render() {
    const m = this.m
    const chips = this.chips
    const options = this.open ? this.options : []
    const expanded = this.open && !!this.catalogue
    const pending = chips.filter((c) => c.state !== 'kept').length
    const status = this.loading
      ? m.loading
      : this.saving
        ? m.saving
        : this.notice
          ? m.saved
          : this.account && pending && this.editable
            ? m.pending(pending)
            : ''
    const c = this.conflict
    const editable = this.editable
    const reason = this.readonlyReason
    return html`
      ${
        editable
          ? html`<label id="label" for="input" part="label">${m.label}</label>`
          : html`<span id="label" class="label" part="label">${m.label}</span>`
      }
      <div class="field" part="field">
        ${
          chips.length
            ? html`<ul class="chips" part="chips" aria-label=${m.chips}>${chips.map((chip) => this.chip(chip, editable))}</ul>`
            : this.saved || !this.account
              ? html`<span class="empty" part="empty">${m.empty}</span>`
              : nothing
        }
        ${
          editable
            ? html`<div class="combo">
          <input id="input" part="input" type="text" role="combobox" autocomplete="off" aria-autocomplete="list" aria-controls="listbox"
            aria-expanded=${expanded ? 'true' : 'false'} aria-activedescendant=${expanded && this.active >= 0 ? `option-${this.active}` : nothing}
            aria-describedby="hint" placeholder=${m.placeholder} .value=${this.text} ?disabled=${this.formDisabled}
            @input=${this.onInput} @keydown=${this.onKeydown} @blur=${() => (this.open = false)} />
        </div>
        <ul id="listbox" role="listbox" part="listbox" aria-labelledby="label" ?hidden=${!expanded}>
          ${options.map(
            (
              o,
              i,
            ) => html`<li id="option-${i}" role="option" part="option" data-id=${o.id} aria-selected=${i === this.active ? 'true' : 'false'}
              @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.choose(o)}>
              ${o.create ? html`${icon('plus')} ${m.create(o.label)}` : html`${o.label}<span class="option-id">${o.id}</span>`}
            </li>`,
          )}
          ${
            expanded && !options.length
              ? html`<li role="option" aria-disabled="true" aria-selected="false">${m.noMatch}${
                  this.allowCreate && !this.canCreate && this.text.trim() ? html`. ${m.createAdminOnly}` : nothing
                }</li>`
              : nothing
          }
        </ul>`
            : nothing
        }
      </div>
      ${reason === 'reader' || reason === 'unknown' ? html`<p class="hint" part="readonly-hint">${icon('lock')} ${m[reason === 'reader' ? 'readerOnly' : 'unchecked']}</p>` : nothing}
      <p id="hint" class="visually-hidden">${m.hint}</p>
      <p class="status" part="status" role="status" aria-live="polite">${status}</p>
      ${loadFailedAlert(this.error, m, this.locale.language, () => this.reload())}
      ${this.problem ? problemAlert(m[this.problem.message], this.problemReason(this.problem.error, chips)) : nothing}
      ${
        c
          ? html`<div class="conflict" part="conflict" role="alert">
            <p><strong>${m.conflict}</strong></p>
            ${c.theirAdded.length ? html`<p class="their-added">${m.theirAdded} ${this.names(c.theirAdded)}</p>` : nothing}
            ${c.theirRemoved.length ? html`<p class="their-removed">${m.theirRemoved} ${this.names(c.theirRemoved)}</p>` : nothing}
            <p>${m.conflictHint}</p>
          </div>`
          : nothing
      }
      ${
        this.account && editable
          ? html`<div class="actions" part="actions">
            <button type="button" class="save primary" part="save" ?disabled=${!pending || this.saving || this.loading || this.formDisabled} @click=${() => this.save()}>${m.save}</button>
            <button type="button" class="reset" part="reset" ?disabled=${!pending || this.saving || this.formDisabled} @click=${() => this.reset()}>${m.reset}</button>
          </div>`
          : nothing
      }
    `
  }
}
