import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CityAdministrationController } from './city-administration.controller';
import { CityAdministrationService } from './city-administration.service';
import { CitiesController } from './cities.controller';
import { CitiesService } from './cities.service';
import { HomeCityModule } from './home-city.module';
import { CityMunicipality } from './city-municipality.entity';
import { City } from './city.entity';
import { OfficeContact } from './office-contact.entity';
import { Region } from './region.entity';

@Module({
  imports: [TypeOrmModule.forFeature([City, CityMunicipality, OfficeContact, Region]), AuditModule, HomeCityModule],
  controllers: [CitiesController, CityAdministrationController],
  providers: [CitiesService, CityAdministrationService],
  exports: [CitiesService, CityAdministrationService, HomeCityModule],
})
export class CitiesModule {}
