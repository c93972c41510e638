import { css } from 'lit'

/**
 * What is the table's own: the toolbar, the column chooser, the table, the pager. Colours, radius, spacing and font
 * come from the shared design language (`../shared/theme.ts`, listed first): the page restyles them with the `--dj-*`
 * tokens, and the rest through `::part`.
 */
export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_dj-space);
    align-items: flex-end;
    margin-block-end: var(--_dj-space);
  }
  label,
  legend {
    font-size: 0.875em;
    color: var(--_dj-muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_dj-space);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    margin: 0;
    padding: 0.25rem var(--_dj-space);
  }
  fieldset label {
    color: inherit;
  }
  /* The column chooser: a popover in the top layer, placed under its button by the element (fixed, so it never
     widens the page), scrolling inside itself when the viewport is short. */
  .columns button[aria-expanded='true'] {
    border-color: var(--_dj-accent);
  }
  .columns-panel {
    inset: auto;
    margin: 0;
    min-width: 12rem;
    max-width: calc(100vw - 16px);
    max-height: min(24rem, calc(100vh - 16px));
    overflow: auto;
    padding: 0.25rem 0;
    color: var(--_dj-text);
    background: var(--_dj-surface);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    box-shadow: 0 4px 16px var(--_dj-shadow);
    font: var(--_dj-font);
  }
  .columns-panel ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .columns-panel label {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    padding: 0.25rem var(--_dj-space);
    color: inherit;
    font-size: inherit;
    cursor: pointer;
  }
  .columns-panel label:hover {
    background: var(--_dj-hover);
  }
  .table-wrap {
    overflow-x: auto;
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  /* Muted, not faded: text keeps AA contrast while a page loads. */
  table[aria-busy='true'] tbody {
    color: var(--_dj-muted);
    cursor: progress;
  }
  /* A windowed page (more rows than the pager offers, rows-window.ts): columns as wide as the page's longest
     values (the <col> widths), whichever rows are in the DOM; every row one line high; the spacer rows stand for
     the rows not in the DOM. */
  table[data-windowed] {
    table-layout: fixed;
  }
  table[data-windowed] td {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .spacer td {
    padding: 0;
    border: 0;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: var(--_dj-space);
  }
  th,
  td {
    text-align: start;
    /* The row height by padding, not a height: a cell with a height costs a 1,000-row page a second layout pass. */
    padding: calc((var(--_dj-row-height) - 1.25rem) / 2) var(--_dj-space);
    border-top: 1px solid var(--_dj-border);
  }
  th {
    background: var(--_dj-surface-raised);
    font-weight: 600;
    white-space: nowrap;
  }
  th button {
    border: 0;
    background: transparent;
    padding: 0 0.25rem;
    margin-inline: -0.25rem;
    min-height: 1.75rem;
    font-weight: inherit;
    text-transform: inherit;
    letter-spacing: inherit;
    gap: 0.25rem;
  }
  /* Sortable headers look it: an arrow pair, muted until the column is sorted. */
  .indicator {
    display: inline-flex;
    align-items: center;
    color: var(--_dj-muted);
    font-size: 0.875em;
  }
  th[aria-sort] .indicator,
  .indicator.on {
    color: var(--_dj-accent);
  }
  tbody tr:not(.spacer):hover {
    background: var(--_dj-hover);
  }
  .skeleton-row .skeleton {
    width: 70%;
  }
  tbody:not(.slow) .skeleton {
    animation: none;
  }
  /* A badge in every row: inline, not a flex box each, on the row's own line height (a 1,000-row page lays out
     in a third less time). */
  td > .badge {
    display: inline;
    line-height: inherit;
    padding-block: 0.0625rem;
  }
  .empty {
    text-align: center;
    color: var(--_dj-muted);
  }
  .status,
  .hint {
    margin: var(--_dj-space) 0;
  }
  .pager {
    display: flex;
    gap: 0.25rem;
    align-items: center;
    flex-wrap: wrap;
    margin-block-start: var(--_dj-space);
  }
  .pager button {
    padding-inline: 0.5rem;
  }
  .range {
    margin-inline: var(--_dj-space);
    font-variant-numeric: tabular-nums;
  }
  .pager label {
    margin-inline-start: auto;
  }
`
