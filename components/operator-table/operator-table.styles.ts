import { css } from 'lit'

/**
 * Defaults give readable contrast on a light page; every colour and spacing is a custom property so a host
 * theme can restyle the element without reaching into the shadow root (`::part` for the rest).
 */
export const styles = css`
  :host {
    --dj-operator-table-font: inherit;
    --dj-operator-table-color: #1f2328;
    --dj-operator-table-muted-color: #57606a;
    --dj-operator-table-background: #ffffff;
    --dj-operator-table-header-background: #f3f4f6;
    --dj-operator-table-border-color: #d0d7de;
    --dj-operator-table-accent-color: #0b5cad;
    --dj-operator-table-danger-color: #a40e26;
    --dj-operator-table-row-hover-background: #f6f8fa;
    --dj-operator-table-spacing: 0.5rem;
    --dj-operator-table-radius: 4px;

    display: block;
    font: var(--dj-operator-table-font);
    color: var(--dj-operator-table-color);
    background: var(--dj-operator-table-background);
  }
  :host([hidden]) {
    display: none;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-operator-table-spacing);
    align-items: flex-end;
    margin-block-end: var(--dj-operator-table-spacing);
  }
  label,
  legend {
    font-size: 0.875em;
    color: var(--dj-operator-table-muted-color);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  fieldset {
    display: flex;
    gap: var(--dj-operator-table-spacing);
    border: 1px solid var(--dj-operator-table-border-color);
    border-radius: var(--dj-operator-table-radius);
    margin: 0;
    padding: 0.25rem var(--dj-operator-table-spacing);
  }
  fieldset label {
    color: inherit;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  input[type='search'],
  input[type='text'],
  select {
    border: 1px solid var(--dj-operator-table-border-color);
    border-radius: var(--dj-operator-table-radius);
    padding: 0.25rem 0.5rem;
    background: var(--dj-operator-table-background);
  }
  button {
    border: 1px solid var(--dj-operator-table-border-color);
    border-radius: var(--dj-operator-table-radius);
    background: var(--dj-operator-table-background);
    padding: 0.25rem 0.75rem;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    color: var(--dj-operator-table-muted-color);
  }
  :focus-visible {
    outline: 2px solid var(--dj-operator-table-accent-color);
    outline-offset: 2px;
  }
  /* The column chooser: a popover in the top layer, placed under its button by the element (fixed, so it never
     widens the page), scrolling inside itself when the viewport is short. */
  .columns button[aria-expanded]::after {
    content: ' ▾';
    color: var(--dj-operator-table-muted-color);
  }
  .columns button[aria-expanded='true'] {
    border-color: var(--dj-operator-table-accent-color);
  }
  .columns-panel {
    inset: auto;
    margin: 0;
    min-width: 12rem;
    max-width: calc(100vw - 16px);
    max-height: min(24rem, calc(100vh - 16px));
    overflow: auto;
    padding: 0.25rem 0;
    color: var(--dj-operator-table-color);
    background: var(--dj-operator-table-background);
    border: 1px solid var(--dj-operator-table-border-color);
    border-radius: var(--dj-operator-table-radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    font: var(--dj-operator-table-font);
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
    padding: 0.25rem var(--dj-operator-table-spacing);
    color: inherit;
    font-size: inherit;
    cursor: pointer;
  }
  .columns-panel label:hover {
    background: var(--dj-operator-table-row-hover-background);
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  /* Muted, not faded: text keeps AA contrast while a page loads. */
  table[aria-busy='true'] tbody {
    color: var(--dj-operator-table-muted-color);
    cursor: progress;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block: var(--dj-operator-table-spacing);
  }
  th,
  td {
    text-align: start;
    padding: var(--dj-operator-table-spacing);
    border-bottom: 1px solid var(--dj-operator-table-border-color);
  }
  th {
    background: var(--dj-operator-table-header-background);
    font-weight: 600;
    white-space: nowrap;
  }
  th button {
    border: 0;
    background: transparent;
    padding: 0;
    font-weight: inherit;
    text-transform: inherit;
    letter-spacing: inherit;
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
  }
  .indicator {
    color: var(--dj-operator-table-accent-color);
    min-width: 1.5em;
  }
  tbody tr:hover {
    background: var(--dj-operator-table-row-hover-background);
  }
  .empty {
    text-align: center;
    color: var(--dj-operator-table-muted-color);
  }
  .status,
  .hint {
    color: var(--dj-operator-table-muted-color);
    margin: var(--dj-operator-table-spacing) 0;
  }
  .error {
    color: var(--dj-operator-table-danger-color);
    border: 1px solid currentColor;
    border-radius: var(--dj-operator-table-radius);
    padding: var(--dj-operator-table-spacing);
    margin-block: var(--dj-operator-table-spacing);
    display: flex;
    gap: var(--dj-operator-table-spacing);
    align-items: center;
    flex-wrap: wrap;
  }
  .pager {
    display: flex;
    gap: var(--dj-operator-table-spacing);
    align-items: center;
    flex-wrap: wrap;
    margin-block-start: var(--dj-operator-table-spacing);
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
