import { Agent, request } from 'node:http';

let clientNumber = 0;

/**
 * A distinct client address for each request, from 198.18.0.0/15 (the range RFC 2544 sets aside for benchmarks),
 * sent as X-Forwarded-For: the API trusts it from loopback, so the per-client rate limits (600 requests a minute,
 * 5 registrations a minute) count many clients, as in production, instead of throttling the one benchmark client.
 * The limiter itself still runs on every request. No traffic goes to these addresses: they are only a header.
 */
export function clientAddress(): string {
  clientNumber = (clientNumber + 1) % (2 * 65_536 - 2);
  const n = clientNumber + 1;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** Keep-alive connections (one by default, requests one at a time: what a latency measurement needs). */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    sockets = 1,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  async send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            'x-forwarded-for': clientAddress(),
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async json<T>(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, expected: number[] = [200, 201]): Promise<T> {
    const response = await this.send(method, path, headers, body);
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: HTTP ${response.status} ${response.body.slice(0, 500)}`);
    return JSON.parse(response.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
