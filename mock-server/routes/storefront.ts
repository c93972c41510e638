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
import { addAddress, deleteAddress, updateAddress } from '../domain/accounts.js'
import { changeShopUser, removeFromAccount } from '../domain/customer-users.js'
import { groupsIn, isAdminIn } from '../domain/memberships.js'
import {
  LoginThrottle,
  findAssistCode,
  mayLogIn,
  mintToken,
  openAssistedSession,
  openSession,
} from '../domain/sessions.js'
import { mayAssist } from '../domain/operators.js'
import { Tx } from '../domain/tx.js'
import type { Context, MiddlewareHandler } from 'hono'
import type { Db } from '../db.js'
import type { PasswordHasher } from '../crypto/passwords.js'
import { newToken } from '../crypto/tokens.js'
import { etagged } from '../http/crud.js'
import { clientHeaderProblem, etag, type Api } from '../http/kit.js'
import { CUSTOM_FIELD_PREFIX } from '../list-engine.js'
import { ProblemError, fail } from '../problem.js'
import type { CustomFieldValues, CustomerUserRecord, PasswordHash } from '../types.js'
import { customerUserDto, customerUserEngine } from './customer-users.js'

/**
 * O5: what a customer user sees of an account's organisations — the ones they belong to and everything
 * under them; an FOC_Admin sees the whole tree. Returns the visible ids and the topmost visible nodes.
 */
