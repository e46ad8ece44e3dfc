import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { HomeCityService } from '../cities/home-city.service';
import { isUiLanguage, pickLanguage, UiLanguage } from '../common/language';
import { Principal, UserRole } from '../common/principal';
import { Environment } from '../config/environment';
import { translate } from './i18n/texts';
import { NavItem, PageRenderer } from './page-renderer';

export const LANGUAGE_COOKIE = 'isa_lang';
const YEAR_MS = 365 * 24 * 3_600_000;

interface NavEntry {
  href: string;
  key: string;
}

const PUBLIC_NAV: NavEntry[] = [
  { href: '/', key: 'nav.home' },
  { href: '/cities', key: 'nav.cities' },
  { href: '/directory', key: 'nav.directory' },
  { href: '/register', key: 'nav.register' },
  { href: '/companies/login', key: 'nav.companyLogin' },
  { href: '/officer/login', key: 'nav.officerLogin' },
];
const COMPANY_NAV: NavEntry[] = [
  { href: '/companies/area', key: 'nav.companyArea' },
  { href: '/companies/suggestions', key: 'nav.suggestions' },
  { href: '/companies/match-requests', key: 'nav.requests' },
  { href: '/directory', key: 'nav.directory' },
];
const HOME_OFFICE_NAV: NavEntry[] = [
  { href: '/officer', key: 'nav.officerArea' },
  { href: '/officer/companies', key: 'nav.officer.companies' },
  { href: '/officer/match-requests', key: 'nav.officer.requests' },
  { href: '/officer/emails', key: 'nav.officer.emails' },
  { href: '/officer/cities', key: 'nav.officer.cities' },
  { href: '/officer/import', key: 'nav.officer.import' },
  { href: '/officer/audit', key: 'nav.officer.audit' },
  { href: '/officer/stats', key: 'nav.officer.stats' },
];
// Officers of other member cities: what OfficerScope lets them use.
const PARTNER_OFFICE_NAV: NavEntry[] = HOME_OFFICE_NAV.filter((entry) => ['/officer', '/officer/match-requests', '/officer/cities', '/officer/stats'].includes(entry.href));
const ADMIN_NAV: NavEntry[] = [...HOME_OFFICE_NAV, { href: '/officer/officers', key: 'nav.officer.officers' }, { href: '/officer/legal-notices', key: 'nav.officer.legal' }];

export interface RenderRequest {
  request: Request;
  response: Response;
  view: string;
  titleKey: string;
  data?: Record<string, unknown>;
  /** A text key shown as a confirmation above the page (after a form was sent). */
  noticeKey?: string | null;
  timeZone?: string;
}

/** What every page needs: the reader's language and time zone, the navigation for who is signed in, one renderer. */
@Injectable()
export class WebPages {
  private readonly renderer = new PageRenderer(join(__dirname, 'views'));
  private readonly secureCookies: boolean;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly homeCity: HomeCityService,
  ) {
    this.secureCookies = config.get('PUBLIC_URL', { infer: true }).startsWith('https:');
  }

  /** ?lang= wins (and is remembered), then the remembered choice, then the browser's languages. */
  language(request: Request, response: Response): UiLanguage {
    const asked = typeof request.query.lang === 'string' ? request.query.lang : undefined;
    if (isUiLanguage(asked)) response.cookie(LANGUAGE_COOKIE, asked, { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, maxAge: YEAR_MS, path: '/' });
    const remembered = (request.cookies as Record<string, string> | undefined)?.[LANGUAGE_COOKIE];
    return pickLanguage(asked ?? remembered, request.headers['accept-language'], 'de');
  }

  render({ request, response, view, titleKey, data = {}, noticeKey, timeZone }: RenderRequest): string {
    const language = this.language(request, response);
    const principal = (request as AuthenticatedRequest).principal;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('cache-control', 'no-store');
    return this.renderer.render(view, data, {
      language,
      title: translate(language, titleKey),
      path: request.path,
      timeZone: timeZone ?? (language === 'zh' ? 'Asia/Shanghai' : 'Europe/Berlin'),
      nav: this.nav(principal, request.path, language),
      signedIn: principal !== undefined,
      notice: noticeKey ? translate(language, noticeKey) : null,
    });
  }

  private nav(principal: Principal | undefined, path: string, language: UiLanguage): NavItem[] {
    const entries = !principal ? PUBLIC_NAV : principal.type === 'company' ? COMPANY_NAV : this.staffNav(principal);
    return entries.map((entry) => ({ href: entry.href, label: translate(language, entry.key), current: entry.href === path }));
  }

  // The scope is read at start-up; until then an officer gets the smaller navigation, never links the pages would refuse.
  private staffNav(officer: Extract<Principal, { type: 'user' }>): NavEntry[] {
    if (officer.role === UserRole.Admin) return ADMIN_NAV;
    return this.homeCity.loadedScope()?.isHomeOffice(officer) ? HOME_OFFICE_NAV : PARTNER_OFFICE_NAV;
  }
}
