import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { City } from '../cities/city.entity';
import { OfficeContact } from '../cities/office-contact.entity';
import { OutboxService } from '../mail/outbox.service';
import { OfficerNotificationMode, User } from './user.entity';

/** Tells the officers of a city, each as they chose: at once by email, in the daily summary, or not at all. */
@Injectable()
export class OfficerNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /** Queues the email for every active officer of the city who wants to hear at once (inside the caller's transaction). */
  async notifyNow(manager: EntityManager, cityId: string, template: string, payload: Record<string, unknown>): Promise<number> {
    const officers = await manager.getRepository(User).find({ where: { cityId, disabledAt: IsNull(), passwordHash: Not(IsNull()), notificationMode: OfficerNotificationMode.Immediate } });
    const language = await this.languageOf(manager, cityId);
    for (const officer of officers) {
      await this.outbox.enqueue(manager, { template, language, recipient: officer.email, payload: { ...payload, recipientName: officer.displayName } });
    }
    return officers.length;
  }

  /** Tells one officer (who made a decision) of its outcome, unless they turned notifications off. */
  async notifyOfficer(manager: EntityManager, userId: string, template: string, payload: Record<string, unknown>): Promise<void> {
    const officer = await manager.getRepository(User).findOneBy({ id: userId, disabledAt: IsNull() });
    if (!officer || officer.notificationMode === OfficerNotificationMode.Off || !officer.cityId) return;
    await this.outbox.enqueue(manager, { template, language: await this.languageOf(manager, officer.cityId), recipient: officer.email, payload: { ...payload, recipientName: officer.displayName } });
  }

  // Officers write in their office's language.
  async languageOf(manager: EntityManager, cityId: string): Promise<string> {
    const contact = await manager.getRepository(OfficeContact).findOneBy({ cityId });
    if (contact && ['de', 'en', 'zh'].includes(contact.preferredLanguage)) return contact.preferredLanguage;
    const city = await manager.getRepository(City).findOneByOrFail({ id: cityId });
    return city.country === 'CN' ? 'zh' : 'de';
  }
}
