import { ConflictException, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { localizedCityName } from '../cities/city-names';
import { OfficeContact } from '../cities/office-contact.entity';
import { UiLanguage } from '../common/language';
import { hasDirectionControl, normaliseName } from '../common/names';
import { IntroductionProgressService } from '../match-requests/introduction-progress.service';
import { MatchRequestStatus } from '../match-requests/match-request-status';
import { MatchRequest } from '../match-requests/match-request.entity';
import { ResponseLinks, ResponseLinkState } from '../match-requests/response-links.service';
import { cooperationLabel } from '../matching/suggestion-reasons';
import { naceTitles } from '../nace/nace';
import { RESPONSE_PAGE_TEXTS } from './response-page.texts';

export type ResponseState = 'invalid' | 'revoked' | 'open' | 'accepted' | 'declined' | 'expired';

export interface ResponseForm {
  decision?: string;
  contactName?: string;
  contactRole?: string;
  contactEmail?: string;
  contactPhone?: string;
  reason?: string;
}

export type FieldErrors = Partial<Record<keyof ResponseForm, string>>;

export interface ResponseView {
  state: ResponseState;
  request: MatchRequest | null;
  office: { name: string; email: string } | null;
}

// Line breaks and other control characters in a name would start new lines of the emails it is written into.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PHONE = /^\+?[0-9 ()/.-]{5,40}$/;
const ANSWERED: Partial<Record<MatchRequestStatus, ResponseState>> = {
  [MatchRequestStatus.Accepted]: 'accepted',
  [MatchRequestStatus.Connected]: 'accepted',
  [MatchRequestStatus.Declined]: 'declined',
  [MatchRequestStatus.Expired]: 'expired',
};

const cityName = localizedCityName;

/** The partner's side of an introduction: what it sees behind its link, and its answer, recorded once. */
@Injectable()
export class PartnerResponseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: IntroductionProgressService,
    private readonly links: ResponseLinks,
  ) {}

  async view(token: string): Promise<ResponseView> {
    const link = await this.links.resolve(token);
    const request = link
      ? await this.dataSource.getRepository(MatchRequest).findOne({ where: { id: link.requestId }, relations: { requester: { city: true }, target: { city: true } } })
      : null;
    if (!link || !request) return { state: 'invalid', request: null, office: null };
    const contact = await this.dataSource.getRepository(OfficeContact).findOneBy({ cityId: request.requester.cityId });
    const office = contact && { name: contact.officeName, email: contact.email };
    return { state: this.stateOf(request, link.state), request, office };
  }

  /** Records the answer when the introduction is open; otherwise (a second visit, a race, a lapsed deadline) the page shows how things stand. */
  async answer(token: string, form: ResponseForm, language: UiLanguage): Promise<{ view: ResponseView; errors: FieldErrors }> {
    const view = await this.view(token);
    if (view.state !== 'open') return { view, errors: {} };
    const errors = validate(form, language);
    if (Object.keys(errors).length > 0) return { view, errors };
    try {
      const request = view.request!;
      if (form.decision === 'accept') {
        await this.progress.recordAnswer(request.id, {
          accepted: true,
          contact: { name: normaliseName(form.contactName!), role: normaliseName(form.contactRole ?? '') || null, email: form.contactEmail!.trim().toLowerCase(), phone: form.contactPhone?.trim() || null },
        });
      } else {
        await this.progress.recordAnswer(request.id, { accepted: false, reason: form.reason?.trim() || null });
      }
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
    return { view: await this.view(token), errors: {} };
  }

  /** What the page shows of the introduction: the requester's public profile, never its contact details. */
  introduction(request: MatchRequest, language: UiLanguage, timeZone: string) {
    const { requester } = request;
    return {
      purpose: cooperationLabel(request.purpose, language),
      requesterName: requester.anonymous ? '—' : requester.legalName,
      anonymous: requester.anonymous,
      requesterCity: cityName(requester.city, language),
      sectors: requester.naceCodes.map((code) => `${code} ${naceTitles(code)?.[language] ?? ''}`.trim()).join('; '),
      offers: requester.offersText,
      seeks: requester.seeksText,
      description: requester.description,
      message: request.message,
      officerNote: request.officerNote,
      respondByIso: request.respondBy?.toISOString() ?? '',
      respondBy: formatDate(request.respondBy, language, timeZone),
    };
  }

  private stateOf(request: MatchRequest, link: ResponseLinkState): ResponseState {
    if (link === 'revoked') return request.status === MatchRequestStatus.Expired ? 'expired' : 'revoked';
    const answered = ANSWERED[request.status];
    if (link === 'expired') return answered && answered !== 'expired' ? 'revoked' : 'expired';
    if (request.status === MatchRequestStatus.Introduced) return request.respondBy && request.respondBy > new Date() ? 'open' : 'expired';
    return answered ?? 'invalid';
  }
}

export function formatDate(value: Date | null, language: UiLanguage, timeZone: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat({ de: 'de-DE', en: 'en-GB', zh: 'zh-CN' }[language], { dateStyle: 'long', timeZone }).format(value);
}

function validate(form: ResponseForm, language: UiLanguage): FieldErrors {
  const t = RESPONSE_PAGE_TEXTS[language];
  const errors: FieldErrors = {};
  if (form.decision !== 'accept' && form.decision !== 'decline') errors.decision = t.errorRequired;
  if (form.decision === 'accept') {
    const name = form.contactName?.trim() ?? '';
    if (name.length < 2) errors.contactName = t.errorRequired;
    else if (name.length > 120) errors.contactName = t.errorTooLong;
    else if (CONTROL.test(name)) errors.contactName = t.errorOneLine;
    else if (hasDirectionControl(name)) errors.contactName = t.errorDirection;
    // The same rule as every other email field: one plain address, no list, group or display name.
    const email = form.contactEmail?.trim() ?? '';
    if (!isEmail(email) || email.length > 254) errors.contactEmail = t.errorEmail;
    const role = form.contactRole?.trim() ?? '';
    if (role.length > 120) errors.contactRole = t.errorTooLong;
    else if (CONTROL.test(role)) errors.contactRole = t.errorOneLine;
    else if (hasDirectionControl(role)) errors.contactRole = t.errorDirection;
    const phone = form.contactPhone?.trim() ?? '';
    if (phone && !PHONE.test(phone)) errors.contactPhone = t.errorPhone;
  }
  if (form.decision === 'decline' && (form.reason?.trim().length ?? 0) > 1000) errors.reason = t.errorTooLong;
  return errors;
}
