// @custom-elements-manifest/analyzer, run by `npm run generate` (scripts/generated.ts) into a temporary
// folder. package.json already names the manifest (`customElements`): the analyzer must not rewrite it.

/**
 * Our events are documented with `@event dj-…` in each element's JSDoc. The analyzer also guesses events
 * from `dispatchEvent(new SomeEvent(arg))` calls and names them after the constructor's first argument
 * (`next`, `value`, …), which are not events: keep only the `dj-` ones.
 */
const documentedEventsOnly = {
  name: 'dj-documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((e) => typeof e.name === 'string' && e.name.startsWith('dj-'))
      }
    }
  },
}

export default { packagejson: false, plugins: [documentedEventsOnly] }
