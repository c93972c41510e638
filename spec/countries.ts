/** ISO 3166-1 alpha-2 codes: kept in `spec/rules` (plain data, shared with the CSV import, I8, I11). */
export { COUNTRY_CODES } from './rules/countries.js'
