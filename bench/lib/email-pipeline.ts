import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressObject, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { HttpClient } from './http';
import { companySessions } from './setup';
import { Accepted, SmtpSink, StoredMessage } from './smtp-sink';
import { LatencySummary, ratio, round, sleep, summarize } from './stats';

const INTRODUCTION_MESSAGE = 'Wir suchen einen Vertriebspartner für unsere Produkte in Ihrer Region und würden uns über ein Kennenlernen freuen.';
const REQUESTS_PER_REQUESTER = 5;

export interface EmailPipelineResult {
  approvals: number;
  emails: number;
  /** First approval sent → last of its emails accepted by the SMTP server. */
  app: { seconds: number; emailsPerSecond: number; introductionsPerSecond: number };
  /** First → last acceptance of the burst's emails: the rate of the delivery side alone (for diagnosis). */
  deliveryOnly: { seconds: number; emailsPerSecond: number };
  /** Raw nodemailer, same messages, same pooled transport options, same server. */
  raw: { seconds: number; emailsPerSecond: number };
  ratioToRaw: number;
  approvalsPerSecond: number;
  /** Latency of the burst (queueing included), approval response → SMTP acceptance, introductions. */
  burstLatency: LatencySummary;
  paced: {
    approvals: number;
    perSecond: number;
    /** Approval request sent → introduction accepted by the SMTP server: an upper bound of commit → acceptance. */
    fromRequest: LatencySummary;
    /** Approval response received (the commit is just before) → introduction accepted: a lower bound. */
    fromResponse: LatencySummary;
  };
  templates: Record<string, number>;
}

interface Approval {
  requestId: string;
  sentAt: number;
  respondedAt: number;
}

/**
 * Match requests waiting for review, made through the API by active German companies (REQUESTS_PER_REQUESTER each,
 * within the open-request cap) to active Chinese ones.
 */
export async function createMatchRequests(dataSource: DataSource, http: HttpClient, count: number, log: (line: string) => void): Promise<string[]> {
  const requesterCount = Math.ceil(count / REQUESTS_PER_REQUESTER);
  const requesters: Array<{ id: string }> = await dataSource.query(
    `SELECT c.id FROM companies c JOIN cities city ON city.id = c.city_id
      WHERE city.country = 'DE' AND c.status = 'active' AND c.expires_at > now() ORDER BY c.id LIMIT $1`,
    [requesterCount],
  );
  const targets: Array<{ id: string }> = await dataSource.query(
    `SELECT c.id FROM companies c JOIN cities city ON city.id = c.city_id
      WHERE city.country = 'CN' AND c.status = 'active' AND c.expires_at > now() ORDER BY md5(c.id::text) LIMIT $1`,
    [count],
  );
  if (requesters.length * REQUESTS_PER_REQUESTER < count || targets.length < count) throw new Error(`not enough active profiles for ${count} match requests`);
  const tokens = await companySessions(dataSource, requesters.map((row) => row.id));
  const pairs = targets.slice(0, count).map((target, index) => ({ requester: requesters[Math.floor(index / REQUESTS_PER_REQUESTER)].id, target: target.id }));
  const ids: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let index = next++; index < pairs.length; index = next++) {
        const pair = pairs[index];
        const created = await http.json<{ id: string }>('POST', '/api/match-requests', { authorization: `Bearer ${tokens.get(pair.requester)}` }, { targetCompanyId: pair.target, purpose: 'distribution', message: INTRODUCTION_MESSAGE });
        ids[index] = created.id;
      }
    }),
  );
  log(`created ${ids.length} match requests through POST /api/match-requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return ids;
}

/** Waits until no email is pending or being sent (e.g. registration emails of an earlier phase). */
export async function waitForQuietOutbox(pool: Pool, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS open FROM outbox_messages WHERE status IN ('pending', 'sending')`);
    if (rows[0].open === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].open} emails still pending after ${timeoutMs} ms`);
    await sleep(250);
  }
}

async function approve(http: HttpClient, token: string, requestId: string): Promise<Approval> {
  const sentAt = Date.now();
  const response = await http.send('POST', `/api/officer/match-requests/${requestId}/approve`, { authorization: `Bearer ${token}` }, {});
  const respondedAt = Date.now();
  if (response.status !== 201) throw new Error(`approve ${requestId}: HTTP ${response.status} ${response.body.slice(0, 300)}`);
  return { requestId, sentAt, respondedAt };
}

interface OutboxRow {
  id: string;
  template: string;
  request_id: string;
  status: string;
}

/** The emails the approvals caused, once every one of them has been accepted by the SMTP sink. */
async function awaitDelivered(pool: Pool, sink: SmtpSink, requestIds: string[], expected: number, timeoutMs: number): Promise<Array<OutboxRow & { acceptedAt: number }>> {
  const deadline = Date.now() + timeoutMs;
  let rows: OutboxRow[] = [];
  for (;;) {
    ({ rows } = await pool.query<OutboxRow>(
      `SELECT id, template, payload->>'matchRequestId' AS request_id, status::text AS status FROM outbox_messages
        WHERE payload ? 'matchRequestId' AND payload->>'matchRequestId' = ANY($1::text[])`,
      [requestIds],
    ));
    const failed = rows.filter((row) => row.status === 'failed' || row.status === 'unconfirmed');
    if (failed.length > 0) throw new Error(`${failed.length} emails failed: ${failed.map((row) => row.id).join(', ')}`);
    const accepted = new Map<string, number>();
    for (const message of sink.accepted) if (message.outboxId) accepted.set(message.outboxId, message.at);
    if (rows.length >= expected && rows.every((row) => accepted.has(row.id))) return rows.map((row) => ({ ...row, acceptedAt: accepted.get(row.id)! }));
    if (Date.now() > deadline) throw new Error(`only ${rows.filter((row) => accepted.has(row.id)).length} of ${expected} emails delivered within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** The same messages through raw nodemailer, on a pooled transport configured as MailTransport configures its own. */
