/**
 * The reference app inside MSW's service worker, seeded with the demo data, for the component tests: one per
 * test file, started in `before`, reset between tests (`mock.reset()`), stopped in `after`.
 */
import { setupWorker } from 'msw/browser'
import { createMockApi, type MockApi } from '../../mock-server/msw.js'

export interface RunningMockApi {
  mock: MockApi
  worker: ReturnType<typeof setupWorker>
  /** Stops the worker and puts the demo data back. */
  stop(): Promise<void>
}

export async function startMockApi(): Promise<RunningMockApi> {
  const mock = await createMockApi({ seed: 'demo-small', baseUrl: location.origin })
  const worker = setupWorker(...mock.handlers)
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } })
  return {
    mock,
    worker,
    async stop() {
      worker.stop()
      await mock.reset()
    },
  }
}
