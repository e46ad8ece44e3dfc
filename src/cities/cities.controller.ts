import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CitiesService } from './cities.service';
import { CityResponse, toCityResponse } from './dto/city.response';
import { ListCitiesQuery } from './dto/list-cities.query';
import { MunicipalityNotFoundResponse, MunicipalityResolutionResponse } from './dto/municipality-resolution.response';
import { ResolveMunicipalityQuery } from './dto/resolve-municipality.query';
import { Access, Allow } from '../common/access';

@ApiTags('cities')
@Allow(Access.Public)
@Controller('api/cities')
export class CitiesController {
  constructor(private readonly cities: CitiesService) {}

  @Get()
  @ApiOperation({ summary: 'ISA member cities in Germany and China, with their economic development office contacts.' })
  @ApiOkResponse({ type: [CityResponse] })
  @ApiBadRequestResponse({ description: 'An unknown filter or an invalid value; the body names the field.' })
  async list(@Query() query: ListCitiesQuery): Promise<CityResponse[]> {
    const cities = await this.cities.list(query);
    return cities.map((city) => toCityResponse(city, this.cities.homeCitySlug));
  }

  @Get('resolve')
  @ApiOperation({ summary: 'Finds the member city a municipality belongs to (Kelsterbach → Rüsselsheim am Main/Raunheim/Kelsterbach).' })
  @ApiOkResponse({ type: MunicipalityResolutionResponse })
  @ApiNotFoundResponse({ type: MunicipalityNotFoundResponse, description: 'No member covers the municipality; the closest names are listed.' })
  async resolve(@Query() query: ResolveMunicipalityQuery): Promise<MunicipalityResolutionResponse> {
    const resolution = await this.cities.resolveMunicipality(query.municipality);
    if (!resolution.found) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `${query.municipality} is not in any ISA member city.`,
        field: 'municipality',
        nearestMatches: resolution.nearestMatches.map((match) => ({
          municipality: match.municipality,
          citySlug: match.city.slug,
          cityNames: { de: match.city.nameDe, en: match.city.nameEn, zh: match.city.nameZh },
        })),
      });
    }
    return { municipality: resolution.municipality, city: toCityResponse(resolution.city, this.cities.homeCitySlug) };
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One member city by its slug.' })
  @ApiOkResponse({ type: CityResponse })
  @ApiNotFoundResponse({ description: 'No member city has this slug.' })
  async findOne(@Param('slug') slug: string): Promise<CityResponse> {
    const city = await this.cities.findBySlug(slug);
    if (!city) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `No member city has the slug "${slug}".` });
    return toCityResponse(city, this.cities.homeCitySlug);
  }
}
