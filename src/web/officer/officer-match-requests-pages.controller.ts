import { Body, Controller, Get, HttpException, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { CitiesService } from '../../cities/cities.service';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { ApproveMatchRequestDto, Decision, DecideMatchRequestsDto, OfficerMatchRequestsQuery, QUEUE_STATUSES, RejectMatchRequestDto } from '../../match-requests/dto/match-request.dto';
import { CrossBorderState } from '../../companies/cross-border-check.service';
import { toOfficerMatchRequestResponse } from '../../match-requests/dto/match-request.response';
import { DecisionResult, MatchRequestReviewService } from '../../match-requests/match-request-review.service';
import { MatchRequestStatus } from '../../match-requests/match-request-status';
import { MatchRequest } from '../../match-requests/match-request.entity';
import { cooperationLabel } from '../../matching/suggestion-reasons';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { cityName } from '../view-models';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, queryString, text, texts, validateForm, waitedText, withoutBlanks } from './officer-forms';
import { OfficerPageQueries } from './officer-page-queries.service';
import { officerCompanyView } from './officer-view-models';

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESULT_CODE = /^(?:[a-z_]+|\d{3}(?:-[a-z_]+)?)$/;

interface Filters {
  status: string;
  partnerCity: string;
  country: string;
  page: number;
}

/** The form that decides several requests at once. */
interface DecisionForm {
  ids: string[];
  decision: string;
  note: string;
  reason: string;
}

/** What was typed into the decision forms of one request, and what was wrong with it. */
interface SingleForm {
  id: string;
  note: string;
  reason: string;
  errors: FieldMessages;
}

interface ParsedResult {
  id: string;
  code: string;
}

const EMPTY_FORM: DecisionForm = { ids: [], decision: '', note: '', reason: '' };

/**
 * The request review queue: both profiles side by side, the score and its reasons, how long each has waited.
 * Each request has its own approve and reject forms; checkboxes and one decision settle several at once.
 * Either way the queue comes back with a result per request.
 */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Officer)
