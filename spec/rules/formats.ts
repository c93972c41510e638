/**
 * Value formats shared by the zod contract and the code that must run without zod (the CSV import in
 * browsers and workers, I8). Plain constants only: importing this file pulls in nothing else.
 */

/** Caller-made external ids (docs/conventions.md §2): 1–255 letters, digits or `_ . : -`; no accents, no spaces. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/

/**
 * An email address, as `z.email()` (zod 4's default "practical" pattern) accepts it, so that the CSV shape
 * check and the contract's `Email` agree (I8; a test compares them).
 */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/
/** The contract's `Email` maximum length. */
export const EMAIL_MAX = 254
