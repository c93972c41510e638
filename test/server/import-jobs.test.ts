/**
 * Import jobs (docs/rules.md I3–I7, with U6, U9, U10, CF2 as the import applies them), through HTTP against the
 * in-process reference app, with CSV bodies and JSON bodies. Rows are checked by the shared CSV module (its own
 * tests cover the shape rules); these tests cover what needs the data: references by external id, uniqueness
 * against stored users, stores, custom fields, create/update/delete, dry runs, the queue, unreadable files, and
 * the report. "Nothing changed" is checked on the saved data, less the jobs themselves.
 */
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { PASSWORD, login, makeAccount, makeOrg, makeUser, requestToken } from './customer-fixtures.js'
import { allGroups } from '../../mock-server/domain/memberships.js'

const JOBS = '/v1/import-jobs'
const HEADER =
  'Customer User External Id;Customer User Civility;Customer User First Name;Customer User Last Name;Customer User Email;' +
  'Customer User Phone;Customer User Groups;Customer User Account Ids;Customer User Organisation Ids;Customer User Main Organisation Id;' +
  'Customer User Password;Customer User Inactive;Customer User Delete;Customer User Store Ids'
const COLUMNS = [
  'externalId',
  'civility',
  'firstName',
  'lastName',
  'email',
  'phone',
  'groups',
  'accountIds',
  'organisationIds',
  'mainOrganisationId',
  'password',
  'inactive',
  'delete',
  'storeIds',
] as const
type Row = Partial<Record<(typeof COLUMNS)[number], string>>

/** A user row with every required value; `over` replaces cells. Email `<externalId>@example.com`. */
const row = (externalId: string, over: Row = {}): Row => ({
  externalId,
  civility: 'MR',
  firstName: 'First',
  lastName: externalId,
  email: `${externalId.toLowerCase()}@example.com`,
  phone: '+33 6 12 34 56 78',
  groups: 'FOC_User',
  accountIds: 'ACME',
  ...over,
})
/** The import-page header form, `;`-separated (as French Excel writes). */
const csv = (rows: Row[], header = HEADER) =>
  `${[header, ...rows.map((r) => COLUMNS.map((c) => r[c] ?? '').join(';'))].join('\r\n')}\r\n`

let t: TestApp
let acme: { id: string; externalId: string }
const fastApp = (o: Parameters<typeof testApp>[0] = {}) => testApp({ passwordIterations: 1000, ...o })
beforeEach(async () => {
  t = await fastApp()
  acme = await makeAccount(t, 'ACME')
})

/** The saved data, less the import jobs and the id counter (a dry run or a failed job still records itself). */
const data = (tt = t) => JSON.stringify({ ...JSON.parse(tt.snapshot()), importJobs: [], seq: 0 })

async function postBytes(
  body: string | Uint8Array,
  query = '',
  tt = t,
  contentType = 'text/csv',
  as: 'admin' | 'user' | 'reader' = 'user',
) {
  const keys = { admin: 'test-admin-key', user: 'test-user-key', reader: 'test-reader-key' }
  const res = await tt.app.request(`${JOBS}?type=CUSTOMER_USER${query}`, {
    method: 'POST',
    headers: { 'dj-client': 'OPERATOR', 'dj-api-key': keys[as], 'content-type': contentType },
    body: body as BodyInit,
  })
  return { status: res.status, body: (await res.json()) as any, location: res.headers.get('location') }
}
/** Posts a CSV job and waits until it is DONE or FAILED. */
async function importCsv(body: string | Uint8Array, query = '', tt = t) {
  const r = await postBytes(body, query, tt)
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  expect(r.body).toEqual({ id: expect.stringMatching(/^job_/), status: 'PENDING' })
  expect(r.location).toBe(`${JOBS}/${r.body.id}`)
  return finished(r.body.id, tt)
}
async function importJson(body: Record<string, unknown>, tt = t) {
  const r = await tt.call('POST', JOBS, { body: { type: 'CUSTOMER_USER', ...body } })
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  return finished(r.body.id, tt)
}
async function finished(id: string, tt = t): Promise<any> {
  for (let i = 0; i < 2000; i++) {
    const r = await tt.call('GET', `${JOBS}/${id}`)
    expect(r.status).toBe(200)
    if (r.body.status === 'DONE' || r.body.status === 'FAILED') return r.body
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`job ${id} did not finish`)
}
const report = async (id: string, query = '', tt = t) => {
  const r = await tt.call('GET', `${JOBS}/${id}/report${query}`)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.rows as {
    line: number
    externalId: string
    status: string
    errors: { code: string; column: string | null; message: string }[]
  }[]
}
/** `line status [code column…]` per row, for compact assertions. */
const outline = (rows: Awaited<ReturnType<typeof report>>) =>
  rows.map((r) => [r.line, r.status, ...r.errors.map((e) => `${e.code} ${e.column}`)].join(' '))
/** The stored user, with its groups as answers show them (U16: the union of its accounts' groups). */
const user = (externalId: string, tt = t) => {
  const u = tt.app.db.customerUsers.findBy('externalId', externalId)
  return u && { ...u, groups: allGroups(u) }
}
const notificationsOf = (userId: string) =>
  [...t.app.db.notifications.values()].filter((n) => n.customerUserId === userId)

