import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { CitiesService } from '../../cities/cities.service';
import { CompanyLifecycleService } from '../../companies/company-lifecycle.service';
import { RejectCompanyDto } from '../../companies/dto/company-requests.dto';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { PageExceptionFilter } from '../page-exception.filter';
import { cityName } from '../view-models';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, queryString, text, validateForm } from './officer-forms';
import { OfficerPageQueries } from './officer-page-queries.service';
import { officerProfileView } from './officer-view-models';

const PAGE_SIZE = 10;
const NOTICES = { approved: 'officer.companies.approved', rejected: 'officer.companies.rejected' };

interface Rejecting {
  id: string;
  reason: string;
  errors: FieldMessages;
}

/** The profile review queue: every waiting profile in full; approve it, or reject it with a reason the company is sent. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.HomeOffice)
@Controller('officer/companies')
export class OfficerCompaniesPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly queries: OfficerPageQueries,
    private readonly lifecycle: CompanyLifecycleService,
    private readonly cities: CitiesService,
  ) {}

  @Get()
  async queue(@Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(request, response, pageOf(query.page), null, noticeOf(query, NOTICES));
  }

  @Post(':id/approve')
  async approve(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Res() response: Response): Promise<void> {
    await this.lifecycle.approve(id, officer);
    response.redirect(303, `/officer/companies${queryString({ done: 'approved', page: pageOf(body.page) > 1 ? pageOf(body.page) : null })}`);
  }

  @Post(':id/reject')
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const { value, errors } = validateForm(RejectCompanyDto, { reason: text(body, 'reason') }, language);
    if (Object.keys(errors).length > 0) {
      const page = await this.render(request, response, pageOf(body.page), { id, reason: text(body, 'reason'), errors }, null);
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(page);
      return;
    }
    await this.lifecycle.reject(id, officer, value.reason);
    response.redirect(303, `/officer/companies${queryString({ done: 'rejected', page: pageOf(body.page) > 1 ? pageOf(body.page) : null })}`);
  }

  private async render(request: Request, response: Response, page: number, rejecting: Rejecting | null, noticeKey: string | null): Promise<string> {
    const language = this.pages.language(request, response);
    const [{ profiles, total }, cityNames] = await Promise.all([this.queries.profilesForReview(page, PAGE_SIZE), this.cityNames(language)]);
    return this.pages.render({
      request,
      response,
      view: 'officer/companies',
      titleKey: 'officer.companies.title',
      noticeKey,
      data: {
        total,
        page,
        profiles: profiles.map((profile) => ({
          ...officerProfileView(profile, language, cityNames),
          reject: rejecting?.id === profile.id ? { reason: rejecting.reason, errors: rejecting.errors } : { reason: '', errors: {} },
        })),
        previous: page > 1 ? `/officer/companies${queryString({ page: page - 1 })}` : null,
        next: page * PAGE_SIZE < total ? `/officer/companies${queryString({ page: page + 1 })}` : null,
      },
    });
  }

  private async cityNames(language: UiLanguage): Promise<Map<string, string>> {
    return new Map((await this.cities.list({})).map((city) => [city.slug, cityName(city, language)]));
  }
}

function pageOf(value: unknown): number {
  const page = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}
