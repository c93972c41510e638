/** I1: header mapping — both forms, any order, case and spacing; custom fields; unknown and repeated columns. */
import { describe, expect, it } from 'vitest'
import {
  CUSTOMER_USER_COLUMNS,
  CUSTOMER_USER_IMPORT_HEADERS,
  checkCustomerUserCsv,
  mapCustomerUserHeaders,
  readCsv,
  suggestCustomerUserField,
} from '../../spec/csv/index.js'
import { fixture } from './csv-fixtures.js'

const fieldsOf = (headers: string[]) =>
  mapCustomerUserHeaders(headers).columns.map((c) =>
    'field' in c ? c.field : 'customField' in c ? `cf:${c.customField}` : null,
  )

describe('I1 header mapping', () => {
  it('I1 maps the import-page form and the field-name form, in any order', () => {
    const page = CUSTOMER_USER_COLUMNS.map((f) => CUSTOMER_USER_IMPORT_HEADERS[f])
    expect(fieldsOf(page)).toEqual([...CUSTOMER_USER_COLUMNS])
    expect(fieldsOf([...CUSTOMER_USER_COLUMNS])).toEqual([...CUSTOMER_USER_COLUMNS])
    const shuffled = [...CUSTOMER_USER_COLUMNS].reverse()
    expect(fieldsOf(shuffled.map((f, i) => (i % 2 ? f : CUSTOMER_USER_IMPORT_HEADERS[f])))).toEqual(shuffled)
    const m = mapCustomerUserHeaders(page)
    expect(m.warnings).toEqual([])
    expect(m.missing).toEqual([])
  })

  it('I1 ignores case, spaces, "_" and "-"', () => {
    expect(
      fieldsOf([
        'CUSTOMER USER EXTERNAL ID',
        'customer_user_first_name',
        '  Last Name ',
        'E-mail',
        'First name',
        'account-ids',
        'MAINORGANISATIONID',
      ]),
    ).toEqual(
      ['externalId', 'firstName', 'lastName', 'email', 'firstName', 'accountIds', 'mainOrganisationId'].map((f, i) =>
        i === 4 ? null : f,
      ),
    )
  })

  it('I1 reads the shuffled fixtures of both forms', () => {
    for (const name of ['field-names-shuffled-comma-lf.csv', 'import-page-headers-shuffled.csv']) {
      const check = checkCustomerUserCsv(fixture(name))
      expect(check.mapping.warnings).toEqual([])
      expect(check.mapping.missing).toEqual([])
      expect(check.counts).toMatchObject({ valid: check.counts.rows, failed: 0 })
    }
    const page = checkCustomerUserCsv(fixture('import-page-headers-shuffled.csv'))
    expect(page.rows[0].row).toMatchObject({
      externalId: 'CU-3001',
      email: 'ana.silva@initech.example',
      storeIds: ['FR'],
      mainOrganisationId: 'INITECH-PARIS',
    })
  })

  it('I1 custom fields: "Customer User Custom Field <externalId>" or "customField.<externalId>", the id kept as written', () => {
    const m = mapCustomerUserHeaders([
      'externalId',
      'Customer User Custom Field loyaltyTier',
      'customField.REGION_code',
      'custom field.x',
    ])
    expect(m.columns.slice(1)).toEqual([
      { header: 'Customer User Custom Field loyaltyTier', customField: 'loyaltyTier' },
      { header: 'customField.REGION_code', customField: 'REGION_code' },
      { header: 'custom field.x', customField: 'x' },
    ])
    const bad = mapCustomerUserHeaders([
      'externalId',
      'customField.loyalty tier',
      'Customer User Custom Field',
      'customField.__proto__',
    ])
    expect(bad.columns.slice(1).every((c) => 'unknown' in c)).toBe(true)
    expect(bad.warnings.map((w) => w.code)).toEqual(['F-W-001', 'F-W-001', 'F-W-001'])
  })

  it('I1 unknown columns are ignored with an F-W-001 warning naming the column as written, with a suggestion for near misses', () => {
    const m = mapCustomerUserHeaders([
      'externalId',
      'Mail',
      'Account Id',
      'Organization Ids',
      'Telephone',
      'Emial',
      'Notes',
      '',
    ])
    expect(m.columns.slice(1).map((c) => ('unknown' in c ? c.suggestion : 'mapped'))).toEqual([
      'email',
      'accountIds',
      'organisationIds',
      'phone',
      'email',
      null,
      null,
    ])
    expect(m.warnings.map((w) => [w.code, w.column])).toEqual([
      ['F-W-001', 'Mail'],
      ['F-W-001', 'Account Id'],
      ['F-W-001', 'Organization Ids'],
      ['F-W-001', 'Telephone'],
      ['F-W-001', 'Emial'],
      ['F-W-001', 'Notes'],
      ['F-W-001', ''],
    ])
    expect(m.warnings[0].message).toBe(
      'Unknown column "Mail" (column 2): ignored. Did you mean "email" (Customer User Email)?',
    )
    expect(m.warnings[5].message).not.toMatch(/Did you mean/)
    expect(m.warnings[6].message).toBe('Column 8 has no name in the header: ignored.')
  })

  it('I1 suggestions: aliases, then an edit distance of at most 2 (1 for short names)', () => {
    expect(suggestCustomerUserField('Prénom')).toBe('firstName')
    expect(suggestCustomerUserField('Customer User Login')).toBe('email')
    expect(suggestCustomerUserField('acountIds')).toBe('accountIds')
    expect(suggestCustomerUserField('phnoe')).toBe('phone')
    expect(suggestCustomerUserField('Birthday')).toBeNull()
  })

  it('I1 missing lists the required columns no header maps to', () => {
    expect(mapCustomerUserHeaders(['externalId', 'email', 'organisationIds']).missing).toEqual([
      'civility',
      'firstName',
      'lastName',
      'phone',
      'groups',
      'accountIds',
    ])
  })

  it('I1 a repeated field: the first column is read, the second warned about, and a row where they differ fails (F-E-003)', () => {
    const text = [
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,Customer User Email',
      'CU-1,MR,Jo,Li,jo@example.com,+33 6 00 00 00 01,FOC_User,ACME,jo@example.com',
      'CU-2,MR,Al,Li,al@example.com,+33 6 00 00 00 02,FOC_User,ACME,',
      'CU-3,MR,Bo,Li,bo@example.com,+33 6 00 00 00 03,FOC_User,ACME,other@example.com',
    ].join('\n')
    const check = checkCustomerUserCsv(text)
    expect(check.mapping.columns[8]).toEqual({ header: 'Customer User Email', unknown: true, suggestion: 'email' })
    expect(check.mapping.warnings).toHaveLength(1)
    expect(check.mapping.warnings[0]).toMatchObject({ code: 'F-W-001', column: 'Customer User Email' })
    expect(check.mapping.warnings[0].message).toMatch(/repeats email, already read from "email" \(column 5\)/)
    expect(check.rows.map((r) => r.errors.map((e) => [e.code, e.column]))).toEqual([
      [],
      [],
      [['F-E-003', 'Customer User Email']],
    ])
    expect(check.rows[2].row.email).toBe('bo@example.com')
  })

  it('I1 overrides map a header by hand, to a field, a custom field, or nothing (null: ignored without a warning)', () => {
    const m = mapCustomerUserHeaders(['externalId', 'Mail', 'Tier', 'Notes', 'email'], {
      Mail: 'email',
      Tier: 'customField.tier',
      Notes: null,
    })
    expect(m.columns).toEqual([
      { header: 'externalId', field: 'externalId' },
      { header: 'Mail', field: 'email' },
      { header: 'Tier', customField: 'tier' },
      { header: 'Notes', unknown: true, suggestion: null },
      { header: 'email', unknown: true, suggestion: 'email' },
    ])
    expect(m.warnings.map((w) => w.column)).toEqual(['email'])
  })

  it('I1 the fixture with unknown columns keeps them out of the rows', () => {
    const p = readCsv(fixture('every-error-code.csv'))
    const m = mapCustomerUserHeaders(p.headers)
    expect(m.warnings.map((w) => w.column)).toEqual(['Notes', 'Mail'])
    expect(m.columns[14]).toEqual({ header: 'Customer User Custom Field loyaltyTier', customField: 'loyaltyTier' })
  })
})
