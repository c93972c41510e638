/**
 * R5: an import never gives a secret back. The password column is read under its other names, and any column named
 * like a secret is blanked in what a job keeps and in its reports, and never quoted in a message — checked as a
 * Reader sees the job, its report (JSON and CSV) and, after a restart, the failed rows the job saved.
 */
import { expect, it } from 'vitest'
import { MemoryStore } from '../../mock-server/storage/store.js'
import { testApp, type TestApp } from '../helpers.js'
import { makeAccount, requestToken } from './customer-fixtures.js'

const JOBS = '/v1/import-jobs'
const SECRETS = [
  'Secret-Pass-1', // CU-1's password, under "Mot de passe" and again under "pwd"
  'Hidden-Pass-2', // CU-2's "Mot de passe"…
  'Other-Pass-3', // …and a different "Passwort": F-E-003
  'tok-XYZ-secret-4', // api_token
  'my-dog-rex-5', // Secret answer
  'Kennwort-Six-6', // "contraseña" of a row that fails
  'shrt', // a password that breaks the policy (F-E-005)
]

async function asReader(t: TestApp, path: string, accept = 'application/json') {
  const res = await t.app.request(path, {
    headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-reader-key', accept },
  })
  expect(res.status).toBe(200)
  return res.text()
}

it('R5 secret columns (password aliases, tokens, secret answers) never appear in the job, its failed rows or its reports, for a Reader', async () => {
  const t = await testApp({ passwordIterations: 1000 })
  await makeAccount(t, 'ACME')
  const file = [
    'externalId;civility;firstName;lastName;email;phone;groups;accountIds;Mot de passe;pwd;Passwort;api_token;Secret answer;contraseña',
    'CU-1;MR;Ann;One;cu-1@example.com;0612345678;FOC_User;ACME;Secret-Pass-1;Secret-Pass-1;;;;',
    'CU-2;MR;Bob;Two;cu-2@example.com;0612345678;FOC_User;ACME;Hidden-Pass-2;;Other-Pass-3;;;',
    'CU-3;MR;Cy;Three;cu-3@example.com;0612345678;FOC_User;GHOST;;;;tok-XYZ-secret-4;my-dog-rex-5;Kennwort-Six-6',
    'CU-4;MR;Di;Four;cu-4@example.com;0612345678;FOC_User;ACME;shrt;;;;;',
  ].join('\r\n')
  const post = await t.app.request(`${JOBS}?type=CUSTOMER_USER`, {
    method: 'POST',
    headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'test-user-key', 'content-type': 'text/csv' },
    body: file,
  })
  expect(post.status).toBe(202)
  const { id } = (await post.json()) as { id: string }
  await t.app.settled()

  const job = JSON.parse(await asReader(t, `${JOBS}/${id}`))
  expect(job).toMatchObject({ status: 'DONE', counts: { created: 1, failed: 3 } })
  // "Mot de passe" is the password column: CU-1 logs in with it. The other aliases repeat it.
  expect((await requestToken(t, 'cu-1@example.com', 'Secret-Pass-1')).status).toBe(200)
  expect(job.warnings.map((w: any) => w.column)).toEqual([
    'pwd',
    'Passwort',
    'api_token',
    'Secret answer',
    'contraseña',
  ])

  const report = JSON.parse(await asReader(t, `${JOBS}/${id}/report`))
  expect(report.rows.map((r: any) => [r.line, r.status, ...r.errors.map((e: any) => `${e.code} ${e.column}`)])).toEqual(
    [
      [2, 'CREATED'],
      [3, 'FAILED', 'F-E-003 Passwort'],
      [4, 'FAILED', 'F-E-003 contraseña', 'F-E-002 accountIds'],
      [5, 'FAILED', 'F-E-005 Mot de passe'],
    ],
  )
  const csv = await asReader(t, `${JOBS}/${id}/report`, 'text/csv')
  expect(csv.split('\r\n')[3]).toMatch(/^CU-3;MR;Cy;Three;cu-3@example.com;0612345678;FOC_User;GHOST;;;;;;;FAILED;/)

  // After a restart, the report comes from the failed rows the job saved.
  const saved = JSON.stringify(t.app.db.toJSON().importJobs)
  const again = await testApp({ store: new MemoryStore(JSON.parse(JSON.stringify(t.app.db.toJSON()))) })
  const savedReport = await asReader(again, `${JOBS}/${id}/report`)
  const savedCsv = await asReader(again, `${JOBS}/${id}/report`, 'text/csv')
  expect(JSON.parse(savedReport).rows).toHaveLength(3)
  const list = await asReader(t, JOBS)

  for (const [what, text] of Object.entries({
    job: JSON.stringify(job),
    report: JSON.stringify(report),
    csv,
    saved,
    savedReport,
    savedCsv,
    list,
  })) {
    for (const secret of SECRETS) expect(text, `${what} holds ${secret}`).not.toContain(secret)
  }
})

it("R5 a secret repeated in another column of a failed row is not quoted by that column's message either", async () => {
  const t = await testApp({ passwordIterations: 1000 })
  await makeAccount(t, 'ACME')
  // The password is also (by mistake) the account id: the F-E-002 message would quote it.
  const file = [
    'externalId,civility,firstName,lastName,email,phone,groups,accountIds,password',
    'CU-1,MR,Ann,One,cu-1@example.com,0612345678,FOC_User,Sunny-Day-42,Sunny-Day-42',
  ].join('\n')
  const res = await t.call('POST', `${JOBS}?type=CUSTOMER_USER`, {
    as: 'user',
    raw: file,
    headers: { 'content-type': 'text/csv' },
  })
  expect(res.status).toBe(202)
  await t.app.settled()
  const report = await asReader(t, `${JOBS}/${res.body.id}/report`)
  expect(JSON.parse(report).rows[0].errors).toEqual([
    { code: 'F-E-002', column: 'accountIds', message: 'Unknown customer account: "•••".' },
  ])
  // The messages the job keeps too (its cells are the file's: the account column is not a secret one).
  expect(report + JSON.stringify(t.app.db.importJobs.get(res.body.id)!.failures[0].errors)).not.toContain(
    'Sunny-Day-42',
  )
})
