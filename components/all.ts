/**
 * `@dj-customers/elements/all`: defines the four elements at once — `<dj-user-import>`, `<dj-org-tree>`,
 * `<dj-operator-table>` and `<dj-tag-picker>`. Import one element's entry instead to load only that one.
 */
export { DjUserImport } from './user-import/index.js'
export { DjOrgTree } from './org-tree/index.js'
export { DjOperatorTable } from './operator-table/index.js'
export { DjTagPicker } from './tag-picker/index.js'
