/**
 * Organisations in the back office (docs/rules.md O1–O4, O6 and the account tree of §2b), through HTTP against
 * the in-process reference app. Storefront visibility (O5) lives in storefront.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { makeAccount, makeOrg, makeUser, outline, type Org } from './customer-fixtures.js'

let t: TestApp
let acme: { id: string }
let globex: { id: string }
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = await makeAccount(t, 'ACME')
  globex = await makeAccount(t, 'GLOBEX')
})

const ORGS = '/v1/organisations'
const tree = async (accountId: string) => {
  const r = await t.call('GET', `/v1/customer-accounts/${accountId}/organisations`)
  expect(r.status).toBe(200)
  return r.body as (Org & { children: any[] })[]
}
const get = async (id: string) => (await t.call('GET', `${ORGS}/${id}`)).body as Org

/** A chain of `n` organisations, each under the previous one; returns them from the root down. */
async function chain(accountId: string, n: number, prefix = 'L') {
  const out: Org[] = []
  for (let i = 1; i <= n; i++) {
    out.push(
      await makeOrg(t, { externalId: `${prefix}${i}`, ...(i === 1 ? { accountId } : { parentId: out[i - 2].id }) }),
    )
  }
  return out
}

describe('O1 shape and nesting', () => {
  it('O1 a root organisation has the documented shape, an ETag, and reads back the same', async () => {
    const r = await t.call('POST', ORGS, { body: { externalId: 'ACME-SPACE', name: 'ACME Space', accountId: acme.id } })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toEqual({
      id: expect.any(String),
      externalId: 'ACME-SPACE',
      accountId: acme.id,
      parentId: null,
      name: 'ACME Space',
      status: 'ACTIVE',
      customFields: {},
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const read = await t.call('GET', `${ORGS}/${r.body.id}`)
    expect(read.status).toBe(200)
    expect(read.headers.get('etag')).toBe('"1"')
    expect(read.body).toEqual(r.body)
    expect((await t.call('GET', `${ORGS}/ACME-SPACE?idType=EXTERNAL_ID`)).body.id).toBe(r.body.id)
  })

  it("O1 a sub-organisation given only parentId belongs to the parent's account", async () => {
    const root = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    const child = await makeOrg(t, { externalId: 'A1', parentId: root.id })
    expect(child).toMatchObject({ accountId: acme.id, parentId: root.id })
    const withBoth = await makeOrg(t, { externalId: 'A2', parentId: root.id, accountId: acme.id })
    expect(withBoth).toMatchObject({ accountId: acme.id, parentId: root.id })
  })

  it('O1 a root needs an account; unknown account or parent are refused, nothing stored', async () => {
    const before = t.snapshot()
    const noAccount = expectProblem(await t.call('POST', ORGS, { body: { externalId: 'X', name: 'X' } }), 400)
    expect(noAccount.errors?.map((e) => e.field)).toEqual(['accountId'])
    const badAccount = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'X', name: 'X', accountId: 'acc_nope' } }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(badAccount.errors?.map((e) => e.field)).toEqual(['accountId'])
    const badParent = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'X', name: 'X', parentId: 'org_nope' } }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(badParent.errors?.map((e) => e.field)).toEqual(['parentId'])
    expect(t.snapshot()).toBe(before)
  })

  it('O1 a parent of another account than accountId → 422 on parentId, nothing stored', async () => {
    const g = await makeOrg(t, { externalId: 'G', accountId: globex.id })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'X', name: 'X', accountId: acme.id, parentId: g.id } }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    expect(t.snapshot()).toBe(before)
  })

  it('O1 nests ten levels deep; the eleventh → 422 on parentId and nothing is stored', async () => {
    const levels = await chain(acme.id, 10)
    expect(levels.map((o) => o.parentId)).toEqual([null, ...levels.slice(0, 9).map((o) => o.id)])
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'L11', name: 'L11', parentId: levels[9].id } }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ORGS}/L11?idType=EXTERNAL_ID`)).status).toBe(404)
    // The tree shows the ten levels nested.
    let node = (await tree(acme.id))[0]
    let depth = 1
    while (node.children.length) (node = node.children[0]), depth++
    expect(depth).toBe(10)
  })

  it('O1 a Reader cannot create organisations (403), nothing stored', async () => {
    const before = t.snapshot()
    expectProblem(
      await t.call('POST', ORGS, { as: 'reader', body: { externalId: 'X', name: 'X', accountId: acme.id } }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
  })
})

describe('O2 unique names among siblings, unique externalIds', () => {
  it('O2 a sibling name differing only by case → 409 on name, nothing stored', async () => {
    const a = await makeOrg(t, { externalId: 'A', name: 'Sales', accountId: acme.id })
    await makeOrg(t, { externalId: 'A1', name: 'Paris', parentId: a.id })
    const before = t.snapshot()
    const root = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'X', name: 'SALES', accountId: acme.id } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(root.errors?.map((e) => e.field)).toEqual(['name'])
    const child = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'Y', name: 'pARIS', parentId: a.id } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(child.errors?.map((e) => e.field)).toEqual(['name'])
    expect(t.snapshot()).toBe(before)
  })

  it('O2 equal names under different parents, and equal root names in different accounts, are fine', async () => {
    const a = await makeOrg(t, { externalId: 'A', name: 'North', accountId: acme.id })
    const b = await makeOrg(t, { externalId: 'B', name: 'South', accountId: acme.id })
    await makeOrg(t, { externalId: 'A-SALES', name: 'Sales', parentId: a.id })
    await makeOrg(t, { externalId: 'B-SALES', name: 'sales', parentId: b.id })
    await makeOrg(t, { externalId: 'G-NORTH', name: 'North', accountId: globex.id })
    // A child may share its parent's name too: they are not siblings.
    await makeOrg(t, { externalId: 'A-NORTH', name: 'North', parentId: a.id })
    expect(outline(await tree(acme.id))).toBe('North(North Sales) South(sales)')
  })

  it('O2 externalIds are unique across every account → 409 on externalId, nothing stored', async () => {
    await makeOrg(t, { externalId: 'HQ', accountId: acme.id })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'HQ', name: 'Globex HQ', accountId: globex.id } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['externalId'])
    expect(t.snapshot()).toBe(before)
  })

  it("O2 renames keep names and externalIds unique; changing the case of one's own name is fine", async () => {
    const a = await makeOrg(t, { externalId: 'A', name: 'Sales', accountId: acme.id })
    const b = await makeOrg(t, { externalId: 'B', name: 'Support', accountId: acme.id })
    const before = t.snapshot()
    const clash = expectProblem(
      await t.call('PUT', `${ORGS}/${b.id}`, { body: { externalId: 'B', name: 'sAlEs' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(clash.errors?.map((e) => e.field)).toEqual(['name'])
    const ext = expectProblem(
      await t.call('PUT', `${ORGS}/${b.id}`, { body: { externalId: 'A', name: 'Support' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(ext.errors?.map((e) => e.field)).toEqual(['externalId'])
    expect(t.snapshot()).toBe(before)
    const ok = await t.call('PUT', `${ORGS}/${a.id}`, { body: { externalId: 'A', name: 'SALES' } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ name: 'SALES', version: 2 })
    expect(ok.headers.get('etag')).toBe('"2"')
  })

  it('O2 a stale If-Match on rename → 412 with the current version, nothing changed', async () => {
    const a = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    await t.call('PUT', `${ORGS}/${a.id}`, { body: { externalId: 'A', name: 'A two' } })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ORGS}/${a.id}`, {
        headers: { 'if-match': '"1"' },
        body: { externalId: 'A', name: 'A three' },
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
  })
})

