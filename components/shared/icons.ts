/**
 * Icons as inline SVG (no icon font, nothing to load): 24-unit strokes drawn in `currentColor`, sized 1em by the
 * theme's `svg.icon`. Decorative: every one is `aria-hidden`, the button or text beside it says what it means.
 *
 * @example
 * ```ts
 * html`<button>${icon('plus')} ${m.add}</button>`
 * ```
 */
import { svg, type SVGTemplateResult } from 'lit'

/** Path data of each icon (stroke only). */
const PATHS = {
  plus: 'M12 5v14M5 12h14',
  pencil: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6',
  upload: 'M12 16V4M7 9l5-5 5 5M4 16v4h16v-4',
  download: 'M12 4v12M7 11l5 5 5-5M4 20h16',
  check: 'M5 12l5 5L20 7',
  x: 'M6 6l12 12M18 6L6 18',
  alert: 'M12 3L2 20h20zM12 10v4M12 17v.01',
  'chevron-right': 'M9 6l6 6-6 6',
  'chevron-down': 'M6 9l6 6 6-6',
  'chevron-left': 'M15 6l-6 6 6 6',
  'chevrons-left': 'M11 6l-6 6 6 6M18 6l-6 6 6 6',
  'chevrons-right': 'M6 6l6 6-6 6M13 6l6 6-6 6',
  'sort-none': 'M8 9l4-4 4 4M8 15l4 4 4-4',
  'sort-asc': 'M8 11l4-4 4 4M12 7v12',
  'sort-desc': 'M8 13l4 4 4-4M12 17V5',
  grip: 'M9 6v.01M15 6v.01M9 12v.01M15 12v.01M9 18v.01M15 18v.01',
  columns: 'M4 4h16v16H4zM10 4v16M15 4v16',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  user: 'M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8M4 20c1-4 4-6 8-6s7 2 8 6',
  lock: 'M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3',
} as const

export type IconName = keyof typeof PATHS

/** The icon `name`, decorative (`aria-hidden`), in the current text colour. */
export const icon = (name: IconName): SVGTemplateResult =>
  svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${PATHS[name]}></path></svg>`
