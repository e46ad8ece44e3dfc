import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../utils/processes';
import { cloneDatabase } from '../utils/test-database';

const ROOT = join(__dirname, '..', '..');

function runTs(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function waitUntilListening(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt += 1) {
    if (child.exitCode !== null) throw new Error('process exited');
    if (await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('not listening');
}

describe('Administrator creation and log hygiene (e2e)', () => {
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await cloneDatabase(process.env.TEST_DATABASE_TEMPLATE_URL!);
  });

  it('creates the first admin from the command line and prints a one-time link; the password it sets works, and no secret reaches a log line', async () => {
    const created = runTs('src/auth/create-admin.cli.ts', ['--email', 'Admin@Bad-Homburg.de', '--name', 'Stefan Wolf'], { DATABASE_URL: databaseUrl });
    expect(created.status).toBe(0);
    const link = created.stdout.match(/http:\/\/localhost:3000\/auth\/set-password\?token=([A-Za-z0-9_-]{43})/);
    expect(link).not.toBeNull();
    const again = runTs('src/auth/create-admin.cli.ts', ['--email', 'admin@bad-homburg.de'], { DATABASE_URL: databaseUrl });
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe('An account with the email admin@bad-homburg.de exists already.');
    const missing = runTs('src/auth/create-admin.cli.ts', [], { DATABASE_URL: databaseUrl });
    expect(missing.stderr).toContain('Usage: npm run admin:create -- --email');

    const port = await freePort();
    const api = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PROCESS_ROLE: 'api', PORT: String(port), LOG_LEVEL: 'trace', REDIS_PREFIX: `isa-test-logs-${randomUUID()}` },
    });
    let logs = '';
    api.stdout!.on('data', (chunk) => (logs += chunk));
    api.stderr!.on('data', (chunk) => (logs += chunk));
    try {
      await waitUntilListening(port, api);
      const password = 'Very-Secret-Passphrase-4711';
      const base = `http://127.0.0.1:${port}/api/auth`;
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await post('password', { token: link![1], password })).status).toBe(204);
      expect((await post('password', { token: link![1], password: 'Another-Long-Passphrase' })).status).toBe(422);
      const login = await post('tokens', { email: 'admin@bad-homburg.de', password });
      expect(login.status).toBe(201);
      const { token, principal } = (await login.json()) as { token: string; principal: { role: string } };
      expect(principal.role).toBe('admin');
      const cookieLogin = await post('login', { email: 'admin@bad-homburg.de', password }, { origin: 'http://localhost:3000' });
      const cookie = cookieLogin.headers.get('set-cookie')!.split(';')[0];
      expect((await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${base}/me`, { headers: { cookie } })).status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logs).toContain('"url":"/api/auth/me"');
      for (const secret of [password, token, cookie.split('=')[1], link![1]]) expect(logs).not.toContain(secret);
    } finally {
      api.kill('SIGTERM');
    }
  }, 90_000);
  it('keeps the token of a link out of the request log: sign-in, address confirmation, password set-up and answer pages log their path only', async () => {
    const port = await freePort();
    const api = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PROCESS_ROLE: 'api', PORT: String(port), LOG_LEVEL: 'info', REDIS_PREFIX: `isa-test-logs-${randomUUID()}` },
    });
    let logs = '';
    api.stdout!.on('data', (chunk) => (logs += chunk));
    api.stderr!.on('data', (chunk) => (logs += chunk));
    try {
      await waitUntilListening(port, api);
      const token = () => randomUUID().replace(/-/g, '') + 'Tk_Secret-0123';
      const visits = [
        [`/companies/login?token=`, token()],
        [`/companies/verify?token=`, token()],
        [`/companies/email-change?lang=de&token=`, token()],
        [`/auth/set-password?token=`, token()],
        [`/respond/`, token()],
        [`/respond/`, `${token()}?lang=en`],
      ];
      for (const [path, secret] of visits) await fetch(`http://127.0.0.1:${port}${path}${secret}`);
      // A page's form and assets are fetched with the page's address as Referer.
      const referred = token();
      await fetch(`http://127.0.0.1:${port}/assets/profile-form.js`, { headers: { referer: `http://localhost:3000/respond/${referred}` } });
      await fetch(`http://127.0.0.1:${port}/companies/login`, { headers: { referer: `http://localhost:3000/companies/login?token=${referred}` } });
      visits.push(['', referred]);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logs).toContain('"url":"/companies/login?token=[redacted]"');
      expect(logs).toContain('"url":"/companies/email-change?lang=de&token=[redacted]"');
      expect(logs).toContain('"url":"/respond/[redacted]?lang=en"');
      for (const [, secret] of visits) expect(logs).not.toContain(secret.split('?')[0]);
    } finally {
      api.kill('SIGTERM');
    }
  }, 90_000);
});
