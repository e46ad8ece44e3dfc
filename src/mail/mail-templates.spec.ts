import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_LANGUAGES, MailRenderer, RenderedMail } from './mail-renderer';

const TEMPLATE_NAMES = [
  'company_email_verification',
  'company_magic_link',
  'company_email_change',
  'company_email_changed',
  'company_registration_existing',
  'company_registration_duplicate',
  'company_approved',
  'company_rejected',
  'company_renewal_reminder',
  'company_expired',
  'officer_invitation',
  'officer_account_locked',
  'officer_company_waiting',
  'officer_match_request_waiting',
  'officer_partner_answered',
  'match_introduction',
  'match_introduction_reminder',
  'match_introduction_expired',
  'match_request_approved',
  'match_request_rejected',
  'match_request_accepted',
  'match_request_declined',
  'match_request_expired',
  'match_request_closed',
  'match_contact_exchange',
  'suggestion_digest',
  'officer_daily_digest',
  'company_listing_notice',
] as const;

/** What a user could type into any free-text field. */
const SCRIPT = '<script>alert(1)</script>';
const QUOTES = '"quotes" & ampersands';
const USER_TEXT = `Wir liefern Präzisionsteile ${SCRIPT} mit ${QUOTES}.`;

const GERMAN_COMPANY = 'Müller & Söhne Feinwerktechnik GmbH';
const CHINESE_COMPANY = '佛山市顺德区精工机械有限公司';
const PLATFORM = 'https://match.example.org';
/** Links carry query strings so that their HTML form (escaped `&` and `=`) is exercised too. */
const link = (path: string) => `${PLATFORM}${path}?token=a1B2c3D4&lang=de`;

const OFFICE = {
  name: 'Wirtschaftsförderung Bad Homburg v. d. Höhe',
  contactPerson: 'Dr. Anna Schäfer',
  email: 'wirtschaftsfoerderung@bad-homburg.example',
  phone: '+49 6172 100-0',
};

const REQUESTER = {
  displayName: GERMAN_COMPANY,
  anonymous: false,
  cityName: 'Bad Homburg v. d. Höhe',
  organisationTypeLabel: 'Unternehmen',
  description: USER_TEXT,
  offersText: `CNC-Fräsen & Drehen, Losgrößen ab 50 Stück ${SCRIPT}`,
  seeksText: `Vertriebspartner in Guangdong, "schnell & zuverlässig"`,
  sectors: ['Maschinenbau', 'Herstellung von Metallerzeugnissen'],
  website: 'https://www.mueller-soehne.example/de?ref=isa&x=1',
};

