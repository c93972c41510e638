import { css, unsafeCSS } from 'lit'

/**
 * Height of one row of the row table, in px: the windowing (user-import.ts) computes with it, the CSS fixes it. A
 * line of inputs (1.75rem) and two lines of error text (0.75rem × 1.25 each), with the cell's padding.
 */
export const ROW_HEIGHT = 72

/**
 * What is `<dj-user-import>`'s own look: the drop zone, the mapping table, the row grid, the job's progress and
 * result. Colours, radius, spacing and font come from the shared design language (`../shared/theme.ts`, listed
 * before these styles), as its private tokens `--_dj-*`; only the grid's sizes are the element's own properties.
 *
 * One rule per line, and the notes here rather than in the CSS: the text of the template is what an application
 * ships (bundlers leave the CSS of Lit's `css` templates as written), and it counts in the element's 15 kB (docs/budgets.md §5).
 * - Headings that receive focus to start what comes next are not controls: no ring (`[tabindex='-1']:focus`).
 * - The mapping table scrolls sideways inside its own box, as the row grid does: the page never grows.
 * - Failing rows are tinted; the line number stays in view when the grid scrolls sideways (`.line`, sticky), on a
 *   background of its own: not `inherit`, as a child that inherits explicitly makes Chromium restyle every cell of a
 *   row whose position changes, and rows move on every scroll (§5: scrolling 20,000 rows).
 * - Rows have no background of their own (the element's shows through), failing rows excepted.
 * - Rows of the grid are laid out as flex boxes of fixed widths (cheaper than a grid to lay out again on every scroll).
 *   Not `content-visibility: auto`: Chromium takes the cells of rows out of view out of the accessibility tree, and
 *   a screen reader would meet empty rows.
 * - Outside the active row, a cell's text (`cell-value`) is drawn like the input it turns into on focus.
 * - A cell's error shows its whole sentence on two lines at most (`.cell-error`, line-clamp): the cell's
 *   description and the row's details hold all of it.
 * - Saving: no percentage to show, a stripe that moves (none with reduced motion).
 */
