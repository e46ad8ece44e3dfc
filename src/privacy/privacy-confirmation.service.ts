import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CompanyConsent, ConsentKind } from '../companies/company-consent.entity';
import { LegalNotice, LegalNoticeKind } from './legal-notice.entity';
import { privacyVersionLabel } from './legal-notices.service';

/**
 * A newly published privacy notice is confirmed by every company at its next sign-in; the confirmation is
 * recorded as its privacy-policy consent for that version, with the time.
 */
@Injectable()
export class PrivacyConfirmationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The published version the company has yet to confirm, or null. A consent given after publication covers it (the company read that version). */
  async pending(companyId: string): Promise<{ version: number; publishedAt: Date } | null> {
    const notice = await this.dataSource.getRepository(LegalNotice).findOne({ where: { kind: LegalNoticeKind.Privacy, publishedAt: Not(IsNull()) }, order: { version: 'DESC' } });
    if (!notice) return null;
    const [{ confirmed }] = await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM company_consents
          WHERE company_id = $1 AND kind = 'privacy_policy' AND withdrawn_at IS NULL AND (version = $2 OR given_at >= $3)
       ) AS confirmed`,
      [companyId, privacyVersionLabel(notice.version!), notice.publishedAt],
    );
    return confirmed ? null : { version: notice.version!, publishedAt: notice.publishedAt! };
  }

  async confirm(companyId: string): Promise<void> {
    const pending = await this.pending(companyId);
    if (!pending) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM companies WHERE id = $1 AND status <> 'erased' FOR UPDATE`, [companyId]);
      const consents = manager.getRepository(CompanyConsent);
      const version = privacyVersionLabel(pending.version);
      if (await consents.existsBy({ companyId, kind: ConsentKind.PrivacyPolicy, withdrawnAt: IsNull(), version })) return;
      await consents.update({ companyId, kind: ConsentKind.PrivacyPolicy, withdrawnAt: IsNull() }, { withdrawnAt: new Date() });
      await consents.insert({ companyId, kind: ConsentKind.PrivacyPolicy, version });
      await this.audit.record(manager, { action: 'company.privacy_notice_confirmed', subjectType: 'company', subjectId: companyId, after: { version } });
    });
  }
}
