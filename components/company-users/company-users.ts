import { html, nothing, type PropertyDeclarations } from 'lit'
import { unwrap, type DjClient, type Schemas } from '@dj-customers/sdk'
import { asCustomer, caller } from '../shared/caller.js'
import { DjElement } from '../shared/element.js'
import { FocusController } from '../shared/focus.js'
import { icon } from '../shared/icons.js'
import { LoadController } from '../shared/load.js'
import { Locale } from '../shared/locale.js'
import { pageButtons } from '../shared/pager.js'
import { theme } from '../shared/theme.js'
import { isProblem, loadFailedAlert, problemAlert, problemReason } from '../shared/problem.js'
import { styles } from './company-users.styles.js'
import {
  DjCompanyUsersErrorEvent,
  DjUserChangedEvent,
  DjUserChangeEvent,
  DjUserInvitedEvent,
  DjUserInviteEvent,
  DjInvitationChangedEvent,
  DjInvitationChangeEvent,
  DjUserRemovedEvent,
  DjUserRemoveEvent,
  type CompanyUsersAction,
  type InvitationAction,
} from './events.js'
import { messagesFor, type CompanyUsersMessages } from './messages.js'

type User = Schemas['CustomerUser']
type Group = Schemas['CustomerUserGroup']
type UserPage = Schemas['ShopCustomerUserPage']
type OrgNode = Schemas['OrganisationNode']
type Change = Schemas['ShopCustomerUserChange']
type Invitation = Schemas['Invitation']

/** An organisation of the account, flattened from the tree in its order, with its depth for indentation. */
interface Org {
  id: string
  name: string
  depth: number
}

/** What one load brings: the signed-in user (their groups here decide what they may do) and, for an admin, a page and the organisations. */
interface Loaded {
  me: { id: string; groups: Group[] }
  page?: UserPage
  orgs: Org[]
  /** The account's pending invitations, newest first. */
  invitations: Invitation[]
}

/** A failure shown to the user: what failed (a sentence) and what to do (another). */
interface Failure {
  message: string
  reason: string
}

const GROUPS: Group[] = ['FOC_User', 'FOC_Webmaster', 'FOC_Admin']
const SEARCH_DEBOUNCE = 300

const fullName = (u: User) => `${u.firstName} ${u.lastName}`.trim() || u.email

const flatten = (nodes: OrgNode[], depth = 0, out: Org[] = []): Org[] => {
  for (const n of nodes) {
    out.push({ id: n.id, name: n.name, depth })
    flatten(n.children, depth + 1, out)
  }
  return out
}

/**
 * @summary The storefront's "My company" people list (SS3, SS4): a company administrator (`FOC_Admin`) sees the
 * account's users within what O5 lets them see, invites a colleague, changes a colleague's roles and organisations,
 * and deactivates or reactivates them. Anyone else reads why they see no list. Never the account's last active
 * administrator: the server refuses (`LAST_FOC_ADMIN`), and the user reads a sentence saying what to do. An
 * administrator also removes a colleague from the company (after a confirmation) and resends or revokes the pending
 * invitations.
 *
 * @event dj-user-invite - The invite form was sent, before the POST. Cancelable. `event.invitation`.
 * @event dj-user-invited - The invitation was created. `event.invitation`.
 * @event dj-user-change - A change to a colleague (roles, organisations, status), before the PATCH. Cancelable. `event.user`, `event.change`.
 * @event dj-user-changed - The change was saved. `event.user`.
 * @event dj-user-remove - A colleague's removal was confirmed, before the DELETE. Cancelable. `event.user`.
 * @event dj-user-removed - The colleague was removed from the company. `event.user`.
 * @event dj-invitation-change - A pending invitation is resent or revoked, before the POST. Cancelable. `event.action`, `event.invitation`.
 * @event dj-invitation-changed - It was resent or revoked. `event.action`, `event.invitation`.
 * @event dj-company-users-error - Loading, inviting, a change, a removal or a resend / revoke failed. `event.action`, `event.error` (its `code`, e.g. `LAST_FOC_ADMIN`).
 *
 * @csspart toolbar - The bar with the search and the invite button.
 * @csspart search - The search input.
 * @csspart invite-button - The button that opens the invite dialog.
 * @csspart status - The live line: count, loading, or what the last action did.
 * @csspart notice - The sentence shown instead of the list (signed out, or not an administrator).
 * @csspart table - The `<table>`.
 * @csspart row - Each person's row.
 * @csspart badge - Each role and status badge.
 * @csspart action - Each row action (Edit, Deactivate, Reactivate, Remove, Send again, Revoke).
 * @csspart pager - The paging controls with the range ("1–25 of 65").
 * @csspart range - The range of the page shown ("1–25 of 65").
 * @csspart invitations - The table of pending invitations (shown when there are some).
 * @csspart invitation - Each pending invitation's row.
 * @csspart dialog - The invite, edit and remove dialogs.
 * @csspart error - Each error box.
 * @csspart retry - The Retry button.
 *
 * @example
 * ```html
 * <!-- token from POST /auth/token, for the signed-in customer user -->
 * <dj-company-users base-url="https://api.example.com" token="…" lang="fr"></dj-company-users>
 * ```
 */
