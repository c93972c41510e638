// @custom-elements-manifest/analyzer, run by `npm run generate` (scripts/generated.ts) into a temporary
// folder. package.json already names the manifest (`customElements`): the analyzer must not rewrite it.
export default { packagejson: false }