@Controller('officer/match-requests')
export class OfficerMatchRequestsPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly review: MatchRequestReviewService,
    private readonly queries: OfficerPageQueries,
    private readonly cities: CitiesService,
  ) {}

  @Get()
  async queue(@Query() query: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const results = await this.resultsView(officer, parseResults(query.r), this.pages.language(request, response));
    return this.render(request, response, officer, filtersOf(query), { form: EMPTY_FORM, errors: {}, single: null, results, noticeKey: noticeOf(query, { decided: 'officer.requests.decided' }) });
  }

  @Post('decisions')
  async decideMany(@Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const filters = filtersOf(body);
    const form: DecisionForm = { ids: texts(body, 'ids'), decision: text(body, 'decision'), note: text(body, 'note'), reason: text(body, 'reason') };
    // The note goes with an approval, the reason with a rejection; the other field is left alone.
    const input = withoutBlanks({ decision: form.decision, ...(form.decision === Decision.Reject ? { reason: form.reason } : { note: form.note }) });
    const { value, errors } = validateForm(DecideMatchRequestsDto, { ...input, ids: form.ids }, language);
    if (errors.ids) errors.ids = translate(language, form.ids.length === 0 ? 'officer.requests.noneSelected' : 'validation.invalid');
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, officer, filters, { form, errors, single: null, results: null, noticeKey: null }));
      return;
    }
    this.backToQueue(response, filters, await this.review.decideMany(officer, value));
  }

  @Post(':id/approve')
  async approve(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const single: SingleForm = { id, note: text(body, 'note'), reason: '', errors: {} };
    const { value, errors } = validateForm(ApproveMatchRequestDto, withoutBlanks({ note: single.note, version: versionOf(body) }), this.pages.language(request, response));
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, officer, filtersOf(body), { form: EMPTY_FORM, errors: {}, single: { ...single, errors }, results: null, noticeKey: null }));
      return;
    }
    this.backToQueue(response, filtersOf(body), [await decisionOf(id, () => this.review.approve(officer, id, { note: value.note, version: value.version }))]);
  }

  @Post(':id/reject')
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const single: SingleForm = { id, note: '', reason: text(body, 'reason'), errors: {} };
    const { value, errors } = validateForm(RejectMatchRequestDto, withoutBlanks({ reason: single.reason, version: versionOf(body) }), this.pages.language(request, response));
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, officer, filtersOf(body), { form: EMPTY_FORM, errors: {}, single: { ...single, errors }, results: null, noticeKey: null }));
      return;
    }
    this.backToQueue(response, filtersOf(body), [await decisionOf(id, () => this.review.reject(officer, id, value.reason, value.version))]);
  }

  /** Back to the queue as it was filtered, with the outcome of each decision in the address (a reload decides nothing twice). */
  private backToQueue(response: Response, filters: Filters, results: DecisionResult[]): void {
    const back = { status: filters.status, partnerCity: filters.partnerCity, country: filters.country, page: filters.page > 1 ? filters.page : null };
    response.redirect(303, `/officer/match-requests${queryString({ ...back, done: 'decided', r: results.map(encodeResult).join(',') })}`);
  }

  private async render(
    request: Request,
    response: Response,
    officer: Officer,
    filters: Filters,
    state: { form: DecisionForm; errors: FieldMessages; single: SingleForm | null; results: unknown[] | null; noticeKey: string | null },
  ): Promise<string> {
    const language = this.pages.language(request, response);
    const query = plainToInstance(OfficerMatchRequestsQuery, withoutBlanks({ status: filters.status, partnerCity: filters.partnerCity, country: filters.country, page: String(filters.page), pageSize: String(PAGE_SIZE) }));
    const [{ requests, total, withContacts, decidable, crossBorder }, cities] = await Promise.all([this.review.queue(officer, query), this.cities.list({})]);
    const cityNames = new Map(cities.map((city) => [city.slug, cityName(city, language)]));
    const link = (page: number) => `/officer/match-requests${queryString({ status: filters.status, partnerCity: filters.partnerCity, country: filters.country, page })}`;
    const views = requests.map((matchRequest) => this.requestView(matchRequest, language, { withContacts, decidable: decidable.has(matchRequest.id), crossBorder }, cityNames, state.form.ids, state.single));
    return this.pages.render({
      request,
      response,
      view: 'officer/match-requests',
      titleKey: 'officer.requests.title',
      noticeKey: state.noticeKey,
      data: {
        filters,
        statuses: QUEUE_STATUSES.map((status) => ({ value: status, labelKey: `officer.requestStatus.${status}`, selected: status === filters.status })),
        cities: cities.filter((city) => city.slug !== this.cities.homeCitySlug).map((city) => ({ slug: city.slug, name: cityNames.get(city.slug), selected: city.slug === filters.partnerCity })),
        total,
        requests: views,
        anyDecidable: views.some((view) => view.decidable),
        form: state.form,
        errors: state.errors,
        hasErrors: Object.keys(state.errors).length > 0 || Object.keys(state.single?.errors ?? {}).length > 0,
        results: state.results,
        previous: filters.page > 1 ? link(filters.page - 1) : null,
        next: filters.page * PAGE_SIZE < total ? link(filters.page + 1) : null,
      },
    });
  }

  private requestView(
    matchRequest: MatchRequest,
    language: UiLanguage,
    reader: { withContacts: boolean; decidable: boolean; crossBorder: Map<string, CrossBorderState> },
    cityNames: Map<string, string>,
    selected: string[],
    single: SingleForm | null,
  ) {
    const view = toOfficerMatchRequestResponse(matchRequest, language, { withContacts: reader.withContacts, crossBorder: reader.crossBorder });
    return {
      id: view.id,
      statusKey: `officer.requestStatus.${view.status}`,
      originKey: `officer.requests.origin.${view.origin}`,
      purpose: cooperationLabel(view.purpose, language),
      message: view.message,
      officerNote: view.officerNote,
      score: view.score,
      reasons: view.reasons,
      requester: officerCompanyView(view.requester, language, cityNames),
      target: officerCompanyView(view.target, language, cityNames),
      createdAt: view.createdAt,
      statusSince: view.statusSince,
      waited: waitedText(view.waitingHours, language),
      version: view.version,
      // Only the forms this officer may use: the status waits for a decision, and for this officer's office.
      decidable: reader.decidable,
      checked: selected.includes(view.id),
      own: single?.id === view.id ? single : { note: '', reason: '', errors: {} },
    };
  }

  /** The outcome of each request of the last decision, named by its two companies. */
  private async resultsView(officer: Officer, results: ParsedResult[], language: UiLanguage): Promise<unknown[] | null> {
    if (results.length === 0) return null;
    const known = new Map((await this.queries.requestsByIds(officer, results.map((result) => result.id))).map((matchRequest) => [matchRequest.id, matchRequest]));
    return results.map(({ id, code }) => {
      const matchRequest = known.get(id);
      const [httpStatus, status] = /^\d{3}/.test(code) ? code.split('-') : ['200', code];
      return {
        id,
        pair: matchRequest ? `${matchRequest.requester.legalName} → ${matchRequest.target.legalName}` : id,
        done: httpStatus === '200',
        message: translate(language, resultKey(httpStatus, status), { status: status ? translate(language, `officer.requestStatus.${status}`) : '' }),
        officeLink: httpStatus === '422' && matchRequest ? `/officer/cities/${matchRequest.target.city.slug}` : null,
      };
    });
  }
}