/** A complete, realistic context for each template: the keys every template gets plus its own. */
function sampleContext(name: string): Record<string, unknown> {
  const common = {
    recipientName: `Jörg Weiß ${SCRIPT} ${QUOTES}`,
    office: OFFICE,
    platformUrl: PLATFORM,
    language: 'de',
  };
  const company = { legalName: GERMAN_COMPANY, contactName: 'Jörg Weiß' };
  const target = { displayName: CHINESE_COMPANY, cityName: 'Foshan' };
  const introduction = {
    viaOffice: false,
    requester: REQUESTER,
    target: { displayName: CHINESE_COMPANY },
    purposeLabel: 'Vertrieb',
    message: `Sehr geehrte Damen und Herren,\nwir suchen einen Partner ${SCRIPT} für "Guangdong" & Umgebung.`,
    officerNote: `Ein verlässliches Unternehmen; wir kennen es seit Jahren ${SCRIPT} & ${QUOTES}.`,
    respondBy: '2026-07-15T21:59:00.000Z',
    respondLink: link('/respond/5f2c'),
  };
  const own: Record<string, Record<string, unknown>> = {
    company_email_verification: { link: link('/companies/verify') },
    company_registration_existing: { signInLink: `${PLATFORM}/companies/login` },
    company_registration_duplicate: { signInLink: `${PLATFORM}/companies/login` },
    company_magic_link: { ...company, link: link('/companies/login') },
    company_email_change: { ...company, link: link('/companies/email-change') },
    company_email_changed: { ...company, link: link('/companies/login') },
    company_approved: { ...company, expiresAt: '2027-06-30T10:00:00.000Z', link: link('/companies') },
    company_rejected: { ...company, reason: USER_TEXT },
    company_renewal_reminder: { ...company, expiresAt: '2027-06-30T10:00:00.000Z', link: link('/companies/login') },
    company_expired: { ...company, link: link('/companies/login') },
    company_listing_notice: {
      ...company,
      importingCityName: 'Foshan',
      byConsent: false,
      shown: { ...REQUESTER, displayName: GERMAN_COMPANY },
      expiresAt: '2027-06-30T10:00:00.000Z',
      validDays: 30,
      link: link('/companies/listing'),
      loginLink: `${PLATFORM}/companies/login`,
      privacyLink: `${PLATFORM}/datenschutz?lang=de`,
    },
    officer_invitation: { displayName: 'Li Wei', inviterName: 'Thomas Becker', cityName: 'Bad Homburg v. d. Höhe', role: 'officer', link: link('/officer/password') },
    officer_account_locked: { displayName: 'Li Wei', failedAttempts: 50, lockedMinutes: 15 },
    officer_company_waiting: { legalName: GERMAN_COMPANY, cityName: 'Bad Homburg v. d. Höhe', link: link('/officer/companies/7d1e') },
    officer_match_request_waiting: { requesterName: GERMAN_COMPANY, targetName: CHINESE_COMPANY, targetCityName: 'Foshan', purposeLabel: 'Vertrieb', link: link('/officer/match-requests/9a3b') },
    officer_partner_answered: {
      requesterName: GERMAN_COMPANY,
      targetName: CHINESE_COMPANY,
      targetCityName: 'Foshan',
      accepted: false,
      declineReason: USER_TEXT,
      link: link('/officer/match-requests/9a3b'),
    },
    match_introduction: introduction,
    match_introduction_reminder: introduction,
    match_introduction_expired: {
      viaOffice: true,
      requester: { displayName: GERMAN_COMPANY, cityName: 'Bad Homburg v. d. Höhe' },
      target: { displayName: CHINESE_COMPANY },
      purposeLabel: 'Vertrieb',
    },
    match_request_approved: { contactName: 'Jörg Weiß', target, purposeLabel: 'Vertrieb', link: link('/companies/match-requests') },
    match_request_rejected: { contactName: 'Jörg Weiß', target, reason: USER_TEXT, link: link('/companies/match-requests') },
    match_request_accepted: { contactName: 'Jörg Weiß', target, link: link('/companies/match-requests') },
    match_request_declined: { contactName: 'Jörg Weiß', target, declineReason: USER_TEXT, link: link('/companies/match-requests') },
    match_request_expired: { contactName: 'Jörg Weiß', target, link: link('/companies/match-requests') },
    match_request_closed: { requester: REQUESTER, target, purposeLabel: 'Vertrieb', erased: true, link: link('/companies/match-requests') },
    match_contact_exchange: {
      contactName: 'Jörg Weiß',
      purposeLabel: 'Vertrieb',
      partner: {
        legalName: CHINESE_COMPANY,
        cityName: 'Foshan',
        contactName: '王丽华',
        contactRole: `Leiterin Export ${SCRIPT}`,
        email: 'wang.lihua@jinggong.example.cn',
        phone: '+86 757 2222 3333',
        website: 'https://www.jinggong.example.cn/?lang=en&src=isa',
      },
    },
    suggestion_digest: {
      contactName: 'Jörg Weiß',
      legalName: GERMAN_COMPANY,
      suggestions: [
        { displayName: CHINESE_COMPANY, cityName: 'Foshan', score: 0.82, reasons: ['Sie suchen einen Vertriebspartner; das Unternehmen bietet Vertrieb in Guangdong.', `Gleiche Branche ${SCRIPT}`], link: link('/companies/directory/1111') },
        { displayName: 'Taizhou Yuhuan Valve Co., Ltd. "Quality" & More', cityName: 'Taizhou', score: 0.64, reasons: ['Gleiche Branche: Maschinenbau'], link: link('/companies/directory/2222') },
      ],
      settingsLink: link('/companies/settings'),
    },
    officer_daily_digest: {
      displayName: 'Dr. Anna Schäfer',
      companies: [{ legalName: GERMAN_COMPANY, cityName: 'Bad Homburg v. d. Höhe', link: link('/officer/companies/7d1e') }],
      matchRequests: [{ requesterName: `Kurz & Klein "KK" GmbH ${SCRIPT}`, targetName: CHINESE_COMPANY, targetCityName: 'Foshan', link: link('/officer/match-requests/9a3b') }],
      link: link('/officer'),
    },
  };
  if (!own[name]) throw new Error(`no sample context for ${name}`);
  return { ...common, ...own[name] };
}

