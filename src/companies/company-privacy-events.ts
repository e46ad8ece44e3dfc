import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Company } from './company.entity';

/** What other domains do, inside the company's transaction, when its data must stop flowing. */
export interface CompanyPrivacyListener {
  /** The company is being erased: everything still open about it ends, and its people's words go. */
  companyErasing?(manager: EntityManager, company: Company): Promise<void>;
  /** The company's data may no longer cross the German-Chinese border: what is open across it ends. */
  crossBorderWithdrawn?(manager: EntityManager, company: Company): Promise<void>;
}

/**
 * Domains above companies (match requests, matching) subscribe here, so that erasure and a withdrawn consent
 * reach them in the same transaction without the companies domain depending on them.
 */
@Injectable()
export class CompanyPrivacyEvents {
  private readonly listeners: CompanyPrivacyListener[] = [];

  subscribe(listener: CompanyPrivacyListener): void {
    this.listeners.push(listener);
  }

  async companyErasing(manager: EntityManager, company: Company): Promise<void> {
    for (const listener of this.listeners) await listener.companyErasing?.(manager, company);
  }

  async crossBorderWithdrawn(manager: EntityManager, company: Company): Promise<void> {
    for (const listener of this.listeners) await listener.crossBorderWithdrawn?.(manager, company);
  }
}
