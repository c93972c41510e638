import { settingsRoutes as routes } from '@dj-customers/spec'
import { changeSettings } from '../domain/settings.js'
import { etagged } from '../http/crud.js'
import type { Api } from '../http/kit.js'

export function settingsRoutes(api: Api) {
  const { db } = api
  api.register(routes.get, (c) => etagged(c, db.settings, 200))
  for (const [route, mode] of [
    [routes.replace, 'replace'],
    [routes.patch, 'merge'],
  ] as const) {
    api.register(route, async (c) => {
      api.checkIfMatch(c, db.settings.version)
      return etagged(c, await api.write(c, (tx) => changeSettings(tx, c.req.valid('json'), mode)), 200)
    })
  }
}
