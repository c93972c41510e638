/**
 * `@dj-customers/elements/org-tree`: defines `<dj-org-tree>` (the one side effect of this entry).
 * To register the class under another name, import `DjOrgTree` from `./org-tree.js` instead.
 */
import { DjOrgTree } from './org-tree.js'

export { DjOrgTree, type ExternalIdMaker, type OrgTreeMode, type OrgTreeReadonlyReason } from './org-tree.js'
export {
  DjOrgAddEvent,
  DjOrgChangeEvent,
  DjOrgDeleteEvent,
  DjOrgErrorEvent,
  DjOrgMoveEvent,
  DjOrgRenameEvent,
  DjOrgSelectEvent,
  type OrgTreeAction,
} from './events.js'
export { messages, messagesFor, type OrgTreeMessages } from './messages.js'

if (!customElements.get('dj-org-tree')) customElements.define('dj-org-tree', DjOrgTree)

declare global {
  interface HTMLElementTagNameMap {
    'dj-org-tree': DjOrgTree
  }
}
