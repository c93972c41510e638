/**
 * `@dj-customers/elements/tag-picker`: defines `<dj-tag-picker>` (the one side effect of this entry).
 * To register the class under another name, import `DjTagPicker` from `./tag-picker.js` instead.
 */
import { DjTagPicker } from './tag-picker.js'

export { DjTagPicker, type TagChip, type TagChipState } from './tag-picker.js'
export {
  DjTagCreateEvent,
  DjTagsChangeEvent,
  DjTagsConflictEvent,
  DjTagsSaveEvent,
  DjTagsErrorEvent,
  DjTagsSavedEvent,
} from './events.js'
export { messages, messagesFor, type TagPickerMessages } from './messages.js'

if (!customElements.get('dj-tag-picker')) customElements.define('dj-tag-picker', DjTagPicker)

declare global {
  interface HTMLElementTagNameMap {
    'dj-tag-picker': DjTagPicker
  }
}