export function visibleOrganisations(db: Db, user: CustomerUserRecord, accountId: string) {
  const children = childrenIndex(db, accountId)
  if (isAdminIn(user, accountId)) {
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

/**
 * O5, SS4, SS5: a user as the storefront of `accountId` shows them — that account only, with its groups (U16) and its
 * organisations; nothing of the user's other accounts, which may be other customers'.
 */
export function shopUserDto(db: Db, user: CustomerUserRecord, accountId: string) {
  const inAccount = (orgId: string | null) => orgId != null && db.organisations.get(orgId)?.accountId === accountId
  const groups = [...groupsIn(user, accountId)]
  return {
    ...customerUserDto(user),
    groups,
    accountIds: [accountId],
    memberships: [{ accountId, groups }],
    organisationIds: user.organisationIds.filter(inAccount),
    mainOrganisationId: inAccount(user.mainOrganisationId) ? user.mainOrganisationId : null,
  }
}

/**
 * SS5: a unique externalId refused on the storefront says only that it cannot be used — never whose it is, nor
 * that another customer has it.
 */
function hideOthers(e: unknown): never {
  if (e instanceof ProblemError && e.code === 'ALREADY_EXISTS' && e.errors?.some((f) => /externalId$/.test(f.field)))
    throw new ProblemError(
      'ALREADY_EXISTS',
      'This externalId cannot be used.',
      e.errors.map((f) => ({ ...f, message: 'cannot be used' })),
    )
  throw e
}

/** What the login needs from the app besides the Api (app.ts). */
export interface LoginOptions {
  /** Where passwords are hashed and verified (R4): Web Crypto, or the Node worker pool. */
  passwords: PasswordHasher
  /** The caller's address, for R7's per-address limit; absent where there is none (MSW, in-process). */
  clientAddress?: (c: Context) => string | undefined
  /** R6: the change is in memory; save it with the next commit, or soon. */
  saveLater: () => void
}

export function storefrontRoutes(api: Api, login: LoginOptions) {
  const { db } = api
  const { passwords } = login
  const throttle = new LoginThrottle()
  let decoyHash: Promise<PasswordHash> | undefined
  const decoy = () => (decoyHash ??= passwords.hash(newToken(), api.options.passwordIterations))
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
  const refused = () => new ProblemError('UNAUTHENTICATED', 'Unknown email or wrong password.')
  api.app.openapi({ ...routes.token, middleware: [accountClient] }, async (c) => {
    const { email, password } = c.req.valid('json')
    const clock = api.options.clock
    // The decoy is made on the first login of any kind, so that first one costs the same, email known or not.
    const decoyHash = decoy()
    // R7: a locked email or address is refused before any hashing, with the same answer for known and unknown emails.
    const attempt = throttle.begin(email, login.clientAddress?.(c), db.settings, clock().getTime())
    if ('retryAfterSeconds' in attempt) {
      c.header('Retry-After', String(attempt.retryAfterSeconds))
      throw new ProblemError(
        'TOO_MANY_REQUESTS',
        `Too many failed logins: try again in ${attempt.retryAfterSeconds} second(s).`,
      )
    }
    try {
      const found = db.customerUsers.findBy('email', email.toLowerCase())
      const stored = found?.password ?? (await decoyHash)
      // An unknown email costs a full hash too (against the decoy), so the answer's timing does not tell which
      // emails exist. R8: a hash cheaper than the app's (an imported user's single iteration) is verified, and the
      // password hashed again at the full cost, right or wrong — the same time as any other login; a right one
      // keeps that new hash.
      const iterations = api.options.passwordIterations
      const [ok, rehashed] = await Promise.all([
        passwords.verify(password, stored),
        stored.iterations < iterations ? passwords.hash(password, iterations) : null,
      ])
      if (!found || !ok) {
        const locks = attempt.failed(clock().getTime())
        if (locks.length) {
          // R7: each lock is audited; like the login itself it is saved with the next commit (R6).
          const tx = new Tx(db, 'system', clock())
          for (const lock of locks)
            tx.audit('login-locked', 'login', lock.key, null, {
              failures: lock.failures,
              lockedUntil: lock.lockedUntil,
            })
          login.saveLater()
        }
        throw refused()
      }
      c.set('actor', `customer-user:${found.id}`)
      const minted = await mintToken()
      // R6: a login is not a full-file write: its token, lastLoginAt, rehash and audit event are saved with the
      // next commit (or after the app's lazy-commit delay), as an API key's lastUsedAt is. A crash before then
      // loses the session (log in again), never a change anybody was told is saved.
      const tx = new Tx(db, c.get('actor'), clock())
      const user = db.customerUsers.get(found.id)
      if (!user) throw refused()
      if (user.status !== 'ACTIVE') throw new ProblemError('LOGIN_NOT_ALLOWED', 'This customer user is INACTIVE.')
      if (user.onHold)
        throw new ProblemError('LOGIN_NOT_ALLOWED', 'This customer user is on hold: the account is being prepared.')
      if (!user.accountIds.some((id) => db.customerAccounts.get(id)?.status === 'ACTIVE')) {
        throw new ProblemError('LOGIN_NOT_ALLOWED', "None of this customer user's accounts is ACTIVE.")
      }
      // The password verified is still the user's (not changed while it was being checked) before it is rehashed.
      const session = openSession(tx, user, minted, null, user.password === found.password ? rehashed : null)
      attempt.succeeded()
      login.saveLater()
      return c.json({ accessToken: session.token, tokenType: 'Bearer' as const, expiresIn: session.expiresIn }, 200)
    } finally {
      attempt.ended() // a 403 or an error: neither a failure nor a success (no-op after either)
    }
  })

  // U11, U15: the storefront opened with an assisted-buying URL exchanges its one-time code, once, for a session
  // token. Unknown, used and expired codes get one answer. Unlike a login (R6) the exchange is saved before it is
  // answered, so a code is never taken twice, not even across a crash. Codes are 256 random bits: no throttle needed.
  const codeRefused = () =>
    new ProblemError('UNAUTHENTICATED', 'Unknown, used or expired code: open the assisted session again.')
  api.app.openapi({ ...routes.assistedSession, middleware: [accountClient] }, async (c) => {
    const { code } = c.req.valid('json')
    const minted = await mintToken()
    const found = findAssistCode(db, code, api.options.clock().getTime())
    if (!found?.operatorId || !found.storeId) throw codeRefused()
    // U11: what happens in the session is logged under both names, its start included.
    c.set('actor', `operator:${found.operatorId} as customer-user:${found.customerUserId}`)
    const session = await api.write(c, (tx) => {
      const record = findAssistCode(tx.db, code, Date.parse(tx.now))
      const user = record && tx.db.customerUsers.get(record.customerUserId)
      const store = record?.storeId ? tx.db.stores.get(record.storeId) : undefined
      if (!record?.operatorId || !user || !store) throw codeRefused()
      const operator = tx.db.operators.get(record.operatorId)
      if (!operator || !mayAssist(operator))
        throw new ProblemError(
          'UNAUTHENTICATED',
          'The operator of this assisted session can no longer act for customers.',
        )
      if (!mayLogIn(tx.db, user))
        throw new ProblemError(
          'LOGIN_NOT_ALLOWED',
          'This customer user may not log in now: inactive, on hold, or no ACTIVE account.',
        )
      return { ...openAssistedSession(tx, record, minted), operatorId: operator.id, customerUserId: user.id, store }
    })
    return c.json(
      {
        accessToken: session.token,
        tokenType: 'Bearer' as const,
        expiresIn: session.expiresIn,
        assistedBy: session.operatorId,
        customerUserId: session.customerUserId,
        storeId: session.store.externalId,
      },
      200,
    )
  })

  // U16: `groups` are those of the current account; `memberships` shows the user's own groups in each of theirs.
  api.registerStorefront(routes.me, (c) =>
    c.json(
      {
        ...customerUserDto(c.get('customer')),
        groups: [...groupsIn(c.get('customer'), c.get('accountId'))],
        currentAccountId: c.get('accountId'),
        assistedBy: c.get('assistedBy'),
      },
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
    const org = await api
      .write(c, (tx) => {
        if (input.parentId) ownOrganisation(accountId, input.parentId)
        return createOrganisation(tx, { ...input, accountId }, customFields)
      })
      .catch(hideOthers)
    return etagged(c, org, 201)
  })

  api.registerStorefront(routes.updateOrganisation, async (c) => {
    const org = ownOrganisation(c.get('accountId'), c.req.valid('param').id)
    api.checkIfMatch(c, org.version)
    const next = await api
      .write(c, (tx) => updateOrganisation(tx, org, c.req.valid('json'), customFields))
      .catch(hideOthers)
    return etagged(c, next, 200)
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

  const users = customerUserEngine(api, { storefront: true })
  api.registerStorefront(routes.customerUsers, (c) => {
    const accountId = c.get('accountId')
    // Paging, search, sort and (L1) `customFields.<id>` only: the back-office filters are not parameters here.
    const { page: p, size, search, sort, ...rest } = c.req.valid('query')
    const custom = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith(CUSTOM_FIELD_PREFIX)))
    const page = users.run({ ...custom, page: p, size, search, sort, accountIds: accountId })
    // The account wall holds inside each user too: a user shared with another account shows only this one.
    return c.json({ ...page, content: page.content.map((u) => shopUserDto(db, u, accountId)) }, 200)
  })

  // SS4: an FOC_Admin of the account manages its people. A user of another account is a 404, never a hint (SS5).
  const accountUser = (accountId: string, id: string) => {
    const user = db.customerUsers.get(id)
    if (!user?.accountIds.includes(accountId)) throw fail.notFound('customer user', id)
    return user
  }
  const userHooks = { validateCustomFields: (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v) }

  api.registerStorefront(routes.customerUser, (c) => {
    const accountId = c.get('accountId')
    return etagged(c, shopUserDto(db, accountUser(accountId, c.req.valid('param').id), accountId), 200)
  })

  api.registerStorefront(routes.updateCustomerUser, async (c) => {
    const accountId = c.get('accountId')
    const change = c.req.valid('json')
    const next = await api.write(c, (tx) => {
      const user = accountUser(accountId, c.req.valid('param').id)
      api.checkIfMatch(c, user.version)
      // The acting user as they are now: their groups here bound what they may give (SS3, SS4).
      const me = tx.db.customerUsers.get(c.get('customer').id)!
      return changeShopUser(tx, user, accountId, change, groupsIn(me, accountId), userHooks)
    })
    return etagged(c, shopUserDto(db, next, accountId), 200)
  })

  api.registerStorefront(routes.removeCustomerUser, async (c) => {
    const accountId = c.get('accountId')
    await api.write(c, (tx) => {
      const user = accountUser(accountId, c.req.valid('param').id)
      api.checkIfMatch(c, user.version)
      removeFromAccount(tx, user, accountId)
    })
    return c.body(null, 204)
  })

  // SS4: the account's addresses, under A4; `If-Match` takes the account's ETag, as in the back office.
  const account = (c: { get: (k: 'accountId') => string }) => db.customerAccounts.get(c.get('accountId'))!
  api.registerStorefront(routes.addresses, (c) => {
    const current = account(c)
    return c.json(current.addresses, 200, { ETag: etag(current.version) })
  })

  api.registerStorefront(routes.createAddress, async (c) => {
    const { account: next, address } = await api
      .write(c, (tx) => addAddress(tx, account(c), c.req.valid('json')))
      .catch(hideOthers)
    return c.json(address, 201, { ETag: etag(next.version) })
  })

  api.registerStorefront(routes.updateAddress, async (c) => {
    const { account: next, address } = await api
      .write(c, (tx) => {
        const current = account(c)
        api.checkIfMatch(c, current.version)
        return updateAddress(tx, current, c.req.valid('param').addressId, c.req.valid('json'))
      })
      .catch(hideOthers)
    return c.json(address, 200, { ETag: etag(next.version) })
  })

  api.registerStorefront(routes.deleteAddress, async (c) => {
    await api.write(c, (tx) => {
      const current = account(c)
      api.checkIfMatch(c, current.version)
      deleteAddress(tx, current, c.req.valid('param').addressId)
    })
    return c.body(null, 204)
  })
}
