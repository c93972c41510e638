/**
 * I11 offline: the customer-account CSV in the SDK's import module — header mapping in both forms, the row shape
 * rules with their codes, the template — and I10 offline for customer users (delete-only files, the active column).
 */
import { describe, expect, it } from 'vitest'
import {
  CUSTOMER_ACCOUNT_COLUMNS,
  customerAccountCsvTemplate,
  mapAccountHeaders,
  validateCustomerAccountCsv,
  validateCustomerUserCsv,
} from '../../sdk/import.js'

const outline = (rows: { row: { line: number }; errors: { code: string; column: string | null }[] }[]) =>
  rows.map((r) => [r.row.line, ...r.errors.map((e) => `${e.code} ${e.column}`)].join(' '))

describe('I11 account CSV headers', () => {
  it('I11 both forms map, in any case and spacing; address fields also under their contract names; A7 name for tags', () => {
    const { columns, warnings, missing } = mapAccountHeaders([
      'Customer Account External Id',
      'NAME',
      'company_registration_name',
      'Customer Account Business Registration Number',
      'address.externalId',
      'Customer Account Address',
      'City',
      'zip code',
      'customerTagExternalIds',
      'Customer Account Custom Field erp',
      'customField.tier',
    ])
    expect(columns.map((c) => ('field' in c ? c.field : 'customField' in c ? `cf:${c.customField}` : null))).toEqual([
      'externalId',
      'name',
      'companyRegistrationName',
      'businessRegistrationNumber',
      'address.externalId',
      'address.address',
      'address.city',
      'address.zipCode',
      'customerTagIds',
      'cf:erp',
      'cf:tier',
    ])
    expect(warnings).toEqual([])
    expect(missing).toEqual([])
  })

  it('I11 near misses are suggested with F-W-001, never mapped; a repeated column is ignored and a row where the two differ fails (F-E-003)', async () => {
    const mapping = mapAccountHeaders(['externalId', 'Zip', 'Tags', 'SIRET', 'notes'])
    expect(mapping.columns.slice(1).map((c) => ('unknown' in c ? c.suggestion : 'mapped'))).toEqual([
      'address.zipCode',
      'customerTagIds',
      'businessRegistrationNumber',
      null,
    ])
    expect(mapping.warnings.map((w) => w.message)[0]).toBe(
      'Unknown column "Zip" (column 2): ignored. Did you mean "address.zipCode" (Customer Account Address Zip Code)?',
    )
    expect(mapping.missing).toEqual(['name', 'companyRegistrationName', 'businessRegistrationNumber'])
    const result = await validateCustomerAccountCsv(
      'externalId,name,companyRegistrationName,businessRegistrationNumber,Customer Account Name\nA,Same,S,1,Same\nB,One,S,2,Other\n',
    )
    expect(outline(result.rows)).toEqual(['2', '3 F-E-003 Customer Account Name'])
  })
})

