import { css } from 'lit'

/**
 * What is the tree's own: the toolbar, the rows, the drop zone, the inline editor and the dialogs. Colours, radius,
 * spacing and font come from the shared design language (`../shared/theme.ts`, listed first): the page restyles them
 * with the `--dj-*` tokens, the tree's layout with `--dj-org-tree-row-height`, `-indent` and `-max-height`, the rest
 * through `::part`. Rows are absolutely placed by the virtualised renderer, so they all share one height.
 */
export const styles = css`
  :host {
    --_row: var(--dj-org-tree-row-height, var(--_dj-row-height));
    --_indent: var(--dj-org-tree-indent, 1.25rem);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-block-end: var(--_dj-space);
  }
  [data-action='add-root'] {
    margin-inline-start: auto;
  }
  .status,
  .empty,
  .hint {
    margin: 0 0 0.25rem;
    font-size: 0.9em;
  }
  .empty {
    color: var(--_dj-muted);
  }
  .viewport {
    position: relative;
    overflow: auto;
    max-height: var(--dj-org-tree-max-height, 24rem);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    overscroll-behavior: contain;
  }
  .viewport[data-empty] {
    border: 0;
  }
  .viewport[data-drop] {
    background: var(--_dj-hover);
  }
  [role='tree'] {
    position: relative;
  }
  .row {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    box-sizing: border-box;
    height: var(--_row);
    display: flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline: calc(var(--_dj-space) + var(--dj-level, 0) * var(--_indent)) var(--_dj-space);
    white-space: nowrap;
    cursor: default;
    user-select: none;
    contain: layout style;
  }
  .row:hover {
    background: var(--_dj-hover);
  }
  .row[aria-selected='true'] {
    background: var(--_dj-selected);
    font-weight: 600;
  }
  .row:focus-visible {
    outline-offset: -2px;
  }
  .row[data-drop],
  .drop-root[data-drop] {
    background: var(--_dj-selected);
    outline: 2px dashed var(--_dj-accent);
    outline-offset: -2px;
  }
  .row[data-draft] .name {
    font-style: italic;
  }
  .twisty {
    flex: none;
    width: 1.25em;
    display: inline-flex;
    justify-content: center;
    color: var(--_dj-muted);
    cursor: pointer;
  }
  .row[aria-expanded='true'] > .twisty svg {
    transform: rotate(90deg);
  }
  .name {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* The drag affordance: shown on hover and focus, at the end of the row. */
  .grip {
    margin-inline-start: auto;
    color: var(--_dj-muted);
    cursor: grab;
    opacity: 0;
  }
  .row:hover > .grip,
  .row:focus-visible > .grip {
    opacity: 1;
  }
  .probe {
    visibility: hidden;
    pointer-events: none;
  }
  .skeletons {
    padding: 0.25rem var(--_dj-space);
  }
  .skeletons .skeleton {
    height: calc(var(--_row) - 1rem);
    margin-block: 0.5rem;
  }
  /* While dragging: drop here to make the organisation a top-level one. Sticks to the bottom of the viewport. */
  .drop-root {
    position: sticky;
    bottom: 0;
    margin: 0.25rem;
    padding: 0.5rem;
    text-align: center;
    color: var(--_dj-muted);
    background: var(--_dj-surface);
    border: 2px dashed var(--_dj-border);
    border-radius: var(--_dj-radius);
  }
  .editor {
    position: absolute;
    top: 0;
    left: calc(var(--_dj-space) + var(--dj-level, 0) * var(--_indent) + 1.5em);
    right: var(--_dj-space);
    height: var(--_row);
    min-height: 0;
    border-color: var(--_dj-accent);
  }
  dialog {
    padding: calc(2 * var(--_dj-space));
    width: min(32rem, calc(100vw - 2rem));
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.3);
  }
  dialog h2 {
    font-size: 1.1em;
    margin: 0 0 var(--_dj-space);
  }
  dialog p {
    margin: 0 0 var(--_dj-space);
  }
  .cascade {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  .buttons {
    display: flex;
    justify-content: flex-end;
    gap: var(--_dj-space);
    margin-block-start: calc(2 * var(--_dj-space));
  }
  #target-filter {
    display: block;
    width: 100%;
    margin-block: 0.25rem;
  }
  [role='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0.25rem 0;
    max-height: 16rem;
    overflow: auto;
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
  }
  [role='option'] {
    padding: 0.25rem var(--_dj-space);
    cursor: pointer;
  }
  [role='option']:hover {
    background: var(--_dj-hover);
  }
  [role='option'][aria-selected='true'] {
    background: var(--_dj-selected);
    outline: 2px solid var(--_dj-accent);
    outline-offset: -2px;
  }
  [role='option'][aria-disabled='true'] {
    cursor: default;
    color: var(--_dj-muted);
  }
`
