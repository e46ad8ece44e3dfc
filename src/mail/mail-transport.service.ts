import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { Environment } from '../config/environment';

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

type Address = string | { address: string };
const addressOf = (value: Address) => (typeof value === 'string' ? value : value.address);

/**
 * Sends over a pooled SMTP connection (SMTP_URL), or, without one, writes each message as an .eml file to
 * MAIL_DIRECTORY, where officers can open it. Everything before and after the transport is the same.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  readonly mode: 'smtp' | 'files';
  private readonly transporter: Transporter;
  private readonly directory: string;

  constructor(config: ConfigService<Environment, true>) {
    const smtpUrl = config.get('SMTP_URL', { infer: true });
    this.directory = resolve(config.get('MAIL_DIRECTORY', { infer: true }));
    this.mode = smtpUrl ? 'smtp' : 'files';
    this.transporter = smtpUrl
      ? nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: config.get('MAIL_CONCURRENCY', { infer: true }), connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as never)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /**
   * Sends a message. Over SMTP, `beforeCompleting` runs once the server has every byte of the message and before
   * the final "." asks it to accept the message: a crash before that point provably delivered nothing.
   */
  async send(outboxId: string, message: SendMailOptions, beforeCompleting: () => Promise<void> = async () => undefined): Promise<DeliveryReceipt> {
    if (this.mode === 'smtp') return this.sendOverSmtp(message, beforeCompleting);
    const info = await this.transporter.sendMail(message);
    if (this.mode === 'files') {
      await mkdir(this.directory, { recursive: true });
      await writeFile(this.emlPath(outboxId), info.message as Buffer);
      const recipients = [message.to, message.cc].flat().filter(Boolean).map((value) => addressOf(value as Address));
      return { messageId: info.messageId, accepted: recipients, rejected: [], response: `written to ${this.emlPath(outboxId)}` };
    }
    return { messageId: info.messageId, accepted: (info.accepted as Address[]).map(addressOf), rejected: (info.rejected as Address[]).map(addressOf), response: String(info.response ?? '') };
  }

  private async sendOverSmtp(message: SendMailOptions, beforeCompleting: () => Promise<void>): Promise<DeliveryReceipt> {
    const compiled = new MailComposer(message).compile();
    const raw = await compiled.build();
    let served = false;
    // The second read comes once the first chunk (the whole message) has been taken by the SMTP connection.
    const body = new Readable({
      read() {
        if (!served) {
          served = true;
          this.push(raw);
          return;
        }
        beforeCompleting().then(
          () => this.push(null),
          (error: Error) => this.destroy(error),
        );
      },
    });
    const info = await this.transporter.sendMail({ envelope: compiled.getEnvelope(), raw: body });
    return { messageId: String(message.messageId ?? info.messageId), accepted: (info.accepted as Address[]).map(addressOf), rejected: (info.rejected as Address[]).map(addressOf), response: String(info.response ?? '') };
  }

  /** The written message, when emails go to files; null otherwise or when there is none. */
  async readEml(outboxId: string): Promise<Buffer | null> {
    if (this.mode !== 'files' || !/^[0-9a-f-]{36}$/.test(outboxId)) return null;
    return readFile(this.emlPath(outboxId)).catch(() => null);
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }

  private emlPath(outboxId: string): string {
    return join(this.directory, `${outboxId}.eml`);
  }
}
