/**
 * I11: customer-account import jobs (`type=CUSTOMER_ACCOUNT`), through HTTP against the in-process reference app,
 * with CSV and JSON bodies: create, update and delete by externalId, the first address, tags by external id, custom
 * fields of CUSTOMER_ACCOUNT, approval (A3), accounts that still have users (A8), dry runs, the report, audit and
 * versions as the account routes. The shape rules themselves are tested offline in test/sdk/csv-accounts.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { makeAccount, makeUser } from './customer-fixtures.js'

const JOBS = '/v1/import-jobs'
const LONG = [
  'Customer Account External Id',
  'Customer Account Name',
  'Customer Account Company Registration Name',
  'Customer Account Business Registration Number',
  'Customer Account Vat Number',
  'Customer Account Customer Tag Ids',
  'Customer Account Address External Id',
  'Customer Account Address Full Name',
  'Customer Account Address',
  'Customer Account Address City',
  'Customer Account Address Zip Code',
  'Customer Account Address Country',
  'Customer Account Address Shipping',
  'Customer Account Address Billing',
  'Customer Account Status',
  'Customer Account Delete',
].join(';')
/** One row in the LONG header's order; the address is `<id>-HQ` in Paris unless `address: false`. */
const line = (
  id: string,
  o: {
    name?: string
    vat?: string
    tags?: string
    address?: boolean
    status?: string
    del?: string
    brn?: string
  } = {},
) =>
  [
    id,
    o.name ?? `${id} Ltd`,
    `${id} SAS`,
    o.brn ?? '552 100 554',
    o.vat ?? '',
    o.tags ?? '',
    ...(o.address === false
      ? ['', '', '', '', '', '', '', '']
      : [`${id}-HQ`, `${id} SAS`, '1 rue X', 'Paris', '75001', 'fr', 'TRUE', '']),
    o.status ?? '',
    o.del ?? '',
  ].join(';')
const file = (...lines: string[]) => `${[LONG, ...lines].join('\r\n')}\r\n`

let t: TestApp
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
})

async function post(body: string, query = '', as: 'user' | 'reader' = 'user') {
  const res = await t.app.request(`${JOBS}?type=CUSTOMER_ACCOUNT${query}`, {
    method: 'POST',
    headers: { 'dj-client': 'OPERATOR', 'dj-api-key': `test-${as}-key`, 'content-type': 'text/csv' },
    body,
  })
  return { status: res.status, body: (await res.json()) as any }
}
async function finished(id: string): Promise<any> {
  for (let i = 0; i < 2000; i++) {
    const r = await t.call('GET', `${JOBS}/${id}`)
    if (r.body.status === 'DONE' || r.body.status === 'FAILED') return r.body
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`job ${id} did not finish`)
}
async function importCsv(body: string, query = '') {
  const r = await post(body, query)
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  return finished(r.body.id)
}
async function importJson(body: Record<string, unknown>) {
  const r = await t.call('POST', JOBS, { body: { type: 'CUSTOMER_ACCOUNT', ...body } })
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  return finished(r.body.id)
}
const report = async (id: string) => (await t.call('GET', `${JOBS}/${id}/report`)).body.rows as any[]
const outline = (rows: any[]) =>
  rows.map((r) => [r.line, r.status, ...r.errors.map((e: any) => `${e.code} ${e.column}`)].join(' '))
const account = (externalId: string) => t.app.db.customerAccounts.findBy('externalId', externalId)
const data = () => JSON.stringify({ ...JSON.parse(t.snapshot()), importJobs: [], seq: 0 })
const tag = async (externalId: string) =>
  (await t.call('POST', '/v1/customer-tags', { body: { externalId, name: `Tag ${externalId}` } })).body

