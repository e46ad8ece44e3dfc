import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { AuthModule } from '../auth/auth.module';
import { CompaniesModule } from '../companies/companies.module';
import { CompanyPagesModule } from './company/company-pages.module';
import { addTexts } from './i18n/texts';
import { PUBLIC_TEXTS } from './i18n/public.texts';
import { OfficerPagesModule } from './officer/officer-pages.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { LegalPagesController } from './legal-pages.controller';
import { PublicPagesController } from './public-pages.controller';
import { SessionPagesController } from './session-pages.controller';
import { WebCoreModule } from './web-core.module';

addTexts(PUBLIC_TEXTS);

/** The web application for companies, partners and officers: server-rendered pages in German, English and Chinese. */
@Module({
  imports: [WebCoreModule, AuthModule, CitiesModule, CompaniesModule, CompanyPagesModule, OfficerPagesModule, PrivacyModule],
  controllers: [PublicPagesController, LegalPagesController, SessionPagesController],
})
export class WebModule {}