describe('I3 create and update by externalId', () => {
  it('I3 unknown externalIds create: references by external id become DJUST ids; U6 generated passwords are sent and work', async () => {
    const org = await makeOrg(t, { externalId: 'ACME-SALES', accountId: acme.id })
    const job = await importCsv(
      csv([
        row('CU-1', { organisationIds: 'ACME-SALES' }),
        row('CU-2', { groups: 'FOC_Admin||FOC_User', civility: 'mrs' }),
      ]),
    )
    expect(job).toMatchObject({
      status: 'DONE',
      dryRun: false,
      format: 'CSV',
      delimiter: ';',
      encoding: 'utf-8',
      progress: { processed: 2, total: 2 },
      counts: { created: 2, updated: 0, deleted: 0, failed: 0 },
    })
    expect(job.startedAt).toEqual(expect.any(String))
    expect(job.finishedAt).toEqual(expect.any(String))
    expect(job).not.toHaveProperty('error')
    expect(outline(await report(job.id))).toEqual(['2 CREATED', '3 CREATED'])

    const cu1 = user('CU-1')!
    expect(cu1).toMatchObject({
      accountIds: [acme.id],
      organisationIds: [org.id],
      mainOrganisationId: org.id,
      status: 'ACTIVE',
      groups: ['FOC_User'],
    })
    expect(user('CU-2')).toMatchObject({ civility: 'MRS', groups: ['FOC_Admin', 'FOC_User'] })
    // U6/U9: "welcome" with the generated password, which logs in; random, so hashed with one PBKDF2 iteration.
    const [welcome] = notificationsOf(cu1.id)
    expect(welcome).toMatchObject({ template: 'welcome', to: 'cu-1@example.com' })
    expect(welcome.data.initialPassword).toMatch(/^[A-Za-z0-9_-]{18}$/)
    expect(cu1.password.iterations).toBe(1)
    await login(t, 'cu-1@example.com', welcome.data.initialPassword)
  })

  it('I3 known externalIds update; an empty password keeps the password (login still works), a given one replaces it', async () => {
    const before = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    await makeUser(t, { externalId: 'CU-2', accountIds: [acme.id] })
    const job = await importCsv(
      csv([row('CU-1', { lastName: 'Renamed', phone: '01 23 45 67 89' }), row('CU-2', { password: 'New-Password-7' })]),
    )
    expect(job.counts).toEqual({ created: 0, updated: 2, deleted: 0, failed: 0 })
    expect(outline(await report(job.id))).toEqual(['2 UPDATED', '3 UPDATED'])
    expect(user('CU-1')).toMatchObject({
      id: before.id,
      lastName: 'Renamed',
      phone: '01 23 45 67 89',
      version: before.version + 1,
    })
    await login(t, 'cu-1@example.com', PASSWORD)
    expect((await requestToken(t, 'cu-2@example.com', PASSWORD)).status).toBe(401)
    await login(t, 'cu-2@example.com', 'New-Password-7')
    // A password a person chose gets the app's full PBKDF2 iterations.
    expect(user('CU-2')!.password.iterations).toBe(1000)
    expect(notificationsOf(before.id).map((n) => n.template)).toEqual(['welcome'])
  })

  it('I3 the JSON `rows` path takes the same rows (field names, arrays, booleans) and gives the same outcomes', async () => {
    await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    const job = await importJson({
      rows: [
        {
          externalId: 'CU-1',
          civility: 'MR',
          firstName: 'John',
          lastName: 'Updated',
          email: 'cu-1@example.com',
          phone: '0612345678',
          groups: ['FOC_User'],
          accountIds: ['ACME'],
        },
        {
          line: 40,
          externalId: 'CU-2',
          civility: 'MISS',
          firstName: 'Jane',
          lastName: 'New',
          email: 'jane@example.com',
          phone: '0612345678',
          groups: 'FOC_User||FOC_Webmaster',
          accountIds: ['ACME'],
          inactive: true,
        },
        {
          externalId: 'CU-3',
          civility: 'MR',
          firstName: 'Bad',
          lastName: 'Row',
          email: 'not-an-email',
          phone: '0612345678',
          groups: ['FOC_User'],
          accountIds: ['NOPE'],
        },
      ],
    })
    expect(job).toMatchObject({
      status: 'DONE',
      format: 'JSON',
      delimiter: null,
      encoding: null,
      counts: { created: 1, updated: 1, failed: 1 },
    })
    expect(outline(await report(job.id))).toEqual([
      '2 UPDATED',
      '40 CREATED',
      '4 FAILED F-E-004 email F-E-002 accountIds',
    ])
    expect(user('CU-1')!.lastName).toBe('Updated')
    expect(user('CU-2')).toMatchObject({ status: 'INACTIVE', groups: ['FOC_User', 'FOC_Webmaster'] })
    expect(user('CU-3')).toBeUndefined()
  })

  it('I3 each row sees the rows before it: an email freed by an earlier row can be taken by a later one', async () => {
    await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id], email: 'shared@example.com' })
    const job = await importCsv(
      csv([row('CU-1', { email: 'moved@example.com' }), row('CU-2', { email: 'shared@example.com' })]),
    )
    expect(outline(await report(job.id))).toEqual(['2 UPDATED', '3 CREATED'])
    expect(user('CU-2')!.email).toBe('shared@example.com')
  })
})

