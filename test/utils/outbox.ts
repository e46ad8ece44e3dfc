import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface OutboxRow {
  template: string;
  language: string;
  recipient: string;
  payload: Record<string, unknown> & { link?: string };
}

/** The newest outbox message of a template to a recipient. */
export async function lastOutboxMessage(app: INestApplication, template: string, recipient: string): Promise<OutboxRow | undefined> {
  const [row] = await app
    .get(DataSource)
    .query(`SELECT template, language, recipient, payload FROM outbox_messages WHERE template = $1 AND recipient = $2 ORDER BY created_at DESC LIMIT 1`, [template, recipient]);
  return row;
}

export function tokenFromLink(message: OutboxRow | undefined): string {
  const link = message?.payload.link;
  if (typeof link !== 'string') throw new Error('no link in the message');
  return new URL(link).searchParams.get('token')!;
}
