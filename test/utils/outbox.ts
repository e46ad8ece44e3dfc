import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../src/auth/secret-box';
import { Environment } from '../../src/config/environment';
import { SIGN_IN_LINK_QUEUE } from '../../src/queue/queue.constants';

export interface OutboxRow {
  id: string;
  template: string;
  language: string;
  recipient: string;
  payload: Record<string, unknown> & { link?: string };
  /** The link of a token-bearing email, as its recipient gets it: sealed until sent, then in the .eml file (null for other emails). */
  secretLink: string | null;
}

// The tests play the recipient: they open the sealed link with the installation's own key, as the worker does.
const linkBox = () => SecretBox.forPurpose(process.env.SESSION_SECRET || new Environment().SESSION_SECRET, 'outbox-links');

/** The newest outbox message of a template to a recipient. */
export async function lastOutboxMessage(app: INestApplication, template: string, recipient: string): Promise<OutboxRow | undefined> {
  const [row] = await app.get(DataSource).query(
    `SELECT message.id, template, language, recipient, payload, status, secret.outbox_message_id IS NOT NULL AS token_bearing, secret.sealed_link
       FROM outbox_messages message LEFT JOIN outbox_secret_links secret ON secret.outbox_message_id = message.id
      WHERE template = $1 AND recipient = $2 ORDER BY message.created_at DESC LIMIT 1`,
    [template, recipient],
  );
  if (!row) return undefined;
  const { sealed_link: sealed, token_bearing: tokenBearing, status, ...message } = row;
  if (sealed) return { ...message, secretLink: linkBox().open(sealed) };
  return { ...message, secretLink: tokenBearing && status === 'sent' ? await linkInWrittenMessage(message.id) : null };
}

/** A sent message's link, from the .eml file the worker wrote to MAIL_DIRECTORY (no SMTP_URL in these tests). */
async function linkInWrittenMessage(outboxId: string): Promise<string | null> {
  const written = await readFile(join(process.env.MAIL_DIRECTORY!, `${outboxId}.eml`)).catch(() => null);
  if (!written) return null;
  return /https?:\/\/\S+[?&]token=[A-Za-z0-9_-]{43}/.exec((await simpleParser(written)).text ?? '')?.[0] ?? null;
}

/** Waits for the newest message of a template to a recipient, e.g. one the worker writes. */
export async function awaitOutboxMessage(app: INestApplication, template: string, recipient: string, timeoutMs = 20_000): Promise<OutboxRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await lastOutboxMessage(app, template, recipient);
    if (message) return message;
    if (Date.now() > deadline) throw new Error(`no ${template} to ${recipient} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function tokenFromLink(message: OutboxRow | undefined): string {
  const link = message?.secretLink ?? message?.payload.link;
  if (typeof link !== 'string') throw new Error('no link in the message');
  return new URL(link).searchParams.get('token')!;
}

/** Sign-in link requests are answered by the worker: waits until it has answered every one queued so far. */
export async function signInRequestsAnswered(app: INestApplication, timeoutMs = 20_000): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(SIGN_IN_LINK_QUEUE));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error(`sign-in link requests still waiting after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
