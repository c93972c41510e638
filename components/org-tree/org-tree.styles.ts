import { css } from 'lit'

/**
 * Defaults give readable contrast on a light page; every colour and spacing is a custom property so a host
 * theme can restyle the element without reaching into the shadow root (`::part` for the rest). Rows are
 * absolutely placed by the virtualised renderer, so they all share `--dj-org-tree-row-height`.
 */
export const styles = css`
  :host {
    --dj-org-tree-font: inherit;
    --dj-org-tree-color: #1f2328;
    --dj-org-tree-muted-color: #57606a;
    --dj-org-tree-background: #ffffff;
    --dj-org-tree-border-color: #d0d7de;
    --dj-org-tree-accent-color: #0b5cad;
    --dj-org-tree-danger-color: #a40e26;
    --dj-org-tree-selected-background: #dbe9f9;
    --dj-org-tree-hover-background: #f3f6f9;
    --dj-org-tree-drop-background: #e6f4ea;
    --dj-org-tree-row-height: 2rem;
    --dj-org-tree-indent: 1.25rem;
    --dj-org-tree-max-height: 24rem;
    --dj-org-tree-spacing: 0.5rem;
    --dj-org-tree-radius: 4px;

    display: block;
    font: var(--dj-org-tree-font);
    color: var(--dj-org-tree-color);
    background: var(--dj-org-tree-background);
  }
  :host([hidden]) {
    display: none;
  }
  input,
  button {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--dj-org-tree-accent-color);
    outline-offset: 2px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-block-end: var(--dj-org-tree-spacing);
  }
  button {
    border: 1px solid var(--dj-org-tree-border-color);
    border-radius: var(--dj-org-tree-radius);
    background: var(--dj-org-tree-background);
    padding: 0.25rem 0.75rem;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    color: var(--dj-org-tree-muted-color);
  }
  button.danger {
    background: var(--dj-org-tree-danger-color);
    border-color: var(--dj-org-tree-danger-color);
    color: #ffffff;
  }
  .status,
  .empty,
  .hint {
    color: var(--dj-org-tree-muted-color);
    margin: 0 0 0.25rem;
    font-size: 0.9em;
  }
  .error {
    color: var(--dj-org-tree-danger-color);
    border: 1px solid currentColor;
    border-radius: var(--dj-org-tree-radius);
    padding: var(--dj-org-tree-spacing);
    margin-block: var(--dj-org-tree-spacing);
    display: flex;
    gap: var(--dj-org-tree-spacing);
    align-items: center;
    flex-wrap: wrap;
  }
  .viewport {
    position: relative;
    overflow: auto;
    max-height: var(--dj-org-tree-max-height);
    border: 1px solid var(--dj-org-tree-border-color);
    border-radius: var(--dj-org-tree-radius);
    overscroll-behavior: contain;
  }
  .viewport[data-empty] {
    border: 0;
  }
  .viewport[data-drop] {
    background: var(--dj-org-tree-drop-background);
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
    height: var(--dj-org-tree-row-height);
    display: flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline: calc(var(--dj-org-tree-spacing) + var(--dj-level, 0) * var(--dj-org-tree-indent)) var(--dj-org-tree-spacing);
    white-space: nowrap;
    cursor: default;
    user-select: none;
    contain: layout style;
  }
  .row:hover {
    background: var(--dj-org-tree-hover-background);
  }
  .row[aria-selected='true'] {
    background: var(--dj-org-tree-selected-background);
    font-weight: 600;
  }
  .row:focus-visible {
    outline-offset: -2px;
  }
  .row[data-drop] {
    background: var(--dj-org-tree-drop-background);
    outline: 2px dashed var(--dj-org-tree-accent-color);
    outline-offset: -2px;
  }
  .row[data-draft] .name {
    font-style: italic;
  }
  .twisty {
    flex: none;
    width: 1.25em;
    text-align: center;
    color: var(--dj-org-tree-muted-color);
    cursor: pointer;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .probe {
    visibility: hidden;
    pointer-events: none;
  }
  .editor {
    position: absolute;
    top: 0;
    left: calc(var(--dj-org-tree-spacing) + var(--dj-level, 0) * var(--dj-org-tree-indent) + 1.5em);
    right: var(--dj-org-tree-spacing);
    height: var(--dj-org-tree-row-height);
    box-sizing: border-box;
    padding: 0 0.25rem;
    border: 1px solid var(--dj-org-tree-accent-color);
    border-radius: var(--dj-org-tree-radius);
    background: var(--dj-org-tree-background);
  }
  dialog {
    color: var(--dj-org-tree-color);
    background: var(--dj-org-tree-background);
    border: 1px solid var(--dj-org-tree-border-color);
    border-radius: var(--dj-org-tree-radius);
    padding: calc(2 * var(--dj-org-tree-spacing));
    width: min(32rem, calc(100vw - 2rem));
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.3);
  }
  dialog h2 {
    font-size: 1.1em;
    margin: 0 0 var(--dj-org-tree-spacing);
  }
  dialog p {
    margin: 0 0 var(--dj-org-tree-spacing);
  }
  .cascade {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  .buttons {
    display: flex;
    justify-content: flex-end;
    gap: var(--dj-org-tree-spacing);
    margin-block-start: calc(2 * var(--dj-org-tree-spacing));
  }
  #target-filter {
    display: block;
    width: 100%;
    box-sizing: border-box;
    margin-block: 0.25rem;
    padding: 0.25rem;
    border: 1px solid var(--dj-org-tree-border-color);
    border-radius: var(--dj-org-tree-radius);
  }
  [role='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0.25rem 0;
    max-height: 16rem;
    overflow: auto;
    border: 1px solid var(--dj-org-tree-border-color);
    border-radius: var(--dj-org-tree-radius);
  }
  [role='option'] {
    padding: 0.25rem var(--dj-org-tree-spacing);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--dj-org-tree-selected-background);
    outline: 2px solid var(--dj-org-tree-accent-color);
    outline-offset: -2px;
  }
  [role='option'][aria-disabled='true'] {
    cursor: default;
    color: var(--dj-org-tree-muted-color);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`
