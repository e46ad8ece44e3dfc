import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CitiesModule } from '../cities/cities.module';
import { CompaniesModule } from '../companies/companies.module';
import { MatchRequestsModule } from '../match-requests/match-requests.module';
import { MatchingModule } from '../matching/matching.module';
import { addTexts } from './i18n/texts';
import { PUBLIC_TEXTS } from './i18n/public.texts';
import { PageExceptionFilter } from './page-exception.filter';
import { PublicPagesController } from './public-pages.controller';
import { SessionPagesController } from './session-pages.controller';
import { WebPages } from './web-pages.service';

addTexts(PUBLIC_TEXTS);

/** The web application for companies, partners and officers: server-rendered pages in German, English and Chinese. */
@Module({
  imports: [AuthModule, CitiesModule, CompaniesModule, MatchingModule, MatchRequestsModule],
  controllers: [PublicPagesController, SessionPagesController],
  providers: [WebPages, PageExceptionFilter],
  exports: [WebPages, PageExceptionFilter],
})
export class WebModule {}
