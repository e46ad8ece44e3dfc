import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { CitiesModule } from '../../cities/cities.module';
import { CompaniesModule } from '../../companies/companies.module';
import { MatchRequestsModule } from '../../match-requests/match-requests.module';
import { MatchingModule } from '../../matching/matching.module';
import { PrivacyModule } from '../../privacy/privacy.module';
import { COMPANY_TEXTS } from '../i18n/company.texts';
import { addTexts } from '../i18n/texts';
import { WebCoreModule } from '../web-core.module';
import { CompanyAreaPagesController } from './company-area-pages.controller';
import { CompanyFormPagesController } from './company-form-pages.controller';
import { ProfileFormPage } from './profile-form-page.service';

addTexts(COMPANY_TEXTS);

/** Registration and the company area: profile, suggestions, introductions. */
@Module({
  imports: [WebCoreModule, AuthModule, CitiesModule, CompaniesModule, MatchingModule, MatchRequestsModule, PrivacyModule],
  controllers: [CompanyFormPagesController, CompanyAreaPagesController],
  providers: [ProfileFormPage],
})
export class CompanyPagesModule {}
