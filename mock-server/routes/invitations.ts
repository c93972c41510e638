import { invitationRoutes as routes } from '@dj-customers/spec'
import type { Context, MiddlewareHandler } from 'hono'
import type { PasswordHasher } from '../crypto/passwords.js'
import { sha256HexSync } from '../crypto/tokens.js'
import {
  acceptInvitation,
  createInvitation,
  expireInvitations,
  findLiveInvitation,
  invitationDto,
  resendInvitation,
  revokeInvitation,
} from '../domain/invitations.js'
import { isAdminIn } from '../domain/memberships.js'
import { LoginThrottle, mintToken } from '../domain/sessions.js'
import { Tx } from '../domain/tx.js'
import { type AppEnv, type Api, clientHeaderProblem } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import { ProblemError, fail } from '../problem.js'
import type { InvitationRecord } from '../types.js'

/** What accepting needs from the app besides the Api (app.ts). */
export interface InvitationOptions {
  /** Where the invitee's password is hashed (R4). */
  passwords: PasswordHasher
  /** R7: the caller's address; absent where there is none (MSW, in-process): then nothing is throttled. */
  clientAddress?: (c: Context) => string | undefined
}

/** R7: the throttle counts refused tokens per address only: this stands for the e-mail key, which never locks. */
const ACCEPT_KEY = 'invitation-accept'

