import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CompanyExportController } from './company-export.controller';
import { CompanyExportService } from './company-export.service';
import { LegalNoticesController } from './legal-notices.controller';
import { LegalNoticesService } from './legal-notices.service';
import { PrivacyConfirmationService } from './privacy-confirmation.service';

/** What data protection gives companies: their data export, the published notices and their confirmation. */
@Module({
  imports: [AuditModule],
  controllers: [CompanyExportController, LegalNoticesController],
  providers: [CompanyExportService, LegalNoticesService, PrivacyConfirmationService],
  exports: [CompanyExportService, LegalNoticesService, PrivacyConfirmationService],
})
export class PrivacyModule {}
