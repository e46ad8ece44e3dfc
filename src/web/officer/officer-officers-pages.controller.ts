import { Body, ConflictException, Controller, Get, HttpException, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InviteOfficerDto, INTERFACE_LANGUAGES } from '../../auth/dto/invite-officer.dto';
import { OfficersService } from '../../auth/officers.service';
import { CurrentUser } from '../../auth/principal.decorator';
import { CitiesService } from '../../cities/cities.service';
import { Access, Allow } from '../../common/access';
import { UserRole } from '../../common/principal';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { cityName } from '../view-models';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, text, validateForm, withoutBlanks } from './officer-forms';

const NOTICES = { invited: 'officer.officers.invited', enabled: 'officer.officers.enabled', disabled: 'officer.officers.disabled' };
const ROLES = Object.values(UserRole);

interface InviteForm {
  email: string;
  displayName: string;
  citySlug: string;
  role: string;
  language: string;
}

const EMPTY_FORM: InviteForm = { email: '', displayName: '', citySlug: '', role: UserRole.Officer, language: 'de' };

/** Administrators: the staff accounts, invitations with a one-time link, enabling and disabling. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Admin)
@Controller('officer/officers')
export class OfficerOfficersPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly officers: OfficersService,
    private readonly cities: CitiesService,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @CurrentUser() admin: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(request, response, admin, { ...EMPTY_FORM, citySlug: this.cities.homeCitySlug }, {}, null, noticeOf(query, NOTICES));
  }

  @Post()
  async invite(@Body() body: Record<string, unknown>, @CurrentUser() admin: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const form: InviteForm = { email: text(body, 'email'), displayName: text(body, 'displayName'), citySlug: text(body, 'citySlug'), role: text(body, 'role'), language: text(body, 'language') };
    const { value, errors } = validateForm(InviteOfficerDto, withoutBlanks({ ...form }), language);
    if (!form.citySlug) errors.citySlug = translate(language, 'validation.required');
    if (Object.keys(errors).length === 0) {
      try {
        await this.officers.invite(value, admin.userId);
        response.redirect(303, '/officer/officers?done=invited');
        return;
      } catch (error) {
        const field = fieldOf(error);
        if (!field) throw error;
        errors[field] = translate(language, error instanceof ConflictException ? 'officer.officers.emailTaken' : 'validation.choice');
      }
    }
    response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, admin, form, errors, null, null));
  }

  @Post(':id')
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() admin: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const disabled = text(body, 'disabled');
    if (disabled !== 'true' && disabled !== 'false') {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, admin, { ...EMPTY_FORM }, {}, 'validation.choice', null));
      return;
    }
    try {
      await this.officers.update(id, { disabled: disabled === 'true' }, admin.userId);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      response.status(HttpStatus.CONFLICT).send(await this.render(request, response, admin, { ...EMPTY_FORM }, {}, 'officer.officers.notYourself', null));
      return;
    }
    response.redirect(303, `/officer/officers?done=${disabled === 'true' ? 'disabled' : 'enabled'}`);
  }

  private async render(request: Request, response: Response, admin: Officer, form: InviteForm, errors: FieldMessages, failureKey: string | null, noticeKey: string | null): Promise<string> {
    const language = this.pages.language(request, response);
    const [listing, cities] = await Promise.all([this.officers.list(), this.cities.list({})]);
    const languageNames = new Intl.DisplayNames([language], { type: 'language' });
    return this.pages.render({
      request,
      response,
      view: 'officer/officers',
      titleKey: 'officer.officers.title',
      noticeKey,
      data: {
        officers: listing.map(({ user, passwordSet }) => ({
          id: user.id,
          displayName: user.displayName,
          email: user.email,
          roleKey: `officer.role.${user.role}`,
          cityName: user.city ? cityName(user.city, language) : '–',
          stateKey: user.disabledAt ? 'officer.officers.stateDisabled' : passwordSet ? 'officer.officers.stateActive' : 'officer.officers.stateInvited',
          disabled: user.disabledAt !== null,
          totp: user.totpEnabledAt !== null,
          self: user.id === admin.userId,
          createdAt: user.createdAt,
        })),
        form,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        failureKey,
        cities: cities.map((city) => ({ slug: city.slug, name: cityName(city, language), selected: city.slug === form.citySlug })),
        roles: ROLES.map((role) => ({ value: role, labelKey: `officer.role.${role}`, selected: role === form.role })),
        languages: INTERFACE_LANGUAGES.map((code) => ({ code, name: languageNames.of(code), selected: code === form.language })),
      },
    });
  }
}

/** The form field a refusal of the service names (an address taken, an unknown city). */
function fieldOf(error: unknown): 'email' | 'citySlug' | null {
  if (!(error instanceof ConflictException || error instanceof UnprocessableEntityException)) return null;
  const field = ((error as HttpException).getResponse() as { field?: unknown }).field;
  return field === 'email' || field === 'citySlug' ? field : null;
}