export class DjCompanyUsers extends DjElement {
  static override styles = [theme, styles]

  static override properties: PropertyDeclarations = {
    token: {},
    pageSize: { type: Number, attribute: 'page-size' },
    loaded: { state: true },
    loadError: { state: true },
    page: { state: true },
    searchText: { state: true },
    search: { state: true },
    notice: { state: true },
    failure: { state: true },
    dialogFailure: { state: true },
    busy: { state: true },
    editing: { state: true },
    editOrgs: { state: true },
    inviting: { state: true },
    removing: { state: true },
  }

  /** A configured SDK client made with `client: 'ACCOUNT'` and the customer's token. Wins over `base-url` / `token`. */
  declare client: DjClient | undefined
  /** Customer user's bearer token from `POST /auth/token`, used with `base-url`. Without it (and no `client`) nobody is signed in. */
  declare token: string | undefined
  /** People per page (1–1000). Default 25. */
  declare pageSize: number

  declare protected loaded: Loaded | undefined
  declare protected loadError: unknown
  /** Page index, 0-based. */
  declare protected page: number
  declare protected searchText: string
  declare protected search: string
  /** What the last action did, announced in the live line. */
  declare protected notice: string
  /** A row action that failed (shown above the table). */
  declare protected failure: Failure | undefined
  /** A dialog's request that failed, or its form's problem (shown in the dialog). */
  declare protected dialogFailure: Failure | undefined
  declare protected busy: boolean
  /** The colleague whose roles and organisations are being edited. */
  declare protected editing: User | undefined
  /** Organisations ticked in the edit dialog. */
  declare protected editOrgs: string[]
  declare protected inviting: boolean
  /** The colleague whose removal is being confirmed. */
  declare protected removing: User | undefined

  private locale = new Locale(this, messagesFor)
  private searchTimer: ReturnType<typeof setTimeout> | undefined
  /** The control that opened a dialog, where focus goes back when it closes. */
  private opener: HTMLElement | undefined

  private loader = new LoadController(this, {
    args: () => {
      const api = this.api
      return api && ([api, this.page, this.pageSize, this.search] as const)
    },
    task: async ([api, page, size, search], signal) => {
      // Asked once per client for the whole page (shared/caller.ts): a later run, or another element, waits for the
      // same answer.
      const me = await caller(api, asCustomer, signal)
      if (!me.groups.includes('FOC_Admin')) return { me, orgs: [], invitations: [] }
      const [list, tree, invitations] = await Promise.all([
        api
          .GET('/v1/shop/customer-users', {
            params: { query: { page, size, search: search || undefined, sort: ['lastName:asc', 'firstName:asc'] } },
            signal,
          })
          .then(unwrap),
        api.GET('/v1/shop/organisations', { signal }).then(unwrap),
        api
          .GET('/v1/shop/invitations', {
            params: { query: { status: 'PENDING', sort: 'createdAt:desc', size: 100 } },
            signal,
          })
          .then(unwrap),
      ])
      return { me, page: list, orgs: flatten(tree), invitations: invitations.content }
    },
    onComplete: (loaded: Loaded) => {
      this.loaded = loaded
      this.loadError = undefined
      // A page beyond the end (people left, a narrower search): the last one.
      const p = loaded.page
      if (p && this.page > 0 && this.page >= p.totalPages) this.page = Math.max(p.totalPages - 1, 0)
    },
    onError: (e) => {
      this.loadError = e
      this.fail('load', e)
    },
    onIdle: () => {
      this.loaded = undefined
      this.loadError = undefined
    },
  })