async function rawNodemailer(sink: SmtpSink, stored: StoredMessage[]): Promise<{ seconds: number; count: number }> {
  const options: SendMailOptions[] = [];
  for (const message of stored) {
    const parsed = await simpleParser(message.raw);
    const addresses = (value: AddressObject | AddressObject[] | undefined) => [value ?? []].flat().flatMap((entry) => entry.value.map((address) => address.address ?? ''));
    options.push({
      from: parsed.from?.value[0] ? { name: parsed.from.value[0].name, address: parsed.from.value[0].address ?? '' } : undefined,
      replyTo: parsed.replyTo?.value[0] ? { name: parsed.replyTo.value[0].name, address: parsed.replyTo.value[0].address ?? '' } : undefined,
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html || undefined,
      messageId: parsed.messageId,
      headers: { 'X-ISA-Match-Outbox-Id': String(parsed.headers.get('x-isa-match-outbox-id') ?? ''), 'Auto-Submitted': 'auto-generated' },
    });
  }
  const transporter = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 5, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as never);
  try {
    // Warm the pool, as the worker's is warm by the time it is measured.
    await Promise.all(options.slice(0, 5).map((message) => transporter.sendMail(message)));
    const before = sink.accepted.length;
    const started = Date.now();
    await Promise.all(options.map((message) => transporter.sendMail(message)));
    const last = Math.max(...sink.accepted.slice(before).map((message) => message.at));
    return { seconds: (last - started) / 1000, count: options.length };
  } finally {
    transporter.close();
  }
}

/**
 * N approvals as fast as an officer's client can send them (8 at a time), then the same messages through raw
 * nodemailer; then approvals paced well below capacity, for the latency from approval to the SMTP server's acceptance.
 */
