// Minimal typings for the part of autocannon 8 the benchmarks use (the package ships none).
declare module 'autocannon' {
  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p99: number
    p99_9: number
  }
  export interface Result {
    requests: Histogram & { sent: number }
    latency: Histogram & { totalCount: number }
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    duration: number
    statusCodeStats: Record<string, { count: number }>
  }
  export interface Options {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    headers?: Record<string, string>
    method?: string
    requests?: {
      method?: string
      path?: string
      setupRequest?: (
        request: { path: string; [k: string]: unknown },
        context: Record<string, unknown>,
      ) => { path: string; [k: string]: unknown }
    }[]
  }
  function autocannon(options: Options): Promise<Result> & { stop(): void }
  export default autocannon
}
