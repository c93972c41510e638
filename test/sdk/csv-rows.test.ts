/**
 * I2–I6 row reading and shape rules (with U4, U5, U10), over test/fixtures/csv/every-error-code.csv and small
 * inline files. F-E-002 (unknown reference) needs server data and never comes from these offline checks.
 */
import { describe, expect, it } from 'vitest'
import {
  checkCustomerUserCsv,
  checkCustomerUserRows,
  mapCustomerUserHeaders,
  parseCsvText,
  type CsvIssue,
} from '../../spec/csv/index.js'
import { fixture } from './csv-fixtures.js'

const HEADER =
  'externalId,civility,firstName,lastName,email,phone,groups,accountIds,organisationIds,mainOrganisationId,password,inactive,delete,storeIds'
/** A valid row of HEADER, with some cells replaced. */
function row(over: Record<string, string> = {}, n = 1): string {
  const base: Record<string, string> = {
    externalId: `CU-${n}`,
    civility: 'MR',
    firstName: 'Jean',
    lastName: 'Dupont',
    email: `jean${n}@example.com`,
    phone: '+33 6 12 34 56 78',
    groups: 'FOC_User',
    accountIds: 'ACME',
    organisationIds: '',
    mainOrganisationId: '',
    password: '',
    inactive: '',
    delete: '',
    storeIds: '',
  }
  return HEADER.split(',')
    .map((k) => over[k] ?? base[k])
    .join(',')
}
const check = (lines: string[], options = {}) => checkCustomerUserCsv([HEADER, ...lines].join('\n'), options)
const codes = (errors: CsvIssue[]) => errors.map((e) => `${e.code} ${e.column}`)

describe('I6 every error code, with the column as written (every-error-code.csv)', () => {
  const result = checkCustomerUserCsv(fixture('every-error-code.csv'))
  const at = (line: number) => result.rows.find((r) => r.row.line === line)!

  it('I6 a valid row has no issue; custom fields and unknown columns do not disturb it', () => {
    expect(at(2).errors).toEqual([])
    expect(at(2).row.customFields).toEqual({ loyaltyTier: 'GOLD' })
    expect(result.counts).toEqual({ rows: 11, valid: 2, failed: 9 })
  })

  it('I6 F-E-001 required value missing', () => {
    expect(codes(at(3).errors)).toEqual([
      'F-E-001 Customer User Civility',
      'F-E-001 Customer User Last Name',
      'F-E-001 Customer User Groups',
      'F-E-001 Customer User Account Ids',
    ])
  })

  it('I6 F-E-003 duplicate externalId (as written) and email (without case) in the file, naming the first line', () => {
    expect(at(4).errors).toEqual([
      { code: 'F-E-003', column: 'Customer User External Id', message: 'externalId "CU-7001" is already on line 2.' },
    ])
    expect(codes(at(5).errors)).toEqual(['F-E-003 Customer User Email'])
    expect(at(5).errors[0].message).toMatch(/already used on line 2/)
  })

  it('I6 F-E-004 invalid format: id, email, phone (with the spreadsheet hint), account, organisation and store ids; every error of the row', () => {
    expect(codes(at(6).errors)).toEqual([
      'F-E-004 Customer User External Id',
      'F-E-004 Customer User Email',
      'F-E-004 Customer User Phone',
      'F-E-004 Customer User Account Ids',
      'F-E-004 Customer User Organisation Ids',
      'F-E-006 Customer User Main Organisation Id',
      'F-E-004 Customer User Store Ids',
    ])
    expect(at(6).errors[2].message).toMatch(/format the column as text/)
    expect(at(6).errors[4].message).toMatch(/^"org 2" is not a valid external id/)
  })

  it('I6 F-E-004 a row with more values than the header has columns (column null)', () => {
    expect(at(12).errors).toHaveLength(1)
    expect(at(12).errors[0]).toMatchObject({ code: 'F-E-004', column: null })
    expect(at(12).errors[0].message).toMatch(/18 values but the header has 17 columns/)
  })

  it('I6 F-E-005 password policy (U5), through passwordProblem', () => {
    expect(at(7).errors).toEqual([
      { code: 'F-E-005', column: 'Customer User Password', message: 'The password needs an upper-case letter.' },
    ])
  })

  it('I6 F-E-006 main organisation not among the organisations, or missing when there are several (U4)', () => {
    expect(codes(at(8).errors)).toEqual(['F-E-006 Customer User Main Organisation Id'])
    expect(at(8).errors[0].message).toMatch(/"ORG-C" must be one of the organisation ids \(ORG-A, ORG-B\)/)
    expect(codes(at(9).errors)).toEqual(['F-E-006 Customer User Main Organisation Id'])
    expect(at(9).errors[0].message).toMatch(/required when there are several/)
  })

  it('I6 F-E-008 value not in the allowed list: civility, group, boolean', () => {
    expect(codes(at(10).errors).sort()).toEqual([
      'F-E-008 Customer User Civility',
      'F-E-008 Customer User Delete',
      'F-E-008 Customer User Groups',
      'F-E-008 Customer User Inactive',
    ])
    expect(at(10).errors.find((e) => e.column === 'Customer User Groups')!.message).toMatch(
      /^"FOC_Boss" is not a group/,
    )
  })

  it('I5 a Delete = TRUE row needs only its externalId', () => {
    expect(at(11).errors).toEqual([])
    expect(at(11).row).toMatchObject({ externalId: 'CU-7010', delete: true, civility: null, groups: [] })
  })

  it('I6 file-level warnings: F-W-001 for each unknown column', () => {
    expect(result.warnings.map((w) => [w.code, w.column])).toEqual([
      ['F-W-001', 'Notes'],
      ['F-W-001', 'Mail'],
    ])
  })

  it('I6 F-E-002 (unknown reference) needs server data: the offline check never reports it', () => {
    expect(result.rows.flatMap((r) => r.errors).some((e) => e.code === 'F-E-002')).toBe(false)
  })
})

