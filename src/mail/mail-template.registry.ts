import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MailLanguage } from './mail-renderer';
import { OutboxMessage } from './outbox-message.entity';

/** The office an email is sent on behalf of: its name is shown in From, replies go to it. */
export interface SendingOffice {
  name: string;
  contactPerson: string | null;
  email: string;
  phone: string | null;
}

export interface MailContext {
  /** The template's variables in one language (names of cities and cooperation types differ between languages). */
  forLanguage: (language: MailLanguage) => Record<string, unknown>;
  /** Whom the email speaks for; the home office when not given. */
  office?: SendingOffice | null;
  /** The recipient's time zone for dates; Europe/Berlin when not given. */
  timeZone?: string;
}

export interface ContextOptions {
  /** The message is built for an officer to read: a link for the recipients alone is WITHHELD_LINK (secret-links.service) instead. */
  withholdLink?: boolean;
}

export interface MailTemplateHandler {
  /** Loads what the template shows beyond its payload; throwing fails the email for good (its subject is gone). */
  context?: (message: OutboxMessage, options?: ContextOptions) => Promise<MailContext>;
  /** The email carries a link for its recipients alone, rendered at send time: officers' copies show it withheld. */
  withholdsLink?: boolean;
  /**
   * Asked right after the message is claimed, before anything is built or sent: a reason returned means the message
   * may no longer go out (a rule it depended on no longer holds); it is cancelled unsent with that reason.
   */
  refusalAtSend?: (message: OutboxMessage) => Promise<string | null>;
  /** Runs in the transaction that marks the message sent: the state change that delivery causes. */
  onDelivered?: (manager: EntityManager, message: OutboxMessage) => Promise<void>;
  /**
   * Declares a template whose `context` renders, at send time, a link for its recipient alone (one that signs in or
   * confirms something): officers see that it was sent, never its link, and cannot send it elsewhere. Before an
   * officer's retry, `renew` replaces the link's token, so that the one in the earlier attempt stops working; it
   * throws SecretLinkError when there is nothing left to renew. (A link passed as `secretLink` to the outbox needs none
   * of this: it is handled by the mail module itself.)
   */
  secretLink?: { renew: (manager: EntityManager, message: OutboxMessage) => Promise<void> };
  /**
   * Runs in the transaction in which an officer sends the email again to a corrected To address, before the message is
   * saved: whatever was meant for the earlier address alone (an answer link) is replaced in `message.payload`.
   */
  onReaddressed?: (manager: EntityManager, message: OutboxMessage) => Promise<void>;
}

/**
 * Domain modules tell the mail module how to fill their templates and what delivery means to them,
 * so the mail module needs to know none of them.
 */
@Injectable()
export class MailTemplateRegistry {
  private readonly handlers = new Map<string, MailTemplateHandler>();

  register(template: string, handler: MailTemplateHandler): void {
    this.handlers.set(template, { ...this.handlers.get(template), ...handler });
  }

  handlerFor(template: string): MailTemplateHandler {
    return this.handlers.get(template) ?? {};
  }
}
