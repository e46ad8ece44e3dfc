import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { SmtpConnectionPool } from '../../src/mail/smtp-connection-pool';

type Connection = { session: SMTPServerSession; _socket: { destroy: () => void } };

/** The pool of SMTP connections against a real SMTP server (smtp-server) in this process. */
describe('SMTP connection pool (e2e, real SMTP server)', () => {
  const received: Array<{ recipients: string[]; subject: string }> = [];
  const refused = new Map<string, number>();
  let dropNextReusedConnection = false;
  let dropped = 0;
  let server: SMTPServer;
  let pool: SmtpConnectionPool;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom: (_address, session, callback) => {
        // The server goes away from a connection kept open between two messages, without a word.
        if (dropNextReusedConnection && (session as SMTPServerSession & { transaction: number }).transaction > 1) {
          dropNextReusedConnection = false;
          dropped += 1;
          [...(server as unknown as { connections: Set<Connection> }).connections].find((connection) => connection.session.id === session.id)!._socket.destroy();
          return;
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const code = refused.get(address.address);
        callback(code ? Object.assign(new Error(`${code === 550 ? '5.1.1 No such user' : '4.7.1 Greylisted'}`), { responseCode: code }) : undefined);
      },
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          received.push({ recipients: session.envelope.rcptTo.map((recipient) => recipient.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    pool = new SmtpConnectionPool({ url: `smtp://127.0.0.1:${port}`, maxConnections: 1, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 5_000 });
  });

  afterAll(async () => {
    pool.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const message = (subject: string) => Buffer.from(`From: a@platform.example\r\nSubject: ${subject}\r\n\r\nHello\r\n`);
  const envelope = (...to: string[]) => ({ from: 'a@platform.example', to });
  const nothing = async () => undefined;

  it('sends again over a new connection when the server dropped a kept-open one before the message', async () => {
    await pool.send(envelope('first@partner.example'), message('first'), nothing);
    dropNextReusedConnection = true;
    const result = await pool.send(envelope('second@partner.example'), message('second'), nothing);
    expect(dropped).toBe(1);
    expect(result.accepted).toEqual(['second@partner.example']);
    expect(received.filter((mail) => mail.subject === 'second')).toHaveLength(1);
  });

  it('reports each refused recipient with its answer and delivers to the others', async () => {
    refused.set('unknown@partner.example', 550).set('greylisted@office.example', 451);
    const result = await pool.send(envelope('unknown@partner.example', 'greylisted@office.example', 'ok@office.example'), message('mixed'), nothing);
    expect(result.accepted).toEqual(['ok@office.example']);
    expect(result.refused).toEqual([
      { address: 'unknown@partner.example', code: 550, response: expect.stringContaining('5.1.1 No such user') },
      { address: 'greylisted@office.example', code: 451, response: expect.stringContaining('4.7.1 Greylisted') },
    ]);
    expect(received.find((mail) => mail.subject === 'mixed')!.recipients).toEqual(['ok@office.example']);
  });

  it('sends nothing and reports every recipient when the server takes none', async () => {
    const result = await pool.send(envelope('unknown@partner.example'), message('none'), nothing);
    expect(result).toEqual({ response: '', accepted: [], refused: [{ address: 'unknown@partner.example', code: 550, response: expect.stringContaining('550') }] });
    expect(received.filter((mail) => mail.subject === 'none')).toEqual([]);
  });

  it('does not complete the message when the step before the final dot fails', async () => {
    await expect(pool.send(envelope('ok@office.example'), message('stopped'), async () => Promise.reject(new Error('claim given up')))).rejects.toThrow();
    await pool.send(envelope('ok@office.example'), message('after'), nothing);
    expect(received.filter((mail) => mail.subject === 'stopped')).toEqual([]);
    expect(received.filter((mail) => mail.subject === 'after')).toHaveLength(1);
  });
});