describe('I11 account import: create, update, delete by externalId', () => {
  it('I11 a CSV in the long header form creates accounts with their first address and tags (by external id); the job is CUSTOMER_ACCOUNT', async () => {
    const premium = await tag('premium')
    const wholesale = await tag('wholesale')
    const job = await importCsv(
      file(line('ACME', { tags: 'premium||wholesale', vat: 'FR40552100554' }), line('GLOBEX')),
    )
    expect(job).toMatchObject({
      type: 'CUSTOMER_ACCOUNT',
      status: 'DONE',
      storeIds: [],
      delimiter: ';',
      counts: { created: 2, updated: 0, deleted: 0, failed: 0 },
    })
    expect(outline(await report(job.id))).toEqual(['2 CREATED', '3 CREATED'])
    const acme = account('ACME')!
    expect(acme).toMatchObject({
      name: 'ACME Ltd',
      companyRegistrationName: 'ACME SAS',
      businessRegistrationNumber: '552 100 554',
      vatNumber: 'FR40552100554',
      status: 'ACTIVE',
      customerTagIds: [premium.id, wholesale.id],
      version: 1,
    })
    expect(acme.addresses).toEqual([
      expect.objectContaining({
        externalId: 'ACME-HQ',
        fullName: 'ACME SAS',
        address: '1 rue X',
        city: 'Paris',
        zipCode: '75001',
        country: 'FR',
        shipping: true,
        billing: false,
      }),
    ])
    // As the account routes: the account reads with its tags, and its ETag is its version; the create is audited.
    const read = await t.call('GET', `/v1/customer-accounts/${acme.id}`)
    expect(read.headers.get('etag')).toBe('"1"')
    expect(read.body.customerTags.map((x: any) => x.externalId)).toEqual(['premium', 'wholesale'])
    const audit = (await t.call('GET', `/v1/audit-events?entity=customer-account&ids=${acme.id}`)).body.content
    expect(audit.map((e: any) => [e.action, e.actor])).toEqual([['create', expect.stringMatching(/^operator:/)]])
  })

  it('I11 a known externalId updates: required fields rewritten, an empty optional cell clears, a column the file lacks keeps; tags replaced like A7', async () => {
    await tag('premium')
    const gold = await tag('gold')
    const before = await makeAccount(t, 'ACME', { vatNumber: 'FR1', website: 'https://acme.example' })
    await t.call('PUT', '/v1/customer-accounts/ACME/customer-tags', { body: { customerTagExternalIds: ['premium'] } })
    const job = await importCsv(file(line('ACME', { name: 'ACME Renamed', tags: 'gold', address: false })))
    expect(outline(await report(job.id))).toEqual(['2 UPDATED'])
    const after = account('ACME')!
    expect(after).toMatchObject({
      id: before.id,
      name: 'ACME Renamed',
      vatNumber: null, // the file has the column, the cell is empty
      website: 'https://acme.example', // the file has no website column
      customerTagIds: [gold.id],
      addresses: [],
    })
    expect(after.version).toBeGreaterThan(before.version)
    const read = await t.call('GET', `/v1/customer-accounts/${before.id}`)
    expect(read.headers.get('etag')).toBe(`"${after.version}"`)
    // An empty tag cell removes every tag (A7 with []).
    await importCsv(file(line('ACME', { tags: '', address: false })))
    expect(account('ACME')!.customerTagIds).toEqual([])
  })

  it('I11 on update the address is matched by its externalId: replaced when the account has it, added when not; other addresses stay', async () => {
    await importCsv(file(line('ACME')))
    const first = account('ACME')!.addresses[0]
    const moved = file(line('ACME').replace('1 rue X', '2 avenue Y'))
    await importCsv(moved)
    expect(account('ACME')!.addresses).toEqual([{ ...first, address: '2 avenue Y' }])
    const again = account('ACME')!.version
    await importCsv(moved) // identical address: only the account's own update moves the version
    expect(account('ACME')!.version).toBe(again + 1)
    await importCsv(file(line('ACME').replaceAll('ACME-HQ', 'ACME-DEPOT')))
    expect(account('ACME')!.addresses.map((a) => a.externalId)).toEqual(['ACME-HQ', 'ACME-DEPOT'])
  })

  it('I11 Delete = TRUE deletes (only the externalId needed); unknown → F-E-002; an account that still has users → F-E-009, nothing deleted', async () => {
    const keep = await makeAccount(t, 'KEEP')
    await makeAccount(t, 'GONE')
    await makeUser(t, { externalId: 'CU-1', accountIds: [keep.id] })
    const job = await importCsv(['externalId,delete', 'GONE,TRUE', 'GHOST,TRUE', 'KEEP,TRUE'].join('\n'))
    expect(job).toMatchObject({ status: 'DONE', counts: { deleted: 1, failed: 2 } })
    const rows = await report(job.id)
    expect(outline(rows)).toEqual(['2 DELETED', '3 FAILED F-E-002 externalId', '4 FAILED F-E-009 delete'])
    expect(rows[1].errors[0].message).toBe('There is no customer account "GHOST" to delete.')
    expect(rows[2].errors[0].message).toMatch(/still has 1 customer user/)
    expect(account('GONE')).toBeUndefined()
    expect(account('KEEP')).toBeDefined()
    expect(t.app.db.customerUsers.findBy('externalId', 'CU-1')).toBeDefined()
  })
})