describe('O3 move', () => {
  /** ACME: A(A1, A2(A21)), B(B1); GLOBEX: G(G1). */
  let o: Record<string, Org>
  beforeEach(async () => {
    o = {}
    o.A = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    o.A1 = await makeOrg(t, { externalId: 'A1', parentId: o.A.id })
    o.A2 = await makeOrg(t, { externalId: 'A2', parentId: o.A.id })
    o.A21 = await makeOrg(t, { externalId: 'A21', parentId: o.A2.id })
    o.B = await makeOrg(t, { externalId: 'B', accountId: acme.id })
    o.B1 = await makeOrg(t, { externalId: 'B1', parentId: o.B.id })
    o.G = await makeOrg(t, { externalId: 'G', accountId: globex.id })
    o.G1 = await makeOrg(t, { externalId: 'G1', parentId: o.G.id })
  })
  const move = (id: string, parentId: string | null, headers?: Record<string, string>) =>
    t.call('POST', `${ORGS}/${id}/move`, { body: { parentId }, headers })

  it('O3 a move within the account changes parentId and version; the children follow', async () => {
    const r = await move(o.A2.id, o.B.id)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: o.A2.id, parentId: o.B.id, accountId: acme.id, version: 2 })
    expect(r.headers.get('etag')).toBe('"2"')
    expect(await get(o.A2.id)).toMatchObject({ parentId: o.B.id, version: 2 })
    expect(await get(o.A21.id)).toMatchObject({ parentId: o.A2.id })
    expect(outline(await tree(acme.id))).toBe('A(A1) B(A2(A21) B1)')
  })

  it("O3 a move to another account's organisation → 422 on parentId, nothing changed", async () => {
    const before = t.snapshot()
    const p = expectProblem(await move(o.A2.id, o.G.id), 422, 'RULE_VIOLATION')
    expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    expectProblem(await move(o.G.id, o.A.id), 422, 'RULE_VIOLATION')
    expect(t.snapshot()).toBe(before)
    expect(outline(await tree(globex.id))).toBe('G(G1)')
  })

  it('O3 a move under itself or one of its descendants → 422, nothing changed', async () => {
    const before = t.snapshot()
    for (const [id, parent] of [
      [o.A.id, o.A.id],
      [o.A.id, o.A2.id],
      [o.A.id, o.A21.id],
      [o.A2.id, o.A21.id],
    ]) {
      const p = expectProblem(await move(id, parent), 422, 'RULE_VIOLATION')
      expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    }
    expect(t.snapshot()).toBe(before)
    expect(outline(await tree(acme.id))).toBe('A(A1 A2(A21)) B(B1)')
  })

  it('O3 a move that would nest deeper than 10 → 422; one that reaches exactly 10 is fine', async () => {
    const levels = await chain(acme.id, 8) // depth 1..8
    // A2(A21) spans two levels: under L8 it would reach depth 10; A(A2(A21)) spans three → 11.
    const before = t.snapshot()
    const p = expectProblem(await move(o.A.id, levels[7].id), 422, 'RULE_VIOLATION')
    expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    expect(t.snapshot()).toBe(before)
    expect((await move(o.A2.id, levels[7].id)).status).toBe(200)
    expect(await get(o.A21.id)).toMatchObject({ parentId: o.A2.id })
    // A21 now sits at depth 10: nothing more goes under it.
    expectProblem(
      await t.call('POST', ORGS, { body: { externalId: 'TOO-DEEP', name: 'x', parentId: o.A21.id } }),
      422,
      'RULE_VIOLATION',
    )
  })

  it('O3 a name already used under the new parent (any case) → 409, nothing changed', async () => {
    await t.call('PUT', `${ORGS}/${o.B1.id}`, { body: { externalId: 'B1', name: 'a2' } })
    const before = t.snapshot()
    const p = expectProblem(await move(o.A2.id, o.B.id), 409, 'ALREADY_EXISTS')
    expect(p.errors?.map((e) => e.field)).toEqual(['name'])
    expect(t.snapshot()).toBe(before)
    // At the root too: a root named like the moved node.
    await t.call('PUT', `${ORGS}/${o.B.id}`, { body: { externalId: 'B', name: 'A1' } })
    const before2 = t.snapshot()
    expectProblem(await move(o.A1.id, null), 409, 'ALREADY_EXISTS')
    expect(t.snapshot()).toBe(before2)
  })

  it('O3 parentId null makes the organisation a root of its account, with its children', async () => {
    const r = await move(o.A2.id, null)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ parentId: null, accountId: acme.id })
    expect(outline(await tree(acme.id))).toBe('A(A1) A2(A21) B(B1)')
  })

  it('O3 If-Match: stale → 412 with the current version and nothing changed; current → 200', async () => {
    await move(o.A2.id, o.B.id) // version 2
    const before = t.snapshot()
    const p = expectProblem(await move(o.A2.id, o.A.id, { 'if-match': '"1"' }), 412, 'PRECONDITION_FAILED')
    expect(p.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
    const r = await move(o.A2.id, o.A.id, { 'if-match': '"2"' })
    expect(r.status).toBe(200)
    expect(r.headers.get('etag')).toBe('"3"')
  })

  it('O3 an unknown organisation → 404; an unknown parent → 422 on parentId; nothing changed', async () => {
    const before = t.snapshot()
    expectProblem(await move('org_nope', o.A.id), 404, 'NOT_FOUND')
    const p = expectProblem(await move(o.A1.id, 'org_nope'), 422, 'UNKNOWN_REFERENCE')
    expect(p.errors?.map((e) => e.field)).toEqual(['parentId'])
    expect(t.snapshot()).toBe(before)
  })
})

