import { Controller, Get, HttpStatus, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditEntry } from '../../audit/audit-entry.entity';
import { AuditFilter, AuditService } from '../../audit/audit.service';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { FieldMessages, nextDay, queryString, startOfDay, timeZoneFor } from './officer-forms';
import { OfficerPageQueries } from './officer-page-queries.service';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter fields as typed (for the form and the links), the filter they make, and what was wrong with them. */
interface ParsedFilters {
  form: Record<'action' | 'subjectType' | 'subjectId' | 'actorId' | 'from' | 'to', string>;
  filter: Omit<AuditFilter, 'limit'>;
  errors: FieldMessages;
}

/** The audit log, newest first: filters, paging by cursor, and the same selection as CSV. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.HomeOffice)
@Controller('officer/audit')
export class OfficerAuditPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly audit: AuditService,
    private readonly queries: OfficerPageQueries,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const { form, filter, errors } = parseFilters(query, language);
    const before = typeof query.before === 'string' && /^\d{1,19}$/.test(query.before) ? query.before : undefined;
    const valid = Object.keys(errors).length === 0;
    const entries = valid ? await this.audit.list({ ...filter, beforeId: before, limit: PAGE_SIZE }) : [];
    if (!valid) response.status(HttpStatus.UNPROCESSABLE_ENTITY);
    const names = await this.queries.userNames(entries.flatMap((entry) => (entry.actorType === 'user' && entry.actorId ? [entry.actorId] : [])));
    const cursor = entries.length === PAGE_SIZE ? entries[entries.length - 1].id : null;
    const csvQuery = queryString({ action: filter.action, subjectType: filter.subjectType, subjectId: filter.subjectId, actorId: filter.actorId, from: filter.from?.toISOString(), to: filter.to?.toISOString() });
    return this.pages.render({
      request,
      response,
      view: 'officer/audit',
      titleKey: 'officer.audit.title',
      data: {
        form,
        errors,
        hasErrors: !valid,
        entries: entries.map((entry) => entryView(entry, names, language)),
        older: cursor ? `/officer/audit${queryString({ ...form, before: cursor })}` : null,
        newest: before ? `/officer/audit${queryString(form)}` : null,
        csv: `/api/officer/audit/export.csv${csvQuery}`,
      },
    });
  }
}

function entryView(entry: AuditEntry, names: Map<string, string>, language: UiLanguage) {
  const actor = entry.actorType === 'user' && entry.actorId ? (names.get(entry.actorId) ?? entry.actorId) : entry.actorType === 'company' ? translate(language, 'officer.audit.company') : translate(language, 'officer.audit.system');
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    occurredAtIso: entry.occurredAt.toISOString(),
    actor,
    actorRole: entry.actorRole,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    subjectLink: entry.subjectId ? `/officer/audit${queryString({ subjectType: entry.subjectType, subjectId: entry.subjectId })}` : null,
    before: entry.before ? JSON.stringify(entry.before, null, 2) : null,
    after: entry.after ? JSON.stringify(entry.after, null, 2) : null,
    requestId: entry.requestId,
  };
}

/** Days are calendar days in the reader's time zone; "to" includes its whole day. */
function parseFilters(query: Record<string, unknown>, language: UiLanguage): ParsedFilters {
  const field = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const form = { action: field('action'), subjectType: field('subjectType'), subjectId: field('subjectId'), actorId: field('actorId'), from: field('from'), to: field('to') };
  const errors: FieldMessages = {};
  const filter: Omit<AuditFilter, 'limit'> = {};
  const check = (name: keyof typeof form, valid: boolean, assign: () => void) => {
    if (!form[name]) return;
    if (valid) assign();
    else errors[name] = translate(language, name === 'from' || name === 'to' ? 'officer.validation.date' : 'validation.invalid');
  };
  const timeZone = timeZoneFor(language);
  const from = startOfDay(form.from, timeZone);
  const to = startOfDay(form.to, timeZone);
  check('action', /^[a-z_]+(\.[a-z_]+)+$/.test(form.action), () => (filter.action = form.action));
  check('subjectType', /^[a-z_]{1,32}$/.test(form.subjectType), () => (filter.subjectType = form.subjectType));
  check('subjectId', form.subjectId.length <= 64, () => (filter.subjectId = form.subjectId));
  check('actorId', UUID.test(form.actorId), () => (filter.actorId = form.actorId));
  check('from', from !== null, () => (filter.from = from!));
  check('to', to !== null, () => (filter.to = startOfDay(nextDay(form.to), timeZone)!));
  return { form, filter, errors };
}
