/**
 * `@dj-customers/elements/user-import`: defines `<dj-user-import>` (the one side effect of this entry).
 * To register the class under another name, import `DjUserImport` from `./user-import.js` instead.
 */
import { DjUserImport } from './user-import.js'

export { DjUserImport } from './user-import.js'
export {
  DjImportDoneEvent,
  DjImportDryRunEvent,
  DjImportErrorEvent,
  DjImportParsedEvent,
  DjImportStartEvent,
  type ImportFileSummary,
} from './events.js'
export { messages, messagesFor, type ImportCounts, type UserImportMessages } from './messages.js'

if (!customElements.get('dj-user-import')) customElements.define('dj-user-import', DjUserImport)

declare global {
  interface HTMLElementTagNameMap {
    'dj-user-import': DjUserImport
  }
}