describe('I11 rows are independent; codes', () => {
  it('I11 data errors name their column: unknown tag and account manager F-E-002, address externalId of another account F-E-003; good rows apply', async () => {
    await makeAccount(t, 'OTHER', {
      address: {
        externalId: 'TAKEN',
        fullName: 'O',
        address: 'a',
        city: 'c',
        zipCode: '1',
        country: 'FR',
        billing: true,
      },
    })
    const header =
      'externalId,name,companyRegistrationName,businessRegistrationNumber,accountManagerId,customerTagIds,address.externalId,address.fullName,address.address,address.city,address.zipCode,address.country,address.billing'
    const job = await importCsv(
      [
        header,
        'A1,A,A SAS,1,NOBODY,ghost||gone,,,,,,,',
        'A2,B,B SAS,2,,,TAKEN,B,b,c,1,FR,TRUE',
        'A3,C,C SAS,3,,,A3-HQ,C,c,c,1,XX,',
        'A4,D,D SAS,4,,,,,,,,,',
      ].join('\n'),
    )
    const rows = await report(job.id)
    expect(outline(rows)).toEqual([
      '2 FAILED F-E-002 accountManagerId F-E-002 customerTagIds',
      '3 FAILED F-E-003 address.externalId',
      '4 FAILED F-E-008 address.country F-E-001 address.billing',
      '5 CREATED',
    ])
    expect(rows[0].errors.map((e: any) => e.message)).toEqual([
      'Unknown operator (account manager): "NOBODY".',
      'Unknown customer tag(s): "ghost", "gone".'.replace('(s)', 's'),
    ])
    expect(rows[1].errors[0].message).toBe(
      'The address externalId "TAKEN" is already used by customer account "OTHER".',
    )
    expect(['A1', 'A2', 'A3'].map(account)).toEqual([undefined, undefined, undefined])
    expect(account('A4')).toMatchObject({ name: 'D', addresses: [] })
  })

  it('I11 custom fields of CUSTOMER_ACCOUNT (CF2): typed, checked (F-E-008, F-E-004, F-E-001 required, F-E-002 unknown), kept on update when the file has no column', async () => {
    const defs = [
      {
        externalId: 'tier',
        name: 'Account tier',
        entity: 'CUSTOMER_ACCOUNT',
        type: 'LIST',
        options: ['gold', 'silver'],
      },
      { externalId: 'seats', name: 'Seat count', entity: 'CUSTOMER_ACCOUNT', type: 'NUMBER' },
      { externalId: 'erp', name: 'ERP code', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT', required: true },
      // A customer-user field of the same externalId is not an account field.
      { externalId: 'badge', name: 'Badge number', entity: 'CUSTOMER_USER', type: 'TEXT' },
    ]
    for (const body of defs) expect((await t.call('POST', '/v1/custom-fields', { body })).status).toBe(201)
    const header =
      'externalId,name,companyRegistrationName,businessRegistrationNumber,customField.tier,Customer Account Custom Field seats,customField.erp,customField.badge'
    const job = await importCsv(
      [header, 'A1,A,A SAS,1,gold,12,E-1,', 'A2,B,B SAS,2,bronze,twelve,,x', 'A3,C,C SAS,3,,,E-3,'].join('\n'),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 CREATED',
      '3 FAILED F-E-008 customField.tier F-E-004 Customer Account Custom Field seats F-E-002 customField.badge F-E-001 customField.erp',
      '4 CREATED',
    ])
    expect(account('A1')!.customFields).toEqual({ tier: 'gold', seats: 12, erp: 'E-1' })
    await importCsv(['externalId,name,companyRegistrationName,businessRegistrationNumber', 'A1,A2,A SAS,1'].join('\n'))
    expect(account('A1')).toMatchObject({ name: 'A2', customFields: { tier: 'gold', seats: 12, erp: 'E-1' } })
  })

  it('I11 status (A3): ACTIVE/INACTIVE move between each other; a waiting account keeps its status (F-E-009); with approval on, a new row with a status fails (F-E-009)', async () => {
    await importCsv(file(line('A1', { status: 'inactive', address: false })))
    expect(account('A1')!.status).toBe('INACTIVE')
    await importCsv(file(line('A1', { status: 'ACTIVE', address: false })))
    expect(account('A1')!.status).toBe('ACTIVE')
    expect((await t.call('PUT', '/v1/settings', { body: { customerAccountApproval: true } })).status).toBe(200)
    const job = await importCsv(
      file(
        line('W1', { address: false }),
        line('W1', { status: 'ACTIVE', address: false }),
        line('W2', { status: 'ACTIVE', address: false }),
      ),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 CREATED',
      '3 FAILED F-E-003 Customer Account External Id F-E-009 Customer Account Status',
      '4 FAILED F-E-009 Customer Account Status',
    ])
    expect(account('W1')!.status).toBe('WAITING_APPROVAL')
    expect(account('W2')).toBeUndefined()
    const again = await importCsv(file(line('W1', { status: 'ACTIVE', address: false })))
    expect(outline(await report(again.id))).toEqual(['2 FAILED F-E-009 Customer Account Status'])
    expect(account('W1')!.status).toBe('WAITING_APPROVAL')
  })

  it('I10 I11 a file without some required columns is read: delete rows work, the other rows fail alone with F-E-001 (column null); no externalId column → MISSING_COLUMNS', async () => {
    await makeAccount(t, 'GONE')
    const job = await importCsv(['externalId;name;delete', 'GONE;;TRUE', 'NEW;New;'].join('\n'))
    expect(job).toMatchObject({ status: 'DONE', counts: { deleted: 1, failed: 1 } })
    const rows = await report(job.id)
    expect(outline(rows)).toEqual(['2 DELETED', '3 FAILED F-E-001 null F-E-001 null'])
    expect(rows[1].errors[0].message).toMatch(
      /companyRegistrationName is required, and the file has no "Customer Account Company Registration Name"/,
    )
    const none = await importCsv('name;delete\nX;TRUE\n')
    expect(none).toMatchObject({
      status: 'FAILED',
      errorCode: 'MISSING_COLUMNS',
      error: expect.stringContaining('Customer Account External Id'),
    })
  })
})

