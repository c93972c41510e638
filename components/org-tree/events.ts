/** Events of `<dj-org-tree>`: small `Event` subclasses, `bubbles` and `composed`, typed in `GlobalEventHandlersEventMap`. */
import type { Schemas } from '@dj-customers/sdk'

type Organisation = Schemas['Organisation']

/** What a write does: `add`, `rename`, `move` or `delete`. */
export type OrgTreeAction = 'add' | 'rename' | 'move' | 'delete'

/** The user selected an organisation (Enter or a click). `organisation` is its record as last read or written. */
export class DjOrgSelectEvent extends Event {
  static readonly type = 'dj-org-select'
  constructor(readonly organisation: Organisation) {
    super(DjOrgSelectEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The user named a new organisation, before the create request. Cancelable: `preventDefault()` vetoes it
 * (nothing is sent, the new row goes). `parent` is null for a top-level organisation.
 */
export class DjOrgAddEvent extends Event {
  static readonly type = 'dj-org-add'
  constructor(
    readonly parent: Organisation | null,
    readonly name: string,
    readonly externalId: string,
  ) {
    super(DjOrgAddEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** The user renamed an organisation, before the PUT. Cancelable: `preventDefault()` vetoes it (nothing is sent). */
export class DjOrgRenameEvent extends Event {
  static readonly type = 'dj-org-rename'
  constructor(
    readonly organisation: Organisation,
    readonly name: string,
  ) {
    super(DjOrgRenameEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/**
 * The user moved an organisation (drag and drop or "Move to…"), before the move request; cycles were already
 * refused. Cancelable: `preventDefault()` vetoes it (nothing is sent). `to` is null for the top level.
 */
export class DjOrgMoveEvent extends Event {
  static readonly type = 'dj-org-move'
  constructor(
    readonly organisation: Organisation,
    readonly from: Organisation | null,
    readonly to: Organisation | null,
  ) {
    super(DjOrgMoveEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** The user confirmed a delete, before the DELETE. Cancelable: `preventDefault()` vetoes it (nothing is sent). */
export class DjOrgDeleteEvent extends Event {
  static readonly type = 'dj-org-delete'
  constructor(
    readonly organisation: Organisation,
    readonly cascade: boolean,
  ) {
    super(DjOrgDeleteEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** A write succeeded. `organisation` is the server's answer (for `delete`, the record as last known). */
export class DjOrgChangeEvent extends Event {
  static readonly type = 'dj-org-change'
  constructor(
    readonly action: OrgTreeAction,
    readonly organisation: Organisation,
  ) {
    super(DjOrgChangeEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * Loading (`action` = `load`), asking who is calling (`access`: the tree then stays read-only) or a write failed; a
 * failed write was rolled back. `error` is a `DjProblemError` for an API problem (its `status`, `code` and `detail`
 * are for the page's logs: the user reads a sentence), or the network error.
 */
export class DjOrgErrorEvent extends Event {
  static readonly type = 'dj-org-error'
  constructor(
    readonly action: OrgTreeAction | 'load' | 'access',
    readonly error: unknown,
  ) {
    super(DjOrgErrorEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dj-org-select': DjOrgSelectEvent
    'dj-org-add': DjOrgAddEvent
    'dj-org-rename': DjOrgRenameEvent
    'dj-org-move': DjOrgMoveEvent
    'dj-org-delete': DjOrgDeleteEvent
    'dj-org-change': DjOrgChangeEvent
    'dj-org-error': DjOrgErrorEvent
  }
}
