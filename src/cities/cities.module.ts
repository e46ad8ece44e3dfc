import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CitiesController } from './cities.controller';
import { CitiesService } from './cities.service';
import { CityMunicipality } from './city-municipality.entity';
import { City } from './city.entity';
import { OfficeContact } from './office-contact.entity';
import { Region } from './region.entity';

@Module({
  imports: [TypeOrmModule.forFeature([City, CityMunicipality, OfficeContact, Region])],
  controllers: [CitiesController],
  providers: [CitiesService],
  exports: [CitiesService],
})
export class CitiesModule {}
