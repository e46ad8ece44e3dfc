import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface CapturedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

type Answer = { code: number; message: string };

/**
 * A real SMTP server in the test process: it receives what the worker sends over TCP, parses each
 * message, and can be told to answer the next deliveries with an error (451 transient, 550 permanent).
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  private readonly scripted: Array<Answer & { recipient: string }> = [];
  private readonly recipientAnswers = new Map<string, Answer & { until: number }>();
  /** Every RCPT TO the server was asked, with the code it answered. */
  readonly rcptLog: Array<{ address: string; code: number }> = [];
  private onAccepted?: (mail: CapturedMail) => void;
  private beforeAnswer?: (mail: CapturedMail) => Promise<void>;
  private server?: SMTPServer;

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => this.receive(stream, session, callback),
      onRcptTo: (address, _session, callback) => {
        const answer = this.recipientAnswers.get(address.address);
        const refused = answer && Date.now() < answer.until;
        this.rcptLog.push({ address: address.address, code: refused ? answer.code : 250 });
        callback(refused ? Object.assign(new Error(answer.message), { responseCode: answer.code }) : undefined);
      },
    });
    // A sender killed mid-conversation (the crash tests do that) resets its connection: expected, not a failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next deliveries to this recipient are answered with these codes, in order, instead of being accepted. */
  failNextTo(recipient: string, ...answers: Answer[]): void {
    this.scripted.push(...answers.map((answer) => ({ ...answer, recipient })));
  }

  /** RCPT TO for this address is answered with this code (a 451 greylisting, a 550 unknown user), for `forMs` or until lifted. */
  answerRecipient(address: string, answer: Answer, forMs = Number.POSITIVE_INFINITY): void {
    this.recipientAnswers.set(address, { ...answer, until: Date.now() + forMs });
  }

  /** Called once a message has been accepted (after the 250 is on its way). */
  whenAccepted(listener: ((mail: CapturedMail) => void) | undefined): void {
    this.onAccepted = listener;
  }

  /** Runs after the message has been received in full and stored, before the server answers 250: the sender does not know yet. */
  beforeAnswering(hook: ((mail: CapturedMail) => Promise<void>) | undefined): void {
    this.beforeAnswer = hook;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((mail) => mail.envelopeTo.includes(address));
  }

  async waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs = 20_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching email within ${timeoutMs} ms; received: ${this.messages.map((mail) => `${mail.parsed.subject} → ${mail.envelopeTo.join(',')}`).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', async () => {
      const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
      const index = this.scripted.findIndex((answer) => recipients.includes(answer.recipient));
      const scripted = index >= 0 ? this.scripted.splice(index, 1)[0] : undefined;
      if (scripted) {
        const error = Object.assign(new Error(scripted.message), { responseCode: scripted.code });
        callback(error);
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const mail: CapturedMail = {
        envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
        parsed: await simpleParser(raw),
        raw,
      };
      this.messages.push(mail);
      await this.beforeAnswer?.(mail);
      callback();
      this.onAccepted?.(mail);
    });
  }
}
