import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/**
 * Where a conversation can stand still, in the order SMTP goes through them: before the greeting, at MAIL FROM, at
 * RCPT TO, at DATA before the 354 answer, after 354 while the body arrives (before the final "."), and after the
 * final "." before the answer.
 */
export const PHASES = ['greeting', 'mail', 'rcpt', 'data', 'body', 'answer'] as const;
export type Phase = (typeof PHASES)[number];

export interface HeldConversation {
  phase: Phase;
  sessionId: string;
  recipients: string[];
  /** The conversation has reached the point where it stands still (for `body`: the first bytes of the body arrived). */
  reached: boolean;
}

type Callback = (error?: Error | null) => void;
type Connection = { session: SMTPServerSession; handler_DATA: (command: Buffer, callback: Callback) => void; send: (code: number, message: string) => void };

/**
 * A real SMTP server (smtp-server, without PIPELINING so that every command waits for its answer) that, once armed,
 * holds one conversation at each phase it was given and lets every other one through. A held conversation is never
 * answered again; it ends when the client goes away. Every message received up to its final "." is kept, held or not.
 */
export class StallingSmtp {
  readonly received: Array<{ outboxId: string | undefined; recipients: string[] }> = [];
  readonly held = new Map<Phase, HeldConversation>();
  private open = new Set<Phase>();
  private readonly holding = new Set<string>();
  private beforeBody?: (recipients: string[]) => Promise<boolean>;
  private choosingBody = false;
  private server?: SMTPServer;

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      hidePIPELINING: true,
      logger: false,
      onConnect: (session, callback) => this.at('greeting', session, [], callback),
      onMailFrom: (_address, session, callback) => this.at('mail', session, [], callback),
      onRcptTo: (address, session, callback) => {
        this.interceptData(session);
        this.at('rcpt', session, [...session.envelope.rcptTo.map((recipient) => recipient.address), address.address], callback);
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /**
   * Holds the next conversation that reaches each phase. For the body, `beforeBody` runs before the 354 and says
   * whether this conversation may be the one held there.
   */
  arm(phases: readonly Phase[], beforeBody?: (recipients: string[]) => Promise<boolean>): void {
    this.open = new Set(phases);
    this.beforeBody = beforeBody;
  }

  /** New conversations go through; those held stay held. */
  disarm(): void {
    this.open.clear();
  }

  allReached(): boolean {
    return [...this.held.values()].filter((held) => held.reached).length === this.held.size && this.open.size === 0;
  }

  copiesOf(outboxId: string): number {
    return this.received.filter((message) => message.outboxId === outboxId).length;
  }

  private take(phase: Phase, session: SMTPServerSession, recipients: string[], reached = true): boolean {
    if (!this.open.has(phase) || this.holding.has(session.id)) return false;
    this.open.delete(phase);
    this.holding.add(session.id);
    this.held.set(phase, { phase, sessionId: session.id, recipients, reached });
    return true;
  }

  private at(phase: Phase, session: SMTPServerSession, recipients: string[], callback: Callback): void {
    if (!this.take(phase, session, recipients)) callback();
  }

  // smtp-server answers DATA with 354 at once; the conversation held before that answer never gets it.
  private interceptData(session: SMTPServerSession): void {
    const connection = [...((this.server as unknown as { connections: Set<Connection> }).connections ?? [])].find((candidate) => candidate.session?.id === session.id);
    if (!connection || (connection as { intercepted?: boolean } & Connection).intercepted) return;
    Object.assign(connection, { intercepted: true });
    const original = connection.handler_DATA.bind(connection);
    connection.handler_DATA = (command, callback) => {
      const recipients = connection.session.envelope.rcptTo.map((recipient) => recipient.address);
      if (this.take('data', connection.session, recipients)) return;
      if (!this.open.has('body') || this.choosingBody || this.holding.has(connection.session.id)) return original(command, callback);
      this.choosingBody = true;
      (this.beforeBody?.(recipients) ?? Promise.resolve(true)).then((chosen) => {
        this.choosingBody = false;
        if (chosen) this.take('body', connection.session, recipients, false);
        original(command, callback);
      });
    };
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: Callback): void {
    const chunks: Buffer[] = [];
    const body = this.held.get('body');
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (body?.sessionId === session.id) body.reached = true;
    });
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
      this.received.push({ outboxId: /^X-ISA-Match-Outbox-Id:\s*(\S+)/im.exec(raw)?.[1], recipients });
      if (!this.take('answer', session, recipients)) callback();
    });
  }
}
