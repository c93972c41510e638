/**
 * The page buttons the paged elements share (operator-table, company-users): first, previous, the range
 * ("1–25 of 65", `part="range"`), next, last — icon buttons named by their labels. Each element wraps them in its own
 * `<nav class="pager">` with what else it offers there (a page-size select).
 */
import { html, type TemplateResult } from 'lit'
import { icon } from './icons.js'

/** The pager's words, from the element's message table. */
export interface PagerLabels {
  first: string
  previous: string
  next: string
  last: string
}

/**
 * The buttons for page `page` (0-based) of pages up to `lastPage`; `atEnd` disables next and last; `range` is what
 * the range shows; `go(page)` changes page; `buttonClass` is added to each button (`quiet`).
 */
export function pageButtons(
  labels: PagerLabels,
  page: number,
  lastPage: number,
  atEnd: boolean,
  range: string,
  go: (page: number) => void,
  buttonClass = '',
): TemplateResult {
  const button = (
    label: string,
    name: 'chevrons-left' | 'chevron-left' | 'chevron-right' | 'chevrons-right',
    to: number,
    disabled: boolean,
    cls: string,
  ) =>
    html`<button type="button" class=${buttonClass ? `${buttonClass} ${cls}` : cls} aria-label=${label} title=${label} ?disabled=${disabled} @click=${() => go(to)}>${icon(name)}</button>`
  return html`${button(labels.first, 'chevrons-left', 0, page <= 0, 'first')}${button(labels.previous, 'chevron-left', page - 1, page <= 0, 'previous')}<span class="range" part="range">${range}</span>${button(labels.next, 'chevron-right', page + 1, atEnd, 'next')}${button(labels.last, 'chevrons-right', lastPage, atEnd, 'last')}`
}