/** One decision, with a refusal (changed meanwhile, another office's turn, no office contact …) as its result rather than an error page. */
async function decisionOf(id: string, decide: () => Promise<MatchRequest>): Promise<DecisionResult> {
  try {
    return { id, outcome: 'done', status: (await decide()).status, httpStatus: 200 };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    const answer = error.getResponse() as { status?: MatchRequestStatus };
    return { id, outcome: 'refused', status: answer.status ?? null, httpStatus: error.getStatus() };
  }
}

function versionOf(body: Record<string, unknown>): number | undefined {
  const version = text(body, 'version');
  return /^\d{1,9}$/.test(version) ? Number(version) : undefined;
}

/** A result in the redirect's address: id:status when done, id:409-approved (HTTP status and current status) when refused. */
function encodeResult(result: DecisionResult): string {
  if (result.outcome === 'done') return `${result.id}:${result.status}`;
  return `${result.id}:${result.httpStatus}${result.status ? `-${result.status}` : ''}`;
}

function parseResults(value: unknown): ParsedResult[] {
  if (typeof value !== 'string' || value.length > 8_000) return [];
  return value
    .split(',')
    .map((part) => part.split(':'))
    .filter(([id, code]) => UUID.test(id ?? '') && RESULT_CODE.test(code ?? ''))
    .slice(0, 100)
    .map(([id, code]) => ({ id, code }));
}

function resultKey(httpStatus: string, status: string | undefined): string {
  if (httpStatus === '200') return { approved: 'officer.requests.result.approved', pending_partner_office: 'officer.requests.result.referred', rejected: 'officer.requests.result.rejected' }[status ?? ''] ?? 'officer.requests.result.done';
  return { '409': 'officer.requests.result.conflict', '422': 'officer.requests.result.noOffice', '403': 'officer.requests.result.forbidden', '404': 'officer.requests.result.notFound' }[httpStatus] ?? 'officer.requests.result.refused';
}

/** Filters from the address or the form; values the lists do not offer count as "any". */
function filtersOf(source: Record<string, unknown>): Filters {
  const pick = (name: string, valid: (value: string) => boolean) => (typeof source[name] === 'string' && valid(source[name] as string) ? (source[name] as string) : '');
  const page = Number(pick('page', (value) => /^\d{1,4}$/.test(value)) || 1);
  return {
    status: pick('status', (value) => (QUEUE_STATUSES as readonly string[]).includes(value)),
    partnerCity: pick('partnerCity', (value) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && value.length <= 64),
    country: pick('country', (value) => value === 'DE' || value === 'CN'),
    page: Math.max(page, 1),
  };
}
