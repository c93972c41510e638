import { selfServiceRoutes as routes } from '@dj-customers/spec'
import type { Context, MiddlewareHandler } from 'hono'
import type { PasswordHasher } from '../crypto/passwords.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { findResetToken, issueResetToken, resetPassword } from '../domain/password-reset.js'
import { register } from '../domain/registration.js'
import { LoginThrottle, mintToken, type LoginAttempt } from '../domain/sessions.js'
import { Tx } from '../domain/tx.js'
import { clientHeaderProblem, type Api } from '../http/kit.js'
import { ProblemError, fail } from '../problem.js'
import type { CustomFieldValues } from '../types.js'

/** What the self-service routes need from the app besides the Api (app.ts). */
export interface SelfServiceOptions {
  /** Where passwords are hashed (R4): Web Crypto, or the Node worker pool. */
  passwords: PasswordHasher
  /** The caller's address, for R7's per-address limit; absent where there is none (MSW, in-process). */
  clientAddress?: (c: Context) => string | undefined
  /** R6: the change is in memory; save it with the next commit, or soon. */
  saveLater: () => void
  /**
   * R7: the throttle of these routes. Default: one of their own — the login's counts are not shared, so that
   * asking for a reset never locks anybody's login, and a locked login can still ask for one.
   */
  throttle?: LoginThrottle
}

/** Anonymous requests are recorded under this actor (N2). */
export const ANONYMOUS = 'anonymous'

const ACCEPTED = {
  registration: {
    status: 'ACCEPTED' as const,
    message: 'Thank you. What happens next is on its way to the email address given.',
  },
  reset: {
    status: 'ACCEPTED' as const,
    message: 'If a customer user has this email address, a message to reset the password is on its way to it.',
  },
}

/**
 * SS1, SS2: anonymous storefront requests (`dj-client: ACCOUNT`, no token). Neither answer says whether an email is
 * known: the same status and body either way, after the same work (a password hashed for every registration, a
 * token minted and hashed for every reset request).
 */
export function selfServiceRoutes(api: Api, options: SelfServiceOptions) {
  const { db } = api
  const { passwords } = options
  const throttle = options.throttle ?? new LoginThrottle()

  const accountClient: MiddlewareHandler = async function accountClient(c, next) {
    const client = c.req.header('dj-client')
    if (client !== 'OPERATOR' && client !== 'ACCOUNT') throw clientHeaderProblem(client)
    if (client !== 'ACCOUNT') throw new ProblemError('WRONG_CLIENT', 'Self-service routes need dj-client: ACCOUNT.')
    c.set('actor', ANONYMOUS)
    await next()
  }
  // SS1 (decision): with `customerSelfRegistration` off the route answers as if it did not exist, before the body
  // is read, so its errors tell nothing either.
  const registrationOpen: MiddlewareHandler = async function registrationOpen(c, next) {
    if (!db.settings.customerSelfRegistration)
      throw new ProblemError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`)
    await next()
  }

  /**
   * R7, as a login: every request counts against its email and the client's address (there is no "success"), so a
   * burst of `loginMaxFailures` for one email, or `loginMaxFailuresPerAddress` from one address, locks it; a locked
   * key is refused with 429 and `Retry-After` before any work. Locks are audited.
   */
  const begin = (c: Context, email: string, action: string): LoginAttempt => {
    const attempt = throttle.begin(email, options.clientAddress?.(c), db.settings, api.options.clock().getTime())
    if ('retryAfterSeconds' in attempt) {
      c.header('Retry-After', String(attempt.retryAfterSeconds))
      throw new ProblemError(
        'TOO_MANY_REQUESTS',
        `Too many requests: try again in ${attempt.retryAfterSeconds} second(s).`,
      )
    }
    return {
      ...attempt,
      failed: (now) => {
        const locks = attempt.failed(now)
        if (locks.length) {
          const tx = new Tx(db, 'system', api.options.clock())
          for (const lock of locks)
            tx.audit(`${action}-locked`, 'login', lock.key, null, {
              failures: lock.failures,
              lockedUntil: lock.lockedUntil,
            })
          options.saveLater()
        }
        return locks
      },
    }
  }

  const userFields = (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v)

  api.app.openapi({ ...routes.register, middleware: [accountClient, registrationOpen] }, async (c) => {
    const input = c.req.valid('json')
    const store = c.req.valid('header')['dj-store']
    // U10: the registrant's store is the storefront's (`dj-store`); a multi-store tenant needs it.
    if (store !== undefined && !db.stores.findBy('externalId', store))
      throw fail.unknownRefs([{ field: 'dj-store', value: store, entity: 'store' }])
    if (store === undefined && db.stores.size > 1)
      throw fail.rule('dj-store', 'is required on a multi-store tenant: the store the company registers in (U10)')
    const attempt = begin(c, input.user.email, 'registration')
    try {
      // Hashed whether or not the email is known: both answers cost one full hash and one commit.
      const hash = await passwords.hash(input.user.password, api.options.passwordIterations)
      await api.write(c, (tx) => {
        validateCustomFields(db, 'CUSTOMER_ACCOUNT', {})
        return register(tx, input, hash, {
          storeIds: store ? [store] : undefined,
          hooks: { validateCustomFields: userFields },
        })
      })
    } finally {
      attempt.failed(api.options.clock().getTime())
    }
    return c.json(ACCEPTED.registration, 202)
  })

  api.app.openapi({ ...routes.requestPasswordReset, middleware: [accountClient] }, async (c) => {
    const { email } = c.req.valid('json')
    const attempt = begin(c, email, 'password-reset')
    try {
      // Minted and hashed either way; a known email adds a few in-memory writes, saved with the next commit (R6), so
      // neither answer waits for the disk.
      const minted = await mintToken()
      const user = db.customerUsers.findBy('email', email.toLowerCase())
      if (user) {
        issueResetToken(new Tx(db, ANONYMOUS, api.options.clock()), user, minted)
        options.saveLater()
      }
    } finally {
      attempt.failed(api.options.clock().getTime())
    }
    return c.json(ACCEPTED.reset, 202)
  })

  // SS2: tokens are 256 random bits, so, as U15's codes, they need no throttle; one 401 for unknown, used, replaced
  // and expired tokens. The password is hashed before the synchronous change, and the token checked again in it.
  const tokenRefused = () =>
    new ProblemError('UNAUTHENTICATED', 'Unknown, used or expired reset token: ask for a new one.')
  api.app.openapi({ ...routes.confirmPasswordReset, middleware: [accountClient] }, async (c) => {
    const { token, password } = c.req.valid('json')
    const found = findResetToken(db, token, api.options.clock().getTime())
    if (!found) throw tokenRefused()
    const hash = await passwords.hash(password, api.options.passwordIterations)
    c.set('actor', `customer-user:${found.customerUserId}`)
    await api.write(c, (tx) => {
      const record = findResetToken(tx.db, token, Date.parse(tx.now))
      if (!record) throw tokenRefused()
      return resetPassword(tx, record, hash)
    })
    return c.body(null, 204)
  })
}