describe('O4 delete', () => {
  let o: Record<string, Org>
  beforeEach(async () => {
    o = {}
    o.A = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    o.A1 = await makeOrg(t, { externalId: 'A1', parentId: o.A.id })
    o.A2 = await makeOrg(t, { externalId: 'A2', parentId: o.A.id })
    o.A21 = await makeOrg(t, { externalId: 'A21', parentId: o.A2.id })
    o.B = await makeOrg(t, { externalId: 'B', accountId: acme.id })
    o.B1 = await makeOrg(t, { externalId: 'B1', parentId: o.B.id })
  })

  it('O4 a leaf without members is deleted (204) and is gone', async () => {
    const r = await t.call('DELETE', `${ORGS}/${o.A1.id}`)
    expect(r.status).toBe(204)
    expectProblem(await t.call('GET', `${ORGS}/${o.A1.id}`), 404, 'NOT_FOUND')
    expect(outline(await tree(acme.id))).toBe('A(A2(A21)) B(B1)')
  })

  it('O4 a node with children → 409 HAS_DEPENDENTS, nothing changed', async () => {
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `${ORGS}/${o.A2.id}`), 409, 'HAS_DEPENDENTS')
    expectProblem(await t.call('DELETE', `${ORGS}/${o.A2.id}?cascade=false`), 409, 'HAS_DEPENDENTS')
    expect(t.snapshot()).toBe(before)
  })

  it('O4 a leaf with members → 409 HAS_DEPENDENTS, nothing changed', async () => {
    await makeUser(t, { externalId: 'U1', accountIds: [acme.id], organisationIds: [o.A1.id] })
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `${ORGS}/${o.A1.id}`), 409, 'HAS_DEPENDENTS')
    expect(t.snapshot()).toBe(before)
  })

  it('O4 cascade=true deletes every descendant and detaches members; a lost main organisation becomes null', async () => {
    const onlyA21 = await makeUser(t, { externalId: 'U-A21', accountIds: [acme.id], organisationIds: [o.A21.id] })
    const mainGone = await makeUser(t, {
      externalId: 'U-A2-B1',
      accountIds: [acme.id],
      organisationIds: [o.A2.id, o.B1.id],
      mainOrganisationId: o.A2.id,
    })
    const mainKept = await makeUser(t, {
      externalId: 'U-A1-B1',
      accountIds: [acme.id],
      organisationIds: [o.A1.id, o.B1.id],
      mainOrganisationId: o.B1.id,
    })
    const outsider = await makeUser(t, { externalId: 'U-B', accountIds: [acme.id], organisationIds: [o.B.id] })
    expect(onlyA21.mainOrganisationId).toBe(o.A21.id)

    const r = await t.call('DELETE', `${ORGS}/${o.A.id}?cascade=true`)
    expect(r.status).toBe(204)
    for (const id of [o.A.id, o.A1.id, o.A2.id, o.A21.id])
      expectProblem(await t.call('GET', `${ORGS}/${id}`), 404, 'NOT_FOUND')
    expect(outline(await tree(acme.id))).toBe('B(B1)')

    const user = async (id: string) => (await t.call('GET', `/v1/customer-users/${id}`)).body
    expect(await user(onlyA21.id)).toMatchObject({
      organisationIds: [],
      mainOrganisationId: null,
      accountIds: [acme.id],
      version: 2,
    })
    expect(await user(mainGone.id)).toMatchObject({ organisationIds: [o.B1.id], mainOrganisationId: null })
    expect(await user(mainKept.id)).toMatchObject({ organisationIds: [o.B1.id], mainOrganisationId: o.B1.id })
    expect(await user(outsider.id)).toMatchObject({ organisationIds: [o.B.id], mainOrganisationId: o.B.id, version: 1 })
  })

  it('O4 a member left by a cascade without a main organisation can still be edited', async () => {
    // Two organisations remain and the main one is gone (O4: none). A later change that does not touch
    // organisations (here: deactivate) must not be refused for the missing main organisation.
    const u = await makeUser(t, {
      externalId: 'U',
      accountIds: [acme.id],
      organisationIds: [o.A1.id, o.B.id, o.B1.id],
      mainOrganisationId: o.A1.id,
    })
    expect((await t.call('DELETE', `${ORGS}/${o.A.id}?cascade=true`)).status).toBe(204)
    const r = await t.call('PATCH', `/v1/customer-users/${u.id}`, { body: { status: 'INACTIVE' } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ status: 'INACTIVE', organisationIds: [o.B.id, o.B1.id] })
  })

  it('O4 a stale If-Match on delete → 412, nothing deleted', async () => {
    await t.call('PUT', `${ORGS}/${o.A1.id}`, { body: { externalId: 'A1', name: 'A one' } })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('DELETE', `${ORGS}/${o.A1.id}`, { headers: { 'if-match': '"1"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
    expect((await t.call('DELETE', `${ORGS}/${o.A1.id}`, { headers: { 'if-match': '"2"' } })).status).toBe(204)
  })
})

describe('O6 custom fields', () => {
  it('O6 an unknown custom-field key on create → 422 naming it, nothing stored', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ORGS, {
        body: { externalId: 'A', name: 'A', accountId: acme.id, customFields: { colour: 'red' } },
      }),
      422,
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'customFields.colour', code: 'UNKNOWN_FIELD' })])
    expect(t.snapshot()).toBe(before)
  })

  it('O6 an unknown custom-field key on update → 422 naming it, nothing changed', async () => {
    const a = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ORGS}/${a.id}`, { body: { externalId: 'A', name: 'A', customFields: { colour: 'red' } } }),
      422,
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'customFields.colour', code: 'UNKNOWN_FIELD' })])
    expect(t.snapshot()).toBe(before)
  })
})

describe('O1 the account tree (GET /v1/customer-accounts/{id}/organisations)', () => {
  it('O1 the tree nests children, orders siblings by name and shows only that account', async () => {
    const z = await makeOrg(t, { externalId: 'Z', name: 'Zeta', accountId: acme.id })
    const a = await makeOrg(t, { externalId: 'A', name: 'alpha', accountId: acme.id })
    await makeOrg(t, { externalId: 'Z2', name: 'Delta', parentId: z.id })
    await makeOrg(t, { externalId: 'Z1', name: 'Beta', parentId: z.id })
    await makeOrg(t, { externalId: 'A1', name: 'Gamma', parentId: a.id })
    await makeOrg(t, { externalId: 'G', name: 'Globex root', accountId: globex.id })

    const roots = await tree(acme.id)
    expect(outline(roots)).toBe('alpha(Gamma) Zeta(Beta Delta)')
    expect(roots[0]).toEqual({
      ...(await get(a.id)),
      children: [expect.objectContaining({ name: 'Gamma', parentId: a.id, children: [] })],
    })
    expect(outline(await tree(globex.id))).toBe('Globex root')
  })

  it('O1 an account without organisations has an empty tree; a Reader may read it; an unknown account → 404', async () => {
    expect(await tree(acme.id)).toEqual([])
    await makeOrg(t, { externalId: 'A', accountId: acme.id })
    const r = await t.call('GET', `/v1/customer-accounts/${acme.id}/organisations`, { as: 'reader' })
    expect(r.status).toBe(200)
    expect(outline(r.body)).toBe('A')
    expectProblem(await t.call('GET', '/v1/customer-accounts/acc_nope/organisations'), 404, 'NOT_FOUND')
  })
})
