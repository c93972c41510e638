// The package's entry types re-export `./browser/commands.mjs`, whose declarations are in `commands.d.ts` (no
// `.d.mts`), so TypeScript finds nothing there: its browser command, declared as the package documents it.
declare module '@web/test-runner-visual-regression' {
  /** Screenshots `element` and compares it with the baseline named `name` (fails past the configured tolerance). */
  export function visualDiff(element: Node, name: string): Promise<void>
}
