import { Module } from '@nestjs/common';
import { HomeCityModule } from '../cities/home-city.module';
import { PageExceptionFilter } from './page-exception.filter';
import { WebPages } from './web-pages.service';

/** What every area of the web application shares: the page renderer with language and navigation, and error pages. */
@Module({
  imports: [HomeCityModule],
  providers: [WebPages, PageExceptionFilter],
  exports: [WebPages, PageExceptionFilter],
})
export class WebCoreModule {}
