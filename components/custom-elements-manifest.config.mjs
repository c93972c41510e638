// @custom-elements-manifest/analyzer, run by `npm run generate` (scripts/generated.ts) into a temporary
// folder. package.json already names the manifest (`customElements`): the analyzer must not rewrite it.

/**
 * Keeps the manifest to the public API:
 * - events: ours are documented with `@event dj-…` in each element's JSDoc. The analyzer also guesses events
 *   from `dispatchEvent(new SomeEvent(arg))` calls and names them after the constructor's first argument
 *   (`next`, `value`, …), which are not events: only the `dj-` ones stay;
 * - attributes: the analyzer lists every entry of `static properties`, internal state (`state: true`,
 *   declared `protected` or `private`) included, which has no attribute: those go.
 */
const publicApiOnly = {
  name: 'dj-public-api-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events)
          declaration.events = declaration.events.filter((e) => typeof e.name === 'string' && e.name.startsWith('dj-'))
        if (declaration.attributes) {
          const internal = new Set(
            (declaration.members ?? [])
              .filter((m) => m.privacy === 'protected' || m.privacy === 'private')
              .map((m) => m.name),
          )
          declaration.attributes = declaration.attributes.filter((a) => !internal.has(a.fieldName))
        }
      }
    }
  },
}

export default { packagejson: false, plugins: [publicApiOnly] }
