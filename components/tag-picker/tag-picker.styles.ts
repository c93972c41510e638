import { css } from 'lit'

/**
 * What is the picker's own: the field with its chips, the combobox's popup, the staged states of the chips. Colours,
 * radius, spacing and font come from the shared design language (`../shared/theme.ts`, listed first): the page
 * restyles them with the `--dj-*` tokens, and the rest through `::part`.
 */
export const styles = css`
  label,
  .label {
    display: block;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_dj-muted);
    margin-block-end: 0.25rem;
  }
  .field {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    align-items: center;
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    background: var(--_dj-surface);
    padding: 0.25rem;
    min-height: 2rem;
    box-sizing: border-box;
    position: relative;
  }
  .field:focus-within {
    border-color: var(--_dj-accent);
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
    min-height: 1.75rem;
    box-sizing: border-box;
    color: var(--_dj-text);
    background: var(--_dj-surface-raised);
    border: 1px solid var(--_dj-border);
    border-radius: 999px;
    padding: 0 0.6rem;
  }
  .chip:has(button) {
    padding-inline-end: 0.125rem;
  }
  .chip[data-state='added'] {
    color: var(--_dj-success);
    background: var(--_dj-success-surface);
    border-color: currentColor;
    border-style: dashed;
  }
  .chip[data-state='removed'] {
    color: var(--_dj-danger);
    background: var(--_dj-danger-surface);
    border-color: currentColor;
    border-style: dashed;
  }
  .chip[data-state='removed'] .name {
    text-decoration: line-through;
  }
  .chip[data-unknown] {
    color: var(--_dj-warning);
    background: var(--_dj-warning-surface);
    border-color: currentColor;
  }
  .chip .note {
    font-size: 0.8em;
  }
  .chip button {
    min-height: 1.5rem;
    min-width: 1.5rem;
    justify-content: center;
    border: 0;
    background: transparent;
    color: inherit;
    border-radius: 999px;
    padding: 0;
  }
  .combo {
    flex: 1 1 10rem;
    min-width: 8rem;
  }
  .combo input {
    width: 100%;
    border: 0;
    padding: 0.25rem;
    min-height: 1.75rem;
    background: transparent;
  }
  .combo input:focus-visible {
    outline: none;
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
    background: var(--_dj-surface);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    box-shadow: 0 4px 12px var(--_dj-shadow);
  }
  [role='option'] {
    display: flex;
    align-items: center;
    gap: 0.375rem;
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
    display: block;
    cursor: default;
    color: var(--_dj-muted);
    background: transparent;
  }
  .option-id {
    color: var(--_dj-muted);
    font-size: 0.85em;
    margin-inline-start: auto;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_dj-space);
    align-items: center;
    margin-block-start: var(--_dj-space);
  }
  .status,
  .empty,
  .hint {
    margin: 0;
  }
  .empty {
    color: var(--_dj-muted);
    padding-inline: 0.25rem;
  }
  .hint {
    display: flex;
    gap: 0.375rem;
    align-items: baseline;
    margin-block-start: 0.25rem;
    font-size: 0.875em;
  }
  .conflict {
    color: var(--_dj-warning);
    background: var(--_dj-warning-surface);
    border: 1px solid currentColor;
    border-radius: var(--_dj-radius);
    padding: var(--_dj-space);
    margin-block: var(--_dj-space);
  }
  .conflict p {
    margin: 0.25rem 0;
    color: var(--_dj-text);
  }
  .conflict p:first-child {
    color: inherit;
  }
`
