import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CitiesService } from '../../cities/cities.service';
import { Region } from '../../cities/region.entity';
import { CHINA_TRANSFER_CONSENT_TEXT } from '../../companies/consent-terms';
import { WebPages } from '../web-pages.service';
import { FieldErrors, formChoices, formFields } from './profile-form';

export interface ProfileFormOptions {
  mode: 'register' | 'edit';
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  status?: number;
  /** A text key shown above the form (a problem of the whole form, not of one field). */
  formError?: string | null;
  /** Member-city towns close to what was typed as the municipality. */
  nearestMatches?: string[];
}

/** The profile form, for registration and for editing: the same fields, choices and error display. */
@Injectable()
export class ProfileFormPage {
  constructor(
    private readonly pages: WebPages,
    private readonly cities: CitiesService,
    private readonly dataSource: DataSource,
  ) {}

  async render(request: Request, response: Response, { mode, values, errors, status = HttpStatus.OK, formError = null, nearestMatches = [] }: ProfileFormOptions): Promise<string> {
    const language = this.pages.language(request, response);
    const [cities, regions] = await Promise.all([this.cities.list({}), this.dataSource.getRepository(Region).find({ order: { country: 'ASC', code: 'ASC' } })]);
    const registering = mode === 'register';
    const titleKey = registering ? 'register.title' : 'area.edit';
    response.status(status);
    return this.pages.render({
      request,
      response,
      view: 'company/profile-form',
      titleKey,
      data: {
        titleKey,
        submitKey: registering ? 'register.submit' : 'action.save',
        registering,
        action: registering ? '/register' : '/companies/profile',
        f: formFields(values, errors),
        choices: formChoices(language, values, cities, regions),
        hasErrors: Object.keys(errors).length > 0,
        formError,
        nearestMatches,
        chinaConsentText: registering ? CHINA_TRANSFER_CONSENT_TEXT[language] : '',
      },
    });
  }
}
