import { css } from 'lit'

/**
 * Defaults give readable contrast on a light page; every colour and spacing is a custom property so a host
 * theme can restyle the element without reaching into the shadow root (`::part` for the rest).
 */
export const styles = css`
  :host {
    --dj-tag-picker-font: inherit;
    --dj-tag-picker-color: #1f2328;
    --dj-tag-picker-muted-color: #57606a;
    --dj-tag-picker-background: #ffffff;
    --dj-tag-picker-border-color: #d0d7de;
    --dj-tag-picker-accent-color: #0b5cad;
    --dj-tag-picker-danger-color: #a40e26;
    --dj-tag-picker-chip-background: #eef2f7;
    --dj-tag-picker-added-color: #116329;
    --dj-tag-picker-option-active-background: #dbe9f9;
    --dj-tag-picker-spacing: 0.5rem;
    --dj-tag-picker-radius: 4px;

    display: block;
    font: var(--dj-tag-picker-font);
    color: var(--dj-tag-picker-color);
    background: var(--dj-tag-picker-background);
  }
  :host([hidden]) {
    display: none;
  }
  label {
    display: block;
    font-size: 0.875em;
    color: var(--dj-tag-picker-muted-color);
    margin-block-end: 0.25rem;
  }
  input,
  button {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--dj-tag-picker-accent-color);
    outline-offset: 2px;
  }
  .field {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    align-items: center;
    border: 1px solid var(--dj-tag-picker-border-color);
    border-radius: var(--dj-tag-picker-radius);
    padding: 0.25rem;
    position: relative;
  }
  ul.chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    background: var(--dj-tag-picker-chip-background);
    border: 1px solid var(--dj-tag-picker-border-color);
    border-radius: 999px;
    padding: 0 0.25rem 0 0.6rem;
  }
  .chip[data-state='added'] {
    border-color: var(--dj-tag-picker-added-color);
    border-style: dashed;
  }
  .chip[data-state='removed'] .name {
    text-decoration: line-through;
  }
  .chip[data-unknown] {
    border-color: var(--dj-tag-picker-danger-color);
  }
  .chip .note {
    font-size: 0.8em;
    color: var(--dj-tag-picker-muted-color);
  }
  .chip[data-unknown] .note {
    color: var(--dj-tag-picker-danger-color);
  }
  .chip button {
    border: 0;
    background: transparent;
    border-radius: 999px;
    padding: 0 0.35rem;
    cursor: pointer;
  }
  .combo {
    flex: 1 1 10rem;
    min-width: 8rem;
  }
  input {
    width: 100%;
    box-sizing: border-box;
    border: 0;
    padding: 0.25rem;
    background: transparent;
  }
  [role='listbox'] {
    position: absolute;
    inset-inline: 0;
    top: 100%;
    z-index: 1;
    margin: 0.125rem 0 0;
    padding: 0.25rem 0;
    list-style: none;
    max-height: 14rem;
    overflow: auto;
    background: var(--dj-tag-picker-background);
    border: 1px solid var(--dj-tag-picker-border-color);
    border-radius: var(--dj-tag-picker-radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.12);
  }
  [role='option'] {
    padding: 0.25rem var(--dj-tag-picker-spacing);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--dj-tag-picker-option-active-background);
    outline: 2px solid var(--dj-tag-picker-accent-color);
    outline-offset: -2px;
  }
  [role='option'][aria-disabled='true'] {
    cursor: default;
    color: var(--dj-tag-picker-muted-color);
  }
  .option-id {
    color: var(--dj-tag-picker-muted-color);
    font-size: 0.85em;
    margin-inline-start: 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--dj-tag-picker-spacing);
    align-items: center;
    margin-block-start: var(--dj-tag-picker-spacing);
  }
  .actions button,
  .error button {
    border: 1px solid var(--dj-tag-picker-border-color);
    border-radius: var(--dj-tag-picker-radius);
    background: var(--dj-tag-picker-background);
    padding: 0.25rem 0.75rem;
    cursor: pointer;
  }
  .actions button.save {
    background: var(--dj-tag-picker-accent-color);
    border-color: var(--dj-tag-picker-accent-color);
    color: #ffffff;
  }
  .actions button:disabled {
    cursor: default;
    background: var(--dj-tag-picker-background);
    border-color: var(--dj-tag-picker-border-color);
    color: var(--dj-tag-picker-muted-color);
  }
  .status,
  .empty {
    color: var(--dj-tag-picker-muted-color);
    margin: 0;
  }
  .error,
  .conflict {
    border: 1px solid currentColor;
    border-radius: var(--dj-tag-picker-radius);
    padding: var(--dj-tag-picker-spacing);
    margin-block: var(--dj-tag-picker-spacing);
  }
  .error {
    color: var(--dj-tag-picker-danger-color);
    display: flex;
    gap: var(--dj-tag-picker-spacing);
    align-items: center;
    flex-wrap: wrap;
  }
  .conflict p {
    margin: 0.25rem 0;
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