export const styles = css`
  section { margin-block: calc(2 * var(--_dj-space)); }
  h3, h4, h5 { margin: 0 0 var(--_dj-space); font-size: 1.05em; }
  h4 { display: flex; gap: var(--_dj-space); align-items: center; }
  h5 { font-size: 0.95em; }
  [tabindex='-1']:focus { outline: none; }
  button[aria-disabled='true'] { cursor: default; background: var(--_dj-surface); border-color: var(--_dj-border); color: var(--_dj-muted); filter: none; }
  .drop { display: flex; flex-wrap: wrap; gap: var(--_dj-space) calc(2 * var(--_dj-space)); align-items: center; padding: calc(3 * var(--_dj-space)) calc(2 * var(--_dj-space)); border: 2px dashed var(--_dj-border); border-radius: var(--_dj-radius); background: var(--_dj-surface-raised); cursor: pointer; }
  .drop > .icon { width: 2rem; height: 2rem; color: var(--_dj-accent); }
  .drop-text { font-weight: 600; }
  .drop[data-over] { border-color: var(--_dj-accent); border-style: solid; background: var(--_dj-selected); }
  .drop .template { margin-inline-start: auto; }
  .file { display: flex; flex-wrap: wrap; gap: var(--_dj-space) calc(2 * var(--_dj-space)); align-items: center; }
  .file .name { font-weight: 600; overflow-wrap: anywhere; }
  .error > span { min-width: 0; flex: 1; overflow-wrap: anywhere; }
  .hint { font-size: 0.875em; margin: 0.25rem 0; }
  .mapping-scroll { max-width: 100%; overflow-x: auto; }
  table.mapping { border-collapse: collapse; width: 100%; }
  .mapping caption { text-align: start; font-weight: 600; margin-block-end: var(--_dj-space); }
  .mapping th, .mapping td { text-align: start; padding: 0.25rem var(--_dj-space); border-bottom: 1px solid var(--_dj-border); }
  .mapping thead th { background: var(--_dj-surface-raised); font-size: 0.875em; }
  .mapping tr[data-guessed] { background: var(--_dj-warning-surface); }
  .mapping .sample { max-width: 12rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--_dj-muted); }
  .toolbar { display: flex; flex-wrap: wrap; gap: calc(2 * var(--_dj-space)); align-items: center; margin-block-end: var(--_dj-space); }
  .scroller { max-height: var(--dj-user-import-table-height, 26rem); overflow: auto; border: 1px solid var(--_dj-border); border-radius: var(--_dj-radius); }
  .table { width: max-content; min-width: 100%; }
  .row { display: flex; height: ${unsafeCSS(ROW_HEIGHT)}px; box-sizing: border-box; border-bottom: 1px solid var(--_dj-border); }
  .head { position: sticky; top: 0; z-index: 2; }
  .head .row { height: auto; background: var(--_dj-surface-raised); font-size: 0.875em; font-weight: 600; }
  .head small { display: block; font-weight: normal; color: var(--_dj-muted); }
  .body { position: relative; }
  .body .row { position: absolute; inset-inline: 0; }
  .row > * { flex: none; width: var(--dj-user-import-column-width, 12rem); box-sizing: border-box; padding: 0.25rem; overflow: hidden; }
  .row > :last-child { flex: 1 0 16rem; }
  .row[data-invalid] { background: var(--_dj-danger-surface); }
  .line { width: 4rem; position: sticky; inset-inline-start: 0; z-index: 1; background: var(--_dj-surface); color: var(--_dj-muted); font-variant-numeric: tabular-nums; border-inline-end: 1px solid var(--_dj-border); }
  .head .line { background: inherit; }
  .row[data-invalid] .line { background: var(--_dj-danger-surface); color: var(--_dj-danger); font-weight: 600; box-shadow: inset 3px 0 0 var(--_dj-danger); }
  .cell > :first-child { width: 100%; min-height: 1.75rem; padding: 0.125rem 0.375rem; }
  [part=cell-value] { display: block; box-sizing: border-box; border: 1px solid var(--_dj-border); border-radius: var(--_dj-radius); background: var(--_dj-surface); line-height: 1.375rem; white-space: pre; overflow: hidden; cursor: text; }
  .cell input:focus-visible { outline-offset: -2px; }
  .cell [aria-invalid='true'] { border-color: var(--_dj-danger); box-shadow: inset 0 0 0 1px var(--_dj-danger); }
  .cell-error, .issues { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; margin-top: 2px; font-size: 0.75rem; line-height: 1.25; color: var(--_dj-danger); overflow-wrap: anywhere; }
  .issues { -webkit-line-clamp: 3; }
  .details { margin-block: var(--_dj-space) 0; padding: var(--_dj-space); border: 1px solid var(--_dj-danger); border-radius: var(--_dj-radius); background: var(--_dj-danger-surface); }
  .details ul, .failures { margin: 0; padding-inline-start: 1.25rem; }
  .code { color: var(--_dj-muted); font-variant-numeric: tabular-nums; }
  .actions { display: flex; flex-wrap: wrap; gap: var(--_dj-space); align-items: center; margin-block: var(--_dj-space); }
  .counts { display: flex; flex-wrap: wrap; gap: var(--_dj-space); margin: var(--_dj-space) 0; }
  .counts .badge { font-size: 0.9375em; line-height: 2rem; padding: 0 0.75rem; }
  .counts dd { margin: 0; font-variant-numeric: tabular-nums; }
  .progress { display: flex; gap: var(--_dj-space); align-items: center; }
  [role='progressbar'] { flex: 1; height: 0.6rem; max-width: 24rem; border: 1px solid var(--_dj-border); border-radius: 999px; overflow: hidden; }
  [role='progressbar'] > div { height: 100%; background: var(--_dj-accent); }
  .saving [role='progressbar'] > div { width: 40% !important; border-radius: 999px; animation: dj-saving 1.2s ease-in-out infinite alternate; }
  @keyframes dj-saving {
    from { transform: translateX(-20%); }
    to { transform: translateX(170%); }
  }
  @media (prefers-reduced-motion: reduce) {
    .saving [role='progressbar'] > div { animation: none; width: 100% !important; opacity: 0.5; }
  }
  .failures { margin-block: var(--_dj-space); font-size: 0.875em; }
  .failures .jump { color: var(--_dj-accent); text-decoration: underline; min-height: 1.5rem; padding: 0 0.25rem; }
  dialog { max-width: min(32rem, 90vw); }
  .status { margin: var(--_dj-space) 0 0; min-height: 1.5em; }
`
