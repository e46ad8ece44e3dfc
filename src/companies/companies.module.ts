import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CitiesModule } from '../cities/cities.module';
import { MailModule } from '../mail/mail.module';
import { ResponseLinksModule } from '../match-requests/response-links.module';
import { COMPANY_IMPORT_QUEUE, SIGN_IN_LINK_QUEUE } from '../queue/queue.constants';
import { CompaniesController } from './companies.controller';
import { CompanyConsent } from './company-consent.entity';
import { CompanyDirectoryService } from './company-directory.service';
import { CompanyEmailChangeService } from './company-email-change.service';
import { CompanyImport } from './company-import.entity';
import { CompanyImportService } from './company-import.service';
import { CompanyLifecycleService } from './company-lifecycle.service';
import { CompanyLoginService } from './company-login.service';
import { CompanyMaintenanceService } from './company-maintenance.service';
import { CompanyPrivacyEvents } from './company-privacy-events';
import { CompanyProfileService } from './company-profile.service';
import { CompanyRegistrationService } from './company-registration.service';
import { Company } from './company.entity';
import { CrossBorderCheck } from './cross-border-check.service';
import { OfficerCompaniesController } from './officer-companies.controller';
import { PersonalDataRetention } from './personal-data-retention.service';
import { ListingNoticeService } from './listing-notice.service';
import { ProfileReferenceCheck } from './profile-reference-check.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Company, CompanyConsent, CompanyImport]),
    BullModule.registerQueue({ name: COMPANY_IMPORT_QUEUE }, { name: SIGN_IN_LINK_QUEUE }),
    AuthModule,
    AuditModule,
    CitiesModule,
    MailModule,
    ResponseLinksModule,
  ],
  controllers: [CompaniesController, OfficerCompaniesController],
  providers: [
    ProfileReferenceCheck,
    CompanyRegistrationService,
    CompanyLifecycleService,
    CompanyProfileService,
    CompanyEmailChangeService,
    CompanyLoginService,
    CompanyDirectoryService,
    CompanyImportService,
    CompanyMaintenanceService,
    CompanyPrivacyEvents,
    CrossBorderCheck,
    PersonalDataRetention,
    ListingNoticeService,
  ],
  exports: [ListingNoticeService, CompanyImportService, CompanyMaintenanceService, CompanyDirectoryService, CompanyRegistrationService, CompanyLoginService, CompanyProfileService, CompanyEmailChangeService, CompanyLifecycleService, ProfileReferenceCheck, CompanyPrivacyEvents, CrossBorderCheck],
})
export class CompaniesModule {}
