import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { Queue } from 'bullmq';
import { MAIL_QUEUE } from '../../src/queue/queue.constants';
import { sleep } from './stats';

export const ROOT = join(__dirname, '..', '..');
const BUILD = join(ROOT, 'bench', '.build');

/**
 * Compiles the application as `npm run build` would (tsc with the project's tsconfig, templates and views copied
 * beside the code), but into bench/.build, so the benchmark runs what production runs (`node dist/src/main`)
 * without touching dist/. Takes a few seconds.
 */
export function buildApplication(log: (line: string) => void): void {
  const started = performance.now();
  rmSync(BUILD, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', BUILD, '--incremental', 'false', '--sourceMap', 'false'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    // tsc emits even with type errors (work in progress elsewhere in the tree); only a missing entry point is fatal.
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    log(`tsc reported problems (the build is used anyway):\n${output.split('\n').slice(0, 10).join('\n')}`);
  }
  if (!existsSync(join(BUILD, 'src', 'main.js'))) throw new Error('the application did not compile: bench/.build/src/main.js is missing');
  for (const file of walk(join(ROOT, 'src'))) {
    if (/\.(hbs|html)$/.test(file)) cpSync(file, join(BUILD, 'src', relative(join(ROOT, 'src'), file)));
  }
  log(`compiled the application into bench/.build in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts src/main.ts (PROCESS_ROLE=api) or src/worker.ts as its own process: compiled, or from source with ts-node. */
export function startProcess(name: string, entry: 'main' | 'worker', env: Record<string, string>, fromSource: boolean): AppProcess {
  const args = fromSource ? ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', `${entry}.ts`)] : [join(BUILD, 'src', `${entry}.js`)];
  // The load generator connects over loopback and names its simulated clients in X-Forwarded-For (198.18.0.0/15).
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, TRUST_PROXY: 'loopback', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');
  return {
    name,
    child,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitForHttp(url: string, process: AppProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited early:\n${process.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${process.name} did not answer ${url} within ${timeoutMs} ms:\n${process.output()}`);
    await sleep(200);
  }
}

/** The worker is ready once its mail consumer is connected to the queue. */
export async function waitForMailWorker(redisUrl: string, redisPrefix: string, process: AppProcess, timeoutMs = 60_000): Promise<void> {
  const queue = new Queue(MAIL_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: `${redisPrefix}:bull` });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (process.child.exitCode !== null) throw new Error(`${process.name} exited early:\n${process.output()}`);
      if ((await queue.getWorkers()).length > 0) return;
      if (Date.now() > deadline) throw new Error(`${process.name}: no mail worker connected within ${timeoutMs} ms:\n${process.output()}`);
      await sleep(200);
    }
  } finally {
    await queue.close();
  }
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS); NaN where /proc is not available. */
export function residentMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples the RSS of processes every 250 ms while a phase runs; the peak per process and phase is what counts. */
export class MemorySampler {
  private readonly peaks = new Map<string, Map<string, number>>();
  private phase = 'idle';
  private timer?: NodeJS.Timeout;

  constructor(private readonly processes: AppProcess[]) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Names the phase the next samples belong to (and takes one sample right away). */
  during(phase: string): void {
    this.phase = phase;
    this.sample();
  }

  report(): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [processName, phases] of this.peaks) result[processName] = Object.fromEntries([...phases].map(([phase, peak]) => [phase, Math.round(peak)]));
    return result;
  }

  peak(processName: string, phases?: string[]): number {
    const entries = [...(this.peaks.get(processName) ?? new Map<string, number>())].filter(([phase]) => !phases || phases.includes(phase));
    return Math.round(Math.max(...entries.map(([, peak]) => peak)));
  }

  private sample(): void {
    for (const process of this.processes) {
      const rss = residentMb(process.pid);
      if (!Number.isFinite(rss)) continue;
      const phases = this.peaks.get(process.name) ?? new Map<string, number>();
      phases.set(this.phase, Math.max(phases.get(this.phase) ?? 0, rss));
      this.peaks.set(process.name, phases);
    }
  }
}