describe('I2 reading cells', () => {
  it('I2 multi-value cells split on ||, parts trimmed, empty and repeated parts dropped', () => {
    const r = check([
      row({
        groups: ' FOC_User || FOC_Admin ||FOC_User||',
        accountIds: 'A|| ||B',
        organisationIds: 'O-1',
        storeIds: 'FR||BE',
      }),
    ]).rows[0]
    expect(r.row).toMatchObject({
      groups: ['FOC_User', 'FOC_Admin'],
      accountIds: ['A', 'B'],
      organisationIds: ['O-1'],
      storeIds: ['FR', 'BE'],
    })
    expect(r.errors).toEqual([])
  })

  it('I2 multi-value cells of many parts: the first 16 distinct, then the rest, in order, each once', () => {
    /** What splitMultiValue must give, written the plain way. */
    const expected = (cell: string) => [...new Set(cell.split('||').map((v) => v.trim()))].filter((v) => v !== '')
    const parts = (n: number) => Array.from({ length: n }, (_, i) => ` V${i} `)
    for (const cell of [
      parts(16).join('||'),
      parts(17).join('||'),
      [...parts(16), ' V3', ' V16'].join('||'),
      [...parts(17), ...parts(20)].join('||'),
      [...parts(16), '', 'V0', '', 'V16', 'V16 '].join('||'),
    ]) {
      const r = check([row({ accountIds: cell })]).rows[0]
      expect(r.row.accountIds).toEqual(expected(cell))
      expect(r.errors).toEqual([])
    }
  })

  it('I2 booleans TRUE/FALSE in any case, empty = FALSE, anything else F-E-008', () => {
    const rows = check([
      row({ inactive: 'true' }, 1),
      row({ inactive: ' False ' }, 2),
      row({ inactive: '' }, 3),
      row({ inactive: '1' }, 4),
      row({ inactive: 'VRAI' }, 5),
    ]).rows
    expect(rows.map((r) => r.row.inactive)).toEqual([true, false, false, false, false])
    expect(rows.map((r) => codes(r.errors))).toEqual([[], [], [], ['F-E-008 inactive'], ['F-E-008 inactive']])
  })

  it('I2 cells are trimmed, the password is kept as written', () => {
    const r = check([row({ firstName: '  Zoé ', password: ' Sunny Day 42 ' })]).rows[0]
    expect(r.row.firstName).toBe('Zoé')
    expect(r.row.password).toBe(' Sunny Day 42 ')
    expect(r.errors).toEqual([])
  })

  it('U1 civility and groups are accepted in any case and normalised', () => {
    const r = check([row({ civility: 'mrs', groups: 'foc_admin||Foc_Webmaster' })]).rows[0]
    expect(r.row).toMatchObject({ civility: 'MRS', groups: ['FOC_Admin', 'FOC_Webmaster'] })
    expect(r.errors).toEqual([])
  })
})

