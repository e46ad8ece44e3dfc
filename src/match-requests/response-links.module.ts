import { Module } from '@nestjs/common';
import { ResponseLinks } from './response-links.service';

/** Answer links on their own, so that erasing a company can end them without depending on the match-request rules. */
@Module({
  providers: [ResponseLinks],
  exports: [ResponseLinks],
})
export class ResponseLinksModule {}
