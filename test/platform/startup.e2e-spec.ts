import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startProcess(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => Exit; exited: Promise<Exit> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, output, exited };
}

async function waitForOutput(started: ReturnType<typeof startProcess>, text: string, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().stdout.includes(text)) {
    if (started.child.exitCode !== null) throw new Error(`process exited early: ${started.output().stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('Process start-up (e2e)', () => {
  it('exits with one line naming DATABASE_URL, the address and how to start PostgreSQL', async () => {
    const result = await startProcess('main.ts', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/isa_match' }).exited;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^DATABASE_URL: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/)]);
    expect(result.stderr).toContain('docker compose up -d postgres');
  });

  it('exits with one line naming REDIS_URL, the address and how to start Redis', async () => {
    const result = await startProcess('main.ts', { REDIS_URL: 'redis://127.0.0.1:1' }).exited;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^REDIS_URL: cannot reach Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\)/)]);
    expect(result.stderr).toContain('docker compose up -d redis');
  });

  it('lists every invalid variable and exits', async () => {
    const result = await startProcess('main.ts', { PORT: 'eighty', PROCESS_ROLE: 'both' }).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be an integer number');
    expect(result.stderr).toContain('PROCESS_ROLE must be one of: all, api, worker');
    expect(result.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('refuses an unknown home city in one line', async () => {
    const result = await startProcess('main.ts', { HOME_CITY: 'atlantis' }).exited;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringContaining('HOME_CITY: no ISA member city has the slug "atlantis"')]);
  });

  it('runs only the worker with PROCESS_ROLE=worker: no HTTP port, clean exit on SIGTERM', async () => {
    const port = '39517';
    const worker = startProcess('main.ts', { PROCESS_ROLE: 'worker', PORT: port });
    await waitForOutput(worker, 'Worker started');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(worker.output().stdout).toContain('Worker stopped (SIGTERM)');
    expect(worker.output().stdout).not.toContain('API listening');
    expect(worker.output().stderr).toBe('');
  });

  it('runs API and worker together by default and serves the member list', async () => {
    const port = '39518';
    const platform = startProcess('main.ts', { PORT: port });
    await waitForOutput(platform, 'Worker started');
    expect(platform.output().stdout).toContain('API listening');
    const cities = (await (await fetch(`http://127.0.0.1:${port}/api/cities`)).json()) as unknown[];
    expect(cities).toHaveLength(40);
    platform.child.kill('SIGTERM');
    await platform.exited;
    expect(platform.output().stdout).toContain('Worker stopped (SIGTERM)');
    expect(platform.output().stderr).toBe('');
  });
});
