import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { Environment } from '../config/environment';
import { RecipientRefusal, SmtpConnectionPool } from './smtp-connection-pool';

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  /** Recipients the server did not take (at RCPT TO), each with its answer. */
  refused: RecipientRefusal[];
  response: string;
}

/**
 * Sends over pooled SMTP connections (SMTP_URL), or, without one, writes each message as an .eml file to
 * MAIL_DIRECTORY, where officers can open it. Everything before and after the transport is the same.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  readonly mode: 'smtp' | 'files';
  private readonly pool?: SmtpConnectionPool;
  private readonly fileWriter?: Transporter;
  private readonly directory: string;

  constructor(config: ConfigService<Environment, true>) {
    const smtpUrl = config.get('SMTP_URL', { infer: true });
    this.directory = resolve(config.get('MAIL_DIRECTORY', { infer: true }));
    this.mode = smtpUrl ? 'smtp' : 'files';
    if (smtpUrl) this.pool = new SmtpConnectionPool({ url: smtpUrl, maxConnections: config.get('MAIL_CONCURRENCY', { infer: true }), connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
    else this.fileWriter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /**
   * Sends a message to `recipients` (the envelope; its To and Cc headers stay as composed, so a copy sent again to
   * one recipient is the same message). Over SMTP, `beforeCompleting` runs once the server has answered DATA with 354
   * and the body has been written to the socket, and before the final "." asks it to accept it: a crash before that
   * point provably delivered nothing.
   */
  async send(outboxId: string, message: SendMailOptions, recipients: string[], beforeCompleting: () => Promise<void> = async () => undefined): Promise<DeliveryReceipt> {
    const messageId = String(message.messageId);
    if (this.pool) {
      const compiled = new MailComposer(message).compile();
      const raw = await compiled.build();
      const result = await this.pool.send({ from: String(compiled.getEnvelope().from), to: recipients }, raw, beforeCompleting);
      return { messageId, ...result };
    }
    const info = await this.fileWriter!.sendMail(message);
    await mkdir(this.directory, { recursive: true });
    await writeFile(this.emlPath(outboxId), info.message as Buffer);
    return { messageId: String(info.messageId ?? messageId), accepted: recipients, refused: [], response: `written to ${this.emlPath(outboxId)}` };
  }

  /** The written message, when emails go to files; null otherwise or when there is none. */
  async readEml(outboxId: string): Promise<Buffer | null> {
    if (this.mode !== 'files' || !/^[0-9a-f-]{36}$/.test(outboxId)) return null;
    return readFile(this.emlPath(outboxId)).catch(() => null);
  }

  /** Deletes the written copies of messages (erasure, retention), also those of a time without SMTP; a missing copy is fine. */
  async removeEml(outboxIds: string[]): Promise<void> {
    for (const id of outboxIds) if (/^[0-9a-f-]{36}$/.test(id)) await rm(this.emlPath(id), { force: true });
  }

  onModuleDestroy(): void {
    this.pool?.close();
    this.fileWriter?.close();
  }

  private emlPath(outboxId: string): string {
    return join(this.directory, `${outboxId}.eml`);
  }
}