  constructor() {
    super()
    this.pageSize = 25
    this.page = 0
    this.searchText = ''
    this.search = ''
    this.notice = ''
    this.busy = false
    this.editOrgs = []
    this.inviting = false
    new FocusController(this, {
      to: (lost) =>
        this.$(lost.closest('.pager') ? '.pager button:enabled' : lost.closest('dialog') ? '#invite' : '#search'),
    })
  }

  /** The storefront's client: a customer user's token. */
  protected override get clientKind() {
    return 'ACCOUNT' as const
  }

  /** Loads the list again (what Retry does; a page may call it after changes made elsewhere). */
  reload(): Promise<void> {
    return this.loader.run()
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    clearTimeout(this.searchTimer)
  }

  private get m(): CompanyUsersMessages {
    return this.locale.messages
  }

  private $<E extends HTMLElement>(selector: string) {
    return this.renderRoot.querySelector<E>(selector)
  }

  private get isAdmin() {
    return !!this.loaded?.me.groups.includes('FOC_Admin')
  }

  private fail(action: CompanyUsersAction, error: unknown) {
    this.dispatchEvent(new DjCompanyUsersErrorEvent(action, error))
  }

  /** The sentence saying what to do after a refused write: the server's known refusals first, else by kind. */
  private reason(error: unknown, name: string): string {
    const m = this.m
    if (isProblem(error, 409) && error.code === 'LAST_FOC_ADMIN') return m.lastAdmin(name)
    if (isProblem(error, 422) && error.problem.errors?.some((f) => f.field === 'status')) return m.severalAccounts(name)
    if (isProblem(error, 403) && error.problem.errors?.some((f) => f.field === 'groups')) return m.groupTooHigh
    return problemReason(error, this.locale.language)
  }

  private onSearchInput = (e: Event) => {
    this.searchText = (e.target as HTMLInputElement).value
    clearTimeout(this.searchTimer)
    this.searchTimer = setTimeout(() => this.go(0, this.searchText.trim()), SEARCH_DEBOUNCE)
  }

  /** Another page or search: the live line goes back to the count. */
  private go(page: number, search = this.search) {
    this.notice = ''
    this.page = page
    this.search = search
  }

  // Dialogs -------------------------------------------------------------------------------------------------

  private open(id: string, opener: EventTarget | null) {
    this.opener = opener as HTMLElement
    this.dialogFailure = undefined
    this.notice = ''
    void this.updateComplete.then(() => {
      const dialog = this.$<HTMLDialogElement>(id)
      if (!dialog) return
      dialog.showModal()
      dialog.querySelector<HTMLElement>('[autofocus], input')?.focus()
    })
  }

  private openInvite = (e: Event) => {
    this.inviting = true
    this.open('#invite-dialog', e.currentTarget)
  }

  private openEdit(user: User, e: Event) {
    if (this.busy) return
    this.editing = user
    this.editOrgs = [...user.organisationIds]
    this.open('#edit-dialog', e.currentTarget)
  }

  private openRemove(user: User, e: Event) {
    if (this.busy) return
    this.removing = user
    this.open('#remove-dialog', e.currentTarget)
  }

  private close(dialog: HTMLDialogElement | null) {
    dialog?.close()
  }

  /** A dialog closed (Cancel, Escape, or done): focus goes back to the control that opened it. */
  private onDialogClose = () => {
    this.inviting = false
    this.editing = undefined
    this.removing = undefined
    this.dialogFailure = undefined
    const to = this.opener?.isConnected ? this.opener : this.$('#invite')
    this.opener = undefined
    to?.focus()
  }

