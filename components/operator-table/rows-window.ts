import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Rows kept in the DOM beyond the viewport on each side, so that a scroll shows rows rather than empty space. */
const OVERSCAN = 30
/** A row's height before one is measured (px): `--dj-row-height`'s default, 2.25rem. */
const GUESS_PX = 36

/**
 * Which rows of a long page are in the DOM: those in the viewport and OVERSCAN on each side, `[first, last)`.
 *
 * The table scrolls with the page (or whatever scrolls around it), not in a box of its own, so the rows in view
 * come from where the table's body is in the viewport: rows have one height (`nowrap` cells), and the body's top
 * plus `index × height` places every row without laying them out. Two things say that the view moved: scroll and
 * resize events (the document's, caught in the capture phase, so any scrolling ancestor counts) and an
 * `IntersectionObserver` on the two spacer rows that stand for the rows not rendered, which also sees scrolling
 * inside another element's shadow root. The window moves only when the view comes within half the overscan of
 * its edge, so most scroll events change nothing.
 */
export class RowsWindow implements ReactiveController {
  /** The rows rendered. */
  first = 0
  last = 0
  /** One row's height, in px (measured from the rendered rows once there are some). */
  rowPx = GUESS_PX
  #rows = 0
  #observer: IntersectionObserver | undefined
  #observed: Element[] = []

  constructor(
    private host: ReactiveControllerHost,
    /** The `<tbody>` and its rendered rows, from the host's render root. */
    private body: () => HTMLTableSectionElement | null | undefined,
  ) {
    host.addController(this)
  }

  /**
   * Fits the window to a page of `rows` rows (from render; 0 when the page is not windowed): a new page keeps the
   * scroll position's rows.
   */
  size(rows: number) {
    if (rows !== this.#rows) {
      this.#rows = rows
      if (!this.last) this.last = Math.ceil(innerHeight / this.rowPx) + OVERSCAN
      this.first = Math.min(this.first, Math.max(0, rows - 1))
    }
    this.last = Math.min(Math.max(this.last, this.first + 1), rows)
    return [this.first, this.last] as const
  }

  /** Height of the space standing for the rows before the window, and for those after it (px). */
  get spaces() {
    return [this.first * this.rowPx, (this.#rows - this.last) * this.rowPx] as const
  }

  hostConnected() {
    document.addEventListener('scroll', this.#check, { capture: true, passive: true })
    addEventListener('resize', this.#check, { passive: true })
  }

  hostDisconnected() {
    document.removeEventListener('scroll', this.#check, { capture: true })
    removeEventListener('resize', this.#check)
    this.#observer?.disconnect()
    this.#observed = []
  }

  hostUpdated() {
    // The spacers are new elements whenever windowing starts again: watch the current ones.
    const spacers = [...(this.body()?.querySelectorAll(':scope > .spacer') ?? [])]
    if (spacers.length === this.#observed.length && spacers.every((s, i) => s === this.#observed[i])) return
    this.#observer?.disconnect()
    this.#observer ??= new IntersectionObserver(this.#check)
    for (const s of spacers) this.#observer.observe(s)
    this.#observed = spacers
  }

  #check = () => {
    const body = this.body()
    const rows = body?.querySelectorAll<HTMLElement>(':scope > [part="row"]')
    if (!body || !rows?.length || this.#rows === 0) return
    const a = rows[0].getBoundingClientRect()
    const b = rows[rows.length - 1].getBoundingClientRect()
    const px = (b.bottom - a.top) / rows.length
    const measured = px > 0 && Math.abs(px - this.rowPx) > 0.01
    if (measured) this.rowPx = px
    // Rows in the viewport: the body starts with the spacer of the `first` rows before the window.
    const top = a.top - this.first * this.rowPx
    const from = Math.max(0, Math.min(this.#rows, Math.floor(-top / this.rowPx)))
    const to = Math.max(from, Math.min(this.#rows, Math.ceil((innerHeight - top) / this.rowPx)))
    const slack = OVERSCAN / 2
    const inside =
      (from - this.first >= slack || this.first === 0) && (this.last - to >= slack || this.last === this.#rows)
    if (inside && !measured) return
    if (!inside) {
      this.first = Math.max(0, from - OVERSCAN)
      this.last = Math.min(this.#rows, to + OVERSCAN)
    }
    this.host.requestUpdate()
  }
}
