import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** The officers' pages: review queues, emails, member-city contacts, import, audit log, statistics, officers. */
@Module({
  imports: [WebCoreModule],
  controllers: [],
})
export class OfficerPagesModule {}
