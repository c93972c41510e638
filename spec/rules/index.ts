/**
 * `@dj-customers/spec/rules`: the contract's plain rules (formats, customer-user fields), with no zod around
 * them, so browser code (the SDK's CSV import) and the server share one definition.
 */
export * from './formats.js'
export * from './customer-user.js'
export * from './countries.js'
