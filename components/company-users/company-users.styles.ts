import { css } from 'lit'

/**
 * What is `<dj-company-users>`'s own: the people table, its row actions, the pager and the dialogs. Colours, fonts,
 * buttons, badges, alerts and skeletons come from the shared theme (shared/theme.ts), listed before these.
 */
export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_dj-space);
    align-items: end;
    justify-content: space-between;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875em;
    color: var(--_dj-muted);
  }
  .field input,
  .field select {
    font-size: 1rem;
    color: var(--_dj-text);
  }
  .search input {
    min-width: min(18rem, 70vw);
  }
  .status {
    min-height: 1.5em;
    margin: var(--_dj-space) 0;
  }
  .notice {
    display: flex;
    gap: var(--_dj-space);
    align-items: baseline;
    padding: var(--_dj-space);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    background: var(--_dj-surface-raised);
  }
  /* Positioned: the hidden labels inside (absolute) stay in the scroll box instead of widening the page. */
  .table-wrap {
    overflow-x: auto;
    position: relative;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: var(--_dj-space);
  }
  th,
  td {
    text-align: start;
    padding: 0.375rem var(--_dj-space);
    border-bottom: 1px solid var(--_dj-border);
    vertical-align: middle;
  }
  thead th {
    background: var(--_dj-surface-raised);
    font-size: 0.875em;
  }
  tbody th {
    font-weight: normal;
  }
  tbody tr:hover {
    background: var(--_dj-hover);
  }
  .name {
    display: block;
    font-weight: 600;
  }
  .email {
    display: block;
    color: var(--_dj-muted);
    font-size: 0.875em;
    overflow-wrap: break-word;
  }
  .badge.narrow {
    display: none;
  }
  .groups .badge {
    margin-block: 0.125rem;
  }
  /* One line when there is room; the buttons stack when the table is narrow, rather than scroll. */
  .actions {
    text-align: end;
  }
  .actions button {
    white-space: nowrap;
  }
  .empty {
    color: var(--_dj-muted);
    text-align: center;
    padding: calc(var(--_dj-space) * 3);
  }
  tr.loading td {
    height: var(--_dj-row-height);
  }
  .pager {
    display: flex;
    gap: 0.25rem;
    align-items: center;
    justify-content: end;
    margin-top: var(--_dj-space);
  }
  table[part='invitations'] {
    margin-top: calc(var(--_dj-space) * 3);
  }
  .range {
    padding-inline: var(--_dj-space);
    font-variant-numeric: tabular-nums;
  }
  dialog {
    box-shadow: 0 8px 32px var(--_dj-shadow);
    padding: calc(var(--_dj-space) * 3);
    width: min(32rem, calc(100vw - 2rem));
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog h2 {
    margin: 0 0 var(--_dj-space);
    font-size: 1.125rem;
  }
  dialog form {
    display: grid;
    gap: calc(var(--_dj-space) * 1.5);
  }
  fieldset {
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    display: grid;
    gap: 0.25rem;
    margin: 0;
  }
  fieldset.orgs {
    max-height: 14rem;
    overflow-y: auto;
  }
  fieldset label {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  dialog p {
    margin: 0;
  }
  .buttons {
    display: flex;
    justify-content: end;
    gap: var(--_dj-space);
  }
  @media (max-width: 40rem) {
    /* A phone keeps name, roles and actions; a deactivated person's status shows among the roles. */
    .orgs,
    .status-cell {
      display: none;
    }
    .groups {
      white-space: normal;
    }
    .badge.narrow {
      display: inline-flex;
    }
    .email {
      overflow-wrap: anywhere;
    }
    th,
    td {
      padding-inline: 0.25rem;
    }
    .actions button {
      display: flex;
      width: 100%;
      padding-inline: 0.25rem;
    }
  }
`
