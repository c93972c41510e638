import { z } from '@hono/zod-openapi'
import { ExternalId, Id, Name, Page, Timestamp, Version, crudRoutes } from '../common.js'

/**
 * U15: what makes a storefront URL acceptable — an absolute `https` URL (or `http` on the local machine:
 * `localhost`, `127.0.0.1`, `[::1]`, for development), without user name or password and without a fragment
 * (the assisted-session code is added to its query). `null` when it is acceptable, else why not.
 */
export function storefrontUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be an absolute URL such as https://shop.example.com/'
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    return 'must be an https URL (http only for localhost)'
  if (url.username || url.password) return 'must not hold a user name or password'
  if (url.hash) return 'must not have a fragment (#…)'
  return null
}

/** U15: the storefront a store's assisted-buying sessions open on. */
export const StorefrontUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((v, ctx) => {
    const problem = storefrontUrlProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .openapi({
    description:
      'U15: the storefront of this store, where assisted-buying sessions open: `https` (or `http` on localhost), no user name, password or fragment.',
    example: 'https://shop.example.com/fr/',
  })

// S1 — stores. Referenced everywhere else by externalId (OP3).
export const Store = z
  .object({
    id: Id,
    externalId: ExternalId,
    name: z.string(),
    storefrontUrl: z.string().nullable().openapi({
      description: 'U15: where assisted-buying sessions of this store open; `null`: no assisted buying here.',
      example: 'https://shop.example.com/fr/',
    }),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Store')
export const StoreInput = z
  .strictObject({
    externalId: ExternalId,
    name: Name(),
    storefrontUrl: StorefrontUrl.nullable()
      .optional()
      .openapi({ description: 'U15. On create, omitted → none; on update, omitted → kept, `null` → cleared.' }),
  })
  .openapi('StoreInput', {
    example: { externalId: 'FR', name: 'France', storefrontUrl: 'https://shop.example.com/fr/' },
  })

export const storeRoutes = crudRoutes({
  path: '/v1/stores',
  resource: 'STORE',
  tag: 'Stores',
  noun: 'store',
  example: 'st_0000000001',
  entity: Store,
  input: StoreInput,
  page: Page(Store, 'StorePage'),
  listQuery: {},
  writeRole: 'Admin',
  describe: {
    list: 'S1. A tenant with more than one store is multi-store. Search matches name and externalId.',
    create:
      'S1, Admin only. A new store is assigned to no operator (OP3). U15: a `storefrontUrl` enables assisted buying on this store.',
    update:
      'S1, Admin only. Changing the externalId updates every reference to the store. U15: `storefrontUrl` omitted → kept, `null` → cleared.',
    delete: 'S1, Admin only. Refused (409 `IN_USE`) while an operator or customer user is assigned to the store.',
  },
})
