/** Small text helpers the elements share: comma-separated attributes and matching what a user types. */

/** A comma-separated attribute value as a list, blanks dropped: `"FR, ,DE"` → `['FR', 'DE']`. */
export const list = (value: string | null): string[] =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []

/** Converter of a `string[]` property with a comma-separated attribute (`columns`, `value`, `store-ids`). */
export const listAttribute = { fromAttribute: list, toAttribute: (value: string[]) => value.join(',') }

/** Case- and accent-insensitive form of what a user types or searches for: `Événement` → `evenement`. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
