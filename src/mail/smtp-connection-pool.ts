import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

/** What the server answered for one recipient it did not take at RCPT TO. */
export interface RecipientRefusal {
  address: string;
  code: number | null;
  response: string;
}

export interface SmtpResult {
  /** The server's answer to the final "."; empty when no recipient was taken and nothing was sent. */
  response: string;
  accepted: string[];
  refused: RecipientRefusal[];
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

interface PoolOptions {
  url: string;
  maxConnections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

const MESSAGES_PER_CONNECTION = 100;

interface Pooled {
  connection: SMTPConnection;
  messages: number;
  broken: boolean;
}

/**
 * A small pool of nodemailer SMTP connections, used directly rather than through a transport so that the message
 * body is only read once the server has answered DATA with 354, and the last step before the final "." can wait
 * for the caller (see `send`).
 */
export class SmtpConnectionPool {
  private readonly idle: Pooled[] = [];
  private readonly waiting: Array<(pooled: Pooled | null) => void> = [];
  private open = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /**
   * Sends `raw` to the envelope's recipients. `beforeFinalDot` runs once the server has answered DATA with 354 and
   * the whole body has been written to the socket; the terminating "." is written only after it has resolved.
   * Recipients the server refuses at RCPT TO are reported, not thrown, as long as it takes one; if it takes none,
   * nothing is sent and all are reported refused.
   */
  async send(envelope: SmtpEnvelope, raw: Buffer, beforeFinalDot: () => Promise<void>): Promise<SmtpResult> {
    const pooled = await this.acquire();
    const reused = pooled.messages > 0;
    let bodyRead = false;
    try {
      const info = await transmit(pooled, envelope, bodyOf(raw, beforeFinalDot, () => (bodyRead = true)));
      pooled.messages += 1;
      return { response: info.response, accepted: info.accepted, refused: refusalsOf(info.rejectedErrors) };
    } catch (error) {
      pooled.broken = true;
      const refusals = (error as { rejectedErrors?: unknown[] }).rejectedErrors;
      if ((error as { code?: string }).code === 'EENVELOPE' && refusals?.length) return { response: '', accepted: [], refused: refusalsOf(refusals) };
      // A connection kept open may have been closed by the server meanwhile; before the 354 nothing was sent.
      if (reused && !bodyRead && typeof (error as { responseCode?: number }).responseCode !== 'number') return this.send(envelope, raw, beforeFinalDot);
      throw error;
    } finally {
      this.release(pooled);
    }
  }

  close(): void {
    this.closed = true;
    for (const pooled of this.idle.splice(0)) pooled.connection.quit();
    for (const waiter of this.waiting.splice(0)) waiter(null);
  }

  private async acquire(): Promise<Pooled> {
    if (this.closed) throw new Error('The SMTP pool is closed');
    for (let pooled = this.idle.pop(); pooled; pooled = this.idle.pop()) {
      if (!pooled.broken) return pooled;
      this.discard(pooled);
    }
    if (this.open < this.options.maxConnections) {
      this.open += 1;
      try {
        return await this.connect();
      } catch (error) {
        this.open -= 1;
        this.wakeOne();
        throw error;
      }
    }
    const pooled = await new Promise<Pooled | null>((resolve) => this.waiting.push(resolve));
    return pooled ?? this.acquire();
  }

  private release(pooled: Pooled): void {
    if (pooled.broken || this.closed || pooled.messages >= MESSAGES_PER_CONNECTION) {
      this.discard(pooled);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(pooled);
    else this.idle.push(pooled);
  }

  private discard(pooled: Pooled): void {
    this.open -= 1;
    pooled.broken = true;
    pooled.connection.close();
    this.wakeOne();
  }

  // A waiter for a connection slot that was freed opens a connection of its own.
  private wakeOne(): void {
    this.waiting.shift()?.(null);
  }

  private connect(): Promise<Pooled> {
    const { url, connectionTimeout, greetingTimeout, socketTimeout } = this.options;
    const settings = parseConnectionUrl(url) as ConstructorParameters<typeof SMTPConnection>[0] & { auth?: { user: string; pass: string } };
    const connection = new SMTPConnection({ ...settings, connectionTimeout, greetingTimeout, socketTimeout });
    const pooled: Pooled = { connection, messages: 0, broken: false };
    // Errors of an idle or sending connection reach the send callback or mark the connection unusable.
    connection.on('error', () => (pooled.broken = true));
    connection.on('end', () => (pooled.broken = true));
    return new Promise((resolve, reject) => {
      connection.once('error', reject);
      connection.connect((error) => {
        if (error) return reject(error);
        if (!settings.auth || !connection.allowsAuth) return resolve(pooled);
        connection.login(settings.auth, (loginError) => (loginError ? reject(loginError) : resolve(pooled)));
      });
    }).then(
      () => pooled,
      (error: unknown) => {
        connection.close();
        throw error;
      },
    );
  }
}

function transmit(pooled: Pooled, envelope: SmtpEnvelope, body: Readable): Promise<{ response: string; accepted: string[]; rejectedErrors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, info?: { response: string; accepted: string[]; rejectedErrors?: unknown[] }) => {
      if (settled) return;
      settled = true;
      pooled.connection.removeListener('end', ended);
      if (error) reject(error);
      else resolve(info!);
    };
    // A connection that ends mid-conversation does not always call back.
    const ended = () => settle(Object.assign(new Error('The SMTP connection ended during the conversation'), { code: 'ECONNECTION' }));
    pooled.connection.once('end', ended);
    pooled.connection.send(envelope, body, (error, info) => settle(error, info as never));
  });
}

/**
 * The message body. The connection pipes it into the DATA stream only after the 354 answer; the first read takes
 * the whole message, which goes straight to the socket; the second read comes after that, and its end is what makes
 * the connection write the terminating ".", so `beforeFinalDot` runs in between.
 */
function bodyOf(raw: Buffer, beforeFinalDot: () => Promise<void>, onFirstRead: () => void): Readable {
  let served = false;
  return new Readable({
    read() {
      if (!served) {
        served = true;
        onFirstRead();
        this.push(raw);
        return;
      }
      beforeFinalDot().then(
        () => this.push(null),
        (error: Error) => this.destroy(error),
      );
    },
  });
}

function refusalsOf(errors: unknown[] | undefined): RecipientRefusal[] {
  return (errors ?? []).map((error) => {
    const { recipient, responseCode, response, message } = error as { recipient?: string; responseCode?: number; response?: string; message?: string };
    return { address: String(recipient ?? ''), code: typeof responseCode === 'number' ? responseCode : null, response: String(response ?? message ?? '').slice(0, 2_000) };
  });
}
