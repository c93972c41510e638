/** Events of `<dj-operator-table>`: small `Event` subclasses, `bubbles` and `composed`, typed in `GlobalEventHandlersEventMap`. */
import type { OperatorTableState } from './operator-table.js'

/** The user changed the table state (search, filters, sort, page, size, columns shown). `state` is the new state (a fresh object). */
export class DjStateChangeEvent extends Event {
  static readonly type = 'dj-state-change'
  constructor(readonly state: OperatorTableState) {
    super(DjStateChangeEvent.type, { bubbles: true, composed: true })
  }
}

/** Loading a page failed. `error` is a `DjProblemError` for an API problem, or the network error. */
export class DjLoadErrorEvent extends Event {
  static readonly type = 'dj-load-error'
  constructor(readonly error: unknown) {
    super(DjLoadErrorEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dj-state-change': DjStateChangeEvent
    'dj-load-error': DjLoadErrorEvent
  }
}
