import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser, TEST_PASSWORD } from '../factories/staff.factory';
import { freePort } from '../utils/processes';
import { CapturedMail, SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

// SCREENSHOTS=1 writes them into the repository (for the README); otherwise to a temporary folder.
const SCREENSHOT_DIRECTORY = process.env.SCREENSHOTS === '1' ? join(__dirname, '..', 'screenshots') : join(tmpdir(), 'isa-match-screenshots');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * The whole journey in a real browser (Debian's Chromium): an SME registers and confirms its email, an
 * officer approves it, the SME finds a partner and asks for an introduction, the officer approves, the partner
 * answers from the email on a phone, and both receive the contact exchange.
 */
describe('The journey through the web application in a browser (e2e)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let browser: Browser;
  let baseUrl: string;
  let officerEmail: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    process.env.PUBLIC_URL = baseUrl;
    process.env.SMTP_URL = await smtp.start();
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    await app.listen(port, '127.0.0.1');
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    officerEmail = (await createStaffUser(app)).email;
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: '佛山市投资促进局', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
    await smtp.stop();
  });

  /** A fresh browser profile; a step that cannot find its element fails within 10 s with Playwright's reason. */
  async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
  const linkIn = (mail: CapturedMail, path: string) => new RegExp(`https?://[^\\s"<>]+${path}[^\\s"<>]*`).exec(mail.parsed.text ?? '')![0];

  async function officerPage(): Promise<Page> {
    const page = await newPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await page.goto(`${baseUrl}/officer/login`);
    await page.fill('input[name="email"]', officerEmail);
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/officer**`), page.locator('form[action^="/officer/login"] button[type="submit"]').click()]);
    return page;
  }

  it('shows form errors in each language and keeps what was typed', async () => {
    const page = await newPage({ locale: 'de-DE' });
    await page.goto(`${baseUrl}/register`);
    await page.getByLabel('Name (wie im Handelsregister)').fill('X');
    await page.getByRole('button', { name: 'Registrieren' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Angaben.').waitFor();
    await page.getByText('Zu kurz.').first().waitFor();
    await page.goto(`${baseUrl}/register?lang=zh`);
    await page.getByLabel('机构全称').fill('X');
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByText('请检查标出的信息。').waitFor();
    expect(await page.getByLabel('机构全称').inputValue()).toBe('X');
    await screenshot(page, 'registration-errors-zh');
    await page.goto(`${baseUrl}/?lang=zh`);
    expect(await page.locator('h1').innerText()).toBe('在德国和中国寻找合作伙伴');
    await screenshot(page, 'home-zh');
  });

  it('goes from registration to exchanged contact details', async () => {
    const partner = await createActiveCompany(
      app,
      {
        legalName: '佛山精密传动有限公司',
        offers: { types: [CooperationType.Distribution], text: '华南地区机械传动产品分销' },
        sectors: ['28'],
        languages: ['zh', 'en'],
        preferredLanguage: 'zh',
        contact: { name: '李伟', role: '销售经理', email: 'li.wei@foshan-drives.example', phone: '+86 757 8123 4567' },
      },
      'foshan',
    );
    const email = 'karl.weber@taunus-antriebe.example';

    // The SME registers.
    const sme = await newPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await sme.goto(`${baseUrl}/`);
    await screenshot(sme, 'home-de');
    await sme.getByRole('link', { name: 'Unternehmen registrieren' }).click();
    await sme.getByLabel('Name (wie im Handelsregister)').fill('Taunus Antriebstechnik GmbH');
    await sme.getByLabel('Straße und Hausnummer').fill('Louisenstraße 12');
    await sme.getByLabel('Postleitzahl').fill('61348');
    await sme.getByLabel('Ort', { exact: true }).fill('Bad Homburg');
    await sme.getByLabel('Beschäftigte').fill('35');
    await sme.selectOption('#sectors', ['28']);
    await sme.locator('input[name="offers.types"][value="manufacturing"]').check();
    await sme.locator('textarea[name="offers.text"]').fill('Antriebe und Getriebe für den Maschinenbau');
    await sme.locator('input[name="seeks.types"][value="distribution"]').check();
    await sme.locator('textarea[name="seeks.text"]').fill('Vertriebspartner für Antriebe in Guangdong');
    await sme.getByLabel('Name', { exact: true }).fill('Karl Weber');
    await sme.getByLabel('E-Mail-Adresse').fill(email);
    await sme.locator('input[name="consent.privacyPolicyVersion"]').check();
    // Partners in China are suggested only with the separate consent to the transfer.
    await sme.locator('input[name="consent.chinaTransferVersion"]').check();
    await screenshot(sme, 'registration-de');
    await sme.getByRole('button', { name: 'Registrieren' }).click();
    await sme.getByText('Bitte bestätigen Sie Ihre E-Mail-Adresse').waitFor();

    // It confirms its email with the link it received.
    const verification = await smtp.waitFor((mail) => mail.envelopeTo.includes(email));
    await sme.goto(linkIn(verification, '/companies/verify'));
    await sme.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click();
    await sme.getByText('Ihre E-Mail-Adresse ist bestätigt').waitFor();
    const company = await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: email });

    // An officer approves the profile.
    const officer = await officerPage();
    await screenshot(officer, 'officer-overview-de');
    await officer.goto(`${baseUrl}/officer/companies`);
    await screenshot(officer, 'officer-profile-review-de');
    await officer.locator(`form[action^="/officer/companies/${company.id}/approve"] button[type="submit"]`).click();
    await eventually(() => dataSource.getRepository(Company).findOneByOrFail({ id: company.id }), (row) => row.status === 'active');

    // The SME signs in with a link, sees its suggestions and asks for an introduction.
    await sme.goto(`${baseUrl}/companies/login`);
    await sme.getByLabel('E-Mail-Adresse').fill(email);
    await sme.getByRole('button', { name: 'Anmeldelink senden' }).click();
    const signInMail = await smtp.waitFor((mail) => mail.envelopeTo.includes(email) && /\/companies\/login\?token=/.test(mail.parsed.text ?? ''));
    await sme.goto(linkIn(signInMail, '/companies/login'));
    await sme.getByRole('button', { name: 'Anmelden' }).click();
    await sme.waitForURL(`${baseUrl}/companies/area`);
    await sme.getByRole('link', { name: 'Partnervorschläge' }).first().click();
    const suggestion = sme.locator('ol.cards > li', { hasText: partner.legalName });
    await suggestion.getByText('Sie suchen einen Vertriebspartner; das Unternehmen bietet Vertrieb in Guangdong.').waitFor();
    await screenshot(sme, 'suggestions-de');
    await suggestion.getByRole('link', { name: 'Um eine Vorstellung bitten' }).click();
    await sme.getByLabel('Ihre Nachricht an den Partner (20 bis 2.000 Zeichen)').fill('Wir suchen einen Vertriebspartner für unsere Antriebe in Südchina und würden uns über ein Gespräch freuen.');
    await sme.getByRole('button', { name: 'Anfrage senden' }).click();
    await sme.getByText('Ihre Anfrage ist eingegangen.').waitFor();
    const matchRequest = await dataSource.getRepository(MatchRequest).findOneByOrFail({ requesterCompanyId: company.id });

    // The officer approves the introduction.
    await officer.goto(`${baseUrl}/officer/match-requests`);
    await officer.getByText(partner.legalName).first().waitFor();
    await screenshot(officer, 'officer-request-review-de');
    await officer.locator(`form[action^="/officer/match-requests/${matchRequest.id}/approve"] button[type="submit"]`).click();
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id: matchRequest.id }), (row) => row.status === 'introduced');

    // The partner opens the introduction on a phone and accepts.
    const introduction = await smtp.waitFor((mail) => mail.envelopeTo.includes(partner.contactEmail!) && /\/respond\//.test(mail.parsed.text ?? ''));
    const phone = await newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true });
    await phone.goto(linkIn(introduction, '/respond/'));
    await phone.getByText('Taunus Antriebstechnik GmbH').first().waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(phone, 'partner-response-zh-phone');
    await phone.getByRole('button', { name: '同意并交换联系方式' }).click();
    await phone.getByText('您已同意').waitFor();

    // Both receive each other's contact person; the SME sees the request connected.
    await smtp.waitFor((mail) => mail.envelopeTo.includes(email) && (mail.parsed.text ?? '').includes('li.wei@foshan-drives.example'));
    await smtp.waitFor((mail) => mail.envelopeTo.includes(partner.contactEmail!) && (mail.parsed.text ?? '').includes(email));
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id: matchRequest.id }), (row) => row.status === 'connected');
    await sme.goto(`${baseUrl}/companies/match-requests`);
    await sme.getByText('li.wei@foshan-drives.example').waitFor();
    await screenshot(sme, 'requests-connected-de');
  }, 120_000);

  it('lets an officer retry a failed email', async () => {
    const target = await createActiveCompany(app, { contact: { name: 'Wang', email: 'nobody@foshan-drives.example' }, languages: ['zh'], preferredLanguage: 'zh' }, 'foshan');
    smtp.failNextTo('nobody@foshan-drives.example', { code: 550, message: 'No such user' });
    const failed = await dataSource.getRepository(OutboxMessage).save(
      dataSource.getRepository(OutboxMessage).create({ template: 'company_magic_link', language: 'zh', recipient: 'nobody@foshan-drives.example', payload: { contactName: 'Wang', legalName: target.legalName, link: `${baseUrl}/companies/login?token=x` } }),
    );
    await eventually(() => dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: failed.id }), (row) => row.status === 'failed');
    const officer = await officerPage();
    await officer.goto(`${baseUrl}/officer/emails`);
    await screenshot(officer, 'officer-emails-de');
    const retry = officer.locator(`form[action^="/officer/emails/${failed.id}/retry"]`);
    await retry.locator('input[name="recipient"]').fill('wang@foshan-drives.example');
    await retry.locator('button[type="submit"]').click();
    await smtp.waitFor((mail) => mail.envelopeTo.includes('wang@foshan-drives.example'));
    await eventually(() => dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: failed.id }), (row) => row.status === 'sent');
  }, 60_000);
});
