import { createActiveCompany } from '../factories/company.factory';
import { freePort, startProcess, waitForOutput } from '../utils/processes';
import { createTestApp } from '../utils/test-app';

/** The API process stopping under load (a file of its own: the test app is created once per file). */
describe('Graceful shutdown (e2e)', () => {
  it('finishes every request in flight when it receives SIGTERM, then exits cleanly', async () => {
    const app = await createTestApp();
    for (let index = 0; index < 30; index += 1) await createActiveCompany(app, { keywords: ['Lastprobe'] });
    await app.close();
    const port = await freePort();
    const api = startProcess('main.ts', { PORT: String(port), PROCESS_ROLE: 'api', DATABASE_URL: process.env.DATABASE_URL });
    await waitForOutput(api, 'API listening', 40_000);
    const inFlight = Array.from({ length: 60 }, (_, index) =>
      fetch(`http://127.0.0.1:${port}/api/companies?q=Lastprobe&page=${(index % 2) + 1}`, { headers: { 'x-forwarded-for': `10.6.0.${index + 1}` } }).then(
        async (response) => ({ status: response.status, total: ((await response.json()) as { total?: number }).total }),
        () => ({ status: 0, total: undefined }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    const exit = await api.exited;
    // Requests that reached the server before SIGTERM are answered in full; later ones are refused by the closed port.
    const answered = answers.filter((answer) => answer.status !== 0);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.filter((answer) => !(answer.status === 200 && answer.total === 30))).toEqual([]);
    // Nest closes the application, then re-raises the signal: a clean stop ends by SIGTERM, not by a crash.
    expect([exit.signal, exit.code]).toContainEqual(exit.signal === 'SIGTERM' ? 'SIGTERM' : 0);
    expect(exit.stderr).toBe('');
  }, 90_000);
});