  private checked(form: HTMLFormElement, name: string) {
    return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value)
  }

  private onInviteSubmit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (this.busy) return
    const api = this.api
    const form = e.currentTarget as HTMLFormElement
    const m = this.m
    const emailInput = form.querySelector<HTMLInputElement>('#invite-email')!
    const email = emailInput.value.trim()
    const groups = this.checked(form, 'group') as Group[]
    const org = form.querySelector<HTMLSelectElement>('#invite-org')!.value
    if (!email || !emailInput.checkValidity()) {
      this.dialogFailure = { message: m.inviteFailed, reason: m.needEmail }
      emailInput.focus()
      return
    }
    if (!groups.length) {
      this.dialogFailure = { message: m.inviteFailed, reason: m.needGroup }
      form.querySelector<HTMLInputElement>('input[name="group"]')?.focus()
      return
    }
    const invitation = { email, groups, ...(org ? { organisationIds: [org] } : {}) }
    if (!api || !this.dispatchEvent(new DjUserInviteEvent(invitation))) return
    this.busy = true
    try {
      const created = unwrap(await api.POST('/v1/shop/invitations', { body: invitation }))
      this.dispatchEvent(new DjUserInvitedEvent(created))
      this.close(form.closest('dialog'))
      this.notice = m.invited(email)
    } catch (error) {
      this.dialogFailure = { message: m.inviteFailed, reason: this.reason(error, email) }
      this.fail('invite', error)
    } finally {
      this.busy = false
    }
  }

  private onEditSubmit = async (e: SubmitEvent) => {
    e.preventDefault()
    const user = this.editing
    if (!user || this.busy) return
    const form = e.currentTarget as HTMLFormElement
    const m = this.m
    const groups = this.checked(form, 'group') as Group[]
    if (!groups.length) {
      this.dialogFailure = { message: m.changeFailed(fullName(user)), reason: m.needGroup }
      form.querySelector<HTMLInputElement>('input[name="group"]')?.focus()
      return
    }
    const change: Change = {}
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((v) => b.includes(v))
    if (!same(groups, user.groups)) change.groups = groups
    const orgs = this.editOrgs
    if (!same(orgs, user.organisationIds)) change.organisationIds = orgs
    const main = form.querySelector<HTMLSelectElement>('#edit-main')?.value
    // U4: with several organisations one is the main one; with one or none the server decides.
    if (orgs.length > 1 && main && main !== user.mainOrganisationId) change.mainOrganisationId = main
    if (!Object.keys(change).length) return this.close(form.closest('dialog'))
    if (await this.change(user, change, m.saved(fullName(user)), true)) this.close(form.closest('dialog'))
  }

  /** Sends `change` for `user` (after the cancelable event); true when it was saved. */
  private async change(user: User, change: Change, done: string, inDialog = false): Promise<boolean> {
    const api = this.api
    if (!api || !this.dispatchEvent(new DjUserChangeEvent(user, change))) return false
    this.busy = true
    this.failure = undefined
    try {
      const next = unwrap(
        await api.PATCH('/v1/shop/customer-users/{id}', {
          params: { path: { id: user.id }, header: { 'if-match': `"${user.version}"` } },
          body: change,
        }),
      )
      this.dispatchEvent(new DjUserChangedEvent(next))
      await this.reload()
      this.notice = done
      return true
    } catch (error) {
      const failure = { message: this.m.changeFailed(fullName(user)), reason: this.reason(error, fullName(user)) }
      if (inDialog) this.dialogFailure = failure
      else this.failure = failure
      this.fail('change', error)
      return false
    } finally {
      this.busy = false
    }
  }

  private onRemoveSubmit = async (e: SubmitEvent) => {
    e.preventDefault()
    const user = this.removing
    const api = this.api
    if (!user || !api || this.busy || !this.dispatchEvent(new DjUserRemoveEvent(user))) return
    const m = this.m
    const name = fullName(user)
    // Read now: once the event is dispatched, its target inside the shadow root reads null.
    const dialog = (e.currentTarget as Element).closest('dialog')
    this.busy = true
    try {
      unwrap(
        await api.DELETE('/v1/shop/customer-users/{id}', {
          params: { path: { id: user.id }, header: { 'if-match': `"${user.version}"` } },
        }),
      )
      this.dispatchEvent(new DjUserRemovedEvent(user))
      await this.reload()
      this.notice = m.removed(name)
      this.close(dialog)
    } catch (error) {
      this.dialogFailure = { message: m.removeFailed(name), reason: this.reason(error, name) }
      this.fail('remove', error)
    } finally {
      this.busy = false
    }
  }

  private async changeInvitation(action: InvitationAction, invitation: Invitation) {
    const api = this.api
    if (this.busy || !api || !this.dispatchEvent(new DjInvitationChangeEvent(action, invitation))) return
    const m = this.m
    this.busy = true
    this.failure = undefined
    try {
      const params = { params: { path: { id: invitation.id } } }
      const next = unwrap(
        action === 'resend'
          ? await api.POST('/v1/shop/invitations/{id}/resend', params)
          : await api.POST('/v1/shop/invitations/{id}/revoke', params),
      )
      this.dispatchEvent(new DjInvitationChangedEvent(action, next))
      await this.reload()
      this.notice = (action === 'resend' ? m.resent : m.revoked)(invitation.email)
    } catch (error) {
      this.failure = {
        message: m.invitationFailed(invitation.email),
        reason: this.reason(error, invitation.email),
      }
      this.fail('invitation', error)
    } finally {
      this.busy = false
    }
  }

  private toggleStatus(user: User) {
    if (this.busy) return
    const m = this.m
    const active = user.status === 'ACTIVE'
    void this.change(
      user,
      { status: active ? 'INACTIVE' : 'ACTIVE' },
      (active ? m.deactivated : m.reactivated)(fullName(user)),
    )
  }

  private onEditOrg(id: string, on: boolean) {
    this.editOrgs = on ? [...this.editOrgs, id] : this.editOrgs.filter((o) => o !== id)
  }

  // Rendering -----------------------------------------------------------------------------------------------

  private groupBoxes(chosen: readonly Group[]) {
    const m = this.m
    return html`<fieldset>
      <legend>${m.groupsLegend}</legend>
      ${GROUPS.map(
        (g) =>
          html`<label><input type="checkbox" name="group" value=${g} .checked=${chosen.includes(g)} />${m.groups[g]}</label>`,
      )}
    </fieldset>`
  }

  private dialogError() {
    const f = this.dialogFailure
    return f ? problemAlert(f.message, f.reason) : nothing
  }

  /** A modal dialog with a form: `danger` for a destructive confirmation (Cancel takes focus, the action is red). */
  private dialog(
    id: string,
    title: string,
    body: unknown,
    submit: string,
    onSubmit: (e: SubmitEvent) => void,
    danger = false,
  ) {
    const m = this.m
    return html`<dialog id=${id} part="dialog" aria-labelledby="${id}-title" aria-describedby=${danger ? `${id}-text` : nothing}
      role=${danger ? 'alertdialog' : nothing} @close=${this.onDialogClose}>
      <form novalidate @submit=${onSubmit}>
        <h2 id="${id}-title">${title}</h2>
        ${body} ${this.dialogError()}
        <div class="buttons">
          <button type="button" ?autofocus=${danger} @click=${(e: Event) => this.close((e.target as Element).closest('dialog'))}>${m.cancel}</button>
          <button type="submit" class=${danger ? 'danger' : 'primary'} aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? m.saving : submit}</button>
        </div>
      </form>
    </dialog>`
  }

  private inviteDialog() {
    const m = this.m
    const orgs = this.loaded?.orgs ?? []
    return this.dialog(
      'invite-dialog',
      m.inviteTitle,
      html`<label class="field">${m.email}
          <input id="invite-email" type="email" autocomplete="off" spellcheck="false" required /></label>
        ${this.groupBoxes(['FOC_User'])}
        <label class="field">${m.organisation}
          <select id="invite-org" aria-describedby="invite-org-hint">
            <option value="">${m.noOrganisation}</option>
            ${orgs.map((o) => html`<option value=${o.id}>${'\u00a0\u00a0'.repeat(o.depth)}${o.name}</option>`)}
          </select></label>
        <span id="invite-org-hint" class="hint">${m.organisationHint}</span>`,
      m.send,
      this.onInviteSubmit,
    )
  }

  private editDialog() {
    const m = this.m
    const user = this.editing
    const orgs = this.loaded?.orgs ?? []
    const chosen = orgs.filter((o) => this.editOrgs.includes(o.id))
    const main = user?.mainOrganisationId
    return this.dialog(
      'edit-dialog',
      user ? m.editTitle(fullName(user)) : '',
      user
        ? html`${this.groupBoxes(user.groups)}
            <fieldset class="orgs">
              <legend>${m.organisationsLegend}</legend>
              ${orgs.map(
                (
                  o,
                ) => html`<label style="padding-inline-start:${o.depth * 1.25}rem"><input type="checkbox" value=${o.id}
                  .checked=${this.editOrgs.includes(o.id)}
                  @change=${(e: Event) => this.onEditOrg(o.id, (e.target as HTMLInputElement).checked)} />${o.name}</label>`,
              )}
            </fieldset>
            ${
              chosen.length > 1
                ? html`<label class="field">${m.mainOrganisation}
                  <select id="edit-main">
                    ${chosen.map((o) => html`<option value=${o.id} ?selected=${o.id === main}>${o.name}</option>`)}
                  </select></label>`
                : nothing
            }`
        : nothing,
      m.save,
      this.onEditSubmit,
    )
  }

  private removeDialog() {
    const m = this.m
    const user = this.removing!
    return this.dialog(
      'remove-dialog',
      m.removeTitle(fullName(user)),
      html`<p id="remove-dialog-text">${m.removeText}</p>`,
      m.remove,
      this.onRemoveSubmit,
      true,
    )
  }

  private invitationsTable(invitations: Invitation[], m: CompanyUsersMessages) {
    const lang = this.locale.language || undefined
    return html`<div class="table-wrap">
      <table part="invitations">
        <caption>${m.invitations}</caption>
        <thead><tr>
          <th scope="col">${m.invitationColumns.email}</th><th scope="col">${m.invitationColumns.groups}</th>
          <th scope="col">${m.invitationColumns.expires}</th>
          <th scope="col"><span class="visually-hidden">${m.columns.actions}</span></th>
        </tr></thead>
        <tbody>
          ${invitations.map(
            (i) => html`<tr part="invitation" data-id=${i.id}>
              <th scope="row">${i.email}</th>
              <td>${i.groups.map((g) => html`<span class="badge" part="badge">${m.groups[g] ?? g}</span> `)}</td>
              <td><time datetime=${i.expiresAt}>${new Date(i.expiresAt).toLocaleDateString(lang)}</time></td>
              <td class="actions">
                <button type="button" class="quiet" part="action" data-action="resend" @click=${() => this.changeInvitation('resend', i)}>
                  ${icon('upload')}${m.resend}<span class="visually-hidden">${m.forWhom(i.email)}</span></button>
                <button type="button" class="quiet destructive" part="action" data-action="revoke" @click=${() => this.changeInvitation('revoke', i)}>
                  ${icon('x')}${m.revoke}<span class="visually-hidden">${m.forWhom(i.email)}</span></button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private row(user: User, orgNames: Map<string, string>, m: CompanyUsersMessages, meId: string) {
    const name = fullName(user)
    const active = user.status === 'ACTIVE'
    const self = user.id === meId
    return html`<tr part="row" data-id=${user.id}>
      <th scope="row"><span class="name">${name}${self ? html` <span class="hint">(${m.you})</span>` : nothing}</span>
        <span class="email">${user.email}</span></th>
      <td class="groups">${user.groups.map((g) => html`<span class="badge ${g === 'FOC_Admin' ? 'accent' : ''}" part="badge">${m.groups[g] ?? g}</span> `)}${active ? nothing : html`<span class="badge narrow" part="badge">${m.status.INACTIVE}</span>`}</td>
      <td class="orgs">${
        user.organisationIds
          .map((id) => orgNames.get(id))
          .filter(Boolean)
          .join(', ') || html`<span class="hint">${m.noOrganisation}</span>`
      }</td>
      <td class="status-cell"><span class="badge ${active ? 'success' : ''}" part="badge" data-status=${user.status}>${m.status[user.status]}</span></td>
      <td class="actions">
        <button type="button" class="quiet" part="action" data-action="edit" @click=${(e: Event) => this.openEdit(user, e)}>
          ${icon('pencil')}${m.edit}<span class="visually-hidden">${m.forWhom(name)}</span></button>
        ${
          self
            ? nothing
            : html`<button type="button" class="quiet ${active ? 'destructive' : ''}" part="action" data-action="status"
              @click=${() => this.toggleStatus(user)}>${icon(active ? 'lock' : 'check')}${active ? m.deactivate : m.reactivate}<span class="visually-hidden">${m.forWhom(name)}</span></button>
              <button type="button" class="quiet destructive" part="action" data-action="remove" @click=${(e: Event) => this.openRemove(user, e)}>
                ${icon('trash')}${m.remove}<span class="visually-hidden">${m.forWhom(name)}</span></button>`
        }
      </td>
    </tr>`
  }

  private pager(p: UserPage) {
    const m = this.m
    const lang = this.locale
    const last = Math.max(p.totalPages - 1, 0)
    const from = p.totalElements ? this.page * this.pageSize + 1 : 0
    return html`<nav class="pager" part="pager" aria-label=${m.paging}>
      ${pageButtons(m, this.page, last, p.last, m.range(lang.number(from), lang.number(from ? from + p.content.length - 1 : 0), lang.number(p.totalElements)), (to) => this.go(to), 'quiet')}
    </nav>`
  }

  protected override render() {
    const m = this.m
    if (!this.api) return html`<p class="notice" part="notice">${icon('user')}${m.signedOut}</p>`
    const loaded = this.loaded
    const loading = this.loader.pending
    if (loaded && !this.isAdmin)
      return html`<p class="notice" part="notice" role="status">${icon('lock')}<span>${m.readOnly}</span></p>`
    const page = loaded?.page
    const orgNames = new Map((loaded?.orgs ?? []).map((o) => [o.id, o.name]))
    const status =
      this.notice ||
      (loading ? m.loading : page ? m.count(page.totalElements, this.locale.number(page.totalElements)) : '')
    return html`
      <div class="toolbar" part="toolbar">
        <label class="field search">${m.search}
          <input id="search" type="search" part="search" autocomplete="off" placeholder=${m.searchPlaceholder}
            .value=${this.searchText} @input=${this.onSearchInput} /></label>
        <button type="button" id="invite" class="primary" part="invite-button" ?disabled=${!loaded} @click=${this.openInvite}>
          ${icon('plus')}${m.invite}</button>
      </div>
      <p class="status" part="status" role="status" aria-live="polite">${status}</p>
      ${loadFailedAlert(this.loadError, m, this.locale.language, () => this.reload())}
      ${
        this.failure
          ? problemAlert(this.failure.message, this.failure.reason, {
              part: 'dismiss',
              label: m.cancel,
              run: () => (this.failure = undefined),
            })
          : nothing
      }
      <div class="table-wrap">
        <table part="table" aria-busy=${loading ? 'true' : 'false'}>
          <caption>${m.caption}</caption>
          <thead><tr>
            <th scope="col">${m.columns.name}</th><th scope="col">${m.columns.groups}</th>
            <th scope="col" class="orgs">${m.columns.organisations}</th><th scope="col" class="status-cell">${m.columns.status}</th>
            <th scope="col"><span class="visually-hidden">${m.columns.actions}</span></th>
          </tr></thead>
          <tbody>
            ${
              page
                ? page.content.map((u) => this.row(u, orgNames, m, loaded!.me.id))
                : [1, 2, 3].map(
                    () =>
                      html`<tr class="loading" aria-hidden="true">${[1, 2, 3, 4, 5].map(() => html`<td><span class="skeleton"></span></td>`)}</tr>`,
                  )
            }
            ${page && !page.content.length ? html`<tr><td class="empty" colspan="5">${m.empty}</td></tr>` : nothing}
          </tbody>
        </table>
      </div>
      ${page ? this.pager(page) : nothing}
      ${loaded?.invitations.length ? this.invitationsTable(loaded.invitations, m) : nothing}
      ${this.inviting ? this.inviteDialog() : nothing} ${this.editing ? this.editDialog() : nothing}
      ${this.removing ? this.removeDialog() : nothing}
    `
  }
}
