import { settingsRoutes as routes } from '@dj-customers/spec'
import { changeSettings } from '../domain/settings.js'
import { etag, type Api } from '../http/kit.js'

export function settingsRoutes(api: Api) {
  const { db } = api
  api.register(routes.get, (c) => c.json(db.settings, 200, { ETag: etag(db.settings.version) }))
  for (const [route, mode] of [
    [routes.replace, 'replace'],
    [routes.patch, 'merge'],
  ] as const) {
    api.register(route, async (c) => {
      api.checkIfMatch(c, db.settings.version)
      const next = await api.write(c, (tx) => changeSettings(tx, c.req.valid('json'), mode))
      return c.json(next, 200, { ETag: etag(next.version) })
    })
  }
}
