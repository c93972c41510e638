/**
 * Customer-user shape rules that need no server data (U1, U4, U5). One source: the server's validation,
 * the SDK's CSV import checks and the components all call these.
 */

export const CUSTOMER_USER_GROUPS = ['FOC_Admin', 'FOC_User', 'FOC_Webmaster'] as const
export type CustomerUserGroupName = (typeof CUSTOMER_USER_GROUPS)[number]

export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 255

/**
 * U5: 8–255 characters, at least one lower-case letter, one upper-case letter and one digit, and not only
 * whitespace *(decision)*. Returns the reason a password fails, or `null` when it passes.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    return `must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters`
  if (password.trim() === '') return 'must not be only whitespace'
  if (!/\p{Ll}/u.test(password)) return 'needs a lower-case letter'
  if (!/\p{Lu}/u.test(password)) return 'needs an upper-case letter'
  if (!/\p{Nd}/u.test(password)) return 'needs a digit'
  return null
}

/**
 * U4: `mainOrganisationId`, when given, is one of `organisationIds`; it is required when there are several;
 * with exactly one organisation it defaults to it *(decision)*. Returns the main organisation to store, or
 * the reason the pair is refused.
 */
export function resolveMainOrganisation(
  organisationIds: readonly string[],
  mainOrganisationId: string | null | undefined,
): { main: string | null } | { problem: string } {
  if (mainOrganisationId) {
    return organisationIds.includes(mainOrganisationId)
      ? { main: mainOrganisationId }
      : { problem: 'must be one of organisationIds' }
  }
  if (organisationIds.length > 1) return { problem: 'is required when there are several organisations' }
  return { main: organisationIds[0] ?? null }
}

/** A phone number: digits with optional +, spaces, dots, dashes and brackets. */
export const PHONE_PATTERN = /^\+?[0-9 ().-]{4,30}$/