/** Emails to an address not confirmed yet: they carry only the platform's own words and the link. */
const TO_UNCONFIRMED_ADDRESSES = ['company_email_change', 'company_email_verification', 'company_registration_existing', 'company_registration_duplicate'];

/** Templates whose context has no link to show. */
const WITHOUT_LINKS = ['company_rejected', 'match_introduction_expired', 'officer_account_locked'];

/** Every link a template is given (link, respondLink, settingsLink, …, however deeply nested), and the websites the introduction and the contact exchange show. */
function linksIn(value: unknown, name: string, key = ''): string[] {
  const shown = name === 'match_introduction' || name === 'match_contact_exchange' ? /(link|website)$/i : /link$/i;
  if (typeof value === 'string') return shown.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => linksIn(item, name, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => linksIn(v, name, k));
  return [];
}

/** Every string a user could have written, so that what remains of the text part is the template's own. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

function withoutValues(text: string, context: Record<string, unknown>): string {
  // Only values that could look like a tag; longest first, and line by line, since multi-line values are quoted as "> " lines.
  const values = stringsIn(context)
    .flatMap((value) => [value, ...value.split('\n')])
    .filter((value) => value.includes('<'))
    .sort((a, b) => b.length - a.length);
  return values.reduce((rest, value) => rest.split(value).join(''), text);
}

const renderer = new MailRenderer();
const render = (name: string, language: string, context: (name: string) => Record<string, unknown> = sampleContext): RenderedMail =>
  renderer.render(name, () => context(name), { language, timeZone: 'Europe/Berlin' });

describe('mail templates', () => {
  describe.each(TEMPLATE_NAMES)('%s', (name) => {
    it.each(MAIL_LANGUAGES)('renders safely in %s', (language) => {
      const context = sampleContext(name);
      const mail = render(name, language);

      expect(mail.subject.trim()).not.toBe('');
      expect(mail.subject).not.toMatch(/[\r\n]/);

      // The text part is plain text: no tags of the template's own (user values may contain anything).
      expect(withoutValues(mail.text, context)).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(mail.text).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]/);
      if (TO_UNCONFIRMED_ADDRESSES.includes(name)) {
        // Nothing a company typed reaches an address nobody has confirmed: no name, no greeting by name.
        for (const typed of [SCRIPT, QUOTES, GERMAN_COMPANY]) expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(typed);
      } else {
        expect(mail.text).toContain(SCRIPT); // shown as written, which plain text cannot execute
        expect(mail.text).toContain(QUOTES); // and not HTML-escaped
        expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(mail.html).toContain('&quot;quotes&quot; &amp; ampersands');
      }
      expect(mail.html).not.toContain('<script');
      expect(mail.html).not.toContain(QUOTES);
      expect(mail.html).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]/);
      // Helpers' blocks stand in paragraphs of their own.
      expect(mail.html).not.toMatch(/<p>(?:(?!<\/p>)[^])*<(div|blockquote|ul)\b/);

      const links = linksIn(context, name);
      expect(links.length > 0).toBe(!WITHOUT_LINKS.includes(name));
      for (const url of links) {
        expect(mail.text).toContain(url);
        expect(mail.html).toContain(Handlebars.escapeExpression(url));
      }

      expect(mail.text).toContain(OFFICE.name);
      expect(mail.text).toContain(OFFICE.contactPerson);
    });
  });

  it('has a complete set: every template in de, en and zh, and no other', () => {
    const files = readdirSync(join(__dirname, 'templates')).filter((file) => file.endsWith('.hbs'));
    const names = [...new Set(files.map((file) => file.replace(/\.[a-z]{2}\.hbs$/, '')))].sort();
    expect(names).toEqual([...TEMPLATE_NAMES].sort());
    for (const name of names) {
      for (const language of MAIL_LANGUAGES) {
        expect(files).toContain(`${name}.${language}.hbs`);
        expect(renderer.has(name, language)).toBe(true);
      }
    }
    expect(files).toHaveLength(TEMPLATE_NAMES.length * MAIL_LANGUAGES.length);
  });

  it('renders the optional parts and their absence', () => {
    const bare = (name: string): Record<string, unknown> => {
      const context = sampleContext(name);
      const requester = context.requester as Record<string, unknown> | undefined;
      const partner = context.partner as Record<string, unknown> | undefined;
      return {
        ...context,
        office: { ...OFFICE, contactPerson: null, phone: null },
        ...(requester && { requester: { ...requester, displayName: 'Ein Maschinenbauunternehmen aus Bad Homburg', anonymous: true, website: null, sectors: [] }, viaOffice: true, officerNote: null }),
        ...(partner && { partner: { ...partner, contactRole: null, phone: null, website: null } }),
        ...('declineReason' in context && { declineReason: null }),
        ...('accepted' in context && { accepted: true }),
        ...('role' in context && { role: 'admin' }),
        ...('companies' in context && { companies: [] }),
      };
    };
    for (const name of TEMPLATE_NAMES) {
      for (const language of MAIL_LANGUAGES) {
        const mail = render(name, language, bare);
        expect(mail.text).not.toMatch(/null|undefined|\{\{/);
        expect(mail.text).not.toContain(OFFICE.contactPerson);
        expect(mail.text).not.toContain(OFFICE.phone);
      }
    }

    const anonymous = render('match_introduction', 'en', bare);
    expect(anonymous.text).toContain('The name will be disclosed once the introduction has been accepted.');
    expect(anonymous.subject).toContain(`Please forward to ${CHINESE_COMPANY}`);
    expect(anonymous.text).not.toContain(GERMAN_COMPANY);
    expect(anonymous.text).not.toContain(REQUESTER.website);
    expect(anonymous.text).not.toContain('Sectors:');
    expect(anonymous.text).not.toContain('Our note:');

    const named = render('match_introduction', 'en');
    expect(named.text).not.toContain('will be disclosed');
    expect(named.text).toContain('Our note:');
    expect(named.html).toContain('<li>Maschinenbau</li>');
    expect(named.html).toContain('<blockquote>Sehr geehrte Damen und Herren,<br>');
    expect(named.text).toContain('15 July 2026');

    expect(render('officer_invitation', 'de').text).toContain('Ihre Rolle: Sachbearbeitung');
    expect(render('officer_invitation', 'de', bare).text).toContain('Ihre Rolle: Administration');
    expect(render('officer_invitation', 'zh', bare).text).toContain('您的角色：管理员');

    const accepted = render('officer_partner_answered', 'de', bare);
    expect(accepted.subject).toContain('angenommen');
    expect(accepted.text).not.toContain('Begründung');

    const digest = render('officer_daily_digest', 'en', bare);
    expect(digest.text).not.toContain('Company profiles:');
    expect(digest.text).toContain('Introduction requests:');
  });

  it('shows no email address but the office\'s, except the partner\'s in the contact exchange', () => {
    const partner = sampleContext('match_contact_exchange').partner as Record<string, string>;
    for (const name of TEMPLATE_NAMES) {
      for (const language of MAIL_LANGUAGES) {
        const addresses = render(name, language).text.match(/[^\s:：<>()（）]+@[^\s<>()（）]+/g) ?? [];
        const allowed = name === 'match_contact_exchange' ? [OFFICE.email, partner.email] : [OFFICE.email];
        expect(addresses.filter((address) => !allowed.includes(address))).toEqual([]);
      }
    }
    for (const language of MAIL_LANGUAGES) {
      const exchange = render('match_contact_exchange', language);
      for (const detail of [partner.contactName, partner.email, partner.phone, partner.legalName]) expect(exchange.text).toContain(detail);
    }
  });

  it('renders Chinese with English below it for a bilingual recipient', () => {
    const chinese = render('company_approved', 'zh');
    const english = render('company_approved', 'en');
    const mail = render('company_approved', 'zh-en');

    expect(mail.subject).toBe(`${chinese.subject} / ${english.subject}`);
    expect(mail.subject).toContain('您的企业资料已审核通过');
    expect(mail.subject).toContain('Your company profile has been approved');
    expect(mail.text).toContain('我们很高兴地通知您');
    expect(mail.text).toContain('We are pleased to let you know');
    expect(mail.text.indexOf('我们很高兴地通知您')).toBeLessThan(mail.text.indexOf('We are pleased to let you know'));
    expect(mail.text).toContain('2027年6月30日');
    expect(mail.text).toContain('30 June 2027');
    expect(mail.html).toContain('<html lang="zh-Hans">');
    expect(mail.html).toContain('<div lang="en">');
    expect(mail.html).toContain('进入企业专区');
    expect(mail.html).toContain('Go to your company area');
    expect(mail.html).not.toContain('<script');
  });

  it('keeps a line break in a value from breaking out of the subject line', () => {
    const evil = 'Evil\r\nBcc: x@example.com';
    for (const language of MAIL_LANGUAGES) {
      const mail = renderer.render('officer_company_waiting', () => ({ ...sampleContext('officer_company_waiting'), legalName: evil }), {
        language,
        timeZone: 'Europe/Berlin',
      });
      expect(mail.subject).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(mail.subject).toContain('Evil Bcc: x@example.com');
    }
    const bilingual = renderer.render('match_request_accepted', () => ({ ...sampleContext('match_request_accepted'), target: { displayName: evil, cityName: 'Foshan' } }), {
      language: 'zh-en',
      timeZone: 'Europe/Berlin',
    });
    expect(bilingual.subject).not.toMatch(/[\r\n]/);
  });

  it('formats dates in the reader\'s language and time zone', () => {
    const context = (name: string) => ({ ...sampleContext(name), expiresAt: '2027-06-30T22:30:00.000Z' });
    expect(render('company_renewal_reminder', 'de', context).subject).toContain('1. Juli 2027');
    expect(render('company_renewal_reminder', 'en', context).subject).toContain('1 July 2027');
    expect(render('company_renewal_reminder', 'zh', context).subject).toContain('2027年7月1日');
  });

  it('writes to an address nobody has confirmed yet in the platform\'s own words only: none of the registrant\'s text', () => {
    const registrantText = { recipientName: `Ihr Steuerkonto ist gesperrt ${SCRIPT}`, contactName: 'Zahlen Sie unter https://evil.example', legalName: 'Finanzamt Bad Homburg – Zahlung fällig', description: USER_TEXT };
    for (const name of ['company_email_verification', 'company_registration_duplicate', 'company_registration_existing']) {
      for (const language of MAIL_LANGUAGES) {
        const mail = renderer.render(name, () => ({ ...sampleContext(name), ...registrantText }), { language, timeZone: 'Europe/Berlin' });
        for (const part of [mail.subject, mail.text, mail.html]) {
          for (const value of ['Steuerkonto', 'evil.example', 'Finanzamt', 'Präzisionsteile']) expect({ name, language, part, contains: part.includes(value) }).toEqual({ name, language, part, contains: false });
        }
      }
    }
  });
});