describe('I6 rows are independent; every error of a row, named by column and code', () => {
  it('I6 F-E-002 unknown account, organisation and store references name their column; good rows still apply', async () => {
    await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    const job = await importCsv(
      csv([row('CU-1', { accountIds: 'ACME||GHOST', organisationIds: 'NOWHERE', storeIds: 'XX' }), row('CU-2')]),
    )
    const [bad, good] = await report(job.id)
    expect(bad.status).toBe('FAILED')
    expect(bad.errors).toEqual([
      { code: 'F-E-002', column: 'Customer User Account Ids', message: 'Unknown customer account: "GHOST".' },
      { code: 'F-E-002', column: 'Customer User Organisation Ids', message: 'Unknown organisation: "NOWHERE".' },
      { code: 'F-E-002', column: 'Customer User Store Ids', message: 'Unknown store: "XX".' },
    ])
    expect(good.status).toBe('CREATED')
    expect(job.counts).toEqual({ created: 1, updated: 0, deleted: 0, failed: 1 })
    expect(user('CU-1')).toBeUndefined()
  })

  it("I6 F-E-003 email of another stored user; F-E-008 an organisation outside the user's accounts; shape and data errors together", async () => {
    await makeUser(t, { externalId: 'OTHER', accountIds: [acme.id], email: 'taken@example.com' })
    const globex = await makeAccount(t, 'GLOBEX')
    await makeOrg(t, { externalId: 'GLOBEX-HQ', accountId: globex.id })
    const job = await importCsv(
      csv([
        row('CU-1', { email: 'TAKEN@example.com' }),
        row('CU-2', { organisationIds: 'GLOBEX-HQ' }),
        row('CU-3', { civility: 'DR', phone: 'call me', accountIds: 'GHOST', password: 'short' }),
      ]),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 FAILED F-E-003 Customer User Email',
      '3 FAILED F-E-008 Customer User Organisation Ids',
      '4 FAILED F-E-008 Customer User Civility F-E-004 Customer User Phone F-E-005 Customer User Password F-E-002 Customer User Account Ids',
    ])
    const [taken, outside] = await report(job.id)
    expect(taken.errors[0].message).toBe('"TAKEN@example.com" is already the email of customer user "OTHER".')
    expect(outside.errors[0].message).toBe('"GLOBEX-HQ" belongs to none of the user\'s accounts (ACME).')
    expect(job.counts.failed).toBe(3)
  })

  it('I6 F-E-006 main organisation not among the organisations; U4 several organisations need a main one', async () => {
    await makeOrg(t, { externalId: 'A', accountId: acme.id })
    await makeOrg(t, { externalId: 'B', accountId: acme.id })
    const job = await importCsv(
      csv([
        row('CU-1', { organisationIds: 'A', mainOrganisationId: 'B' }),
        row('CU-2', { organisationIds: 'A||B' }),
        row('CU-3', { organisationIds: 'A||B', mainOrganisationId: 'B' }),
      ]),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 FAILED F-E-006 Customer User Main Organisation Id',
      '3 FAILED F-E-006 Customer User Main Organisation Id',
      '4 CREATED',
    ])
    expect(user('CU-3')!.mainOrganisationId).toBe(t.app.db.organisations.findBy('externalId', 'B')!.id)
  })

  it('I6 custom fields (CF2): F-E-008 not in a LIST, F-E-004 not a NUMBER, F-E-001 a required one missing, F-E-002 no such field', async () => {
    const defs = [
      { externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_USER', type: 'LIST', options: ['gold', 'silver'] },
      { externalId: 'seats', name: 'Seat count', entity: 'CUSTOMER_USER', type: 'NUMBER' },
      { externalId: 'badge', name: 'Badge number', entity: 'CUSTOMER_USER', type: 'TEXT', required: true },
      { externalId: 'vip', name: 'Is VIP', entity: 'CUSTOMER_USER', type: 'BOOLEAN' },
    ]
    for (const body of defs) expect((await t.call('POST', '/v1/custom-fields', { body })).status).toBe(201)
    const header =
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,customField.tier,Customer User Custom Field seats,customField.badge,customField.vip,customField.ghost'
    const line = (id: string, cells: string) =>
      `${id},MR,F,L,${id.toLowerCase()}@example.com,0612345678,FOC_User,ACME,${cells}`
    const file = [
      header,
      line('CU-1', 'gold,12,B-1,true,'),
      line('CU-2', 'bronze,twelve,,,x'),
      line('CU-3', 'silver,,B-3,TRUE,'),
    ].join('\n')
    const job = await importCsv(file)
    const rows = await report(job.id)
    expect(outline(rows)).toEqual([
      '2 CREATED',
      '3 FAILED F-E-008 customField.tier F-E-004 Customer User Custom Field seats F-E-002 customField.ghost F-E-001 customField.badge',
      '4 CREATED',
    ])
    expect(user('CU-1')!.customFields).toEqual({ tier: 'gold', seats: 12, badge: 'B-1', vip: true })
    expect(user('CU-3')!.customFields).toEqual({ tier: 'silver', badge: 'B-3', vip: true })
    // Update: a column with an empty cell clears its value; a field without a column keeps it.
    const job2 = await importCsv(
      ['externalId,civility,firstName,lastName,email,phone,groups,accountIds,customField.vip', line('CU-1', '')].join(
        '\n',
      ),
    )
    expect(outline(await report(job2.id))).toEqual(['2 UPDATED'])
    expect(user('CU-1')!.customFields).toEqual({ tier: 'gold', seats: 12, badge: 'B-1' })
  })
})

