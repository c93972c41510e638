/**
 * The design language every element shares (docs/components.md §Theming): `--dj-*` tokens with defaults, a light and a
 * dark scheme, and the base look of what all of them draw — buttons (plain, primary, destructive), fields, the alert
 * box, status badges, skeletons while loading, icons, the focus ring. An element's own stylesheet comes after these
 * (`static styles = [theme, styles]`) and holds only what is its own (tree rows, table columns, the import grid).
 *
 * How a page restyles the elements: it sets the public tokens anywhere above them (`:root { --dj-color-accent: … }`),
 * for one element (`dj-org-tree { --dj-radius: 0 }`), or per scheme with its own media query. The elements read them
 * through private copies (`--_dj-…`) that fall back to the defaults below, so a token the page does not set keeps the
 * scheme's default.
 *
 * Scheme: the user's (`prefers-color-scheme`) unless the element has `theme="light"` or `theme="dark"`.
 */
import { css, unsafeCSS } from 'lit'

/** Light defaults: AA contrast on white for text, muted text, links and the status colours. */
const LIGHT = {
  text: '#1f2328',
  muted: '#57606a',
  surface: '#ffffff',
  'surface-raised': '#f6f8fa',
  border: '#d0d7de',
  accent: '#0b5cad',
  'on-accent': '#ffffff',
  danger: '#a40e26',
  'danger-surface': '#fff0f1',
  success: '#116329',
  'success-surface': '#e8f5ec',
  warning: '#7d4e00',
  'warning-surface': '#fff6e0',
  selected: '#dbe9f9',
  hover: '#f3f6f9',
  shadow: 'rgb(0 0 0 / 0.15)',
}

/** Dark defaults: the same roles, AA contrast on the dark surface. */
const DARK: typeof LIGHT = {
  text: '#e6edf3',
  muted: '#9da7b3',
  surface: '#161b22',
  'surface-raised': '#21262d',
  border: '#3d444d',
  accent: '#6cb6ff',
  'on-accent': '#0d1117',
  danger: '#ff7b8a',
  'danger-surface': '#3c1a1f',
  success: '#56d364',
  'success-surface': '#15301f',
  warning: '#e3b341',
  'warning-surface': '#33290f',
  selected: '#1f3a5c',
  hover: '#1c2129',
  shadow: 'rgb(0 0 0 / 0.5)',
}

/** `--_dj-text: var(--dj-color-text, #1f2328); …` for one scheme. */
const scheme = (colours: typeof LIGHT) =>
  unsafeCSS(
    Object.entries(colours)
      .map(([role, value]) => `--_dj-${role}: var(--dj-color-${role}, ${value});`)
      .join(''),
  )

/** The tokens, as the private copies the elements' styles use. */
export const tokens = css`
  :host {
    ${scheme(LIGHT)}
    --_dj-font: var(--dj-font, inherit);
    --_dj-radius: var(--dj-radius, 6px);
    --_dj-space: var(--dj-space, 0.5rem);
    --_dj-row-height: var(--dj-row-height, 2.25rem);
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${scheme(DARK)}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${scheme(DARK)}
      color-scheme: dark;
    }
  }
`

/** What every element draws alike. */
export const base = css`
  :host {
    display: block;
    font: var(--_dj-font);
    color: var(--_dj-text);
    background: var(--_dj-surface);
  }
  :host([hidden]) {
    display: none;
  }
  input,
  select,
  button,
  textarea {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_dj-accent);
    outline-offset: 2px;
  }
  input:not([type='checkbox'], [type='radio'], [type='file']),
  select,
  textarea {
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    padding: 0.25rem 0.5rem;
    background: var(--_dj-surface);
    min-height: 2rem;
    box-sizing: border-box;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2rem;
    box-sizing: border-box;
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    background: var(--_dj-surface);
    padding: 0.25rem 0.75rem;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--_dj-hover);
  }
  button:disabled {
    cursor: default;
    color: var(--_dj-muted);
    opacity: 0.7;
  }
  button.primary {
    background: var(--_dj-accent);
    border-color: var(--_dj-accent);
    color: var(--_dj-on-accent);
    font-weight: 600;
  }
  button.primary:hover:not(:disabled) {
    background: var(--_dj-accent);
    filter: brightness(1.1);
  }
  button.danger {
    background: var(--_dj-danger);
    border-color: var(--_dj-danger);
    color: var(--_dj-surface);
    font-weight: 600;
  }
  button.danger:hover:not(:disabled) {
    background: var(--_dj-danger);
    filter: brightness(1.1);
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
  }
  /* Danger in a menu or a toolbar: the text says it before the click does. */
  button.destructive {
    color: var(--_dj-danger);
  }
  .error {
    color: var(--_dj-danger);
    background: var(--_dj-danger-surface);
    border: 1px solid currentColor;
    border-radius: var(--_dj-radius);
    padding: var(--_dj-space);
    margin-block: var(--_dj-space);
    display: flex;
    gap: var(--_dj-space);
    align-items: center;
    flex-wrap: wrap;
  }
  .error .detail {
    color: var(--_dj-text);
  }
  .status,
  .hint,
  .muted {
    color: var(--_dj-muted);
  }
  .danger {
    color: var(--_dj-danger);
  }
  .warning {
    color: var(--_dj-warning);
  }
  /* Modal dialogs (confirmations, forms): a raised card; each element sets its own size and padding. */
  dialog {
    color: var(--_dj-text);
    background: var(--_dj-surface);
    border: 1px solid var(--_dj-border);
    border-radius: var(--_dj-radius);
    box-shadow: 0 8px 24px var(--_dj-shadow);
  }
  /* Why an element is read-only for this user: a lock, then the sentence. */
  .reason {
    display: flex;
    gap: 0.375rem;
    align-items: center;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.8125em;
    line-height: 1.5rem;
    font-weight: 600;
    white-space: nowrap;
    color: var(--_dj-muted);
    background: var(--_dj-surface-raised);
    border: 1px solid var(--_dj-border);
  }
  .badge.success {
    color: var(--_dj-success);
    background: var(--_dj-success-surface);
    border-color: currentColor;
  }
  .badge.warning {
    color: var(--_dj-warning);
    background: var(--_dj-warning-surface);
    border-color: currentColor;
  }
  .badge.danger {
    color: var(--_dj-danger);
    background: var(--_dj-danger-surface);
    border-color: currentColor;
  }
  .badge.accent {
    color: var(--_dj-accent);
    background: var(--_dj-selected);
    border-color: currentColor;
  }
  /* Grey blocks where content is coming, so nothing jumps when it arrives. */
  .skeleton {
    display: block;
    height: 1em;
    border-radius: var(--_dj-radius);
    background: linear-gradient(90deg, var(--_dj-surface-raised), var(--_dj-hover), var(--_dj-surface-raised));
    background-size: 200% 100%;
    animation: dj-skeleton 1.2s ease-in-out infinite;
  }
  @keyframes dj-skeleton {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  svg.icon {
    width: 1em;
    height: 1em;
    flex: none;
    vertical-align: -0.125em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
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

/** Tokens and base look, in the order an element lists them before its own styles. */
export const theme = [tokens, base]
