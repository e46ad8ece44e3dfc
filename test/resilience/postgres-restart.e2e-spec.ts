import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registrationBody } from '../factories/company.factory';
import { freePort, PrivatePostgres, StartedProcess, startProcess, waitForOutput } from '../utils/processes';

const CLIENTS = 20;
const REQUEST_TIMEOUT_MS = 15_000;

interface Answer {
  status: number;
  id?: string;
}

/**
 * PostgreSQL restarted under load, on a cluster of this test's own: requests in flight fail cleanly (503, not a
 * hang, not a 500), the API recovers by itself, and no registration is left half-written.
 */
describe('PostgreSQL restart under load (e2e)', () => {
  let postgres: PrivatePostgres;
  let directory: string;
  let api: StartedProcess | undefined;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'isa-match-pg-'));
    // initdb runs as the postgres user and creates its data directory here.
    chmodSync(directory, 0o777);
    postgres = new PrivatePostgres(await freePort(), join(directory, 'data'));
    await postgres.init();
    await postgres.start();
  }, 60_000);

  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await api?.exited;
    await postgres?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers 503 while the database is away, recovers by itself, and leaves no half-written registration', async () => {
    const port = await freePort();
    api = startProcess('main.ts', { PORT: String(port), PROCESS_ROLE: 'api', DATABASE_URL: postgres.url });
    await waitForOutput(api, 'API listening', 60_000);
    const base = `http://127.0.0.1:${port}`;
    let sequence = 0;
    const answers: Answer[] = [];
    const call = async (): Promise<Answer> => {
      sequence += 1;
      const email = `restart.${sequence}@example.com`;
      const register = sequence % 2 === 0;
      const response = await fetch(register ? `${base}/api/companies` : `${base}/api/companies?q=Sensoren`, {
        method: register ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.5.${sequence % 250}.${(sequence >> 8) % 250}` },
        body: register ? JSON.stringify(registrationBody({ legalName: `Neustart ${sequence} GmbH`, contact: { name: 'Test', email } })) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).catch((error: unknown) => ({ status: String(error).includes('TimeoutError') || String(error).includes('aborted') ? -1 : 0, json: async () => ({}) }));
      await response.json().catch(() => ({}));
      // The answer names no id (it is the same for a duplicate): a registration is known by its contact email.
      return { status: response.status, id: register && response.status === 202 ? email : undefined };
    };

    let running = true;
    const load = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (running) answers.push(await call());
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await postgres.start();
    // Recovered: registrations succeed again without restarting the API.
    const deadline = Date.now() + 30_000;
    while (!(answers.slice(-CLIENTS).some((answer) => answer.status === 202) && answers.slice(-CLIENTS).every((answer) => answer.status < 500))) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    running = false;
    await load;

    const statuses = [...new Set(answers.map((answer) => answer.status))].sort();
    expect(statuses.filter((status) => ![200, 202, 503].includes(status))).toEqual([]);
    expect(answers.some((answer) => answer.status === 503)).toBe(true);
    expect(answers.slice(-CLIENTS).every((answer) => answer.status === 200 || answer.status === 202)).toBe(true);

    const { Client } = await import('pg');
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const created = answers.filter((answer) => answer.id).map((answer) => answer.id!);
      const { rows } = await client.query(
        `SELECT c.contact_email AS id,
                (SELECT count(*)::int FROM company_consents k WHERE k.company_id = c.id) AS consents,
                (SELECT count(*)::int FROM outbox_messages o WHERE o.template = 'company_email_verification' AND o.recipient = c.contact_email) AS emails
           FROM companies c`,
      );
      expect(rows.map((row) => row.id).sort()).toEqual(created.sort());
      expect(rows.filter((row) => row.consents < 1 || row.emails !== 1)).toEqual([]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
