/** Events of `<dj-tag-picker>`: small `Event` subclasses, `bubbles` and `composed`, typed in `GlobalEventHandlersEventMap`. */

/** The staged set of tags changed (the user added or removed a chip, or Reset). `value` is the new set of tag externalIds. */
export class DjTagsChangeEvent extends Event {
  static readonly type = 'dj-tags-change'
  constructor(
    readonly value: string[],
    readonly added: string[],
    readonly removed: string[],
  ) {
    super(DjTagsChangeEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The user pressed Save: fired before the `ADM-ACCOUNT-250` PUT. Cancelable: `preventDefault()` vetoes the
 * save (nothing is sent, the staged changes stay). `added` / `removed` are relative to the account's tags.
 */
export class DjTagsSaveEvent extends Event {
  static readonly type = 'dj-tags-save'
  constructor(
    readonly value: string[],
    readonly added: string[],
    readonly removed: string[],
  ) {
    super(DjTagsSaveEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** The PUT succeeded: the account now has exactly `value`; `etag` is its new version. */
export class DjTagsSavedEvent extends Event {
  static readonly type = 'dj-tags-saved'
  constructor(
    readonly value: string[],
    readonly etag: string | null,
  ) {
    super(DjTagsSavedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The PUT answered 412: someone else changed the account's tags since they were read. The element reloaded
 * the account; `theirAdded` / `theirRemoved` are what the other change did, `current` the account's tags now,
 * `value` the user's staged set, rebased on `current`. Nothing was written.
 */
export class DjTagsConflictEvent extends Event {
  static readonly type = 'dj-tags-conflict'
  constructor(
    readonly theirAdded: string[],
    readonly theirRemoved: string[],
    readonly current: string[],
    readonly value: string[],
  ) {
    super(DjTagsConflictEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The user chose "Create tag …": fired before the `POST /v1/customer-tags`. Cancelable: `preventDefault()` vetoes
 * it (nothing is sent, no chip is added). `externalId` is the one the element made from `name`.
 */
export class DjTagCreateEvent extends Event {
  static readonly type = 'dj-tag-create'
  constructor(
    readonly name: string,
    readonly externalId: string,
  ) {
    super(DjTagCreateEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/**
 * Loading, saving or creating failed. The user reads a sentence in their language; the page gets the error here for
 * its logs and support: `error` is a `DjProblemError` (`status`, `code`, `detail`) for an API problem, or the network
 * error. `action`: `load`, `save` or `create`. A save that met a concurrent change fires `dj-tags-conflict` instead.
 */
export class DjTagsErrorEvent extends Event {
  static readonly type = 'dj-tags-error'
  constructor(
    readonly action: 'load' | 'save' | 'create',
    readonly error: unknown,
  ) {
    super(DjTagsErrorEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dj-tags-change': DjTagsChangeEvent
    'dj-tags-save': DjTagsSaveEvent
    'dj-tags-saved': DjTagsSavedEvent
    'dj-tags-conflict': DjTagsConflictEvent
    'dj-tag-create': DjTagCreateEvent
    'dj-tags-error': DjTagsErrorEvent
  }
}
