import type { CustomerTagInput as CustomerTagInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { CustomerTagRecord } from '../types.js'
import { assertUnique, type Tx } from './tx.js'

/** A6: the body of `POST`/`PUT /v1/customer-tags` as the contract parses it. */
export type CustomerTagInput = z.output<typeof CustomerTagInputSchema>

function checkTag(tx: Tx, input: CustomerTagInput, exceptId?: string) {
  assertUnique(tx.db.customerTags, 'externalId', input.externalId, exceptId, 'externalId', 'customer tag')
  assertUnique(tx.db.customerTags, 'name', input.name.toLowerCase(), exceptId, 'name', 'customer tag', input.name)
}

/** A6: names (case-insensitive) and externalIds are unique. */
export function createTag(tx: Tx, input: CustomerTagInput): CustomerTagRecord {
  checkTag(tx, input)
  const tag: CustomerTagRecord = {
    id: tx.db.nextId('tag'),
    externalId: input.externalId,
    name: input.name,
    description: input.description ?? null,
    ...tx.stamp(),
  }
  tx.db.customerTags.insert(tag)
  tx.audit('create', 'customer-tag', tag.id, null, tag)
  return tag
}

/** A6: accounts hold tag ids, so a rename never changes which accounts carry the tag. */
export function updateTag(tx: Tx, tag: CustomerTagRecord, input: CustomerTagInput): CustomerTagRecord {
  checkTag(tx, input, tag.id)
  const next = tx.next(tag, {
    externalId: input.externalId,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
  })
  tx.db.customerTags.replace(next)
  tx.audit('update', 'customer-tag', tag.id, tag, next)
  return next
}

/** A6: deleting a tag removes it from every account that carries it. */
export function deleteTag(tx: Tx, tag: CustomerTagRecord) {
  for (const account of [...tx.db.customerAccounts.values()]) {
    if (!account.customerTagIds.includes(tag.id)) continue
    const next = tx.next(account, { customerTagIds: account.customerTagIds.filter((id) => id !== tag.id) })
    tx.db.customerAccounts.replace(next)
    tx.audit('update', 'customer-account', account.id, account, next)
  }
  tx.db.customerTags.remove(tag.id)
  tx.audit('delete', 'customer-tag', tag.id, tag, null)
}