describe('I11 account CSV rows', () => {
  const HEADER =
    'externalId;name;companyRegistrationName;businessRegistrationNumber;vatNumber;website;status;customerTagIds;' +
    'address.externalId;address.fullName;address.address;address.city;address.zipCode;address.country;address.phone;address.shipping;address.billing;delete'

  it('I11 every shape error of a row, each on its column, with the I6 codes; valid rows come back read and normalised', async () => {
    const result = await validateCustomerAccountCsv(
      [
        HEADER,
        'ACME;ACME;ACME SAS;552 100 554;FR40;https://acme.example;inactive;premium||gold||premium;HQ;ACME;1 rue X;Paris;75001;fr;+33 1 23 45 67 89;TRUE;;',
        `B@D;;B SAS;;${'V'.repeat(33)};acme.example;ON;bad tag;;;;;;;;;;`,
        'C;C;C SAS;3;;;;;HQ;;;Lyon;;ZZ;call me;;yes;',
        'ACME;;;;;;;;;;;;;;;;;TRUE',
        'D;D;D SAS;4;;;;;;;;;;;;;;FALSE',
      ].join('\n'),
    )
    expect(outline(result.rows)).toEqual([
      '2',
      '3 F-E-004 externalId F-E-001 name F-E-001 businessRegistrationNumber F-E-004 vatNumber F-E-004 website F-E-008 status F-E-004 customerTagIds',
      '4 F-E-008 address.billing F-E-001 address.fullName F-E-001 address.address F-E-001 address.zipCode F-E-008 address.country F-E-004 address.phone F-E-001 address.shipping F-E-003 address.externalId',
      '5 F-E-003 externalId',
      '6',
    ])
    expect(result.counts).toEqual({ rows: 5, valid: 2, failed: 3 })
    expect(result.rows[0].row).toMatchObject({
      externalId: 'ACME',
      status: 'INACTIVE',
      customerTagIds: ['premium', 'gold'],
      address: { externalId: 'HQ', country: 'FR', shipping: true, billing: false, label: null },
      delete: false,
    })
    expect(result.rows[4].row.address).toBeNull()
    expect(result.rows[2].errors.at(-1)!.message).toBe(
      'The address externalId "HQ" is already on line 2 (address externalIds are unique across accounts).',
    )
  })

  it('I11 a file naming no account column is NO_HEADER; a customer-user file is not an account file', async () => {
    await expect(validateCustomerAccountCsv('civility,firstName\nMR,John\n')).rejects.toMatchObject({
      code: 'NO_HEADER',
      message: expect.stringContaining('names no customer-account column'),
    })
  })

  it('I11 customerAccountCsvTemplate: the import-page headers and one valid example row, with "," or ";" and an optional BOM', async () => {
    const template = customerAccountCsvTemplate()
    expect(template.split('\r\n')[0]).toMatch(
      /^Customer Account External Id,Customer Account Name,.*,Customer Account Delete$/,
    )
    for (const options of [{}, { delimiter: ';' as const, bom: true }]) {
      const result = await validateCustomerAccountCsv(new TextEncoder().encode(customerAccountCsvTemplate(options)))
      expect(result.parsed).toMatchObject({ delimiter: options.delimiter ?? ',', bom: options.bom ?? false })
      expect(result.mapping.columns.map((c) => ('field' in c ? c.field : null))).toEqual([...CUSTOMER_ACCOUNT_COLUMNS])
      expect(result.warnings).toEqual([])
      expect(result.counts).toEqual({ rows: 1, valid: 1, failed: 0 })
    }
  })
})

describe('I10 offline: delete-only files and the active column', () => {
  it('I10 a delete-only file: its rows pass; rows that create or update fail with F-E-001 (column null) for each missing column', async () => {
    const result = await validateCustomerUserCsv(
      'Customer User External Id;Customer User Delete\nCU-1;TRUE\nCU-2;FALSE\n',
    )
    expect(result.mapping.missing).toEqual([
      'civility',
      'firstName',
      'lastName',
      'email',
      'phone',
      'groups',
      'accountIds',
    ])
    expect(result.rows[0].errors).toEqual([])
    expect(result.rows[1].errors.map((e) => [e.code, e.column])).toEqual(Array(7).fill(['F-E-001', null]))
  })

  it('I10 Customer User Active maps, reads TRUE/FALSE plainly and empty as no value; contradicting inactive fails (F-E-003), a bad value is F-E-008', async () => {
    const header =
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,Customer User Inactive,Customer User Active'
    const cells = (id: string, inactive: string, active: string) =>
      `${id},MR,F,L,${id}@example.com,0612345678,FOC_User,ACME,${inactive},${active}`
    const result = await validateCustomerUserCsv(
      [
        header,
        cells('a', '', 'TRUE'),
        cells('b', 'TRUE', ''),
        cells('c', 'FALSE', 'FALSE'),
        cells('d', 'TRUE', 'false'),
        cells('e', '', 'oui'),
      ].join('\n'),
    )
    expect(result.rows.map((r) => r.row.active)).toEqual([true, null, false, false, null])
    expect(outline(result.rows)).toEqual([
      '2',
      '3',
      '4 F-E-003 Customer User Active',
      '5',
      '6 F-E-008 Customer User Active',
    ])
    expect(result.rows[2].errors[0].message).toBe(
      '"Customer User Active" is FALSE but "Customer User Inactive" is FALSE: the two columns say opposite things about the status. Fill one of them (active TRUE = inactive FALSE).',
    )
    expect(mapAccountHeaders(['Active']).columns[0]).toMatchObject({ unknown: true, suggestion: 'status' })
  })
})