describe('I4 stores: the job configuration wins over the file; U10', () => {
  beforeEach(async () => {
    for (const [externalId, name] of [
      ['FR', 'France'],
      ['BE', 'Belgium'],
      ['DE', 'Germany'],
    ]) {
      expect((await t.call('POST', '/v1/stores', { body: { externalId, name } })).status).toBe(201)
    }
  })

  it('I4 job storeIds given: every row gets them, the store column is ignored with one F-W-002 warning and no error', async () => {
    const job = await importCsv(
      csv([row('CU-1', { storeIds: 'DE' }), row('CU-2', { storeIds: 'NOT-A-STORE' }), row('CU-3')]),
      '&storeIds=FR,BE',
    )
    expect(job).toMatchObject({ status: 'DONE', storeIds: ['FR', 'BE'], counts: { created: 3, failed: 0 } })
    expect(job.warnings).toEqual([
      { code: 'F-W-002', column: 'Customer User Store Ids', message: expect.stringContaining('FR, BE') },
    ])
    for (const id of ['CU-1', 'CU-2', 'CU-3']) expect(user(id)!.storeIds).toEqual(['FR', 'BE'])
    // The same through JSON.
    const json = await importJson({
      storeIds: ['DE'],
      rows: [{ ...row('CU-4'), groups: ['FOC_User'], accountIds: ['ACME'], storeIds: ['FR'] }],
    })
    expect(json.warnings.map((w: any) => w.code)).toEqual(['F-W-002'])
    expect(user('CU-4')!.storeIds).toEqual(['DE'])
  })

  it("I4 no job stores on a multi-store tenant: the file's column is used, and required (F-E-001 on the store column)", async () => {
    const job = await importCsv(
      csv([row('CU-1', { storeIds: 'DE||FR' }), row('CU-2'), row('CU-3', { storeIds: 'XX' })]),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 CREATED',
      '3 FAILED F-E-001 Customer User Store Ids',
      '4 FAILED F-E-002 Customer User Store Ids',
    ])
    expect(user('CU-1')!.storeIds).toEqual(['DE', 'FR'])
    // A file without the column at all: every row needs stores, so every row fails.
    const header = 'externalId;civility;firstName;lastName;email;phone;groups;accountIds'
    const bare = await importCsv(`${header}\nCU-9;MR;F;L;cu-9@example.com;0612345678;FOC_User;ACME\n`)
    expect(outline(await report(bare.id))).toEqual(['2 FAILED F-E-001 null'])
  })

  it('I4 unknown job stores are refused when the job is posted (422), and nothing is queued', async () => {
    const before = data()
    const r = await postBytes(csv([row('CU-1')]), '&storeIds=FR,ZZ')
    expect(r.status).toBe(422)
    expect(r.body.errors).toEqual([{ field: 'storeIds[1]', code: 'UNKNOWN_REFERENCE', message: 'no store "ZZ"' }])
    expect(t.app.db.importJobs.size).toBe(0)
    expect(data()).toBe(before)
  })
})

it('U10 a single-store tenant: rows without stores get the store', async () => {
  await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
  const job = await importCsv(csv([row('CU-1')]))
  expect(job.counts.created).toBe(1)
  expect(user('CU-1')!.storeIds).toEqual(['FR'])
})

