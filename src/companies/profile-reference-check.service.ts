import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CitiesService, NearestMatch } from '../cities/cities.service';
import { City } from '../cities/city.entity';
import { Region } from '../cities/region.entity';
import { FieldError } from '../common/validation';
import { isKnownNaceCode } from '../nace/nace';
import { CompanyProfileDto } from './dto/register-company.dto';

export interface ResolvedLocation {
  city: City;
  municipality: string;
}

/**
 * The checks a DTO cannot make alone: the municipality is in a member city, the NACE codes exist,
 * target markets name known regions and members, the preferred language is one of the languages.
 * All problems are reported together as one 422.
 */
@Injectable()
export class ProfileReferenceCheck {
  constructor(
    private readonly cities: CitiesService,
    private readonly dataSource: DataSource,
  ) {}

  async check(profile: CompanyProfileDto): Promise<ResolvedLocation> {
    const errors: FieldError[] = [];
    let nearestMatches: NearestMatch[] | undefined;
    const resolution = await this.cities.resolveMunicipality(profile.address.municipality);
    if (!resolution.found) {
      nearestMatches = resolution.nearestMatches;
      errors.push({ field: 'address.municipality', message: `${profile.address.municipality} is not in any ISA member city.` });
    }
    profile.sectors.forEach((code, index) => {
      if (!isKnownNaceCode(code)) errors.push({ field: `sectors[${index}]`, message: `${code} is not a NACE Rev. 2 code.` });
    });
    if (!profile.languages.includes(profile.preferredLanguage)) {
      errors.push({ field: 'preferredLanguage', message: 'preferredLanguage must be one of languages.' });
    }
    errors.push(...(await this.unknownTargets(profile)));
    if (errors.length > 0 || !resolution.found) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Some values are not known to the platform.',
        errors,
        ...(nearestMatches && {
          nearestMatches: nearestMatches.map((match) => ({ municipality: match.municipality, citySlug: match.city.slug, cityNames: { de: match.city.nameDe, en: match.city.nameEn, zh: match.city.nameZh } })),
        }),
      });
    }
    return { city: resolution.city, municipality: resolution.municipality };
  }

  private async unknownTargets(profile: CompanyProfileDto): Promise<FieldError[]> {
    const { regions, cities } = profile.targetMarkets;
    const knownRegions = regions.length ? (await this.dataSource.getRepository(Region).findBy({ code: In(regions) })).map((region) => region.code) : [];
    const knownCities = cities.length ? (await this.dataSource.getRepository(City).findBy({ slug: In(cities) })).map((city) => city.slug) : [];
    return [
      ...regions.flatMap((code, index) => (knownRegions.includes(code) ? [] : [{ field: `targetMarkets.regions[${index}]`, message: `${code} is not a state or province with ISA members.` }])),
      ...cities.flatMap((slug, index) => (knownCities.includes(slug) ? [] : [{ field: `targetMarkets.cities[${index}]`, message: `${slug} is not an ISA member city.` }])),
    ];
  }
}
