import { css, unsafeCSS } from 'lit'

/** Height of one row of the row table, in px: the windowing (user-import.ts) computes with it, the CSS fixes it. */
export const ROW_HEIGHT = 60

/**
 * Defaults give readable contrast on a light page; every colour and spacing is a custom property so a host
 * theme can restyle the element without reaching into the shadow root (`::part` for the rest).
 */
export const styles = css`
  :host {
    --dj-user-import-font: inherit;
    --dj-user-import-color: #1f2328;
    --dj-user-import-muted-color: #57606a;
    --dj-user-import-background: #ffffff;
    --dj-user-import-header-background: #f6f8fa;
    --dj-user-import-border-color: #d0d7de;
    --dj-user-import-accent-color: #0b5cad;
    --dj-user-import-danger-color: #a40e26;
    --dj-user-import-warning-color: #7d4e00;
    --dj-user-import-drop-background: #f6f8fa;
    --dj-user-import-table-height: 26rem;
    --dj-user-import-column-width: 12rem;
    --dj-user-import-spacing: 0.5rem;
    --dj-user-import-radius: 4px;

    display: block;
    font: var(--dj-user-import-font);
    color: var(--dj-user-import-color);
    background: var(--dj-user-import-background);
  }
  :host([hidden]) {
    display: none;
  }
  input,
  button,
  select {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--dj-user-import-accent-color);
    outline-offset: 2px;
  }
  section {
    margin-block: calc(2 * var(--dj-user-import-spacing));
  }
  h3,
  h4 {
    margin: 0 0 var(--dj-user-import-spacing);
    font-size: 1.05em;
  }
  button {
    border: 1px solid var(--dj-user-import-border-color);
    border-radius: var(--dj-user-import-radius);
    background: var(--dj-user-import-background);
    padding: 0.3rem 0.8rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--dj-user-import-accent-color);
    border-color: var(--dj-user-import-accent-color);
    color: #ffffff;
  }
  button[aria-disabled='true'] {
    cursor: default;
    background: var(--dj-user-import-background);
    border-color: var(--dj-user-import-border-color);
    color: var(--dj-user-import-muted-color);
  }
  input:not([type]),
  input[type='text'],
  select {
    border: 1px solid var(--dj-user-import-border-color);
    border-radius: var(--dj-user-import-radius);
    background: var(--dj-user-import-background);
    padding: 0.2rem 0.4rem;
  }
  .drop {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-user-import-spacing);
    align-items: center;
    padding: calc(2 * var(--dj-user-import-spacing));
    border: 2px dashed var(--dj-user-import-border-color);
    border-radius: var(--dj-user-import-radius);
    background: var(--dj-user-import-drop-background);
  }
  .drop.over {
    border-color: var(--dj-user-import-accent-color);
  }
  .drop .template {
    margin-inline-start: auto;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-user-import-spacing) calc(2 * var(--dj-user-import-spacing));
    align-items: center;
  }
  .file .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .error > span {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .muted,
  .hint,
  .status {
    color: var(--dj-user-import-muted-color);
  }
  .hint {
    font-size: 0.875em;
    margin: 0.25rem 0;
  }
  .error {
    color: var(--dj-user-import-danger-color);
    border: 1px solid currentColor;
    border-radius: var(--dj-user-import-radius);
    padding: var(--dj-user-import-spacing);
    margin-block: var(--dj-user-import-spacing);
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-user-import-spacing);
    align-items: center;
  }
  .danger {
    color: var(--dj-user-import-danger-color);
  }
  .warning {
    color: var(--dj-user-import-warning-color);
  }
  /* The mapping table scrolls sideways inside its own box, as the row grid does: the page never grows. */
  .mapping-scroll {
    max-width: 100%;
    overflow-x: auto;
  }
  table.mapping {
    border-collapse: collapse;
    width: 100%;
  }
  .mapping caption {
    text-align: start;
    font-weight: 600;
    margin-block-end: var(--dj-user-import-spacing);
  }
  .mapping th,
  .mapping td {
    text-align: start;
    padding: 0.25rem var(--dj-user-import-spacing);
    border-bottom: 1px solid var(--dj-user-import-border-color);
  }
  .mapping thead th {
    background: var(--dj-user-import-header-background);
    font-size: 0.875em;
  }
  .mapping .sample {
    max-width: 12rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--dj-user-import-muted-color);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(2 * var(--dj-user-import-spacing));
    align-items: center;
    margin-block-end: var(--dj-user-import-spacing);
  }
  .scroller {
    max-height: var(--dj-user-import-table-height);
    overflow: auto;
    border: 1px solid var(--dj-user-import-border-color);
    border-radius: var(--dj-user-import-radius);
  }
  .table {
    width: max-content;
    min-width: 100%;
  }
  .row {
    display: grid;
    grid-template-columns: var(--columns);
    height: ${unsafeCSS(ROW_HEIGHT)}px;
    box-sizing: border-box;
    border-bottom: 1px solid var(--dj-user-import-border-color);
  }
  .head {
    position: sticky;
    top: 0;
    z-index: 1;
  }
  .head .row {
    background: var(--dj-user-import-header-background);
    font-size: 0.875em;
    font-weight: 600;
  }
  .head small {
    display: block;
    font-weight: normal;
    color: var(--dj-user-import-muted-color);
  }
  .body {
    position: relative;
  }
  .body .row {
    position: absolute;
    inset-inline: 0;
  }
  .row > * {
    padding: 0.25rem;
    overflow: hidden;
    min-width: 0;
  }
  .line {
    color: var(--dj-user-import-muted-color);
    font-variant-numeric: tabular-nums;
  }
  .cell input {
    width: 100%;
    box-sizing: border-box;
  }
  .cell input[aria-invalid='true'] {
    border-color: var(--dj-user-import-danger-color);
    box-shadow: inset 0 0 0 1px var(--dj-user-import-danger-color);
  }
  .cell-error,
  .issues {
    display: block;
    font-size: 0.75em;
    line-height: 1.3;
    color: var(--dj-user-import-danger-color);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .issues {
    white-space: normal;
    max-height: 100%;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-user-import-spacing);
    align-items: center;
    margin-block: var(--dj-user-import-spacing);
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: calc(2 * var(--dj-user-import-spacing));
    margin: var(--dj-user-import-spacing) 0;
  }
  .counts div {
    display: flex;
    flex-direction: column-reverse;
  }
  .counts dd {
    margin: 0;
    font-size: 1.5em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .counts dt {
    color: var(--dj-user-import-muted-color);
    font-size: 0.875em;
  }
  .progress {
    display: flex;
    gap: var(--dj-user-import-spacing);
    align-items: center;
  }
  [role='progressbar'] {
    flex: 1;
    height: 0.6rem;
    max-width: 24rem;
    border: 1px solid var(--dj-user-import-border-color);
    border-radius: 999px;
    overflow: hidden;
  }
  [role='progressbar'] > div {
    height: 100%;
    background: var(--dj-user-import-accent-color);
  }
  .failures {
    margin: var(--dj-user-import-spacing) 0;
    padding-inline-start: 1.25rem;
    font-size: 0.875em;
  }
  .status {
    margin: var(--dj-user-import-spacing) 0 0;
    min-height: 1.5em;
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