export async function measureEmailPipeline(options: {
  pool: Pool;
  http: HttpClient;
  sink: SmtpSink;
  officerToken: string;
  requestIds: string[];
  burst: number;
  paced: number;
  pacedPerSecond: number;
  phase: (name: string) => void;
  log: (line: string) => void;
}): Promise<EmailPipelineResult> {
  const { pool, http, sink, officerToken, burst, paced, pacedPerSecond, log } = options;
  const burstIds = options.requestIds.slice(0, burst);
  const pacedIds = options.requestIds.slice(burst, burst + paced);
  await waitForQuietOutbox(pool);

  // Burst.
  options.phase('email-burst');
  sink.record(true);
  const burstStarted = Date.now();
  const approvals: Approval[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let index = next++; index < burstIds.length; index = next++) approvals.push(await approve(http, officerToken, burstIds[index]));
    }),
  );
  const approvalsDone = Date.now();
  const delivered = await awaitDelivered(pool, sink, burstIds, burstIds.length * 2, 120_000 + burst * 500);
  sink.record(false);
  const lastAccepted = Math.max(...delivered.map((row) => row.acceptedAt));
  const firstAccepted = Math.min(...delivered.map((row) => row.acceptedAt));
  const introductions = delivered.filter((row) => row.template === 'match_introduction');
  const lastIntroduction = Math.max(...introductions.map((row) => row.acceptedAt));
  const appSeconds = (lastAccepted - burstStarted) / 1000;
  const responded = new Map(approvals.map((approval) => [approval.requestId, approval]));
  const burstLatency = summarize(introductions.map((row) => row.acceptedAt - responded.get(row.request_id)!.respondedAt));
  const templates: Record<string, number> = {};
  for (const row of delivered) templates[row.template] = (templates[row.template] ?? 0) + 1;
  log(`email burst: ${burst} approvals in ${((approvalsDone - burstStarted) / 1000).toFixed(1)} s, ${delivered.length} emails delivered in ${appSeconds.toFixed(1)} s`);

  // Raw nodemailer baseline with the same messages.
  options.phase('email-raw');
  const file = join(tmpdir(), `isa-match-bench-mail-${process.pid}.json`);
  await sink.dump(file);
  const stored = (JSON.parse(readFileSync(file, 'utf8')) as StoredMessage[]).filter((message) => /X-ISA-Match-Outbox-Id/i.test(message.raw));
  rmSync(file, { force: true });
  const raw = await rawNodemailer(sink, stored);
  log(`raw nodemailer: ${raw.count} emails in ${raw.seconds.toFixed(2)} s`);

  // Paced approvals: one every 1/pacedPerSecond s, each sent on time whatever the others do.
  options.phase('email-paced');
  const pacedStarted = Date.now();
  const pacedApprovals = await Promise.all(
    pacedIds.map(async (requestId, index) => {
      const due = pacedStarted + (index * 1000) / pacedPerSecond;
      await sleep(Math.max(0, due - Date.now()));
      return approve(http, officerToken, requestId);
    }),
  );
  const pacedDelivered = await awaitDelivered(pool, sink, pacedIds, pacedIds.length * 2, 120_000);
  const pacedById = new Map(pacedApprovals.map((approval) => [approval.requestId, approval]));
  const pacedIntroductions = pacedDelivered.filter((row) => row.template === 'match_introduction');

  return {
    approvals: burst,
    emails: delivered.length,
    app: { seconds: round(appSeconds), emailsPerSecond: round(delivered.length / appSeconds), introductionsPerSecond: round(introductions.length / ((lastIntroduction - burstStarted) / 1000)) },
    deliveryOnly: { seconds: round((lastAccepted - firstAccepted) / 1000), emailsPerSecond: round(delivered.length / ((lastAccepted - firstAccepted) / 1000)) },
    raw: { seconds: round(raw.seconds), emailsPerSecond: round(raw.count / raw.seconds) },
    ratioToRaw: ratio(delivered.length / appSeconds, raw.count / raw.seconds),
    approvalsPerSecond: round(burst / ((approvalsDone - burstStarted) / 1000)),
    burstLatency,
    paced: {
      approvals: pacedIds.length,
      perSecond: pacedPerSecond,
      fromRequest: summarize(pacedIntroductions.map((row) => row.acceptedAt - pacedById.get(row.request_id)!.sentAt)),
      fromResponse: summarize(pacedIntroductions.map((row) => row.acceptedAt - pacedById.get(row.request_id)!.respondedAt)),
    },
    templates,
  };
}

export type { Accepted };
