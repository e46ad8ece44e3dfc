import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { IntroductionRouting, OfficeContact } from '../cities/office-contact.entity';
import { emailLanguageOf } from '../companies/company-mail';
import { Company } from '../companies/company.entity';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { MatchRequest } from './match-request.entity';
import { ResponseLinks } from './response-links.service';

/** The emails a match request causes, each written to the outbox in the transaction of its status change. */
@Injectable()
export class IntroductionMailService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly responseLinks: ResponseLinks,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /**
   * The introduction goes to the partner company with its city's office in copy, or to that office when it asks
   * for introductions to go through it. Without an office contact the partner office could not be kept in the loop,
   * so the introduction waits until an officer enters one.
   */
  async queueIntroduction(manager: EntityManager, request: MatchRequest, target: Company): Promise<void> {
    await this.queueToPartner(manager, 'match_introduction', request, target);
  }

  /** Sent once, when the partner has not answered after a while. */
  async queueReminder(manager: EntityManager, request: MatchRequest, target: Company): Promise<void> {
    await this.queueToPartner(manager, 'match_introduction_reminder', request, target);
  }

  async queueExpiryNotices(manager: EntityManager, request: MatchRequest, requester: Company, target: Company): Promise<void> {
    await this.queueToPartner(manager, 'match_introduction_expired', request, target);
    await this.queueToRequester(manager, 'match_request_expired', request, requester);
  }

  async queueAnswerNotice(manager: EntityManager, request: MatchRequest, requester: Company, accepted: boolean): Promise<void> {
    await this.queueToRequester(manager, accepted ? 'match_request_accepted' : 'match_request_declined', request, requester);
  }

  /**
   * After acceptance each side receives the other's contact person, with both offices in copy. The partner's side goes
   * to the contact confirmed for this introduction; when that is not the company's own address, the company hears of it too.
   */
  async queueContactExchange(manager: EntityManager, request: MatchRequest, requester: Company, target: Company): Promise<void> {
    const offices = await manager.getRepository(OfficeContact).findBy([{ cityId: requester.cityId }, { cityId: target.cityId }]);
    const cc = offices.map((office) => office.email);
    // An erased side has no address left; the other side still hears of it from the offices in Cc.
    if (requester.contactEmail) {
      await this.outbox.enqueue(manager, {
        template: 'match_contact_exchange',
        language: emailLanguageOf(requester),
        recipient: requester.contactEmail,
        cc,
        payload: { matchRequestId: request.id, partnerCompanyId: target.id },
      });
    }
    const partnerContact = request.partnerContactEmail ?? target.contactEmail!;
    await this.outbox.enqueue(manager, {
      template: 'match_contact_exchange',
      language: emailLanguageOf(target),
      recipient: partnerContact,
      cc: partnerContact === target.contactEmail ? cc : [...cc, target.contactEmail!],
      payload: { matchRequestId: request.id, partnerCompanyId: requester.id },
    });
  }

  /**
   * Mail to the partner goes to the partner company with its city's office in copy, or to that office when it asks
   * for introductions to go through it. Without an office contact the partner office could not be kept in the loop,
   * so nothing goes out until an officer enters one.
   */
  private async queueToPartner(manager: EntityManager, template: string, request: MatchRequest, target: Company): Promise<void> {
    const office = await manager.getRepository(OfficeContact).findOneBy({ cityId: target.cityId });
    if (!office) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        message: `${target.city.nameEn} has no economic development office contact yet; enter it at PUT /api/officer/cities/${target.city.slug}/office-contact, then approve again.`,
      });
    }
    const viaOffice = office.introductionRouting === IntroductionRouting.ViaOffice;
    // An erased partner has no address left to write to.
    if (!viaOffice && !target.contactEmail) return;
    // The introduction and the reminder each carry an answer link of their own, made in this transaction.
    const responseLinkId = template === 'match_introduction_expired' ? undefined : await this.responseLinks.issue(manager, request);
    await this.outbox.enqueue(manager, {
      template,
      language: viaOffice ? office.preferredLanguage : emailLanguageOf(target),
      recipient: viaOffice ? office.email : target.contactEmail!,
      cc: viaOffice ? [] : [office.email],
      payload: { matchRequestId: request.id, routing: office.introductionRouting, ...(responseLinkId && { responseLinkId }) },
    });
  }

  private async queueToRequester(manager: EntityManager, template: string, request: MatchRequest, requester: Company, extra: Record<string, unknown> = {}): Promise<void> {
    if (!requester.contactEmail) return;
    await this.outbox.enqueue(manager, {
      template,
      language: emailLanguageOf(requester),
      recipient: requester.contactEmail!,
      payload: { matchRequestId: request.id, link: this.link('/companies/match-requests'), ...extra },
    });
  }

  async queueApprovedNotice(manager: EntityManager, request: MatchRequest, requester: Company): Promise<void> {
    await this.queueToRequester(manager, 'match_request_approved', request, requester);
  }

  async queueRejectedNotice(manager: EntityManager, request: MatchRequest, requester: Company, reason: string): Promise<void> {
    await this.queueToRequester(manager, 'match_request_rejected', request, requester, { reason });
  }

  link(path: string): string {
    return new URL(path, this.config.get('PUBLIC_URL', { infer: true })).toString();
  }
}
