import { Controller, Get, HttpStatus, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { MatchRequestStatus } from '../../match-requests/match-request-status';
import { MatchRequestStats, MatchRequestStatsService, MonthlyCount } from '../../match-requests/match-request-stats.service';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { cityBarChart, monthChart } from './officer-charts';
import { dayOf, FieldMessages, nextDay, Officer, queryString, startOfDay, timeZoneFor } from './officer-forms';
import { localName } from './officer-view-models';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 5 * 366;
const DAY_MS = 24 * 3_600_000;
const LOCALES: Record<UiLanguage, string> = { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' };

interface Period {
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
}

/** Introduction requests made in a period: by status, partner city and country, acceptance, median times; two charts. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Officer)
@Controller('officer/stats')
export class OfficerStatsPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly statistics: MatchRequestStatsService,
  ) {}

  @Get()
  async stats(@Query() query: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const timeZone = timeZoneFor(language);
    const { period, errors } = periodOf(query, timeZone, language);
    if (!period) response.status(HttpStatus.UNPROCESSABLE_ENTITY);
    const [stats, monthly] = period
      ? await Promise.all([this.statistics.stats(officer, period), this.statistics.monthly(officer, period, timeZone)])
      : [null, []];
    const today = dayOf(new Date(), timeZone);
    return this.pages.render({
      request,
      response,
      view: 'officer/stats',
      titleKey: 'officer.stats.title',
      data: {
        form: { from: typeof query.from === 'string' ? query.from : (period?.fromDay ?? ''), to: typeof query.to === 'string' ? query.to : (period?.toDay ?? '') },
        errors,
        hasErrors: Object.keys(errors).length > 0,
        presets: [
          { days: 90, href: `/officer/stats${queryString({ from: dayOf(new Date(Date.now() - 89 * DAY_MS), timeZone), to: today })}` },
          { days: 365, href: `/officer/stats${queryString({ from: dayOf(new Date(Date.now() - 364 * DAY_MS), timeZone), to: today })}` },
        ],
        stats: stats && period ? this.view(stats, monthly, period, language) : null,
      },
    });
  }

  private view(stats: MatchRequestStats, monthly: MonthlyCount[], period: Period, language: UiLanguage) {
    const percent = new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 1 });
    const rate = (value: number | null) => (value === null ? '–' : percent.format(value));
    const countries = new Intl.DisplayNames([language], { type: 'region' });
    const monthName = new Intl.DateTimeFormat(LOCALES[language], { month: 'short', year: '2-digit', timeZone: 'UTC' });
    return {
      from: period.from,
      // The last instant of the period, so the reader sees the last day included.
      lastDay: new Date(period.to.getTime() - 1),
      total: stats.total,
      acceptance: rate(stats.acceptanceRate),
      medianDecision: hoursText(stats.medianHoursToDecision, language),
      medianAnswer: hoursText(stats.medianHoursToAnswer, language),
      byStatus: Object.values(MatchRequestStatus).map((status) => ({ labelKey: `officer.requestStatus.${status}`, count: stats.byStatus[status] })),
      byCountry: stats.byCountry.map((entry) => ({ name: countries.of(entry.country) ?? entry.country, total: entry.total })),
      byCity: stats.byPartnerCity.map((city) => ({ name: localName(city.names, language), country: countries.of(city.country) ?? city.country, total: city.total, acceptance: rate(city.acceptanceRate) })),
      cityChart: stats.byPartnerCity.length
        ? cityBarChart(stats.byPartnerCity.map((city) => ({ label: localName(city.names, language), total: city.total, acceptanceRate: city.acceptanceRate, acceptanceText: rate(city.acceptanceRate) })))
        : null,
      monthly: monthly.map((month) => ({ ...month, label: monthName.format(new Date(`${month.month}-15T00:00:00Z`)) })),
      monthChart: monthly.length ? monthChart(monthly.map((month) => ({ label: monthName.format(new Date(`${month.month}-15T00:00:00Z`)), total: month.total, accepted: month.accepted }))) : null,
      csv: `/api/officer/stats.csv${queryString({ from: period.from.toISOString(), to: period.to.toISOString() })}`,
    };
  }
}

function hoursText(hours: number | null, language: UiLanguage): string {
  if (hours === null) return '–';
  return hours >= 48 ? translate(language, 'officer.stats.days', { days: Math.round((hours / 24) * 10) / 10 }) : translate(language, 'officer.stats.hours', { hours });
}

/** Calendar days in the reader's time zone, both included; the last 90 days by default. */
function periodOf(query: Record<string, unknown>, timeZone: string, language: UiLanguage): { period: Period | null; errors: FieldMessages } {
  const errors: FieldMessages = {};
  const today = dayOf(new Date(), timeZone);
  const toDay = typeof query.to === 'string' && query.to !== '' ? query.to : today;
  const to = startOfDay(toDay, timeZone) ? startOfDay(nextDay(toDay), timeZone) : null;
  const fromDay = typeof query.from === 'string' && query.from !== '' ? query.from : to ? dayOf(new Date(to.getTime() - DEFAULT_DAYS * DAY_MS), timeZone) : '';
  const from = startOfDay(fromDay, timeZone);
  if (!to) errors.to = translate(language, 'officer.validation.date');
  if (!from) errors.from = translate(language, 'officer.validation.date');
  if (from && to && from >= to) errors.from = translate(language, 'officer.stats.fromAfterTo');
  if (from && to && to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) errors.from = translate(language, 'officer.stats.tooLong');
  return { period: Object.keys(errors).length === 0 ? { fromDay, toDay, from: from!, to: to! } : null, errors };
}
