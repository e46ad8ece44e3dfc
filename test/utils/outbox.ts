import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../src/auth/secret-box';
import { Environment } from '../../src/config/environment';

export interface OutboxRow {
  id: string;
  template: string;
  language: string;
  recipient: string;
  payload: Record<string, unknown> & { link?: string };
  /** The link of a token-bearing email, as its recipient will get it (null once sent, or for other emails). */
  secretLink: string | null;
}

// The tests play the recipient: they open the sealed link with the installation's own key, as the worker does.
const linkBox = () => SecretBox.forPurpose(process.env.SESSION_SECRET || new Environment().SESSION_SECRET, 'outbox-links');

/** The newest outbox message of a template to a recipient. */
export async function lastOutboxMessage(app: INestApplication, template: string, recipient: string): Promise<OutboxRow | undefined> {
  const [row] = await app.get(DataSource).query(
    `SELECT message.id, template, language, recipient, payload, secret.sealed_link
       FROM outbox_messages message LEFT JOIN outbox_secret_links secret ON secret.outbox_message_id = message.id
      WHERE template = $1 AND recipient = $2 ORDER BY message.created_at DESC LIMIT 1`,
    [template, recipient],
  );
  if (!row) return undefined;
  const { sealed_link: sealed, ...message } = row;
  return { ...message, secretLink: sealed ? linkBox().open(sealed) : null };
}

export function tokenFromLink(message: OutboxRow | undefined): string {
  const link = message?.secretLink ?? message?.payload.link;
  if (typeof link !== 'string') throw new Error('no link in the message');
  return new URL(link).searchParams.get('token')!;
}
