/**
 * ISA Match benchmark: `npm run bench` (100,000 profiles, with a 10,000 point for growth), or
 * `npm run bench -- --scale 1000000` (adds the 1,000,000 point). Options: `npm run bench -- --help`.
 * Writes bench/results/<timestamp>.json, <timestamp>.md, latest.md and plans/.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { Environment } from '../src/config/environment';
import { redisOptionsFromUrl } from '../src/redis/redis-connection';
import { AppProcess, buildApplication, freePort, MemorySampler, startProcess, waitForHttp, waitForMailWorker } from './lib/app-processes';
import { LoadReport, loadProfiles, memberCities, recreateDatabase, withDatabase } from './lib/database';
import { createMatchRequests, EmailPipelineResult, measureEmailPipeline, waitForQuietOutbox } from './lib/email-pipeline';
import { ProfileGenerator } from './lib/generator';
import { HttpClient } from './lib/http';
import { Budget, compareDirectory, DIRECTORY_QUERIES, compareSuggestions, Comparison, scaleLabel, SuggestionSeeker } from './lib/latency';
import { BenchResult, evaluateTargets, markdown } from './lib/report';
import { companySessions, officeContacts, officerToken } from './lib/setup';
import { SmtpSink } from './lib/smtp-sink';
import { SqlCapture } from './lib/sql-capture';
import { round } from './lib/stats';
import { measureThroughput, ThroughputTarget } from './lib/throughput';

const HELP = `npm run bench [-- options]

  --scale N          largest data set (default 100000); growth points: 10000, 100000 and N, up to N.
                     Throughput, email and memory run at 100000 (or at N when it is smaller).
  --emails N         approvals in the email burst (default 500)
  --paced N          approvals for the latency measurement (default 100), at --paced-rate per second (default 10)
  --duration S       seconds per autocannon run (default 10); --connections C (default 10)
  --budget S         seconds per latency comparison at the main scale (default 40; 20 at smaller points)
  --database NAME    database of the benchmark (default isa_match_bench; dropped and created anew)
  --from-source      run the application with ts-node instead of a compiled build
  --keep             keep the database and Redis keys afterwards (to inspect them)

  Environment: DATABASE_URL (the server; default postgres://postgres@127.0.0.1:5432), REDIS_URL (default
  redis://127.0.0.1:6379). The benchmark uses its own database and the Redis key prefix isa-bench.`;

const REDIS_PREFIX = 'isa-bench';
const HOME_CITY = 'bad-homburg';
const RESULTS = join(__dirname, 'results');

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '100000' },
      emails: { type: 'string', default: '500' },
      paced: { type: 'string', default: '100' },
      'paced-rate': { type: 'string', default: '10' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      budget: { type: 'string', default: '40' },
      database: { type: 'string', default: 'isa_match_bench' },
      'from-source': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const number = (name: string, value: string, min: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return parsed;
  };
  return {
    scale: number('scale', values.scale!, 1_000),
    emails: number('emails', values.emails!, 1),
    paced: number('paced', values.paced!, 1),
    pacedRate: number('paced-rate', values['paced-rate']!, 1),
    duration: number('duration', values.duration!, 1),
    connections: number('connections', values.connections!, 1),
    budget: number('budget', values.budget!, 1),
    database: values.database!,
    fromSource: values['from-source']!,
    keep: values.keep!,
  };
}

const startedAt = new Date();
const log = (line: string) => console.log(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function budgetFor(scale: number, mainScale: number, seconds: number): Budget {
  if (scale > mainScale) return { ms: seconds * 1.5 * 1000, min: 10, max: 200, naiveMin: 2, naiveMax: 6 };
  if (scale < mainScale) return { ms: (seconds / 2) * 1000, min: 30, max: 400, naiveMin: 10, naiveMax: 60 };
  return { ms: seconds * 1000, min: 20, max: 400, naiveMin: 5, naiveMax: 40 };
}

async function clearRedis(redisUrl: string): Promise<void> {
  const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function machine(pool: Pool, redisUrl: string): Promise<Record<string, unknown>> {
  const { rows } = await pool.query(`SELECT split_part(version(), ' on ', 1) AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem, current_setting('jit') AS jit`);
  const redis = new Redis({ ...redisOptionsFromUrl(redisUrl), lazyConnect: true });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    postgres: `${rows[0].version} (shared_buffers ${rows[0].shared_buffers}, work_mem ${rows[0].work_mem}, jit ${rows[0].jit})`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
  };
}

async function seekersOf(pool: Pool, capture: SqlCapture): Promise<SuggestionSeeker[]> {
  const { rows } = await pool.query<{ id: string; legal_name: string }>(
    `(SELECT c.id, c.legal_name FROM companies c WHERE c.legal_name = 'Hartmann Sensorik GmbH')
     UNION ALL
     (SELECT c.id, c.legal_name FROM companies c JOIN cities city ON city.id = c.city_id
       WHERE city.slug = $1 AND c.status = 'active' AND c.legal_name <> 'Hartmann Sensorik GmbH' ORDER BY c.id LIMIT 7)`,
    [HOME_CITY],
  );
  const tokens = await companySessions(capture.dataSource, rows.map((row) => row.id));
  return rows.map((row, index) => ({ id: row.id, label: index === 0 ? 'Hartmann Sensorik (reference SME)' : `BH SME ${index}`, token: tokens.get(row.id)! }));
}

async function main(): Promise<void> {
  const opts = options();
  const environment = new Environment();
  const serverUrl = process.env.DATABASE_URL || environment.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL || environment.REDIS_URL;
  const mainScale = Math.min(opts.scale, 100_000);
  const points = [...new Set([10_000, 100_000, opts.scale].filter((point) => point <= opts.scale))].sort((a, b) => a - b);
  mkdirSync(join(RESULTS, 'plans'), { recursive: true });
  log(`points ${points.map(scaleLabel).join(', ')}; throughput, email and memory at ${scaleLabel(mainScale)}; database ${opts.database}`);

  if (!opts.fromSource) buildApplication(log);
  const databaseUrl = await recreateDatabase(serverUrl, opts.database);
  log(`created and migrated ${withDatabase(serverUrl, opts.database).replace(/\/\/[^@]*@/, '//')}`);
  await clearRedis(redisUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'isa-match-bench' });
  const capture = new SqlCapture(databaseUrl);
  await capture.initialize();
  const generator = new ProfileGenerator(await memberCities(pool));
  const sink = new SmtpSink();
  await sink.start();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    SESSION_SECRET: `bench-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}-secret`,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATE: 'false',
    REDIS_URL: redisUrl,
    REDIS_PREFIX,
    SMTP_URL: sink.url,
    MAIL_FROM: 'ISA Match <no-reply@isa-match.example>',
    PUBLIC_URL: baseUrl,
    HOME_CITY,
    LOG_LEVEL: 'warn',
  };
  const processes: AppProcess[] = [];
  const sampler = new MemorySampler(processes);
  const loads: LoadReport[] = [];
  const suggestions: Comparison[] = [];
  const directory: Comparison[] = [];
  let throughput: ThroughputTarget[] = [];
  let email: EmailPipelineResult | null = null;
  const http = new HttpClient(baseUrl);
  let loaded = 0;
  try {
    for (const point of points) {
      let lastReport = Date.now();
      const load = await loadProfiles(pool, generator, loaded, point, (done) => {
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          log(`  loaded ${done.toLocaleString('en')} profiles`);
        }
      });
      loads.push(load);
      loaded = point;
      log(`loaded profiles ${load.from.toLocaleString('en')}–${load.to.toLocaleString('en')} in ${load.seconds.toFixed(1)} s (${Math.round(load.profilesPerSecond)}/s), VACUUM ANALYZE ${load.analyzeSeconds.toFixed(1)} s`);

      if (processes.length === 0) {
        processes.push(startProcess('api', 'main', { ...env, PROCESS_ROLE: 'api' }, opts.fromSource), startProcess('worker', 'worker', env, opts.fromSource));
        await waitForHttp(`${baseUrl}/health/ready`, processes[0]);
        await waitForMailWorker(redisUrl, REDIS_PREFIX, processes[1]);
        sampler.start();
        sampler.during('idle');
        log(`API (pid ${processes[0].pid}) and worker (pid ${processes[1].pid}) running${opts.fromSource ? ' from source' : ''}, SMTP sink at ${sink.url}`);
        await officeContacts(capture.dataSource);
      }

      const budget = budgetFor(point, mainScale, opts.budget);
      const seekers = await seekersOf(pool, capture);
      sampler.during(`latency-${scaleLabel(point)}`);
      const suggestion = await compareSuggestions({ scale: point, http, pool, capture, seekers, budget, plansDirectory: join(RESULTS, 'plans'), log });
      suggestions.push(suggestion);
      log(`suggestions at ${scaleLabel(point)}: endpoint p50 ${suggestion.endpoint.p50} ms p95 ${suggestion.endpoint.p95} ms, floor p50 ${suggestion.floor.p50} ms, naive p50 ${suggestion.naive.p50} ms`);
      const search = await compareDirectory({ scale: point, http, pool, capture, budget, plansDirectory: join(RESULTS, 'plans') });
      directory.push(search);
      log(`directory at ${scaleLabel(point)}: endpoint p50 ${search.endpoint.p50} ms p95 ${search.endpoint.p95} ms, floor p50 ${search.floor.p50} ms, naive p50 ${search.naive.p50} ms`);

      if (point === mainScale) {
        const { rows: profileRows } = await pool.query<{ id: string }>(`SELECT id FROM companies WHERE status = 'active' AND expires_at > now() ORDER BY md5(id::text) LIMIT 2000`);
        throughput = await measureThroughput({
          baseUrl,
          connections: opts.connections,
          durationSeconds: opts.duration,
          profileIds: profileRows.map((row) => row.id),
          directoryQueries: DIRECTORY_QUERIES.filter((query) => !search.failures.some((failure) => failure.includes(`?${new URLSearchParams(query).toString()} `))),
          registrationBody: (sequence) => generator.registrationBody(sequence),
          registrationStart: 50_000_000,
          phase: (name) => sampler.during(name),
          log,
        });
        sampler.during('after-load');
        await waitForQuietOutbox(pool);
        const emailHttp = new HttpClient(baseUrl, 8);
        try {
          const officer = await officerToken(capture.dataSource, emailHttp, HOME_CITY);
          const requestIds = await createMatchRequests(capture.dataSource, emailHttp, opts.emails + opts.paced, log);
          email = await measureEmailPipeline({
            pool,
            http: emailHttp,
            sink,
            officerToken: officer,
            requestIds,
            burst: opts.emails,
            paced: opts.paced,
            pacedPerSecond: opts.pacedRate,
            phase: (name) => sampler.during(name),
            log,
          });
          log(`email: ${email.app.emailsPerSecond} emails/s vs raw ${email.raw.emailsPerSecond} (${email.ratioToRaw}×); paced latency p95 ${email.paced.fromRequest.p95} ms`);
        } finally {
          emailHttp.close();
        }
        sampler.during('after-load');
      }
    }
  } finally {
    sampler.stop();
    http.close();
    for (const process of processes) await process.stop();
    await sink.stop();
    await capture.destroy();
    await pool.end();
  }

  const underLoadPhases = ['throughput-read', 'throughput-write', 'email-burst', 'email-paced', ...points.map((point) => `latency-${scaleLabel(point)}`)];
  const peaks = sampler.report();
  const peakOf = (name: string) => (peaks[name] ? sampler.peak(name, underLoadPhases) : null);
  const to100k = loads.filter((load) => load.to <= 100_000);
  const finishedAt = new Date();
  const partial: Omit<BenchResult, 'targets'> = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    options: opts,
    machine: await machineInfo(serverUrl, redisUrl),
    dataset: {
      scale: opts.scale,
      mainScale,
      points,
      countryShares: generator.countryShares(),
      loads,
      loadTo100k: loaded >= 100_000 ? { seconds: round(to100k.reduce((sum, load) => sum + load.seconds, 0), 1), met: to100k.reduce((sum, load) => sum + load.seconds, 0) < 60 } : undefined,
    },
    suggestions,
    directory,
    throughput,
    email,
    memory: { peaksMb: peaks, apiPeakMb: peakOf('api'), workerPeakMb: peakOf('worker'), underLoadPhases },
  };
  const result: BenchResult = { ...partial, targets: evaluateTargets(partial) };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const jsonFile = `${stamp}.json`;
  writeFileSync(join(RESULTS, jsonFile), `${JSON.stringify(result, null, 2)}\n`);
  const report = markdown(result, jsonFile);
  writeFileSync(join(RESULTS, `${stamp}.md`), report);
  writeFileSync(join(RESULTS, 'latest.md'), report);
  if (!opts.keep) {
    await clearRedis(redisUrl);
    await dropDatabase(serverUrl, opts.database);
  }
  log(`wrote bench/results/${jsonFile}, bench/results/${stamp}.md and bench/results/latest.md`);
  for (const row of result.targets) log(`${row.met === null ? 'n/a   ' : row.met ? 'met   ' : 'MISSED'} ${row.measurement}: ${row.figure} = ${row.value} ${row.unit} (target ${row.target})`);
}

async function machineInfo(serverUrl: string, redisUrl: string): Promise<Record<string, unknown>> {
  const pool = new Pool({ connectionString: withDatabase(serverUrl, 'postgres'), max: 1 });
  try {
    return await machine(pool, redisUrl);
  } finally {
    await pool.end();
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const pool = new Pool({ connectionString: withDatabase(serverUrl, 'postgres'), max: 1 });
  try {
    await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

