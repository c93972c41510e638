/**
 * `@dj-customers/sdk/import`: the SDK's CSV entry (I8: the same parser, header mapping and shape rules as the
 * server), its inputs (text, bytes, Blob/File), the template, and the formats shared with the zod contract.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Civility, Email, EXTERNAL_ID_PATTERN as CONTRACT_EXTERNAL_ID_PATTERN } from '../../spec/common.js'
import { CUSTOMER_USER_CIVILITIES, NAME_MAX, checkCustomerUserCsv } from '../../spec/csv/index.js'
import { CustomerUserInput } from '../../spec/resources/customer-users.js'
import { EMAIL_PATTERN, EMAIL_MAX, EXTERNAL_ID_PATTERN } from '../../spec/rules/formats.js'
import {
  CUSTOMER_USER_COLUMNS,
  CsvReadError,
  customerUserCsvTemplate,
  mapHeaders,
  parseCsv,
  validateCustomerUserCsv,
} from '../../sdk/import.js'
import { fixture } from './csv-fixtures.js'

describe('I8 the SDK import module', () => {
  it('I8 parseCsv reads text, Uint8Array, ArrayBuffer, a Blob and a File alike, and reports the encoding', async () => {
    const bytes = fixture('windows-1252-semicolon.csv')
    const expected = await parseCsv(bytes)
    expect(expected).toMatchObject({ encoding: 'windows-1252', delimiter: ';', delimiterDetected: true })
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    expect(await parseCsv(buffer)).toEqual(expected)
    expect(await parseCsv(new Blob([bytes], { type: 'text/csv' }))).toEqual(expected)
    expect(await parseCsv(new File([bytes], 'users.csv', { type: 'text/csv' }))).toEqual(expected)
    expect(await parseCsv(new DataView(buffer))).toEqual(expected)
    const fromText = await parseCsv(new TextDecoder('utf-8').decode(fixture('utf8-no-bom-semicolon.csv')))
    expect(fromText.records).toEqual(expected.records)
    await expect(parseCsv(42 as unknown as string)).rejects.toThrow(TypeError)
  })

  it("I8 validateCustomerUserCsv gives what the server's shared check gives, from bytes or from a ParsedCsv", async () => {
    const bytes = fixture('every-error-code.csv')
    const sdk = await validateCustomerUserCsv(new Blob([bytes]), { jobStoreIds: ['FR'] })
    expect(sdk).toEqual(checkCustomerUserCsv(bytes, { jobStoreIds: ['FR'] }))
    expect(await validateCustomerUserCsv(sdk.parsed, { jobStoreIds: ['FR'] })).toEqual(sdk)
    expect(sdk.counts).toEqual({ rows: 11, valid: 2, failed: 9 })
    expect(sdk.warnings.map((w) => w.code)).toEqual(['F-W-001', 'F-W-001', 'F-W-002'])
  })

  it('I8 headerOverrides and delimiter pass through', async () => {
    const text =
      'externalId;civility;firstName;lastName;Mail;phone;groups;accountIds\nCU-1;MR;Jo;Li;jo@example.com;+33 6 00 00 00 01;FOC_User;ACME\n'
    const plain = await validateCustomerUserCsv(text)
    expect(plain.mapping.missing).toEqual(['email'])
    expect(plain.counts.failed).toBe(1)
    const mapped = await validateCustomerUserCsv(text, { headerOverrides: { Mail: 'email' }, delimiter: ';' })
    expect(mapped.counts).toEqual({ rows: 1, valid: 1, failed: 0 })
    expect(mapHeaders(['Mail'], { Mail: 'email' }).columns).toEqual([{ header: 'Mail', field: 'email' }])
  })

  it('I7 a file that cannot be read throws CsvReadError: wrong delimiter, no header, binary', async () => {
    await expect(
      validateCustomerUserCsv(fixture('excel-fr-semicolon-bom-crlf.csv'), { delimiter: ',' }),
    ).rejects.toMatchObject({ code: 'SINGLE_COLUMN' })
    await expect(validateCustomerUserCsv(fixture('no-header.csv'))).rejects.toMatchObject({
      code: 'NO_HEADER',
      line: 1,
    })
    await expect(validateCustomerUserCsv(fixture('workbook.xlsx'))).rejects.toBeInstanceOf(CsvReadError)
  })

  it('I1 customerUserCsvTemplate: the import-page headers and one valid example row, with "," or ";" and an optional BOM', async () => {
    const template = customerUserCsvTemplate()
    expect(template.split('\r\n')[0]).toBe(
      'Customer User External Id,Customer User Civility,Customer User First Name,Customer User Last Name,Customer User Email,Customer User Phone,Customer User Groups,Customer User Account Ids,Customer User Organisation Ids,Customer User Main Organisation Id,Customer User Password,Customer User Inactive,Customer User Delete,Customer User Store Ids',
    )
    for (const options of [{}, { delimiter: ';' as const, bom: true }]) {
      const bytes = new TextEncoder().encode(customerUserCsvTemplate(options))
      const result = await validateCustomerUserCsv(bytes)
      expect(result.parsed).toMatchObject({
        delimiter: options.delimiter ?? ',',
        bom: options.bom ?? false,
        lineEnding: 'CRLF',
      })
      // Every column but `active` (I10: accepted, not written — the template keeps the import page's one status column).
      expect(result.mapping.columns.map((c) => ('field' in c ? c.field : null))).toEqual(
        CUSTOMER_USER_COLUMNS.filter((f) => f !== 'active'),
      )
      expect(result.warnings).toEqual([])
      expect(result.counts).toEqual({ rows: 1, valid: 1, failed: 0 })
    }
  })
})

describe('I8 formats shared with the zod contract', () => {
  it("I8 EXTERNAL_ID_PATTERN, civilities and the name limit are the contract's", () => {
    expect(CONTRACT_EXTERNAL_ID_PATTERN).toBe(EXTERNAL_ID_PATTERN)
    expect([...CUSTOMER_USER_CIVILITIES]).toEqual(Civility.options)
    const user = {
      externalId: 'CU-1',
      civility: 'MR',
      firstName: 'x',
      lastName: 'y',
      email: 'a@b.co',
      phone: '+33 6 00 00 00 00',
      groups: ['FOC_User'],
      accountIds: ['acc_1'],
    }
    expect(CustomerUserInput.safeParse({ ...user, firstName: 'x'.repeat(NAME_MAX) }).success).toBe(true)
    expect(CustomerUserInput.safeParse({ ...user, firstName: 'x'.repeat(NAME_MAX + 1) }).success).toBe(false)
  })

  it("I8 EMAIL_PATTERN (+ EMAIL_MAX) accepts exactly what the contract's Email accepts", () => {
    const local = fc.stringMatching(/^[A-Za-z0-9_'+.-]{0,12}$/)
    const domain = fc.stringMatching(/^[A-Za-z0-9.-]{0,14}$/)
    const emailish = fc.oneof(
      fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`),
      fc.tuple(local, domain, fc.constantFrom('com', 'fr', 'c', 'co1', 'example')).map(([l, d, t]) => `${l}@${d}.${t}`),
      fc.string({ maxLength: 30 }),
    )
    const samples = [
      'jane.doe@example.com',
      "o'hara@acme.fr",
      'a.@b.co',
      '.a@b.co',
      'a..b@c.de',
      'a@-b.com',
      'a@b-.com',
      `${'a'.repeat(250)}@b.co`,
    ]
    fc.assert(
      fc.property(fc.oneof(emailish, fc.constantFrom(...samples)), (s) => {
        const ours = s.length <= EMAIL_MAX && EMAIL_PATTERN.test(s)
        expect(ours).toBe(Email.safeParse(s).success)
      }),
      { numRuns: 2000 },
    )
  })
})
