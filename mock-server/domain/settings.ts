import { SETTINGS_DEFAULTS } from '@dj-customers/spec'
import type { SettingsRecord } from '../types.js'
import type { Tx } from './tx.js'

export type SettingsInput = Partial<Omit<SettingsRecord, 'version' | 'updatedAt'>>

/** S2. `replace`: omitted fields go back to their default (PUT); `merge`: omitted fields stay (PATCH). */
export function changeSettings(tx: Tx, input: SettingsInput, mode: 'replace' | 'merge'): SettingsRecord {
  const before = tx.db.settings
  const base = mode === 'replace' ? SETTINGS_DEFAULTS : before
  const next: SettingsRecord = { ...base, ...input, version: before.version + 1, updatedAt: tx.now }
  tx.db.settings = next
  tx.audit('update', 'settings', 'settings', before, next)
  return next
}
