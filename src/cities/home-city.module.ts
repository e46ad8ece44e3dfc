import { Module } from '@nestjs/common';
import { HomeCityService } from './home-city.service';

/** The home city and the staff authority policy, with no dependencies: every domain may ask it. */
@Module({
  providers: [HomeCityService],
  exports: [HomeCityService],
})
export class HomeCityModule {}
