import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { SendMailOptions } from 'nodemailer';
import { DataSource } from 'typeorm';
import { City } from '../cities/city.entity';
import { OfficeContact } from '../cities/office-contact.entity';
import { Environment } from '../config/environment';
import { headerSafe, MailRenderer } from './mail-renderer';
import { MailContext, MailTemplateRegistry, SendingOffice } from './mail-template.registry';
import { OutboxMessage } from './outbox-message.entity';
import { SecretLinks, WITHHELD_LINK } from './secret-links.service';

const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Parses MAIL_FROM ("Name <address>" or a bare address). */
export function parseMailFrom(mailFrom: string): { name: string; address: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom);
  if (match) return { name: match[1].replace(/^"|"$/g, ''), address: match[2] };
  return { name: 'ISA Match', address: mailFrom.trim() };
}

/**
 * Turns an outbox row into a message: rendered in the recipient's language, sent on behalf of an economic
 * development office (its name in From with the platform's address, Reply-To the office), with a Message-ID
 * derived from the outbox id. Addresses and names travel as structured values, never spliced into headers.
 */
@Injectable()
export class MailComposer {
  constructor(
    private readonly renderer: MailRenderer,
    private readonly registry: MailTemplateRegistry,
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
    private readonly secretLinks: SecretLinks,
  ) {}

  /** @param withholdLink for officers: the message as sent, with the placeholder in place of a secret link */
  async compose(message: OutboxMessage, { withholdLink = false } = {}): Promise<SendMailOptions> {
    const handler = this.registry.handlerFor(message.template);
    const payloadOnly: MailContext = { forLanguage: () => message.payload };
    // Built for an officer, a message whose link is no longer kept is still shown, with the link withheld.
    const context = handler.context ? await handler.context(message, { withholdLink }).catch((error: unknown) => (withholdLink ? payloadOnly : Promise.reject(error))) : payloadOnly;
    const secretLink = withholdLink ? WITHHELD_LINK : await this.secretLinks.open(this.dataSource.manager, message.id);
    const office = context.office ?? (await this.homeOffice());
    const platform = parseMailFrom(this.config.get('MAIL_FROM', { infer: true }));
    const common = {
      recipientName: String(message.payload.recipientName ?? message.payload.contactName ?? message.payload.displayName ?? office?.name ?? ''),
      office: office ?? { name: platform.name, contactPerson: null, email: platform.address, phone: null },
      platformUrl: this.config.get('PUBLIC_URL', { infer: true }),
    };
    const rendered = this.renderer.render(message.template, (language) => ({ ...common, ...context.forLanguage(language), ...(secretLink === null ? {} : { link: secretLink }) }), {
      language: message.language,
      timeZone: context.timeZone ?? DEFAULT_TIME_ZONE,
    });
    return {
      from: { name: headerSafe(office?.name ?? platform.name), address: platform.address },
      replyTo: office ? { name: headerSafe(office.name), address: office.email } : undefined,
      to: message.recipient,
      cc: message.cc.length > 0 ? message.cc : undefined,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: `<${message.id}@${platform.address.split('@')[1]}>`,
      headers: { 'X-ISA-Match-Outbox-Id': message.id, 'Auto-Submitted': 'auto-generated' },
    };
  }

  private async homeOffice(): Promise<SendingOffice | null> {
    const city = await this.dataSource.getRepository(City).findOneBy({ slug: this.config.get('HOME_CITY', { infer: true }) });
    const contact = city ? await this.dataSource.getRepository(OfficeContact).findOneBy({ cityId: city.id }) : null;
    return contact && { name: contact.officeName, contactPerson: contact.contactPerson, email: contact.email, phone: contact.phone };
  }
}