describe('I11 the job machinery', () => {
  it('I11 the JSON rows path (address as an object, tags as an array) gives the same outcomes; storeIds are refused for accounts', async () => {
    await tag('premium')
    const job = await importJson({
      rows: [
        {
          externalId: 'ACME',
          name: 'ACME',
          companyRegistrationName: 'ACME SAS',
          businessRegistrationNumber: '1',
          customerTagIds: ['premium'],
          address: {
            externalId: 'ACME-HQ',
            fullName: 'A',
            address: 'a',
            city: 'c',
            zipCode: '1',
            country: 'FR',
            billing: true,
          },
        },
        {
          line: 9,
          externalId: 'BAD',
          name: 'B',
          companyRegistrationName: 'B',
          businessRegistrationNumber: '2',
          website: 'ftp://x',
        },
      ],
    })
    expect(job).toMatchObject({ type: 'CUSTOMER_ACCOUNT', format: 'JSON', counts: { created: 1, failed: 1 } })
    expect(outline(await report(job.id))).toEqual(['2 CREATED', '9 FAILED F-E-004 website'])
    expect(account('ACME')!.addresses[0]).toMatchObject({ externalId: 'ACME-HQ', billing: true, shipping: false })
    const p = expectProblem(
      await post(file(line('X')), '&storeIds=FR').then((r) => ({
        ...r,
        headers: new Headers({ 'content-type': 'application/problem+json' }),
      })),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['storeIds'])
    expectProblem(
      await t.call('POST', JOBS, { body: { type: 'CUSTOMER_ACCOUNT', storeIds: ['FR'], rows: [] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect((await post(file(line('X')), '', 'reader')).status).toBe(403)
  })

  it('I11 a dry run reaches the statuses of the real run and writes nothing; the report comes as JSON and as CSV', async () => {
    await makeAccount(t, 'OLD')
    await makeAccount(t, 'GONE')
    const body = file(line('NEW'), line('OLD', { name: '=cmd()' }), line('BAD', { brn: '' }), 'GONE;;;;;;;;;;;;;;;TRUE')
    const before = data()
    const dry = await importCsv(body, '&dryRun=true')
    expect(dry).toMatchObject({ dryRun: true, counts: { created: 1, updated: 1, deleted: 1, failed: 1 } })
    expect(data()).toBe(before)
    const real = await importCsv(body)
    expect(await report(real.id)).toEqual(await report(dry.id))
    expect(outline(await report(real.id))).toEqual([
      '2 CREATED',
      '3 UPDATED',
      '4 FAILED F-E-001 Customer Account Business Registration Number',
      '5 DELETED',
    ])
    expect(account('GONE')).toBeUndefined()
    const res = await t.app.request(`${JOBS}/${real.id}/report?status=FAILED,UPDATED`, {
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-reader-key', accept: 'text/csv' },
    })
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe(`${LONG};status;errors`)
    expect(lines[1]).toMatch(/^OLD;'=cmd\(\);OLD SAS;.*;UPDATED;$/)
    expect(lines[2]).toMatch(
      /^BAD;.*;FAILED;F-E-001 Customer Account Business Registration Number: businessRegistrationNumber is required\.$/,
    )
  })

  it('I11 a 10,000-row account file runs through (R4 slices and chunks): every row created, progress complete', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => line(`ACC-${i}`, { tags: '' }))
    const job = await importCsv(file(...rows))
    expect(job).toMatchObject({
      status: 'DONE',
      progress: { processed: 10_000, total: 10_000 },
      counts: { created: 10_000 },
    })
    expect(t.app.db.customerAccounts.size).toBe(10_000)
  }, 60_000)
})
