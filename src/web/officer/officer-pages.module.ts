import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AuthModule } from '../../auth/auth.module';
import { CitiesModule } from '../../cities/cities.module';
import { CompaniesModule } from '../../companies/companies.module';
import { MailModule } from '../../mail/mail.module';
import { MatchRequestsModule } from '../../match-requests/match-requests.module';
import { PrivacyModule } from '../../privacy/privacy.module';
import { OFFICER_TEXTS } from '../i18n/officer.texts';
import { addTexts } from '../i18n/texts';
import { WebCoreModule } from '../web-core.module';
import { OfficerAuditPagesController } from './officer-audit-pages.controller';
import { OfficerCitiesPagesController } from './officer-cities-pages.controller';
import { OfficerCompaniesPagesController } from './officer-companies-pages.controller';
import { OfficerEmailsPagesController } from './officer-emails-pages.controller';
import { OfficerHomeController } from './officer-home.controller';
import { OfficerImportPagesController } from './officer-import-pages.controller';
import { OfficerLegalNoticesPagesController } from './officer-legal-notices-pages.controller';
import { OfficerLoginController } from './officer-login.controller';
import { OfficerMatchRequestsPagesController } from './officer-match-requests-pages.controller';
import { OfficerOfficersPagesController } from './officer-officers-pages.controller';
import { OfficerPageQueries } from './officer-page-queries.service';
import { OfficerStatsPagesController } from './officer-stats-pages.controller';
import { PasswordPagesController } from './password-pages.controller';

addTexts(OFFICER_TEXTS);

/** The officers' pages: review queues, emails, member-city contacts, import, audit log, statistics, officers. */
@Module({
  imports: [WebCoreModule, AuthModule, AuditModule, CitiesModule, CompaniesModule, MailModule, MatchRequestsModule, PrivacyModule],
  controllers: [
    OfficerLoginController,
    OfficerHomeController,
    OfficerCompaniesPagesController,
    OfficerMatchRequestsPagesController,
    OfficerEmailsPagesController,
    OfficerCitiesPagesController,
    OfficerImportPagesController,
    OfficerAuditPagesController,
    OfficerStatsPagesController,
    OfficerOfficersPagesController,
    PasswordPagesController,
    OfficerLegalNoticesPagesController,
  ],
  providers: [OfficerPageQueries],
})
export class OfficerPagesModule {}
