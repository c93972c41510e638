/**
 * Keeps keyboard focus inside an element when an update takes away the control that had it: a Retry button
 * whose message went, a pager button that turned disabled, a removed chip. Left alone, the browser drops focus
 * to `<body>` and a keyboard or screen-reader user starts again from the top of the page (WCAG 2.4.3 Focus
 * Order): focus goes instead to the control that carries on what the lost one did.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

export interface FocusRescue {
  /** Where focus goes instead, given the control that lost it (still readable: `closest()` works on removed nodes). */
  to: (lost: Element) => HTMLElement | null | undefined
  /** Whether focus on `focused` was lost in the update. Default: the control left the DOM or turned disabled. */
  lost?: (focused: Element) => boolean
  /** Passed to `focus()`; `preventScroll` where the element scrolls the new target into view itself. */
  options?: FocusOptions
}

const goneOrDisabled = (focused: Element) => !focused.isConnected || focused.matches(':disabled')

/**
 * Notes what had focus in the shadow root before each update and, right after the DOM was updated (before the
 * element's own `updated()`), moves focus to `rescue.to(…)` when that control lost it.
 *
 * @example
 * ```ts
 * private focus = new FocusController(this, { to: () => this.renderRoot.querySelector<HTMLElement>('#input') })
 * ```
 */
export class FocusController implements ReactiveController {
  #focused: Element | null = null

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly rescue: FocusRescue,
  ) {
    host.addController(this)
  }

  hostUpdate() {
    this.#focused = this.host.shadowRoot?.activeElement ?? null
  }

  hostUpdated() {
    const focused = this.#focused
    this.#focused = null
    if (focused && (this.rescue.lost ?? goneOrDisabled)(focused)) this.rescue.to(focused)?.focus(this.rescue.options)
  }
}
