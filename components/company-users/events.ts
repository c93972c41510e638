/** Events of `<dj-company-users>`: small `Event` subclasses, `bubbles` and `composed`, typed in `GlobalEventHandlersEventMap`. */
import type { Schemas } from '@dj-customers/sdk'

type CustomerUser = Schemas['CustomerUser']
type Invitation = Schemas['Invitation']
type ShopInvitationInput = Schemas['ShopInvitationInput']
type ShopCustomerUserChange = Schemas['ShopCustomerUserChange']

/** What failed: loading the list, an invitation, a change to a colleague, their removal, or a resend / revoke. */
export type CompanyUsersAction = 'load' | 'invite' | 'change' | 'remove' | 'invitation'

/** What is done to a pending invitation. */
export type InvitationAction = 'resend' | 'revoke'

/** The admin sent the invite form, before `POST /v1/shop/invitations`. Cancelable: `preventDefault()` vetoes it (nothing is sent). */
export class DjUserInviteEvent extends Event {
  static readonly type = 'dj-user-invite'
  constructor(readonly invitation: ShopInvitationInput) {
    super(DjUserInviteEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** The invitation was created. `invitation` is the server's answer (status `PENDING`). */
export class DjUserInvitedEvent extends Event {
  static readonly type = 'dj-user-invited'
  constructor(readonly invitation: Invitation) {
    super(DjUserInvitedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The admin changed a colleague (roles, organisations, deactivate, reactivate), before the PATCH. Cancelable:
 * `preventDefault()` vetoes it (nothing is sent). `change` holds only the fields that change.
 */
export class DjUserChangeEvent extends Event {
  static readonly type = 'dj-user-change'
  constructor(
    readonly user: CustomerUser,
    readonly change: ShopCustomerUserChange,
  ) {
    super(DjUserChangeEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** A change was saved. `user` is the server's answer. */
export class DjUserChangedEvent extends Event {
  static readonly type = 'dj-user-changed'
  constructor(readonly user: CustomerUser) {
    super(DjUserChangedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The admin confirmed removing a colleague from the company, before the DELETE (SS4: a person of this company alone
 * is deleted). Cancelable: `preventDefault()` vetoes it (nothing is sent).
 */
export class DjUserRemoveEvent extends Event {
  static readonly type = 'dj-user-remove'
  constructor(readonly user: CustomerUser) {
    super(DjUserRemoveEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** A colleague was removed from the company. `user` is their record as last read. */
export class DjUserRemovedEvent extends Event {
  static readonly type = 'dj-user-removed'
  constructor(readonly user: CustomerUser) {
    super(DjUserRemovedEvent.type, { bubbles: true, composed: true })
  }
}

/** The admin resends or revokes a pending invitation, before the POST. Cancelable: `preventDefault()` vetoes it. */
export class DjInvitationChangeEvent extends Event {
  static readonly type = 'dj-invitation-change'
  constructor(
    readonly action: InvitationAction,
    readonly invitation: Invitation,
  ) {
    super(DjInvitationChangeEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** An invitation was sent again or revoked. `invitation` is the server's answer. */
export class DjInvitationChangedEvent extends Event {
  static readonly type = 'dj-invitation-changed'
  constructor(
    readonly action: InvitationAction,
    readonly invitation: Invitation,
  ) {
    super(DjInvitationChangedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * Loading, an invitation or a change failed. `error` is a `DjProblemError` for an API problem (`error.code`, e.g.
 * `LAST_FOC_ADMIN`, `FORBIDDEN`), or the network error; the user read a sentence, the code is here for the page.
 */
export class DjCompanyUsersErrorEvent extends Event {
  static readonly type = 'dj-company-users-error'
  constructor(
    readonly action: CompanyUsersAction,
    readonly error: unknown,
  ) {
    super(DjCompanyUsersErrorEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dj-user-invite': DjUserInviteEvent
    'dj-user-invited': DjUserInvitedEvent
    'dj-user-change': DjUserChangeEvent
    'dj-user-changed': DjUserChangedEvent
    'dj-user-remove': DjUserRemoveEvent
    'dj-user-removed': DjUserRemovedEvent
    'dj-invitation-change': DjInvitationChangeEvent
    'dj-invitation-changed': DjInvitationChangedEvent
    'dj-company-users-error': DjCompanyUsersErrorEvent
  }
}
