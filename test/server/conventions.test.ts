import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../spec/index.js'
import { expectProblem, testApp } from '../helpers.js'

const tag = { externalId: 'vip', name: 'VIP' }

describe('API conventions (docs/conventions.md §2)', () => {
  it('§2 ETag carries the version; a stale If-Match is a 412 with the current version and changes nothing', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/v1/customer-tags', { body: tag })
    const id = created.body.id
    expect(created.headers.get('etag')).toBe('"1"')
    const ok = await t.call('PUT', `/v1/customer-tags/${id}`, {
      headers: { 'if-match': '"1"' },
      body: { ...tag, name: 'V.I.P.' },
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe('"2"')
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `/v1/customer-tags/${id}`, {
        headers: { 'if-match': '"1"' },
        body: { ...tag, name: 'Lost update' },
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expectProblem(await t.call('DELETE', `/v1/customer-tags/${id}`, { headers: { 'if-match': 'W/"1"' } }), 412)
    expect(t.snapshot()).toBe(before)
    expect((await t.call('DELETE', `/v1/customer-tags/${id}`, { headers: { 'if-match': 'W/"2"' } })).status).toBe(204)
  })

  it('§2 Idempotency-Key: same key and body replays the first answer; another body is a 409', async () => {
    const t = await testApp()
    const headers = { 'idempotency-key': 'abc-123' }
    const first = await t.call('POST', '/v1/customer-tags', { headers, body: tag })
    const again = await t.call('POST', '/v1/customer-tags', { headers, body: tag })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(t.app.db.customerTags.size).toBe(1)
    expectProblem(
      await t.call('POST', '/v1/customer-tags', { headers, body: { ...tag, name: 'Other' } }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    )
    // Without the key, the same body is a plain duplicate.
    expectProblem(await t.call('POST', '/v1/customer-tags', { body: tag }), 409, 'ALREADY_EXISTS')
  })

  it('§2 Idempotency-Key expires after 24 h', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    const t = await testApp({ clock: () => new Date(now) })
    const headers = { 'idempotency-key': 'k' }
    expect((await t.call('POST', '/v1/customer-tags', { headers, body: tag })).status).toBe(201)
    now += 25 * 3600 * 1000
    expectProblem(await t.call('POST', '/v1/customer-tags', { headers, body: tag }), 409, 'ALREADY_EXISTS')
  })

  it('§2 malformed JSON, a wrong content type and an oversized body are 4xx problems', async () => {
    const t = await testApp({ maxBodyBytes: 1000 })
    expectProblem(await t.call('POST', '/v1/customer-tags', { raw: '{"externalId":' }), 400, 'MALFORMED_JSON')
    expectProblem(
      await t.call('POST', '/v1/customer-tags', { raw: 'externalId=x', headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expectProblem(
      await t.call('POST', '/v1/customer-tags', { body: { ...tag, description: 'x'.repeat(2000) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    )
    const p = expectProblem(await t.call('POST', '/v1/customer-tags', { body: [tag] }), 400, 'VALIDATION_FAILED')
    expect(p.errors![0].field).toBe('(body)')
    expect(t.app.db.customerTags.size).toBe(0)
  })

  it('§2 unknown routes and ids are 404 problems', async () => {
    const t = await testApp()
    expectProblem(await t.call('GET', '/v1/nothing-here'), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', '/v1/customer-tags/tag_404'), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', '/v1/customer-tags/vip?idType=EXTERNAL_ID'), 404, 'NOT_FOUND')
  })

  it('§2 a method a path does not have is a 405 problem listing the methods it has in Allow; an unknown path is a 404', async () => {
    const t = await testApp()
    const before = t.snapshot()
    const r = await t.call('PATCH', '/v1/customer-tags', { body: tag })
    const p = expectProblem(r, 405, 'METHOD_NOT_ALLOWED')
    expect(r.headers.get('allow')).toBe('GET, POST')
    expect(p.detail).toMatch(/PATCH/)
    expect(expectProblem(await t.call('POST', '/v1/customer-tags/ctag_1'), 405).detail).toMatch(/GET/)
    expectProblem(await t.call('GET', '/v1/no-such-thing'), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })

  it('§2c /health and /openapi.json need no credentials', async () => {
    const t = await testApp()
    expect((await t.app.request('/health')).status).toBe(200)
    const doc = await (await t.app.request('/openapi.json')).json()
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())))
  })

  it('N2 every write records {at, actor, action, entity, id, changes}; Admin reads it, filtered by entity and actor', async () => {
    const t = await testApp()
    const created = (await t.call('POST', '/v1/customer-tags', { body: tag })).body
    await t.call('PUT', `/v1/customer-tags/${created.id}`, { body: { ...tag, name: 'Gold' } })
    const admin = (await t.call('GET', '/v1/operator-users?externalIds=test-admin')).body.content[0]
    const r = await t.call('GET', `/v1/audit-events?entity=customer-tag&actor=operator:${admin.id}`)
    expect(r.body.content).toEqual([
      {
        seq: expect.any(Number),
        at: expect.any(String),
        actor: `operator:${admin.id}`,
        action: 'update',
        entity: 'customer-tag',
        id: created.id,
        changes: { name: { from: 'VIP', to: 'Gold' } },
      },
      expect.objectContaining({
        action: 'create',
        entity: 'customer-tag',
        id: created.id,
        changes: expect.objectContaining({ externalId: { from: null, to: 'vip' } }),
      }),
    ])
    expect((await t.call('GET', '/v1/audit-events?entity=customer-tag&actor=operator:nobody')).body.totalElements).toBe(
      0,
    )
    expectProblem(await t.call('GET', '/v1/audit-events', { as: 'user' }), 403, 'FORBIDDEN')
  })

  it('N2 secrets never reach the audit log', async () => {
    const t = await testApp()
    const admin = (await t.call('GET', '/v1/operator-users?externalIds=test-admin')).body.content[0]
    const { key } = (await t.call('POST', `/v1/operator-users/${admin.id}/api-keys`, { body: {} })).body
    const log = JSON.stringify((await t.call('GET', '/v1/audit-events?size=1000')).body)
    expect(log).not.toContain(key)
    expect(log).not.toContain('"hash"')
  })
})
