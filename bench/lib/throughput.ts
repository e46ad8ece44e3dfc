import autocannon from 'autocannon';
import { clientAddress } from './http';
import { LatencySummary, ratio, round, summarize } from './stats';

export interface ThroughputRun {
  name: string;
  route: string;
  requestsPerSecond: number;
  requests: number;
  latency: LatencySummary;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

export interface ThroughputTarget {
  name: string;
  route: string;
  /** The floor run just before it (GET /health of the same process, same connections and duration). */
  floor: ThroughputRun;
  run: ThroughputRun;
  ratioToFloor: number;
  kind: 'read' | 'write';
}

type SetupRequest = (request: autocannon.Request) => autocannon.Request;

async function cannon(baseUrl: string, name: string, route: string, connections: number, durationSeconds: number, setupRequest: SetupRequest): Promise<ThroughputRun> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: durationSeconds,
        timeout: 30,
        requests: [{ setupRequest: (request) => setupRequest({ ...request, headers: { ...request.headers, 'x-forwarded-for': clientAddress() } }) }],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  return {
    name,
    route,
    requestsPerSecond: round(result.requests.total / result.duration, 1),
    requests: result.requests.total,
    latency: summarize(latencies),
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

/**
 * Requests per second with `connections` concurrent keep-alive connections for `durationSeconds`: the directory,
 * a public profile and a registration, each right after a run of GET /health (the framework's floor: routing,
 * guards with their Redis rate-limit round trip, interceptors, JSON), so each ratio compares runs seconds apart.
 */
export async function measureThroughput(options: {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  profileIds: string[];
  /** Directory queries the application answers (see compareDirectory). */
  directoryQueries: Array<Record<string, string>>;
  registrationBody: (sequence: number) => Record<string, unknown>;
  registrationStart: number;
  phase: (name: string) => void;
  log: (line: string) => void;
}): Promise<ThroughputTarget[]> {
  const { baseUrl, connections, durationSeconds, profileIds, log } = options;
  let query = 0;
  let profile = 0;
  let registration = options.registrationStart;
  const health: SetupRequest = (request) => ({ ...request, method: 'GET', path: '/health' });
  const targets: Array<{ name: string; route: string; kind: 'read' | 'write'; setup: SetupRequest }> = [
    {
      name: 'directory search',
      route: 'GET /api/companies?q=…&filters',
      kind: 'read',
      setup: (request) => ({ ...request, method: 'GET', path: `/api/companies?${new URLSearchParams(options.directoryQueries[query++ % options.directoryQueries.length]).toString()}` }),
    },
    { name: 'profile page', route: 'GET /api/companies/:id', kind: 'read', setup: (request) => ({ ...request, method: 'GET', path: `/api/companies/${profileIds[profile++ % profileIds.length]}` }) },
    {
      name: 'registration',
      route: 'POST /api/companies',
      kind: 'write',
      setup: (request) => ({
        ...request,
        method: 'POST',
        path: '/api/companies',
        headers: { ...request.headers, 'content-type': 'application/json' },
        body: JSON.stringify(options.registrationBody(registration++)),
      }),
    },
  ];
  // Warm-up: JIT, connection pools, PostgreSQL caches; not counted.
  options.phase('throughput-warmup');
  await cannon(baseUrl, 'warm-up', '/health', connections, 2, health);
  for (const target of targets.filter((entry) => entry.kind === 'read')) await cannon(baseUrl, 'warm-up', target.route, connections, 2, target.setup);
  const results: ThroughputTarget[] = [];
  for (const target of targets) {
    options.phase('throughput-floor');
    const floor = await cannon(baseUrl, 'floor', 'GET /health', connections, durationSeconds, health);
    options.phase(`throughput-${target.kind}`);
    const run = await cannon(baseUrl, target.name, target.route, connections, durationSeconds, target.setup);
    log(`throughput ${target.name}: ${run.requestsPerSecond} req/s (floor ${floor.requestsPerSecond} req/s), non-2xx ${run.non2xx}`);
    results.push({ name: target.name, route: target.route, floor, run, ratioToFloor: ratio(run.requestsPerSecond, floor.requestsPerSecond), kind: target.kind });
  }
  return results;
}
