import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import { CitiesService } from '../cities/cities.service';
import { City } from '../cities/city.entity';
import { CompanyDirectoryService } from '../companies/company-directory.service';
import { CooperationType } from '../companies/cooperation-type';
import { DirectoryQuery } from '../companies/dto/directory.query';
import { Access, Allow } from '../common/access';
import { UiLanguage } from '../common/language';
import { Environment } from '../config/environment';
import { cooperationLabel } from '../matching/suggestion-reasons';
import { PageExceptionFilter } from './page-exception.filter';
import { cityName, publicCompanyView } from './view-models';
import { WebPages } from './web-pages.service';

const PAGE_SIZE = 20;

/** The pages anyone may see: what ISA Match is, the member cities, the directory and its profiles. */
@ApiExcludeController()
@Allow(Access.Public)
@UseFilters(PageExceptionFilter)
@Controller()
export class PublicPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly cities: CitiesService,
    private readonly directory: CompanyDirectoryService,
    config: ConfigService<Environment, true>,
  ) {
    this.homeCity = config.get('HOME_CITY', { infer: true });
  }

  private readonly homeCity: string;

  @Get()
  async home(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const cities = await this.cities.list({});
    const count = (country: string) => cities.filter((city) => city.country === country).length;
    return this.pages.render({ request, response, view: 'public/home', titleKey: 'home.title', data: { germanCount: count('DE'), chineseCount: count('CN') } });
  }

  @Get('cities')
  async cityList(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const cities = await this.cities.list({});
    return this.pages.render({ request, response, view: 'public/cities', titleKey: 'cities.title', data: { countries: ['DE', 'CN'].map((country) => this.countryView(cities, country, language)) } });
  }

  @Get('directory')
  async directoryPage(@Query() raw: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const { lang: _lang, ...filters } = raw;
    const query = plainToInstance(DirectoryQuery, { ...clean(filters), pageSize: PAGE_SIZE });
    const valid = validateSync(query, { whitelist: true }).length === 0;
    const { companies, total } = valid ? await this.directory.search(query) : { companies: [], total: 0 };
    const cities = await this.cities.list({});
    const page = valid ? query.page : 1;
    const link = (target: number) => `/directory?${new URLSearchParams({ ...clean(filters), page: String(target) } as Record<string, string>).toString()}`;
    return this.pages.render({
      request,
      response,
      view: 'public/directory',
      titleKey: 'directory.title',
      data: {
        query: { q: query.q ?? '', country: query.country ?? '', city: query.city ?? '', offers: query.offers ?? '' },
        cities: cities.map((city) => ({ slug: city.slug, name: cityName(city, language), selected: city.slug === query.city })),
        cooperationTypes: Object.values(CooperationType).map((type) => ({ value: type, label: cooperationLabel(type, language), selected: type === query.offers })),
        companies: companies.map((company) => publicCompanyView(company, language)),
        total,
        previous: page > 1 ? link(page - 1) : null,
        next: page * PAGE_SIZE < total ? link(page + 1) : null,
      },
    });
  }

  @Get('directory/:id')
  async profile(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const company = await this.directory.findPublic(id);
    if (!company) throw new NotFoundException();
    const principal = (request as Request & { principal?: { type: string; companyId?: string } }).principal;
    const canAsk = principal?.type === 'company' && principal.companyId !== company.id;
    return this.pages.render({ request, response, view: 'public/profile', titleKey: 'directory.title', data: { company: publicCompanyView(company, language), canAsk, signedOut: !principal } });
  }

  private countryView(cities: City[], country: string, language: UiLanguage) {
    const members = cities.filter((city) => city.country === country);
    const regions = new Map<string, { name: string; cities: Array<{ name: string; home: boolean }> }>();
    for (const city of members) {
      const region = regions.get(city.regionCode) ?? { name: { de: city.region.nameDe, en: city.region.nameEn, zh: city.region.nameZh }[language], cities: [] };
      region.cities.push({ name: cityName(city, language), home: city.slug === this.homeCity });
      regions.set(city.regionCode, region);
    }
    const list = [...regions.values()].sort((a, b) => b.cities.length - a.cities.length || a.name.localeCompare(b.name));
    const widest = Math.max(...list.map((region) => region.cities.length));
    return {
      nameKey: country === 'DE' ? 'cities.germany' : 'cities.china',
      count: members.length,
      regions: list.map((region) => ({ ...region, count: region.cities.length, barWidth: Math.round((region.cities.length / widest) * 100) })),
    };
  }
}

/** Empty form fields mean "any". */
function clean(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => typeof value === 'string' && value.trim() !== ''));
}
