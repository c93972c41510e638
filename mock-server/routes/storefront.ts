import { storefrontRoutes as routes } from '@dj-customers/spec'
import {
  childrenIndex,
  createOrganisation,
  deleteOrganisation,
  moveOrganisation,
  organisationTree,
  subtreeIds,
  updateOrganisation,
} from '../domain/organisations.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { mintToken, openSession } from '../domain/sessions.js'
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../db.js'
import { hashPassword, verifyPassword } from '../crypto/passwords.js'
import { newToken } from '../crypto/tokens.js'
import { etagged } from '../http/crud.js'
import { clientHeaderProblem, type Api } from '../http/kit.js'
import { ProblemError, fail } from '../problem.js'
import type { CustomFieldValues, CustomerUserRecord, PasswordHash } from '../types.js'
import { customerUserDto, customerUserEngine } from './customer-users.js'

/**
 * O5: what a customer user sees of an account's organisations — the ones they belong to and everything
 * under them; an FOC_Admin sees the whole tree. Returns the visible ids and the topmost visible nodes.
 */
export function visibleOrganisations(db: Db, user: CustomerUserRecord, accountId: string) {
  const children = childrenIndex(db, accountId)
  if (user.groups.includes('FOC_Admin')) {
    const roots = (children.get(null) ?? []).map((o) => o.id)
    return { ids: new Set(roots.flatMap((id) => subtreeIds(children, id))), roots }
  }
  const mine = user.organisationIds.filter((id) => db.organisations.get(id)?.accountId === accountId)
  const ids = new Set<string>()
  for (const id of mine) for (const v of subtreeIds(children, id)) ids.add(v)
  // A member of a node and of its descendant sees one tree, from the higher node.
  const roots = mine.filter((id) => !ids.has(db.organisations.get(id)!.parentId ?? ''))
  return { ids, roots: [...new Set(roots)] }
}

export function storefrontRoutes(api: Api) {
  const { db } = api
  let decoyHash: Promise<PasswordHash> | undefined
  const decoy = () => (decoyHash ??= hashPassword(newToken(), api.options.passwordIterations))
  const customFields = (values: CustomFieldValues) => validateCustomFields(db, 'ORGANISATION', values)
  /** An organisation of the current account, or 404 — never a hint that it exists elsewhere. */
  const ownOrganisation = (accountId: string, id: string) => {
    const org = db.organisations.get(id)
    if (!org || org.accountId !== accountId) throw fail.notFound('organisation', id)
    return org
  }

  // U9, U12. Same 401 for an unknown email and a wrong password. The client check runs before the
  // validators, as on every other route.
  const accountClient: MiddlewareHandler = async function accountClient(c, next) {
    const client = c.req.header('dj-client')
    if (client !== 'OPERATOR' && client !== 'ACCOUNT') throw clientHeaderProblem(client)
    if (client !== 'ACCOUNT') throw new ProblemError('WRONG_CLIENT', 'Customer login needs dj-client: ACCOUNT.')
    await next()
  }
  api.app.openapi({ ...routes.token, middleware: [accountClient] }, async (c) => {
    const { email, password } = c.req.valid('json')
    const found = db.customerUsers.findBy('email', email.toLowerCase())
    // An unknown email costs a hash too, so the answer's timing does not tell which emails exist.
    const ok = await verifyPassword(password, found?.password ?? (await decoy()))
    if (!found || !ok) throw new ProblemError('UNAUTHENTICATED', 'Unknown email or wrong password.')
    c.set('actor', `customer-user:${found.id}`)
    const minted = await mintToken()
    const session = await api.write(c, (tx) => {
      const user = db.customerUsers.get(found.id)
      if (!user) throw new ProblemError('UNAUTHENTICATED', 'Unknown email or wrong password.')
      if (user.status !== 'ACTIVE') throw new ProblemError('LOGIN_NOT_ALLOWED', 'This customer user is INACTIVE.')
      if (user.onHold)
        throw new ProblemError('LOGIN_NOT_ALLOWED', 'This customer user is on hold: the account is being prepared.')
      if (!user.accountIds.some((id) => db.customerAccounts.get(id)?.status === 'ACTIVE')) {
        throw new ProblemError('LOGIN_NOT_ALLOWED', "None of this customer user's accounts is ACTIVE.")
      }
      return openSession(tx, user, minted, null)
    })
    return c.json({ accessToken: session.token, tokenType: 'Bearer' as const, expiresIn: session.expiresIn }, 200)
  })

  api.registerStorefront(routes.me, (c) =>
    c.json(
      { ...customerUserDto(c.get('customer')), currentAccountId: c.get('accountId'), assistedBy: c.get('assistedBy') },
      200,
    ),
  )

  api.registerStorefront(routes.organisations, (c) => {
    const { roots } = visibleOrganisations(db, c.get('customer'), c.get('accountId'))
    return c.json(organisationTree(db, c.get('accountId'), roots), 200)
  })

  // Storefront writes: FOC_Admin of the account only (checked by registerStorefront), back-office rules.
  api.registerStorefront(routes.createOrganisation, async (c) => {
    const input = c.req.valid('json')
    const accountId = c.get('accountId')
    const org = await api.write(c, (tx) => {
      if (input.parentId) ownOrganisation(accountId, input.parentId)
      return createOrganisation(tx, { ...input, accountId }, customFields)
    })
    return etagged(c, org, 201)
  })

  api.registerStorefront(routes.updateOrganisation, async (c) => {
    const org = ownOrganisation(c.get('accountId'), c.req.valid('param').id)
    api.checkIfMatch(c, org.version)
    return etagged(c, await api.write(c, (tx) => updateOrganisation(tx, org, c.req.valid('json'), customFields)), 200)
  })

  api.registerStorefront(routes.deleteOrganisation, async (c) => {
    const org = ownOrganisation(c.get('accountId'), c.req.valid('param').id)
    api.checkIfMatch(c, org.version)
    await api.write(c, (tx) => deleteOrganisation(tx, org, c.req.valid('query').cascade === 'true'))
    return c.body(null, 204)
  })

  api.registerStorefront(routes.moveOrganisation, async (c) => {
    const accountId = c.get('accountId')
    const org = ownOrganisation(accountId, c.req.valid('param').id)
    api.checkIfMatch(c, org.version)
    const { parentId } = c.req.valid('json')
    if (parentId) ownOrganisation(accountId, parentId)
    return etagged(c, await api.write(c, (tx) => moveOrganisation(tx, org, parentId)), 200)
  })

  const users = customerUserEngine(api)
  api.registerStorefront(routes.customerUsers, (c) => {
    const accountId = c.get('accountId')
    const page = users.run({ ...c.req.valid('query'), accountIds: accountId })
    // The account wall holds inside each user too: a user shared with another account shows only this one.
    const inAccount = (orgId: string | null) => orgId != null && db.organisations.get(orgId)?.accountId === accountId
    const content = page.content.map((u) => ({
      ...customerUserDto(u),
      accountIds: [accountId],
      organisationIds: u.organisationIds.filter(inAccount),
      mainOrganisationId: inAccount(u.mainOrganisationId) ? u.mainOrganisationId : null,
    }))
    return c.json({ ...page, content }, 200)
  })
}
