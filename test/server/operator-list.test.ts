import { beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

// A small, hand-made directory where each query's answer can be checked by eye.
const PEOPLE = [
  ['E1', 'elodie.durand@acme.fr', 'Élodie', 'Durand', 'ACTIVE', ['User'], ['FR']],
  ['E2', 'jean.muller@acme.de', 'Jean', 'Müller', 'ACTIVE', ['Admin'], ['DE', 'FR']],
  ['E3', 'ana.garcia@acme.es', 'Ana', 'García', 'INACTIVE', ['Reader'], ['ES']],
  ['E4', 'marc.dupont@acme.fr', 'Marc', 'Dupont', 'ACTIVE', ['Reader', 'User'], []],
  ['E5', 'zoe.martin@acme.be', 'Zoé', 'Martin', 'INACTIVE', ['User'], ['BE']],
  ['E6', 'paul.martin@acme.fr', 'Paul', 'Martin', 'ACTIVE', ['User'], ['FR', 'BE']],
] as const

describe('OP5 operator list (ADM-OPERATOR-USER-550)', () => {
  let t: TestApp
  const ids = (r: { body: { content: { externalId: string }[] } }) =>
    r.body.content.map((o) => o.externalId).filter((x) => x.startsWith('E'))
  const list = async (query: string) => {
    const r = await t.call('GET', `/v1/operator-users?${query}`, { as: 'reader' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r
  }

  beforeAll(async () => {
    t = await testApp()
    for (const externalId of ['FR', 'DE', 'ES', 'BE'])
      await t.call('POST', '/v1/stores', { body: { externalId, name: externalId } })
    for (const [externalId, email, firstName, lastName, status, groups, storeIds] of PEOPLE) {
      const r = await t.call('POST', '/v1/operator-users', {
        body: { externalId, email, firstName, lastName, status, groups, storeIds },
      })
      expect(r.status).toBe(201)
    }
  })

  it('OP5 search matches a substring of email, firstName or lastName, ignoring case and accents', async () => {
    expect(ids(await list('search=ELODIE'))).toEqual(['E1'])
    expect(ids(await list('search=muller'))).toEqual(['E2'])
    expect(ids(await list('search=Garcí'))).toEqual(['E3'])
    expect(ids(await list('search=acme.be'))).toEqual(['E5'])
    expect(ids(await list('search=mart'))).toEqual(['E5', 'E6'])
    expect(ids(await list('search=zzz'))).toEqual([])
  })

  it('OP5 filters take repeated params or comma lists; values are OR-ed, filters AND-ed', async () => {
    expect(ids(await list('status=INACTIVE'))).toEqual(['E3', 'E5'])
    expect(ids(await list('groups=Admin&groups=Reader'))).toEqual(['E2', 'E3', 'E4'])
    expect(ids(await list('groups=Admin,Reader'))).toEqual(['E2', 'E3', 'E4'])
    expect(ids(await list('storeIds=BE&groups=User'))).toEqual(['E5', 'E6'])
    expect(ids(await list('storeIds=BE&groups=User&status=ACTIVE'))).toEqual(['E6'])
    expect(ids(await list('externalIds=E1,E4&externalIds=E6'))).toEqual(['E1', 'E4', 'E6'])
    const e2 = (await list('externalIds=E2')).body.content[0].id
    expect(ids(await list(`ids=${e2}`))).toEqual(['E2'])
    expect(ids(await list('search=acme.fr&storeIds=FR,ES&status=ACTIVE'))).toEqual(['E1', 'E6'])
  })

  it('OP5 unknown params are ignored (200)', async () => {
    expect(ids(await list('colour=blue&groups=Admin&foo=1&foo=2'))).toEqual(['E2'])
  })

  it('OP5 unknown params are a 400 naming them under --strict', async () => {
    const strict = await testApp({ strict: true })
    const p = expectProblem(
      await strict.call('GET', '/v1/operator-users?colour=blue&size=5'),
      400,
      'UNKNOWN_QUERY_PARAMETER',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['colour'])
    expect((await strict.call('GET', '/v1/operator-users?size=5&sort=id:asc&groups=Admin')).status).toBe(200)
  })

  it('OP5 sort accepts field:direction and field,direction, any case, default asc', async () => {
    const only = 'externalIds=E1,E2,E3,E4,E5,E6'
    expect(ids(await list(`${only}&sort=firstName:desc`))).toEqual(['E5', 'E6', 'E4', 'E2', 'E1', 'E3'])
    expect(ids(await list(`${only}&sort=firstName,DESC`))).toEqual(['E5', 'E6', 'E4', 'E2', 'E1', 'E3'])
    expect(ids(await list(`${only}&sort=firstName`))).toEqual(['E3', 'E1', 'E2', 'E4', 'E6', 'E5'])
    // Accents do not push "Élodie" after "Zoé".
    expect(ids(await list(`${only}&sort=firstName:asc`))[1]).toBe('E1')
  })

  it('OP5 several sort entries apply in order; ties break by id', async () => {
    const only = 'externalIds=E1,E2,E3,E4,E5,E6'
    expect(ids(await list(`${only}&sort=lastName:asc&sort=firstName:desc`))).toEqual([
      'E4',
      'E1',
      'E3',
      'E5',
      'E6',
      'E2',
    ])
    expect(ids(await list(`${only}&sort=status:asc`))).toEqual(['E1', 'E2', 'E4', 'E6', 'E3', 'E5'])
    expect(ids(await list(`${only}&sort=status:desc`))).toEqual(['E3', 'E5', 'E1', 'E2', 'E4', 'E6'])
  })

  it('OP5 malformed or unknown-field sort entries are ignored', async () => {
    const only = 'externalIds=E1,E2,E3,E4,E5,E6'
    const r = await list(
      `${only}&sort=password:desc&sort=lastName:sideways&sort=:desc&sort=a:b:c&sort=,&sort=lastName:desc`,
    )
    expect(ids(r)).toEqual(['E2', 'E5', 'E6', 'E3', 'E1', 'E4'])
  })

  it('OP5 every documented field is sortable', async () => {
    for (const field of [
      'id',
      'externalId',
      'email',
      'civility',
      'firstName',
      'lastName',
      'fullName',
      'locale',
      'status',
      'createdAt',
      'updatedAt',
    ]) {
      const asc = ids(await list(`externalIds=E1,E2,E3,E4,E5,E6&sort=${field}:asc&sort=id:asc`))
      const desc = ids(await list(`externalIds=E1,E2,E3,E4,E5,E6&sort=${field}:desc&sort=id:desc`))
      expect(desc, field).toEqual([...asc].reverse())
    }
  })

  it('OP5 paging is stable: pages of a tied sort cover every row exactly once', async () => {
    const seen: string[] = []
    for (let page = 0; page < 4; page++)
      seen.push(...ids(await list(`externalIds=E1,E2,E3,E4,E5,E6&sort=status:asc&size=2&page=${page}`)))
    expect(seen.sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6'])
  })

  it('OP5 pages answer the envelope of §2; size above 1000 is a 400', async () => {
    const r = await list('externalIds=E1,E2,E3,E4,E5&size=2&page=1')
    expect(r.body).toMatchObject({
      totalElements: 5,
      totalPages: 3,
      number: 1,
      size: 2,
      numberOfElements: 2,
      first: false,
      last: false,
      empty: false,
    })
    expect((await list('externalIds=E1,E2,E3,E4,E5&size=2&page=2')).body).toMatchObject({
      numberOfElements: 1,
      last: true,
    })
    expect((await list('externalIds=E1&page=7')).body).toMatchObject({ content: [], empty: true, totalElements: 1 })
    expect((await list('')).body.size).toBe(20)
    expect((await list('size=1000')).status).toBe(200)
    const p = expectProblem(await t.call('GET', '/v1/operator-users?size=1001'), 400, 'VALIDATION_FAILED')
    expect(p.errors![0].field).toBe('size')
    expect(expectProblem(await t.call('GET', '/v1/operator-users?page=-1'), 400).errors![0].field).toBe('page')
  })
})

describe('OP5 search edge cases', () => {
  it('OP5 a search never matches across two operators, and odd characters are just text', async () => {
    const t = await testApp()
    for (const [externalId, email, lastName] of [
      ['X1', 'ab@x.io', 'Zed'],
      ['X2', 'cd@x.io', 'Abc'],
    ]) {
      await t.call('POST', '/v1/operator-users', {
        body: { externalId, email, firstName: 'A', lastName, groups: ['User'] },
      })
    }
    const list = async (q: string) =>
      (await t.call('GET', `/v1/operator-users?externalIds=X1,X2&search=${q}`)).body.content.map(
        (o: { externalId: string }) => o.externalId,
      )
    expect(await list('zedcd')).toEqual([]) // end of one row + start of the next
    expect(await list('%00')).toEqual([])
    expect(await list('%25')).toEqual([])
    expect(await list('ZED')).toEqual(['X1'])
  })
})