describe('I3–I6 rules', () => {
  it('I3 a missing required column fails every row that needs it (F-E-001, column null); deletions do not need it', () => {
    const result = checkCustomerUserCsv('externalId,email,delete\nCU-1,a@example.com,\nCU-2,,TRUE\n')
    expect(result.mapping.missing).toEqual(['civility', 'firstName', 'lastName', 'phone', 'groups', 'accountIds'])
    expect(result.rows[0].errors.map((e) => [e.code, e.column])).toEqual(Array(6).fill(['F-E-001', null]))
    expect(result.rows[0].errors[0].message).toBe(
      'civility is required, and the file has no "Customer User Civility" (or "civility") column.',
    )
    expect(result.rows[1].errors).toEqual([])
  })

  it('I5 a deletion still needs a valid externalId', () => {
    const rows = check([
      row({ externalId: '', delete: 'TRUE', email: '' }),
      row({ externalId: 'bad id', delete: 'TRUE' }),
    ]).rows
    expect(codes(rows[0].errors)).toEqual(['F-E-001 externalId'])
    expect(codes(rows[1].errors)).toEqual(['F-E-004 externalId'])
  })

  it("I6 duplicates: externalId compared as written, email without case, deletions' emails not compared", () => {
    const rows = check([
      row({ externalId: 'CU-A', email: 'Same@Example.com' }, 1),
      row({ externalId: 'cu-a', email: 'x@example.com' }, 2),
      row({ externalId: 'CU-B', email: 'same@example.COM' }, 3),
      row({ externalId: 'CU-A', delete: 'TRUE', email: 'x@example.com' }, 4),
      row({ externalId: 'CU-C', email: 'x@example.com' }, 5),
    ]).rows
    expect(rows.map((r) => codes(r.errors))).toEqual([
      [],
      [],
      ['F-E-003 email'],
      ['F-E-003 externalId'],
      ['F-E-003 email'],
    ])
    expect(rows[2].errors[0].message).toMatch(/line 2 /)
    expect(rows[4].errors[0].message).toMatch(/line 3 /)
  })

  it('I6 emails beyond ASCII are compared without case too (as toLowerCase() has it, even to ASCII)', () => {
    const rows = check([
      row({ email: 'zoé@example.com' }, 1),
      row({ email: 'ZOÉ@Example.com' }, 2),
      row({ email: 'zoe@example.com' }, 3),
      row({ email: 'kim@example.com' }, 4),
      row({ email: '\u212Aim@example.com' }, 5), // KELVIN SIGN: lower-cased, it is an ASCII k
    ]).rows
    expect(rows.map((r) => r.errors.filter((e) => e.code === 'F-E-003').length)).toEqual([0, 1, 0, 0, 1])
    expect(rows[4].errors.find((e) => e.code === 'F-E-003')?.message).toMatch(/line 5 /)
  })

  it('I6 format limits match the contract: names ≤ 255, email ≤ 254', () => {
    const r = check([row({ firstName: 'x'.repeat(256), email: `${'a'.repeat(245)}@example.com` })]).rows[0]
    expect(codes(r.errors)).toEqual(['F-E-004 firstName', 'F-E-004 email'])
  })

  it('U5 passwords: empty = none; whitespace only, too short, no digit fail with F-E-005', () => {
    const rows = check([
      row({ password: '' }, 1),
      row({ password: '         ' }, 2),
      row({ password: 'Ab1' }, 3),
      row({ password: 'Abcdefgh' }, 4),
      row({ password: 'Abcdefg1' }, 5),
    ]).rows
    expect(rows.map((r) => r.row.password)).toEqual([null, '         ', 'Ab1', 'Abcdefgh', 'Abcdefg1'])
    expect(rows.map((r) => codes(r.errors))).toEqual([
      [],
      ['F-E-005 password'],
      ['F-E-005 password'],
      ['F-E-005 password'],
      [],
    ])
  })

  it('U4 one organisation needs no main organisation (kept as written: null); several do', () => {
    const rows = check([
      row({ organisationIds: 'O-1' }, 1),
      row({ organisationIds: 'O-1||O-2', mainOrganisationId: 'O-2' }, 2),
      row({ mainOrganisationId: 'O-1' }, 3),
    ]).rows
    expect(rows.map((r) => r.row.mainOrganisationId)).toEqual([null, 'O-2', 'O-1'])
    expect(rows.map((r) => codes(r.errors))).toEqual([[], [], ['F-E-006 mainOrganisationId']])
  })

  it('I4 job stores: every row gets them, the store column is ignored with one F-W-002 warning', () => {
    const result = check([row({ storeIds: 'bad id' }, 1), row({ storeIds: 'DE' }, 2), row({}, 3)], {
      jobStoreIds: ['FR', 'BE'],
    })
    expect(result.rows.map((r) => r.row.storeIds)).toEqual([
      ['FR', 'BE'],
      ['FR', 'BE'],
      ['FR', 'BE'],
    ])
    expect(result.rows.flatMap((r) => r.errors)).toEqual([])
    expect(result.warnings).toEqual([
      {
        code: 'F-W-002',
        column: 'storeIds',
        message: 'Column "storeIds" is ignored: the import job gives the stores (FR, BE) to every user.',
      },
    ])
    // No values in the column, or no job stores: no warning.
    expect(check([row({}, 1)], { jobStoreIds: ['FR'] }).warnings).toEqual([])
    expect(check([row({ storeIds: 'bad id' }, 1)]).rows[0].errors.map((e) => e.code)).toEqual(['F-E-004'])
  })

  it('U10 on a multi-store tenant, a row needs stores from the file when the job gives none', () => {
    expect(codes(check([row({})], { multiStore: true }).rows[0].errors)).toEqual(['F-E-001 storeIds'])
    expect(check([row({ storeIds: 'FR' })], { multiStore: true }).rows[0].errors).toEqual([])
    expect(check([row({})], { multiStore: true, jobStoreIds: ['FR'] }).rows[0].errors).toEqual([])
  })

  it('I6 rows keep their file lines; checkCustomerUserRows refuses a mapping of other headers', () => {
    const parsed = parseCsvText(`${HEADER}\n${row({}, 1)}\n\n${row({ lastName: '"Du\nPont"' }, 2)}\n${row({}, 3)}\n`)
    const result = checkCustomerUserRows(parsed, mapCustomerUserHeaders(parsed.headers))
    expect(result.rows.map((r) => r.row.line)).toEqual([2, 4, 6])
    expect(() => checkCustomerUserRows(parsed, mapCustomerUserHeaders(['externalId']))).toThrow(TypeError)
  })
})