/** SS3: invitations in the back office and on the storefront, and their anonymous acceptance. */
export function invitationRoutes(api: Api, options: InvitationOptions) {
  const { db } = api
  const clock = api.options.clock
  const list = new ListEngine<InvitationRecord>(db.invitations, {
    search: (i) => i.email,
    filters: { accountIds: (i) => i.accountId, status: (i) => i.status },
    sort: {
      id: (i) => i.id,
      email: (i) => i.email,
      status: (i) => i.status,
      createdAt: (i) => i.createdAt,
      expiresAt: (i) => i.expiresAt,
    },
  })
  /** Invitations whose time is over are recorded EXPIRED first (in memory, saved with the next commit, R6). */
  const sweep = () => {
    if (expireInvitations(new Tx(db, 'system', clock()))) api.options.saveLater()
  }
  const dto = (i: InvitationRecord) => invitationDto(i, clock().getTime())
  const find = (id: string, accountId?: string) => {
    const i = db.invitations.get(id)
    // Storefront: another account's invitation is a 404, never a hint that it exists (SS5).
    if (!i || (accountId !== undefined && i.accountId !== accountId)) throw fail.notFound('invitation', id)
    return i
  }
  /** FOC_Admin in the current account (U16: groups belong to the membership). */
  const adminHere = (c: Context<AppEnv>) => {
    if (!isAdminIn(c.get('customer'), c.get('accountId')))
      throw new ProblemError('FORBIDDEN', 'Inviting needs the FOC_Admin group in this account.')
  }
  const page = (query: Record<string, unknown>) => {
    sweep()
    const result = list.run(query as never)
    return { ...result, content: result.content.map(dto) }
  }

  // Back office: any account, any groups (the operator's User level).
  api.register(routes.create, async (c) => {
    const minted = await mintToken()
    const operatorId = c.get('operator').id
    const created = await api.write(c, (tx) => {
      expireInvitations(tx)
      return createInvitation(tx, c.req.valid('json'), { operatorId }, minted)
    })
    return c.json(dto(created), 201)
  })
  api.register(routes.list, (c) => c.json(page(c.req.valid('query')), 200))
  api.register(routes.get, (c) => {
    sweep()
    return c.json(dto(find(c.req.valid('param').id)), 200)
  })
  api.register(routes.resend, async (c) => {
    const minted = await mintToken()
    const next = await api.write(c, (tx) => resendInvitation(tx, find(c.req.valid('param').id), minted))
    return c.json(dto(next), 200)
  })
  api.register(routes.revoke, async (c) => {
    const next = await api.write(c, (tx) => revokeInvitation(tx, find(c.req.valid('param').id)))
    return c.json(dto(next), 200)
  })

  // Storefront: a FOC_Admin, in the current account. O5 lets an FOC_Admin see the whole account tree, so any
  // organisation of the account may be given; another account's is answered as unknown (SS5).
  api.registerStorefront(routes.shopCreate, async (c) => {
    adminHere(c)
    const minted = await mintToken()
    const input = c.req.valid('json')
    const customer = c.get('customer')
    const created = await api.write(c, (tx) => {
      expireInvitations(tx)
      return createInvitation(
        tx,
        { ...input, accountId: c.get('accountId'), storeIds: customer.storeIds },
        { customer },
        minted,
      )
    })
    return c.json(dto(created), 201)
  })
  api.registerStorefront(routes.shopList, (c) => {
    adminHere(c)
    return c.json(page({ ...c.req.valid('query'), accountIds: c.get('accountId') }), 200)
  })
  api.registerStorefront(routes.shopResend, async (c) => {
    adminHere(c)
    const minted = await mintToken()
    const next = await api.write(c, (tx) =>
      resendInvitation(tx, find(c.req.valid('param').id, c.get('accountId')), minted),
    )
    return c.json(dto(next), 200)
  })
  api.registerStorefront(routes.shopRevoke, async (c) => {
    adminHere(c)
    const next = await api.write(c, (tx) => revokeInvitation(tx, find(c.req.valid('param').id, c.get('accountId'))))
    return c.json(dto(next), 200)
  })

  // The invitee, anonymous: `dj-client: ACCOUNT` and the token. Unknown, used, revoked and expired tokens get one
  // answer. R7: refused tokens are counted per client address, with the login limits, in a throttle of their own.
  const throttle = new LoginThrottle()
  const accountClient: MiddlewareHandler = async function accountClient(c, next) {
    const client = c.req.header('dj-client')
    if (client !== 'OPERATOR' && client !== 'ACCOUNT') throw clientHeaderProblem(client)
    if (client !== 'ACCOUNT')
      throw new ProblemError('WRONG_CLIENT', 'Accepting an invitation needs dj-client: ACCOUNT.')
    await next()
  }
  const refused = () =>
    new ProblemError('UNAUTHENTICATED', 'Unknown, used or expired invitation: ask for a new one.', [
      fail.field('token', 'INVALID', 'is not a live invitation token'),
    ])
  api.app.openapi({ ...routes.accept, middleware: [accountClient] }, async (c) => {
    const { token, password, ...invitee } = c.req.valid('json')
    const address = options.clientAddress?.(c)
    const limits = { ...db.settings, loginMaxFailures: Number.MAX_SAFE_INTEGER }
    const attempt = address ? throttle.begin(ACCEPT_KEY, address, limits, clock().getTime()) : null
    if (attempt && 'retryAfterSeconds' in attempt) {
      c.header('Retry-After', String(attempt.retryAfterSeconds))
      throw new ProblemError(
        'TOO_MANY_REQUESTS',
        `Too many refused invitation tokens: try again in ${attempt.retryAfterSeconds} second(s).`,
      )
    }
    try {
      const hash = sha256HexSync(token)
      if (!findLiveInvitation(db, hash, clock().getTime())) {
        const locks = attempt?.failed(clock().getTime()) ?? []
        if (locks.length) {
          const tx = new Tx(db, 'system', clock())
          for (const lock of locks)
            tx.audit('invitation-accept-locked', 'login', lock.key, null, {
              failures: lock.failures,
              lockedUntil: lock.lockedUntil,
            })
          api.options.saveLater()
        }
        throw refused()
      }
      const hashed = await options.passwords.hash(password, api.options.passwordIterations)
      c.set('actor', 'system')
      const user = await api.write(c, (tx) => {
        expireInvitations(tx)
        // Looked up again: the token may have been used, resent or revoked while the password was hashed.
        const live = findLiveInvitation(tx.db, hash, Date.parse(tx.now))
        if (!live) throw refused()
        return acceptInvitation(tx, live, invitee, hashed)
      })
      attempt?.succeeded()
      return c.json({ customerUserId: user.id, email: user.email, accountId: user.accountIds[0] }, 201)
    } finally {
      attempt?.ended()
    }
  })
}
