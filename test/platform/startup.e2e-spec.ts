import { startProcess, waitForOutput } from '../utils/processes';

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('Process start-up (e2e)', () => {
  it('exits with one line naming DATABASE_URL, the address and how to start PostgreSQL', async () => {
    const result = await startProcess('main.ts', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/isa_match' }).exited;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^DATABASE_URL: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/)]);
    expect(result.stderr).toContain('docker compose -f compose.services.yml up -d postgres');
  });

  it('exits with one line naming REDIS_URL, the address and how to start Redis', async () => {
    const result = await startProcess('main.ts', { REDIS_URL: 'redis://127.0.0.1:1' }).exited;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^REDIS_URL: cannot reach Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\)/)]);
    expect(result.stderr).toContain('docker compose -f compose.services.yml up -d redis');
  });

  it('lists every invalid variable and exits', async () => {
    const result = await startProcess('main.ts', { PORT: 'eighty', PROCESS_ROLE: 'both' }).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be an integer number');
    expect(result.stderr).toContain('PROCESS_ROLE must be one of: all, api, worker');
    expect(result.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('refuses the published development secret, or none, when PUBLIC_URL is not a localhost address, even outside production', async () => {
    const result = await startProcess('main.ts', { NODE_ENV: 'development', PUBLIC_URL: 'https://match.bad-homburg.de', SESSION_SECRET: '' }).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SESSION_SECRET must be set to a random value');
    expect(result.stdout).not.toContain('API listening');
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
