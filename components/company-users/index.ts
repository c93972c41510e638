/**
 * `@dj-customers/elements/company-users`: defines `<dj-company-users>` (the one side effect of this entry).
 * To register the class under another name, import `DjCompanyUsers` from `./company-users.js` instead.
 */
import { DjCompanyUsers } from './company-users.js'

export { DjCompanyUsers } from './company-users.js'
export {
  DjCompanyUsersErrorEvent,
  DjInvitationChangedEvent,
  DjInvitationChangeEvent,
  DjUserChangedEvent,
  DjUserChangeEvent,
  DjUserInvitedEvent,
  DjUserInviteEvent,
  DjUserRemovedEvent,
  DjUserRemoveEvent,
  type CompanyUsersAction,
  type InvitationAction,
} from './events.js'
export { messages, messagesFor, type CompanyUsersMessages } from './messages.js'

if (!customElements.get('dj-company-users')) customElements.define('dj-company-users', DjCompanyUsers)

declare global {
  interface HTMLElementTagNameMap {
    'dj-company-users': DjCompanyUsers
  }
}
