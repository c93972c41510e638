/**
 * A customer user's groups in one of their accounts (U16). Every rule that asks "is this user FOC_Admin here?" asks
 * it through {@link groupsIn}: groups belong to the membership, not to the person.
 */
import type { CustomerUserGroup, CustomerUserRecord } from '../types.js'

/** The user's groups in `accountId` (none when they are not a member of it). */
export function groupsIn(
  user: Pick<CustomerUserRecord, 'accountIds' | 'groupsByAccount'>,
  accountId: string,
): readonly CustomerUserGroup[] {
  return user.accountIds.includes(accountId) ? (user.groupsByAccount[accountId] ?? []) : []
}

/** Whether the user is FOC_Admin in `accountId`. */
export const isAdminIn = (user: Pick<CustomerUserRecord, 'accountIds' | 'groupsByAccount'>, accountId: string) =>
  groupsIn(user, accountId).includes('FOC_Admin')

/** U16: every group the user has in any of their accounts, in the order of `accountIds` (the answers' `groups`). */
export function allGroups(user: Pick<CustomerUserRecord, 'accountIds' | 'groupsByAccount'>): CustomerUserGroup[] {
  return [...new Set(user.accountIds.flatMap((id) => user.groupsByAccount[id] ?? []))]
}

/** U16: the memberships as answers show them, in the order of `accountIds`. */
export const membershipsOf = (user: Pick<CustomerUserRecord, 'accountIds' | 'groupsByAccount'>) =>
  user.accountIds.map((accountId) => ({ accountId, groups: [...groupsIn(user, accountId)] }))

const RANK: Record<CustomerUserGroup, number> = { FOC_User: 1, FOC_Webmaster: 1, FOC_Admin: 2 }

/**
 * SS3, SS4: whether somebody with `granter` groups may give `groups`: never a group higher than their own
 * (FOC_Admin above FOC_User and FOC_Webmaster; an FOC_Admin may grant FOC_Admin).
 */
export function mayGrant(granter: readonly CustomerUserGroup[], groups: readonly CustomerUserGroup[]) {
  const top = Math.max(0, ...granter.map((g) => RANK[g]))
  return groups.every((g) => RANK[g] <= top)
}

/**
 * SS4: the ACTIVE FOC_Admins of `accountId` other than `exceptId` — none left means `exceptId` is the last one, who
 * may not be deactivated, lose FOC_Admin or leave the account through the storefront.
 */
export function otherActiveAdmins(users: Iterable<CustomerUserRecord>, accountId: string, exceptId: string) {
  let n = 0
  for (const u of users) if (u.id !== exceptId && u.status === 'ACTIVE' && isAdminIn(u, accountId)) n++
  return n
}
