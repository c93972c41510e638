/**
 * A customer user's groups in one of their accounts. Every rule that asks "is this user FOC_Admin here?" asks it
 * through {@link groupsIn}, so that groups can belong to the membership (U16) rather than to the person.
 */
import type { CustomerUserGroup, CustomerUserRecord } from '../types.js'

/** The user's groups in `accountId` (none when they are not a member of it). */
export function groupsIn(user: CustomerUserRecord, accountId: string): readonly CustomerUserGroup[] {
  return user.accountIds.includes(accountId) ? user.groups : []
}

/** Whether the user is FOC_Admin in `accountId`. */
export const isAdminIn = (user: CustomerUserRecord, accountId: string) => groupsIn(user, accountId).includes('FOC_Admin')
