import { SETTINGS_DEFAULTS, type SettingsInput as SettingsInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { SettingsRecord } from '../types.js'
import type { Tx } from './tx.js'

/** S2: the body of `PUT`/`PATCH /v1/settings` as the contract parses it: every field optional. */
export type SettingsInput = z.output<typeof SettingsInputSchema>

/** S2. `replace`: omitted fields go back to their default (PUT); `merge`: omitted fields stay (PATCH). */
export function changeSettings(tx: Tx, input: SettingsInput, mode: 'replace' | 'merge'): SettingsRecord {
  const before = tx.db.settings
  const base = mode === 'replace' ? SETTINGS_DEFAULTS : before
  const next: SettingsRecord = { ...base, ...input, version: before.version + 1, updatedAt: tx.now }
  tx.db.settings = next
  tx.audit('update', 'settings', 'settings', before, next)
  return next
}