describe('I5 Inactive and Delete', () => {
  it('I5 Inactive = TRUE deactivates (login refused, user and associations kept); FALSE reactivates ("account activated")', async () => {
    const u = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    const off = await importCsv(csv([row('CU-1', { inactive: 'TRUE' })]))
    expect(outline(await report(off.id))).toEqual(['2 UPDATED'])
    expect(user('CU-1')).toMatchObject({ status: 'INACTIVE', accountIds: [acme.id] })
    expectProblem(await requestToken(t, 'cu-1@example.com', PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    const on = await importCsv(csv([row('CU-1', { inactive: 'false' })]))
    expect(outline(await report(on.id))).toEqual(['2 UPDATED'])
    expect(user('CU-1')!.status).toBe('ACTIVE')
    await login(t, 'cu-1@example.com', PASSWORD)
    expect(notificationsOf(u.id).map((n) => n.template)).toEqual(['welcome', 'account-activated'])
    // Created with Inactive = TRUE: INACTIVE, told the account is being prepared.
    await importCsv(csv([row('CU-2', { inactive: 'TRUE' })]))
    expect(user('CU-2')!.status).toBe('INACTIVE')
    expect(notificationsOf(user('CU-2')!.id).map((n) => n.template)).toEqual(['account-being-prepared'])
  })

  it('I5 Delete = TRUE deletes (only the externalId matters); an unknown externalId with Delete = TRUE is F-E-002', async () => {
    const u = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    const job = await importCsv(
      csv([{ externalId: 'CU-1', delete: 'TRUE' }, { externalId: 'GHOST', delete: 'true' }, row('CU-2')]),
    )
    expect(outline(await report(job.id))).toEqual([
      '2 DELETED',
      '3 FAILED F-E-002 Customer User External Id',
      '4 CREATED',
    ])
    expect(job.counts).toEqual({ created: 1, updated: 0, deleted: 1, failed: 1 })
    expect(t.app.db.customerUsers.get(u.id)).toBeUndefined()
    expect((await report(job.id))[1].errors[0].message).toBe('There is no customer user "GHOST" to delete.')
  })
})

describe('I10 delete-only files and the active column', () => {
  it('I10 a delete-only file (long header form, then field-name form) is imported: its rows delete; MISSING_COLUMNS no more', async () => {
    await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    await makeUser(t, { externalId: 'CU-2', accountIds: [acme.id] })
    const long = await importCsv('Customer User External Id;Customer User Delete\r\nCU-1;TRUE\r\n')
    expect(long).toMatchObject({ status: 'DONE', counts: { created: 0, updated: 0, deleted: 1, failed: 0 } })
    expect(user('CU-1')).toBeUndefined()
    const short = await importCsv('externalId,delete\nCU-2,TRUE\nGHOST,TRUE\n')
    expect(outline(await report(short.id))).toEqual(['2 DELETED', '3 FAILED F-E-002 externalId'])
    expect(user('CU-2')).toBeUndefined()
  })

  it('I10 without some required columns, a row that would create or update fails alone (F-E-001, column null, each missing column named); delete rows work', async () => {
    await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    const kept = await makeUser(t, { externalId: 'CU-2', accountIds: [acme.id] })
    const job = await importCsv(
      'externalId;email;delete\nCU-1;;TRUE\nCU-2;new@example.com;\nCU-3;cu-3@example.com;FALSE\n',
    )
    expect(job).toMatchObject({ status: 'DONE', counts: { created: 0, updated: 0, deleted: 1, failed: 2 } })
    const rows = await report(job.id)
    expect(rows.map((r) => r.status)).toEqual(['DELETED', 'FAILED', 'FAILED'])
    for (const r of rows.slice(1)) {
      expect(r.errors.every((e) => e.code === 'F-E-001' && e.column === null)).toBe(true)
      expect(r.errors.map((e) => e.message.split(' ')[0])).toEqual([
        'civility',
        'firstName',
        'lastName',
        'phone',
        'groups',
        'accountIds',
      ])
    }
    expect(rows[1].errors[0].message).toBe(
      'civility is required, and the file has no "Customer User Civility" (or "civility") column.',
    )
    expect(user('CU-2')).toMatchObject({ email: kept.email, version: kept.version })
    expect(user('CU-3')).toBeUndefined()
  })

  it('I10 an active column reads plainly (TRUE active, FALSE inactive, empty: no change); inactive and active that contradict fail the row (F-E-003)', async () => {
    for (const id of ['CU-1', 'CU-2', 'CU-3']) await makeUser(t, { externalId: id, accountIds: [acme.id] })
    await importCsv(csv([row('CU-3', { inactive: 'TRUE' })]))
    const header = 'externalId,civility,firstName,lastName,email,phone,groups,accountIds,Customer User Active'
    const cells = (id: string, active: string) =>
      `${id},MR,F,L,${id.toLowerCase()}@example.com,0612345678,FOC_User,ACME,${active}`
    const job = await importCsv(
      [header, cells('CU-1', 'FALSE'), cells('CU-2', ''), cells('CU-3', 'true'), cells('CU-4', 'FALSE')].join('\n'),
    )
    expect(outline(await report(job.id))).toEqual(['2 UPDATED', '3 UPDATED', '4 UPDATED', '5 CREATED'])
    expect(['CU-1', 'CU-2', 'CU-3', 'CU-4'].map((id) => user(id)!.status)).toEqual([
      'INACTIVE',
      'ACTIVE',
      'ACTIVE',
      'INACTIVE',
    ])
    const both = `${header},inactive`
    const mixed = await importCsv(
      [both, `${cells('CU-1', 'TRUE')},TRUE`, `${cells('CU-2', 'FALSE')},TRUE`, `${cells('CU-3', '')},TRUE`].join('\n'),
    )
    const rows = await report(mixed.id)
    expect(outline(rows)).toEqual(['2 FAILED F-E-003 Customer User Active', '3 UPDATED', '4 UPDATED'])
    expect(rows[0].errors[0].message).toMatch(
      /"Customer User Active" is TRUE but "inactive" is TRUE: the two columns say opposite things/,
    )
    expect(['CU-1', 'CU-2', 'CU-3'].map((id) => user(id)!.status)).toEqual(['INACTIVE', 'INACTIVE', 'INACTIVE'])
    // The same through JSON rows.
    const json = await importJson({
      rows: [{ ...row('CU-1'), groups: ['FOC_User'], accountIds: ['ACME'], active: true }],
    })
    expect(json.counts.updated).toBe(1)
    expect(user('CU-1')!.status).toBe('ACTIVE')
  })
})

describe('I7 jobs', () => {
  it('I7 a dry run reaches the statuses the real run reaches, checks every rule against the data, and writes nothing', async () => {
    await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    await makeUser(t, { externalId: 'CU-2', accountIds: [acme.id], email: 'taken@example.com' })
    const file = csv([
      row('CU-1', { lastName: 'Changed' }),
      { externalId: 'CU-2', delete: 'TRUE' },
      row('CU-3', { email: 'taken@example.com' }),
      row('CU-4', { accountIds: 'GHOST' }),
      row('CU-5'),
      { externalId: 'CU-5', delete: 'TRUE' },
    ])
    const before = data()
    const dry = await importCsv(file, '&dryRun=true')
    expect(dry).toMatchObject({ status: 'DONE', dryRun: true })
    expect(data()).toBe(before)
    expect(notificationsOf(user('CU-1')!.id)).toHaveLength(1)
    const real = await importCsv(file)
    expect(real.dryRun).toBe(false)
    const dryRows = await report(dry.id)
    // CU-3 takes the email CU-2 frees two rows earlier: the dry run sees that, as the real run does.
    expect(outline(dryRows)).toEqual([
      '2 UPDATED',
      '3 DELETED',
      '4 CREATED',
      '5 FAILED F-E-002 Customer User Account Ids',
      '6 CREATED',
      '7 FAILED F-E-003 Customer User External Id',
    ])
    expect(dryRows).toEqual(await report(real.id))
    expect(dry.counts).toEqual(real.counts)
    expect(data()).not.toBe(before)
    expect(user('CU-1')!.lastName).toBe('Changed')
  })

  it('I7 a dry run through JSON works the same', async () => {
    const before = data()
    const job = await importJson({
      dryRun: true,
      rows: [{ ...row('CU-1'), groups: ['FOC_User'], accountIds: ['ACME'] }],
    })
    expect(job).toMatchObject({ dryRun: true, counts: { created: 1 } })
    expect(data()).toBe(before)
  })

  it('I7 jobs queue: a second job waits PENDING while the first runs; progress grows chunk by chunk', async () => {
    t = await fastApp({ importChunkRows: 5 })
    await makeAccount(t, 'ACME')
    const many = csv(Array.from({ length: 60 }, (_, i) => row(`CU-${i}`)))
    const a = await postBytes(many, '', t)
    const b = await postBytes(csv([row('LATE')]), '', t)
    expect([a.status, b.status]).toEqual([202, 202])
    const seen: { a: string; b: string; processed: number }[] = []
    for (;;) {
      // One list call: both jobs as of the same instant.
      const jobs = (await t.call('GET', JOBS)).body.content as any[]
      const [ja, jb] = [jobs.find((j) => j.id === a.body.id), jobs.find((j) => j.id === b.body.id)]
      seen.push({ a: ja.status, b: jb.status, processed: ja.progress.processed })
      expect(ja.status === 'RUNNING' && jb.status === 'RUNNING').toBe(false)
      if (jb.status === 'DONE') break
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    expect(seen.some((s) => s.a === 'RUNNING' && s.b === 'PENDING')).toBe(true)
    // Progress was visible in between: processed counts in whole chunks of 5, below the total.
    const partial = seen.filter((s) => s.a === 'RUNNING' && s.processed > 0 && s.processed < 60)
    expect(partial.length).toBeGreaterThan(0)
    for (const s of partial) expect(s.processed % 5).toBe(0)
    const [ja, jb] = [await finished(a.body.id), await finished(b.body.id)]
    expect(ja.counts.created).toBe(60)
    expect(Date.parse(jb.startedAt)).toBeGreaterThanOrEqual(Date.parse(ja.finishedAt))
    // The report waits for the end of the job.
    const c = await postBytes(many.replaceAll('CU-', 'CV-').replaceAll('cu-', 'cv-'), '', t)
    expectProblem(await t.call('GET', `${JOBS}/${c.body.id}/report`), 409, 'INVALID_STATE')
    await finished(c.body.id)
  })

  it('I7 a file that cannot be read fails the job with a clear error, and imports nothing', async () => {
    const before = data()
    const cases: [string | Uint8Array, string, string, RegExp][] = [
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), '', 'NOT_TEXT', /Excel workbook/],
      ['', '', 'EMPTY', /./],
      [csv([row('CU-1')]), '&delimiter=,', 'SINGLE_COLUMN', /./],
      ['name;city\nAlice;Paris\n', '', 'NO_HEADER', /names no customer-user column/],
      ['email;civility\na@example.com;MR\n', '', 'MISSING_COLUMNS', /Customer User External Id.*Nothing was imported/],
      ['externalId;civility\n"CU-1;MR\n', '', 'MALFORMED', /./],
    ]
    for (const [body, query, code, message] of cases) {
      const job = await importCsv(body, query)
      expect(job, code).toMatchObject({
        status: 'FAILED',
        errorCode: code,
        counts: { created: 0, updated: 0, deleted: 0, failed: 0 },
      })
      expect(job.error, code).toMatch(message)
      expect(await report(job.id)).toEqual([])
    }
    expect(data()).toBe(before)
  })

  it('I7 a CSV body needs ?type; a JSON body carries its settings itself; a Reader may read jobs but not post one', async () => {
    const r = await t.app.request(JOBS, {
      method: 'POST',
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-user-key', 'content-type': 'text/csv' },
      body: 'x',
    })
    expect(r.status).toBe(400)
    expect((await r.json()).errors[0]).toMatchObject({ field: 'type', code: 'REQUIRED' })
    const p = expectProblem(
      await t.call('POST', `${JOBS}?dryRun=true`, { body: { type: 'CUSTOMER_USER', rows: [] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['dryRun'])
    expectProblem(
      await t.call('POST', JOBS, { body: { type: 'CUSTOMER_USER', rows: [{ externalId: 'x', nickname: 'y' }] } }),
      400,
      'VALIDATION_FAILED',
    )
    expectProblem(
      await t.call('POST', JOBS, { raw: 'a,b', headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect((await postBytes(csv([row('CU-1')]), '', t, 'text/csv', 'reader')).status).toBe(403)
    const job = await importCsv(csv([row('CU-1')]))
    expect((await t.call('GET', `${JOBS}/${job.id}`, { as: 'reader' })).status).toBe(200)
    expectProblem(await t.call('GET', `${JOBS}/job_404`), 404, 'NOT_FOUND')
  })

  it('I7 the body limit is 64 MiB on the import route only: other routes keep theirs', async () => {
    t = await fastApp({ maxBodyBytes: 2000 })
    await makeAccount(t, 'ACME')
    const big = csv(Array.from({ length: 100 }, (_, i) => row(`CU-${i}`)))
    expect(big.length).toBeGreaterThan(2000)
    expect((await importCsv(big)).counts.created).toBe(100)
    expectProblem(
      await t.call('POST', '/v1/customer-tags', {
        body: { externalId: 'x', name: 'x', description: 'd'.repeat(3000) },
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    )
    const small = await fastApp({ maxImportBytes: 1000 })
    const r = await postBytes(big, '', small)
    expect(r.status).toBe(413)
  })

  it('I7 GET /v1/import-jobs lists jobs newest first, paged, filterable by status', async () => {
    const a = await importCsv(csv([row('CU-1')]))
    const b = await importCsv('nothing here')
    const c = await importCsv(csv([row('CU-2')]), '&dryRun=true')
    const page = (await t.call('GET', `${JOBS}?size=2`)).body
    expect(page).toMatchObject({ totalElements: 3, totalPages: 2, number: 0, size: 2 })
    expect(page.content.map((j: any) => j.id)).toEqual([c.id, b.id])
    expect(page.content[0]).not.toHaveProperty('failures')
    expect((await t.call('GET', `${JOBS}?status=FAILED`)).body.content.map((j: any) => j.id)).toEqual([b.id])
    expect((await t.call('GET', `${JOBS}?dryRun=false&status=DONE`)).body.content.map((j: any) => j.id)).toEqual([a.id])
  })

  it("I7 the report: a line per record (header = 1), filterable by status; as CSV, the file's columns plus status and errors, formulas neutralised, no password", async () => {
    const file = [
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,password,notes',
      'CU-1,MR,=HYPERLINK("http://evil"),@SUM(A1),cu-1@example.com,+33 6 12 34 56 78,FOC_User,ACME,Secret-Pass-1,"multi',
      'line"',
      'CU-2,MR,-2,Plain,cu-2@example.com,0612345678,FOC_User,GHOST,,\tTab',
    ].join('\r\n')
    const job = await importCsv(file)
    expect(job.warnings).toEqual([
      { code: 'F-W-001', column: 'notes', message: expect.stringContaining('Unknown column') },
    ])
    expect(outline(await report(job.id))).toEqual(['2 CREATED', '4 FAILED F-E-002 accountIds'])
    expect(outline(await report(job.id, '?status=FAILED'))).toEqual(['4 FAILED F-E-002 accountIds'])
    const res = await t.app.request(`${JOBS}/${job.id}/report`, {
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-reader-key', accept: 'text/csv' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await res.text()
    expect(text).not.toContain('Secret-Pass-1')
    expect(text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,password,notes,status,errors',
      `CU-1,MR,"'=HYPERLINK(""http://evil"")",'@SUM(A1),cu-1@example.com,+33 6 12 34 56 78,FOC_User,ACME,,"multi`,
      'line",CREATED,',
      `CU-2,MR,-2,Plain,cu-2@example.com,0612345678,FOC_User,GHOST,,'\tTab,FAILED,"F-E-002 accountIds: Unknown customer account: ""GHOST""."`,
      '',
    ])
  })

  it('I7 the CSV report neutralises only what a spreadsheet would run: phone numbers and plain numbers stay as written', async () => {
    const file = [
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,notes',
      'CU-1,MR,+SUM(A1),-12.5,cu-1@example.com,+33 6 12 34 56 78,FOC_User,GHOST,"-1+cmd|\' /C calc\'!A0"',
      'CU-2,MR,=1+2,@A1,cu-2@example.com,+1 (555) 010-0199,FOC_User,GHOST,-',
      'CU-3,MR,+,-0612345678,cu-3@example.com,+33612345678,FOC_User,GHOST,+ 1e3',
    ].join('\r\n')
    const job = await importCsv(file)
    const res = await t.app.request(`${JOBS}/${job.id}/report`, {
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-user-key', accept: 'text/csv' },
    })
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n')
    const cells = lines.slice(1, 4).map((l) => l.split(',').slice(2, 6).concat(l.split(',')[8]))
    expect(cells).toEqual([
      ["'+SUM(A1)", '-12.5', 'cu-1@example.com', '+33 6 12 34 56 78', "'-1+cmd|' /C calc'!A0"],
      ["'=1+2", "'@A1", 'cu-2@example.com', '+1 (555) 010-0199', "'-"],
      ["'+", '-0612345678', 'cu-3@example.com', '+33612345678', "'+ 1e3"],
    ])
  })

  it('I7 a report whose failed rows were fixed imports again: its status and errors columns are ignored without a warning, the rows succeed', async () => {
    const first = await importCsv(
      csv([row('CU-1'), row('CU-2', { accountIds: 'GHOST' }), row('CU-3', { accountIds: 'GHOST' })]),
    )
    expect(first.counts).toMatchObject({ created: 1, failed: 2 })
    const res = await t.app.request(`${JOBS}/${first.id}/report?status=FAILED`, {
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-user-key', accept: 'text/csv' },
    })
    const reportCsv = await res.text()
    expect(reportCsv).toContain(';+33 6 12 34 56 78;')
    const fixed = reportCsv.replaceAll(';GHOST;', ';ACME;')
    const again = await importCsv(fixed)
    expect(again).toMatchObject({ status: 'DONE', counts: { created: 2, updated: 0, failed: 0 } })
    expect(again.warnings).toEqual([])
    expect(user('CU-2')).toMatchObject({ phone: '+33 6 12 34 56 78' })
    expect(user('CU-3')).toBeTruthy()
  })

  it('I7 a windows-1252 file (what Excel writes on Windows) imports with its accents', async () => {
    const latin1 = Uint8Array.from(csv([row('CU-1', { firstName: 'Élodie', lastName: 'Müller' })]), (ch) =>
      ch.charCodeAt(0),
    )
    const job = await importCsv(latin1)
    expect(job).toMatchObject({ status: 'DONE', encoding: 'windows-1252', counts: { created: 1 } })
    expect(user('CU-1')).toMatchObject({ firstName: 'Élodie', lastName: 'Müller' })
  })

  it("I7 after a restart: unfinished jobs are FAILED (INTERRUPTED); a finished job's failed rows are still reported", async () => {
    const job = await importCsv(csv([row('CU-1', { accountIds: 'GHOST' }), row('CU-2')]))
    const saved = JSON.parse(JSON.stringify(t.app.db.toJSON()))
    saved.importJobs.push({ ...saved.importJobs[0], id: 'job_9999999999', status: 'RUNNING', finishedAt: null })
    const { MemoryStore } = await import('../../mock-server/storage/store.js')
    const again = await fastApp({ store: new MemoryStore(saved) })
    const interrupted = (await again.call('GET', `${JOBS}/job_9999999999`)).body
    expect(interrupted).toMatchObject({
      status: 'FAILED',
      errorCode: 'INTERRUPTED',
      error: expect.stringContaining('restarted'),
    })
    const r = (await again.call('GET', `${JOBS}/${job.id}/report`)).body
    expect(r).toMatchObject({ complete: false, rows: [{ line: 2, status: 'FAILED', errors: [{ code: 'F-E-002' }] }] })
    const res = await again.app.request(`${JOBS}/${job.id}/report`, {
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-admin-key', accept: 'text/csv' },
    })
    expect((await res.text()).split('\r\n')[1]).toMatch(
      /^CU-1;MR;First;CU-1;.*;GHOST;.*;FAILED;"F-E-002 Customer User Account Ids/,
    )
  })

  it('I7 stopping the app interrupts the running job after its chunk; the rows done stay, the rest is reported', async () => {
    t = await fastApp({ importChunkRows: 2 })
    await makeAccount(t, 'ACME')
    const r = await postBytes(csv(Array.from({ length: 40 }, (_, i) => row(`CU-${i}`))), '', t)
    for (;;) {
      const j = (await t.call('GET', `${JOBS}/${r.body.id}`)).body
      if (j.progress.processed > 0) break
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await t.app.close()
    const job = t.app.db.importJobs.get(r.body.id)!
    expect(job).toMatchObject({ status: 'FAILED', errorCode: 'INTERRUPTED' })
    expect(job.progress.processed).toBeLessThan(40)
    expect(t.app.db.customerUsers.size).toBe(job.progress.processed)
  })
})

describe('I7 properties (fast-check)', () => {
  it('I7 any bytes as a CSV body: the job ends DONE or FAILED, never a 5xx, and a FAILED job changes nothing', async () => {
    await makeOrg(t, { externalId: 'ACME-HQ', accountId: acme.id })
    const token = fc.constantFrom(
      'CU-1',
      'ACME',
      'ACME-HQ',
      'MR',
      'FOC_User',
      'a@example.com',
      '0612345678',
      'TRUE',
      '',
      '"',
      '""',
      ';',
      ',',
      '\n',
      '\r\n',
      '||',
      '=1+1',
      'Élodie',
      'externalId',
    )
    const text = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(''))
    const plausible = fc
      .array(
        fc.array(token, { maxLength: 9 }).map((cells) => cells.join(';')),
        { maxLength: 6 },
      )
      .map((lines) => [HEADER, ...lines].join('\n'))
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      text.map((s) => new TextEncoder().encode(s)),
      plausible.map((s) => new TextEncoder().encode(s)),
    )
    await fc.assert(
      fc.asyncProperty(bytes, fc.boolean(), async (body, dryRun) => {
        const before = data()
        const r = await postBytes(body, dryRun ? '&dryRun=true' : '')
        expect(r.status).toBe(202)
        const job = await finished(r.body.id)
        expect(['DONE', 'FAILED']).toContain(job.status)
        if (job.status === 'FAILED') {
          expect(job.error).toEqual(expect.any(String))
          expect(job.errorCode).not.toBe('INTERNAL')
        }
        if (job.status === 'FAILED' || dryRun) expect(data()).toBe(before)
        expect(job.counts.created + job.counts.updated + job.counts.deleted + job.counts.failed).toBe(
          job.progress.total,
        )
      }),
      { numRuns: 120 },
    )
  })

  it('I7 any JSON rows: a 202 and a finished job, or a 400 problem; never a 5xx', async () => {
    const cell = fc.oneof(
      fc.constantFrom('CU-1', 'ACME', 'MR', 'FOC_User', 'a@example.com', '0612345678', '', '=x'),
      fc.string({ maxLength: 12 }),
    )
    const jsonRow = fc.record(
      {
        externalId: cell,
        civility: cell,
        firstName: cell,
        lastName: cell,
        email: cell,
        phone: cell,
        groups: fc.array(cell, { maxLength: 3 }),
        accountIds: fc.oneof(fc.array(cell, { maxLength: 3 }), cell),
        inactive: fc.oneof(fc.boolean(), cell),
        delete: fc.oneof(fc.boolean(), cell),
        customFields: fc.dictionary(fc.string({ maxLength: 6 }), cell, { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonRow, { maxLength: 5 }),
        fc.anything({ maxDepth: 1 }),
        fc.boolean(),
        async (rows, junk, useJunk) => {
          const body = useJunk ? { type: 'CUSTOMER_USER', rows: junk } : { type: 'CUSTOMER_USER', dryRun: true, rows }
          const before = data()
          const r = await t.call('POST', JOBS, { body })
          expect([202, 400]).toContain(r.status)
          if (r.status === 202) expect(['DONE', 'FAILED']).toContain((await finished(r.body.id)).status)
          expect(data()).toBe(before)
        },
      ),
      { numRuns: 80 },
    )
  })
})
