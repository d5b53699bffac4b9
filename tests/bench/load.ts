// One load measurement with autocannon (tests/bench/full.ts warms up with one whose figures it drops).
// Latencies are taken per response (autocannon's own summary has no p95).
import autocannon, { type Request } from "autocannon";

export interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Responses with a status the scenario does not expect (a 500 from SQLITE_BUSY among them). */
  unexpected: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Requests sent whose answer had not come when the window closed: at most one per connection. */
  unfinished: number;
  statusCounts: Record<string, number>;
  bytesPerRequest: number;
}

export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  requests: Request[];
  headers?: Record<string, string>;
  /** Statuses that count as success: 200 unless said otherwise (a form post answers 302). */
  expect?: number[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function measureLoad(plan: LoadPlan): Promise<LoadFigures> {
  const expected = new Set(plan.expect ?? [200]);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let bytes = 0;
  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    timeout: 30,
    headers: plan.headers,
    requests: plan.requests,
  });
  instance.on("response", (_client: unknown, status: number, resBytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    bytes += resBytes;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const unexpected = Object.entries(statusCounts)
    .filter(([status]) => !expected.has(Number(status)))
    .reduce((sum, [, count]) => sum + count, 0);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requestsPerSecond: Math.round((latencies.length / Math.max(result.duration, 0.001)) * 10) / 10,
    requests: latencies.length,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    unexpected,
    errors: result.errors + result.timeouts,
    unfinished: Math.max(0, result.requests.sent - latencies.length),
    statusCounts,
    bytesPerRequest: latencies.length ? Math.round(bytes / latencies.length) : 0,
  };
}

/** Requests that take the next value of a list on every call, so each request differs. */
export function rotating(values: string[], build: (value: string) => Request): Request[] {
  let next = 0;
  return [
    {
      setupRequest: (request) => ({ ...request, ...build(values[next++ % values.length]!) }),
    },
  ];
}
