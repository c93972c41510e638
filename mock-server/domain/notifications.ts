/**
 * N1 and R5: the outbox keeps a generated initial password only until it has done its job — until the message is
 * delivered (an Admin read it from `GET /v1/notifications`, the reference server's stand-in for sending it) or the
 * user has logged in, whichever comes first. Then the password is blanked: the message keeps `passwordDeliveredAt`
 * instead, so nobody reads it twice and no copy stays at rest.
 */
import type { Db } from '../db.js'
import type { NotificationRecord } from '../types.js'
import type { Tx } from './tx.js'

/** The unique index of the messages still holding a password, by user (at most one each: the creation's). */
export const PENDING_PASSWORD_INDEX = 'pendingPassword'
export const pendingPasswordOf = (n: NotificationRecord) => (n.data.initialPassword ? n.customerUserId : null)

/** SS3: the index of the messages still holding an invitation's token, by invitation (at most one each). */
export const PENDING_INVITATION_INDEX = 'pendingInvitation'
export const pendingInvitationOf = (n: NotificationRecord) => (n.data.token ? (n.data.invitationId ?? null) : null)

function blank(db: Db, n: NotificationRecord, at: string) {
  const { initialPassword, token, ...data } = n.data
  // R5, SS3: an invitation's token leaves the outbox the same way: `tokenDeliveredAt` stays instead.
  const marks = {
    ...(initialPassword ? { passwordDeliveredAt: at } : {}),
    ...(token ? { tokenDeliveredAt: at } : {}),
  }
  db.notifications.replace({ ...n, data: { ...data, ...marks } })
}

/** The messages just shown (delivered): their passwords are blanked. Returns whether any was. */
export function markDelivered(db: Db, shown: readonly NotificationRecord[], at: string): boolean {
  let changed = false
  for (const n of shown) {
    const current = db.notifications.get(n.id)
    if (current?.data.initialPassword || current?.data.token) {
      blank(db, current, at)
      changed = true
    }
  }
  return changed
}

/** The user logged in: the password sent to them has done its job. */
export function forgetInitialPassword(db: Db, customerUserId: string, at: string) {
  const n = db.notifications.findBy(PENDING_PASSWORD_INDEX, customerUserId)
  if (n) blank(db, n, at)
}

/** SS3, R5: the invitation was accepted, resent, revoked or has expired: its token leaves the outbox. */
export function forgetInvitationToken(db: Db, invitationId: string, at: string) {
  const n = db.notifications.findBy(PENDING_INVITATION_INDEX, invitationId)
  if (n) blank(db, n, at)
}

/**
 * N1: appends a message to the outbox — to `to` (an email; a customer user's when `customerUserId` is given) — and
 * returns its id. Every message the server would send goes through here.
 */
export function notify(
  tx: Tx,
  to: { email: string; customerUserId: string | null },
  template: NotificationRecord['template'],
  data: Record<string, string> = {},
): string {
  const id = tx.db.nextId('ntf')
  tx.db.notifications.insert({ id, at: tx.now, to: to.email, template, customerUserId: to.customerUserId, data })
  return id
}

/** A customer user as the addressee of {@link notify}. */
export const toUser = (user: { id: string; email: string }) => ({ email: user.email, customerUserId: user.id })
