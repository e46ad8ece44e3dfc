import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What the sink reports for every message it accepted. */
export interface Accepted {
  /** Wall-clock time (Date.now()) at which the sink answered 250. */
  at: number;
  outboxId: string | null;
  bytes: number;
  recipients: string[];
}

export interface StoredMessage {
  from: string;
  to: string[];
  raw: string;
}

type ToParent = { type: 'listening'; port: number } | ({ type: 'accepted' } & Accepted) | { type: 'dumped'; count: number };
type ToChild = { type: 'record'; keep: boolean } | { type: 'dump'; file: string };

/**
 * The local SMTP server that stands for the mail relay: accepts everything over plain SMTP, answers at once,
 * and reports each message's time of acceptance and outbox id. It runs in a process of its own, so neither the
 * worker nor the raw-nodemailer baseline shares an event loop with it.
 */
export class SmtpSink {
  readonly accepted: Accepted[] = [];
  private child?: ChildProcess;
  private port = 0;
  private listeners: Array<(message: Accepted) => void> = [];

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  async start(): Promise<void> {
    this.child = fork(__filename, ['--sink'], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: ToParent) => {
      if (message.type === 'accepted') {
        const accepted: Accepted = { at: message.at, outboxId: message.outboxId, bytes: message.bytes, recipients: message.recipients };
        this.accepted.push(accepted);
        for (const listener of this.listeners) listener(accepted);
      }
    });
    const [listening] = (await once(this.child, 'message')) as [ToParent];
    if (listening.type !== 'listening') throw new Error('SMTP sink did not start');
    this.port = listening.port;
  }

  onAccepted(listener: (message: Accepted) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((entry) => entry !== listener));
  }

  /** From now on, keep (or stop keeping) the raw messages, for a dump. */
  record(keep: boolean): void {
    this.send({ type: 'record', keep });
  }

  /** Writes the kept messages to a JSON file and forgets them. */
  async dump(file: string): Promise<number> {
    const reply = new Promise<number>((resolve) => {
      const onMessage = (message: ToParent) => {
        if (message.type !== 'dumped') return;
        this.child!.off('message', onMessage);
        resolve(message.count);
      };
      this.child!.on('message', onMessage);
    });
    this.send({ type: 'dump', file });
    return reply;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }

  private send(message: ToChild): void {
    this.child!.send(message);
  }
}

function runSink(): void {
  let keep = false;
  let kept: StoredMessage[] = [];
  const report = (message: ToParent) => process.send!(message);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headerEnd = raw.indexOf('\r\n\r\n');
        const headers = raw.subarray(0, headerEnd > 0 ? headerEnd : Math.min(raw.length, 8_192)).toString('utf8');
        const outboxId = /^X-ISA-Match-Outbox-Id:\s*([0-9a-f-]{36})/im.exec(headers)?.[1] ?? null;
        const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
        if (keep) kept.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: recipients, raw: raw.toString('utf8') });
        const at = Date.now();
        callback();
        report({ type: 'accepted', at, outboxId, bytes: raw.length, recipients });
      });
    },
  });
  process.on('message', (message: ToChild) => {
    if (message.type === 'record') keep = message.keep;
    if (message.type === 'dump') {
      writeFileSync(message.file, JSON.stringify(kept));
      report({ type: 'dumped', count: kept.length });
      kept = [];
    }
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => report({ type: 'listening', port: (server.server.address() as AddressInfo).port }));
}

if (require.main === module && process.argv.includes('--sink')) runSink();
