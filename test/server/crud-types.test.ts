/**
 * §2, issue 10: the CRUD handler factory (mock-server/http/crud.ts) is typed by the contract's zod schemas, and the
 * domain inputs are the contract's types. Each `@ts-expect-error` below is a handler that takes or returns a field
 * the contract does not have; `npm run typecheck` fails if one of them compiles (the directive is then unused).
 * The cases are in a function that never runs: what they check happens at compile time.
 */
import {
  type AccountInput as AccountInputSchema,
  type CustomerUserInput as CustomerUserInputSchema,
  type OperatorInput as OperatorInputSchema,
  type StoreInput as StoreInputSchema,
  operatorRoutes,
  organisationRoutes,
  storeRoutes,
  tagRoutes,
} from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AccountInput } from '../../mock-server/domain/accounts.js'
import type { CustomerUserInput } from '../../mock-server/domain/customer-users.js'
import { createOperator, deleteOperator, updateOperator } from '../../mock-server/domain/operators.js'
import type { OperatorInput } from '../../mock-server/domain/operators.js'
import { deleteOrganisation, updateOrganisation } from '../../mock-server/domain/organisations.js'
import { createStore, deleteStore, updateStore, type StoreInput } from '../../mock-server/domain/stores.js'
import { deleteTag } from '../../mock-server/domain/tags.js'
import { findItem } from '../../mock-server/domain/tx.js'
import { asEntity, crudHandlers } from '../../mock-server/http/crud.js'
import type { Api } from '../../mock-server/http/kit.js'
import type { CustomerTagRecord } from '../../mock-server/types.js'
import { operatorDto } from '../../mock-server/routes/operators.js'

function typeCases(api: Api) {
  const { db } = api
  const stores = (id: string, idType?: 'DJUST_ID' | 'EXTERNAL_ID') => findItem(db.stores, id, idType, 'store')
  const noCustomFields = () => {}

  // What the routes do: these compile.
  crudHandlers(api, storeRoutes, {
    find: stores,
    dto: asEntity,
    create: createStore,
    update: updateStore,
    remove: deleteStore,
  })
  crudHandlers(api, operatorRoutes, {
    find: (id, idType) => findItem(db.operators, id, idType, 'operator'),
    dto: operatorDto,
    create: createOperator,
    update: updateOperator,
    remove: deleteOperator,
  })

  crudHandlers(api, operatorRoutes, {
    find: (id, idType) => findItem(db.operators, id, idType, 'operator'),
    // @ts-expect-error the stored operator has no `fullName`: the contract's Operator needs the dto that derives it
    dto: asEntity,
    remove: deleteOperator,
  })

  crudHandlers(api, storeRoutes, {
    find: stores,
    // @ts-expect-error a field of the wrong type: the contract's `version` is a number
    dto: (s) => ({ ...s, version: String(s.version) }),
    remove: deleteStore,
  })

  crudHandlers(api, storeRoutes, {
    find: stores,
    // @ts-expect-error a misspelt field: the contract's Store needs `name`
    dto: ({ name, ...s }) => ({ ...s, nmae: name }),
    remove: deleteStore,
  })

  crudHandlers(api, storeRoutes, {
    find: stores,
    dto: asEntity,
    // @ts-expect-error a handler that needs a field the contract's StoreInput does not have
    update: (tx, store, input: StoreInput & { colour: string }) => updateStore(tx, store, input),
    remove: deleteStore,
  })

  crudHandlers(api, storeRoutes, {
    find: stores,
    dto: asEntity,
    // @ts-expect-error a handler that reads a field the contract's StoreInput does not have
    create: (tx, input) => createStore(tx, { externalId: input.externalId, name: input.title }),
    remove: deleteStore,
  })

  crudHandlers(api, storeRoutes, {
    find: stores,
    dto: asEntity,
    // @ts-expect-error stores have no `force` flag on DELETE (custom fields and accounts do)
    remove: (tx, store, { force }) => force === 'true' && deleteStore(tx, store),
  })

  // The record type given, as a store (U15: with its storefrontUrl) is no longer a tag with fewer fields.
  crudHandlers<typeof tagRoutes, CustomerTagRecord>(api, tagRoutes, {
    find: (id, idType) => findItem(db.customerTags, id, idType, 'customer tag'),
    dto: asEntity,
    // @ts-expect-error another resource's domain change: a store has no `description`
    update: updateStore,
    remove: deleteTag,
  })

  crudHandlers(api, organisationRoutes, {
    find: (id, idType) => findItem(db.organisations, id, idType, 'organisation'),
    dto: asEntity,
    // @ts-expect-error PUT takes the contract's OrganisationUpdate, which has no `accountId` (moving is its own route)
    update: (tx, org, input) => updateOrganisation(tx, { ...org, accountId: input.accountId }, input, noCustomFields),
    remove: (tx, org, { cascade }) => deleteOrganisation(tx, org, cascade === 'true'),
  })
}

describe('§2 crudHandlers: typed by the contract', () => {
  it('§2 a handler that takes or returns a field the contract does not have does not compile (npm run typecheck)', () => {
    expect(typeof typeCases).toBe('function')
    expect(asEntity(storeRoutes)).toBe(storeRoutes)
  })

  it('issue 10: the domain takes the contract’s inputs, so a field added to the contract reaches it', () => {
    expectTypeOf<StoreInput>().toEqualTypeOf<z.output<typeof StoreInputSchema>>()
    expectTypeOf<OperatorInput>().toEqualTypeOf<z.output<typeof OperatorInputSchema>>()
    expectTypeOf<AccountInput>().toEqualTypeOf<z.output<typeof AccountInputSchema>>()
    // The one field the domain does not take: the password arrives hashed, beside the input.
    expectTypeOf<CustomerUserInput>().toEqualTypeOf<Omit<z.output<typeof CustomerUserInputSchema>, 'password'>>()
  })
})
