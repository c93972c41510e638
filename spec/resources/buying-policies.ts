import { z } from '@hono/zod-openapi'
import { Id, MultiValue, Name, Page, Timestamp, Version, crudRoutes } from '../common.js'

// B1 — buying policies: whose purchases an account's "super" users (FOC_Admin) review.
export const MAX_APPROVERS = 2

export const BuyingPolicy = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    message: z.string(),
    accountId: Id,
    reviewedUserIds: z.array(Id),
    approverUserIds: z.array(Id),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('BuyingPolicy')

export const BuyingPolicyInput = z
  .strictObject({
    name: Name(),
    description: z
      .string()
      .trim()
      .max(2000)
      .nullable()
      .optional()
      .openapi({ description: 'Omitted on update → kept; `null` clears it.' }),
    message: Name(2000).openapi({
      description: 'Shown to the customer whose purchase needs a review.',
      example: 'Orders above 5 000 € are reviewed by your purchasing manager.',
    }),
    accountId: Id.openapi({ description: 'The customer account (DJUST id).' }),
    reviewedUserIds: z.array(Id).min(1).max(1000).openapi({
      description: 'Customer users of the account whose purchases are reviewed; at least one; duplicates count once.',
    }),
    approverUserIds: z.array(Id).min(1).max(MAX_APPROVERS).openapi({
      description:
        'One or two ACTIVE `FOC_Admin` users of the account who review; never also a reviewed user; duplicates count once.',
    }),
  })
  .openapi('BuyingPolicyInput', {
    example: {
      name: 'Large orders',
      description: 'Purchasing review above 5 000 €',
      message: 'Orders above 5 000 € are reviewed by your purchasing manager.',
      accountId: 'acc_0000000001',
      reviewedUserIds: ['cu_0000000002', 'cu_0000000003'],
      approverUserIds: ['cu_0000000001'],
    },
  })

export const buyingPolicyRoutes = crudRoutes({
  path: '/v1/buying-policies',
  resource: 'BUYING-POLICY',
  tag: 'Buying policies',
  noun: 'buying policy',
  example: 'bp_0000000001',
  entity: BuyingPolicy,
  input: BuyingPolicyInput,
  page: Page(BuyingPolicy, 'BuyingPolicyPage'),
  writeRole: 'User',
  listQuery: {
    ids: MultiValue('DJUST ids; OR-ed.', 'bp_0000000001'),
    accountIds: MultiValue('Account ids; OR-ed.', 'acc_0000000001'),
    reviewedUserIds: MultiValue('Policies reviewing any of these customer users.', 'cu_0000000002'),
    approverUserIds: MultiValue('Policies approved by any of these customer users.', 'cu_0000000001'),
  },
  describe: {
    list: 'B1. Search matches name and description. Sortable: id, name, accountId, createdAt, updatedAt.',
    get: 'B1. Buying policies have no external id: `idType=EXTERNAL_ID` is refused (400) on every item route.',
    create:
      'B1. Reviewed users and approvers belong to the policy\'s account; an approver is not also a reviewed user; approvers are ACTIVE `FOC_Admin` users (decision: the seed\'s "super" users). ' +
      'Unknown ids → 422 `UNKNOWN_REFERENCE`, other breaches → 422 `RULE_VIOLATION`, each naming the list entry.',
    update:
      'B1. Every rule of create is checked again against the current users, so an approver who has since been deactivated or lost `FOC_Admin` must be replaced.',
    delete:
      "B1. How policies follow their users: deleting a customer user (U8), or taking them out of the policy's account, removes them from the policy, and a policy left " +
      'with no reviewed user or no approver is deleted; deleting the account (A8, `force=true`) deletes its policies. Deactivating a user or putting them on hold keeps them ' +
      'on the policy (U7 keeps every association).',
  },
})

/** B2: a user of the policy's account, as the storefront shows them: a name, never an email or another account. */
export const ShopPolicyUser = z
  .object({ id: Id, firstName: z.string(), lastName: z.string() })
  .openapi('ShopPolicyUser')

/**
 * B2: a buying policy as the storefront shows it to a user it applies to, in the current account: its message, and
 * whether it reviews their purchases (with who approves them) or they approve (with whose purchases they review).
 */
export const ShopBuyingPolicy = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    message: z.string().openapi({
      description: 'B1: the text to show the customer whose purchases the policy reviews.',
      example: 'Orders above 5 000 € are reviewed by your purchasing manager.',
    }),
    appliesAs: z.enum(['REVIEWED', 'APPROVER']).openapi({
      description:
        '`REVIEWED`: your purchases are reviewed under this policy; `APPROVER`: you review the purchases of others.',
    }),
    approvers: z.array(ShopPolicyUser).openapi({ description: 'Who approves the purchases the policy reviews.' }),
    reviewedUsers: z.array(ShopPolicyUser).openapi({
      description:
        'For an `APPROVER`: whose purchases they review. Empty for a reviewed user (they see only themselves).',
    }),
    updatedAt: Timestamp,
  })
  .openapi('ShopBuyingPolicy')
