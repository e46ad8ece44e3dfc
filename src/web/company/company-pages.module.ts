import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** Registration and the company area: profile, suggestions, introductions. */
@Module({
  imports: [WebCoreModule],
  controllers: [],
})
export class CompanyPagesModule {}
