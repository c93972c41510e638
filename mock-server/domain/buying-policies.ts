import type { BuyingPolicyInput as BuyingPolicyInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import { fail, type FieldErrorItem } from '../problem.js'
import type { BuyingPolicyRecord } from '../types.js'
import { isAdminIn } from './memberships.js'
import { unique, type Tx } from './tx.js'

/** B1: the body of `POST`/`PUT /v1/buying-policies` as the contract parses it. */
export type BuyingPolicyInput = z.output<typeof BuyingPolicyInputSchema>

/**
 * B1: every user exists and belongs to the policy's account; an approver is not also a reviewed user and is
 * an ACTIVE FOC_Admin *(decision: the seed's "super" users)*. Every breach is listed, each naming its entry.
 * Returns the lists to store, duplicates counted once.
 */
function checkPolicy(tx: Tx, input: BuyingPolicyInput) {
  const { db } = tx
  const unknown: { field: string; value: string; entity: string }[] = []
  if (!db.customerAccounts.get(input.accountId))
    unknown.push({ field: 'accountId', value: input.accountId, entity: 'customer account' })
  for (const list of ['reviewedUserIds', 'approverUserIds'] as const) {
    input[list].forEach(
      (id, i) =>
        db.customerUsers.get(id) || unknown.push({ field: `${list}[${i}]`, value: id, entity: 'customer user' }),
    )
  }
  if (unknown.length) throw fail.unknownRefs(unknown)

  const errors: FieldErrorItem[] = []
  const outside = (id: string) => !db.customerUsers.get(id)!.accountIds.includes(input.accountId)
  input.reviewedUserIds.forEach((id, i) => {
    if (outside(id))
      errors.push(fail.field(`reviewedUserIds[${i}]`, 'RULE', `does not belong to account ${input.accountId}`))
  })
  input.approverUserIds.forEach((id, i) => {
    const user = db.customerUsers.get(id)!
    const field = `approverUserIds[${i}]`
    if (outside(id)) errors.push(fail.field(field, 'RULE', `does not belong to account ${input.accountId}`))
    if (input.reviewedUserIds.includes(id))
      errors.push(fail.field(field, 'RULE', 'is also a reviewed user: nobody approves their own purchases'))
    // U16: FOC_Admin of the policy's account, not of another of the user's accounts (an outsider is named above).
    if (user.status !== 'ACTIVE' || (!outside(id) && !isAdminIn(user, input.accountId)))
      errors.push(fail.field(field, 'RULE', 'must be an ACTIVE FOC_Admin user'))
  })
  if (errors.length) throw fail.rules(errors)
  return { reviewedUserIds: unique(input.reviewedUserIds), approverUserIds: unique(input.approverUserIds) }
}

export function createBuyingPolicy(tx: Tx, input: BuyingPolicyInput): BuyingPolicyRecord {
  const lists = checkPolicy(tx, input)
  const policy: BuyingPolicyRecord = {
    id: tx.db.nextId('bp'),
    name: input.name,
    description: input.description ?? null,
    message: input.message,
    accountId: input.accountId,
    ...lists,
    ...tx.stamp(),
  }
  tx.db.buyingPolicies.insert(policy)
  tx.audit('create', 'buying-policy', policy.id, null, policy)
  return policy
}

/** B1 on update: every rule is checked again against the users as they are now. `description` omitted → kept. */
export function updateBuyingPolicy(tx: Tx, policy: BuyingPolicyRecord, input: BuyingPolicyInput): BuyingPolicyRecord {
  const lists = checkPolicy(tx, input)
  const next = tx.next(policy, {
    name: input.name,
    message: input.message,
    accountId: input.accountId,
    ...lists,
    ...(input.description !== undefined ? { description: input.description } : {}),
  })
  tx.db.buyingPolicies.replace(next)
  tx.audit('update', 'buying-policy', policy.id, policy, next)
  return next
}

export function deleteBuyingPolicy(tx: Tx, policy: BuyingPolicyRecord) {
  tx.db.buyingPolicies.remove(policy.id)
  tx.audit('delete', 'buying-policy', policy.id, policy, null)
}

/**
 * B1 *(decision)*: a customer user who is deleted (U8), or taken out of an account, leaves the policies of
 * that account (`accountIds`; all when omitted). A policy left with no reviewed user or no approver is
 * deleted: it would break B1's minimums, and no one is left for it to apply to or to approve.
 */
export function removeUserFromBuyingPolicies(tx: Tx, userId: string, accountIds?: readonly string[]) {
  for (const policy of [...tx.db.buyingPolicies.values()]) {
    if (accountIds && !accountIds.includes(policy.accountId)) continue
    if (!policy.reviewedUserIds.includes(userId) && !policy.approverUserIds.includes(userId)) continue
    const reviewedUserIds = policy.reviewedUserIds.filter((id) => id !== userId)
    const approverUserIds = policy.approverUserIds.filter((id) => id !== userId)
    if (!reviewedUserIds.length || !approverUserIds.length) {
      deleteBuyingPolicy(tx, policy)
      continue
    }
    const next = tx.next(policy, { reviewedUserIds, approverUserIds })
    tx.db.buyingPolicies.replace(next)
    tx.audit('update', 'buying-policy', policy.id, policy, next)
  }
}

/** A8: an account's policies go with it. */
export function deleteBuyingPoliciesOfAccount(tx: Tx, accountId: string) {
  for (const policy of [...tx.db.buyingPolicies.values()])
    if (policy.accountId === accountId) deleteBuyingPolicy(tx, policy)
}
