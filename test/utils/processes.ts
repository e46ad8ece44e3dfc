import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedProcess {
  child: ChildProcess;
  output: () => Exit;
  exited: Promise<Exit>;
}

/** Runs one of the entry points (main.ts, worker.ts) as its own process, from source. */
export function startProcess(entry: string, env: Record<string, string | undefined>): StartedProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const output = () => ({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }));
  return { child, output, exited };
}

export async function waitForOutput(started: StartedProcess, text: string, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().stdout.includes(text)) {
    if (started.child.exitCode !== null) throw new Error(`process exited early: ${started.output().stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis server of the test's own, which it may stop and start without disturbing other test files. */
export class PrivateRedis {
  private process?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (!this.process || this.process.exitCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGKILL');
    await exited;
  }

  private async answers(): Promise<boolean> {
    const { Socket } = await import('node:net');
    return new Promise((resolve) => {
      const socket = new Socket();
      socket.on('error', () => resolve(false));
      socket.connect(this.port, '127.0.0.1', () => {
        socket.write('PING\r\n');
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data.toString().startsWith('+PONG'));
        });
      });
    });
  }
}

/**
 * A PostgreSQL cluster of the test's own (Debian's binaries, run as the postgres user), which it may restart
 * without disturbing the shared server that the other test files use.
 */
export class PrivatePostgres {
  private readonly binaries: string;

  constructor(
    readonly port: number,
    readonly directory: string,
  ) {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const version = readdirSync('/usr/lib/postgresql').sort().pop()!;
    this.binaries = `/usr/lib/postgresql/${version}/bin`;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/isa_match`;
  }

  async init(): Promise<void> {
    await this.asPostgres(`${this.binaries}/initdb`, ['-D', this.directory, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  async start(): Promise<void> {
    await this.asPostgres(`${this.binaries}/pg_ctl`, ['-D', this.directory, '-w', '-l', `${this.directory}/server.log`, '-o', `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }

  async stop(): Promise<void> {
    await this.asPostgres(`${this.binaries}/pg_ctl`, ['-D', this.directory, '-w', '-m', 'fast', 'stop']).catch(() => undefined);
  }

  private asPostgres(command: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed: ${stderr}`))));
    });
  }
}
