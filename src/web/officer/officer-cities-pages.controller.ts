import { Body, Controller, ForbiddenException, Get, HttpStatus, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { CitiesService } from '../../cities/cities.service';
import { City } from '../../cities/city.entity';
import { CityAdministrationService } from '../../cities/city-administration.service';
import { OfficeContactDto } from '../../cities/dto/office-contact.dto';
import { IntroductionRouting } from '../../cities/office-contact.entity';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { PageExceptionFilter } from '../page-exception.filter';
import { cityName } from '../view-models';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, text, validateForm, withoutBlanks } from './officer-forms';

const ROUTINGS = Object.values(IntroductionRouting);
const LANGUAGES = ['de', 'en', 'zh'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

interface ContactForm {
  officeName: string;
  contactPerson: string;
  email: string;
  phone: string;
  postalAddress: string;
  preferredLanguage: string;
  introductionRouting: string;
  approvesIntroductions: boolean;
}

/** The member cities with their economic development office contact and how introductions reach their companies. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Officer)
@Controller('officer/cities')
export class OfficerCitiesPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly cities: CitiesService,
    private readonly administration: CityAdministrationService,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const cities = await this.cities.list({});
    const editable = await Promise.all(cities.map((city) => this.administration.mayKeepOfficeContact(officer, city)));
    return this.pages.render({
      request,
      response,
      view: 'officer/cities',
      titleKey: 'officer.cities.title',
      noticeKey: noticeOf(query, { saved: 'officer.cities.saved' }),
      data: {
        missing: cities.filter((city) => !city.officeContact).length,
        cities: cities.map((city, index) => ({
          slug: city.slug,
          name: cityName(city, language),
          region: regionName(city, language),
          countryKey: city.country === 'DE' ? 'cities.germany' : 'cities.china',
          home: city.slug === this.cities.homeCitySlug,
          editable: editable[index],
          office: city.officeContact ? { ...city.officeContact, routingKey: `officer.routing.${city.officeContact.introductionRouting}` } : null,
        })),
      },
    });
  }

  @Get(':slug')
  async edit(@Param('slug') slug: string, @CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const city = await this.findEditableCity(officer, slug);
    const office = city.officeContact;
    const form: ContactForm = {
      officeName: office?.officeName ?? '',
      contactPerson: office?.contactPerson ?? '',
      email: office?.email ?? '',
      phone: office?.phone ?? '',
      postalAddress: office?.postalAddress ?? '',
      preferredLanguage: office?.preferredLanguage ?? (city.country === 'CN' ? 'zh' : 'de'),
      introductionRouting: office?.introductionRouting ?? IntroductionRouting.CompanyWithOfficeCc,
      approvesIntroductions: office?.approvesIntroductions ?? false,
    };
    return this.renderForm(request, response, city, form, {});
  }

  @Post(':slug')
  async save(@Param('slug') slug: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const city = await this.findEditableCity(officer, slug);
    const form: ContactForm = {
      officeName: text(body, 'officeName'),
      contactPerson: text(body, 'contactPerson'),
      email: text(body, 'email'),
      phone: text(body, 'phone'),
      postalAddress: text(body, 'postalAddress').replace(/\r\n/g, '\n'),
      preferredLanguage: text(body, 'preferredLanguage'),
      introductionRouting: text(body, 'introductionRouting'),
      approvesIntroductions: text(body, 'approvesIntroductions') === 'true',
    };
    const { value, errors } = validateForm(OfficeContactDto, withoutBlanks({ ...form }), this.pages.language(request, response));
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.renderForm(request, response, city, form, errors));
      return;
    }
    await this.administration.saveOfficeContact(officer, city.slug, value);
    response.redirect(303, '/officer/cities?done=saved');
  }

  private async findEditableCity(officer: Officer, slug: string): Promise<City> {
    const city = SLUG.test(slug) ? await this.cities.findBySlug(slug) : null;
    if (!city) throw new NotFoundException();
    if (!(await this.administration.mayKeepOfficeContact(officer, city))) throw new ForbiddenException();
    return city;
  }

  private renderForm(request: Request, response: Response, city: City, form: ContactForm, errors: FieldMessages): string {
    const language = this.pages.language(request, response);
    return this.pages.render({
      request,
      response,
      view: 'officer/city-edit',
      titleKey: 'officer.cities.editTitle',
      data: {
        city: { slug: city.slug, name: cityName(city, language), region: regionName(city, language) },
        form,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        languages: (LANGUAGES.includes(form.preferredLanguage) || !/^[a-z]{2}$/.test(form.preferredLanguage) ? LANGUAGES : [...LANGUAGES, form.preferredLanguage]).map((code) => ({ code, name: new Intl.DisplayNames([language], { type: 'language' }).of(code), selected: code === form.preferredLanguage })),
        routings: ROUTINGS.map((routing) => ({ value: routing, labelKey: `officer.routing.${routing}`, hintKey: `officer.routing.${routing}Hint`, checked: routing === form.introductionRouting })),
      },
    });
  }
}

function regionName(city: City, language: UiLanguage): string {
  return { de: city.region.nameDe, en: city.region.nameEn, zh: city.region.nameZh }[language] ?? city.region.nameEn;
}
