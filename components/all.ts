/**
 * `@dj-customers/elements/all`: defines the five elements at once — `<dj-user-import>`, `<dj-org-tree>`,
 * `<dj-operator-table>`, `<dj-tag-picker>` and `<dj-company-users>`. Import one element's entry instead to load only that one.
 */
export { DjUserImport } from './user-import/index.js'
export { DjOrgTree } from './org-tree/index.js'
export { DjOperatorTable } from './operator-table/index.js'
export { DjTagPicker } from './tag-picker/index.js'
export { DjCompanyUsers } from './company-users/index.js'
