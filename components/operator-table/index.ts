/**
 * `@dj-customers/elements/operator-table`: defines `<dj-operator-table>` (the one side effect of this entry).
 * To register the class under another name, import `DjOperatorTable` from `./operator-table.js` instead.
 */
import { DjOperatorTable } from './operator-table.js'

export {
  DjOperatorTable,
  defaultState,
  stateFromQuery,
  stateToQuery,
  type OperatorTableState,
  type SortEntry,
} from './operator-table.js'
export { DjLoadErrorEvent, DjStateChangeEvent } from './events.js'
export { messages, messagesFor, type OperatorTableMessages } from './messages.js'

if (!customElements.get('dj-operator-table')) customElements.define('dj-operator-table', DjOperatorTable)

declare global {
  interface HTMLElementTagNameMap {
    'dj-operator-table': DjOperatorTable
  }
}
