import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress } from '../utils/http-client';
import { CapturedMail, SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const HOME_OFFICE = { name: 'Wirtschaftsförderung / Business Development, Magistrat der Stadt Bad Homburg v.d.Höhe', email: 'stefan.wolf@bad-homburg.de' };
const FOSHAN_OFFICE = 'invest@foshan.example';
const MESSAGE = 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina.';

describe('Emails through the economic development office (e2e, real SMTP)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let officerEmail: string;

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_FROM = 'ISA Match <no-reply@isa-match.example>';
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.MAIL_RETRY_ATTEMPTS = '3';
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerEmail = officer.email;
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    await setOfficeContact('foshan', FOSHAN_OFFICE, IntroductionRouting.CompanyWithOfficeCc, 'zh');
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp.stop();
  });

  const http = () => request(app.getHttpServer());

  async function setOfficeContact(slug: string, email: string, routing: IntroductionRouting, language: string): Promise<void> {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    await dataSource.getRepository(OfficeContact).save({ cityId: city.id, officeName: `Investment Promotion Office ${slug}`, email, preferredLanguage: language, introductionRouting: routing });
  }

  const sme = () =>
    createActiveCompany(app, {
      seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner für Drucksensoren' },
      contact: { name: 'Julia Hartmann', role: 'Geschäftsführerin', email: `julia.${Date.now()}${Math.random().toString(36).slice(2, 6)}@hartmann.example`, phone: '+49 6172 12345' },
    });
  const partner = (slug = 'foshan', overrides: Record<string, unknown> = {}) =>
    createActiveCompany(
      app,
      {
        legalName: `佛山精密仪器有限公司 ${Math.random().toString(36).slice(2, 7)}`,
        offers: { types: [CooperationType.Distribution], text: '华南地区传感器分销' },
        languages: ['zh', 'en'],
        preferredLanguage: 'zh',
        contact: { name: '李伟', role: '销售经理', email: `li.wei.${Date.now()}${Math.random().toString(36).slice(2, 6)}@foshan-instruments.example`, phone: '+86 757 8123 4567' },
        ...overrides,
      },
      slug,
    );

  async function approvedIntroduction(requester: Company, target: Company): Promise<string> {
    const { id } = (
      await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201)
    ).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({ note: 'Ein sehr passender Kontakt.' }).expect(201);
    return id;
  }

  const linkIn = (mail: CapturedMail, path: string) => {
    const match = new RegExp(`https?://[^\\s"<>]+${path}[^\\s"<>]*`).exec(mail.parsed.text ?? '');
    if (!match) throw new Error(`no ${path} link in: ${mail.parsed.text}`);
    return new URL(match[0]);
  };
  const addresses = (field: CapturedMail['parsed']['to']) => ([] as Array<{ value: Array<{ address?: string }> }>).concat((field as never) ?? []).flatMap((entry) => entry.value.map((value) => value.address));

  it('sends the verification email on behalf of the home office, in German, with both parts and a working link', async () => {
    const body = registrationBody();
    const email = (body.contact as { email: string }).email;
    await http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body).expect(202);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(email));
    expect(mail.parsed.from?.value).toEqual([{ name: HOME_OFFICE.name, address: 'no-reply@isa-match.example' }]);
    expect(mail.parsed.replyTo?.value).toEqual([{ name: HOME_OFFICE.name, address: HOME_OFFICE.email }]);
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@isa-match\.example>$/);
    expect(mail.parsed.subject).toMatch(/E-Mail|bestätigen/i);
    // Nobody has confirmed this address yet: the email shows none of what the registrant typed.
    expect(mail.parsed.text).not.toContain('Julia');
    expect(mail.parsed.text).not.toContain(String(body.legalName));
    expect(mail.parsed.html).toContain('<html lang="de">');
    const token = linkIn(mail, '/companies/verify').searchParams.get('token');
    await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(201);
    // The officer hears of the profile now waiting for review.
    await smtp.waitFor((candidate) => candidate.envelopeTo.includes(officerEmail));
  });

  it('introduces the requester to the partner company with its office in copy, in Chinese, without the requester’s contact details', async () => {
    const [requester, target] = [await sme(), await partner()];
    const id = await approvedIntroduction(requester, target);
    const introduction = await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!));
    expect(introduction.envelopeTo.sort()).toEqual([target.contactEmail, FOSHAN_OFFICE].sort());
    expect(addresses(introduction.parsed.to)).toEqual([target.contactEmail]);
    expect(addresses(introduction.parsed.cc)).toEqual([FOSHAN_OFFICE]);
    expect(introduction.parsed.from?.value[0]).toEqual({ name: HOME_OFFICE.name, address: 'no-reply@isa-match.example' });
    expect(introduction.parsed.replyTo?.value[0].address).toBe(HOME_OFFICE.email);
    expect(introduction.parsed.html).toContain('<html lang="zh-Hans">');
    expect(introduction.parsed.text).toMatch(/[\u4e00-\u9fff]/);
    expect(introduction.parsed.text).toContain(requester.legalName);
    expect(introduction.parsed.text).toContain(MESSAGE);
    expect(introduction.parsed.text).toContain('Ein sehr passender Kontakt.');
    for (const secret of [requester.contactEmail!, requester.contactPhone!, 'Julia Hartmann']) {
      expect(introduction.raw).not.toContain(secret);
    }
    // Delivery moves the request on and starts the partner's time to answer.
    const introduced = await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
    expect(introduced.respondBy!.getTime()).toBeGreaterThan(Date.now() + 20 * 24 * 3_600_000);
    const approvedNotice = await smtp.waitFor((mail) => mail.envelopeTo.includes(requester.contactEmail!));
    expect(approvedNotice.parsed.html).toContain('<html lang="de">');
    const outbox = await dataSource.getRepository(OutboxMessage).findOneByOrFail({ template: 'match_introduction', recipient: target.contactEmail! });
    expect(outbox).toMatchObject({ status: 'sent', acceptedRecipients: expect.arrayContaining([target.contactEmail, FOSHAN_OFFICE]), rejectedRecipients: [] });
    expect(outbox.smtpResponse).toMatch(/^250/);
  });

  it('lets the partner answer through the link without logging in, exchanges contacts once, and tells everyone', async () => {
    const [requester, target] = [await sme(), await partner()];
    const id = await approvedIntroduction(requester, target);
    const introduction = await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!) && /\/respond\//.test(mail.parsed.text ?? ''));
    const respond = linkIn(introduction, '/respond/');
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');

    const page = await http().get(respond.pathname).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<html lang="zh-Hans">');
    expect(page.text).toContain(requester.legalName);
    expect(page.text).not.toContain(requester.contactEmail!);
    expect(page.text).toContain(`value="${target.contactEmail}"`);

    const invalid = await http().post(respond.pathname).type('form').send({ decision: 'accept', contactName: '', contactEmail: 'not an address' }).expect(422);
    expect(invalid.text).toContain('请输入有效的电子邮箱地址。');
    expect(invalid.text).toContain('value="not an address"');

    const corrected = `wang.fang.${Date.now()}@foshan-instruments.example`;
    const accepted = await http().post(respond.pathname).type('form').send({ decision: 'accept', contactName: '王芳', contactRole: '总经理', contactEmail: corrected, contactPhone: '+86 757 8000 0000' }).expect(200);
    expect(accepted.text).toContain('您已同意');

    const toRequester = await smtp.waitFor((mail) => mail.envelopeTo.includes(requester.contactEmail!) && (mail.parsed.text ?? '').includes(corrected));
    expect(addresses(toRequester.parsed.cc).sort()).toEqual([FOSHAN_OFFICE, HOME_OFFICE.email].sort());
    const toPartner = await smtp.waitFor((mail) => mail.envelopeTo.includes(corrected) && (mail.parsed.text ?? '').includes(requester.contactEmail!));
    expect(toPartner.parsed.text).toContain('Julia Hartmann');
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'connected');
    await smtp.waitFor((mail) => mail.envelopeTo.includes(officerEmail) && /[Aa]ngenommen|zugestimmt|accepted/.test(`${mail.parsed.subject} ${mail.parsed.text}`));

    const again = await http().get(`${respond.pathname}?lang=en`).expect(200);
    expect(again.text).toContain('You accepted');
    const second = await http().post(respond.pathname).type('form').send({ decision: 'decline' }).expect(200);
    expect(second.text).toContain('您已同意');
    expect((await dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).status).toBe('connected');
    expect(smtp.messages.filter((mail) => mail.parsed.subject === toRequester.parsed.subject && mail.envelopeTo.includes(requester.contactEmail!))).toHaveLength(1);
  });

  it('shows a clear page for a link that is not valid', async () => {
    const page = await http().get('/respond/not-a-token').set('accept-language', 'de-DE').expect(404);
    expect(page.text).toContain('Dieser Link ist nicht gültig');
    await http().get('/respond/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab.forged').expect(404);
  });

  it('sends the introduction to the partner city’s office where it asks to forward introductions itself', async () => {
    await setOfficeContact('jiangmen', 'forward@jiangmen.example', IntroductionRouting.ViaOffice, 'en');
    const [requester, target] = [await sme(), await partner('jiangmen')];
    await approvedIntroduction(requester, target);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes('forward@jiangmen.example'));
    expect(mail.envelopeTo).toEqual(['forward@jiangmen.example']);
    expect(mail.parsed.cc).toBeUndefined();
    expect(mail.parsed.html).toContain('<html lang="en">');
    expect(mail.parsed.text).toContain(target.legalName);
    expect(smtp.to(target.contactEmail!)).toEqual([]);
  });

  it('writes Chinese and English for a Chinese recipient whose language the platform does not have', async () => {
    const [requester, target] = [await sme(), await partner('foshan', { languages: ['ja'], preferredLanguage: 'ja' })];
    await approvedIntroduction(requester, target);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!));
    expect(mail.parsed.subject).toContain(' / ');
    expect(mail.parsed.text).toMatch(/[\u4e00-\u9fff]/);
    expect(mail.parsed.text).toContain('English');
  });

  it('retries a transient 451 and delivers', async () => {
    const [requester, target] = [await sme(), await partner()];
    smtp.failNextTo(target.contactEmail!, { code: 451, message: 'Temporary local problem, try later' });
    await approvedIntroduction(requester, target);
    await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!));
    const outbox = await eventually(
      () => dataSource.getRepository(OutboxMessage).findOneByOrFail({ template: 'match_introduction', recipient: target.contactEmail! }),
      (row) => row.status === 'sent',
    );
    expect(outbox.attempts).toBe(2);
  });

  it('fails a 550 at once, shows it to the officer with the error, and sends it again to a corrected address', async () => {
    const [requester, target] = [await sme(), await partner()];
    smtp.failNextTo(target.contactEmail!, { code: 550, message: 'Mailbox unavailable' });
    await approvedIntroduction(requester, target);
    const failed = await eventually(
      () => dataSource.getRepository(OutboxMessage).findOneByOrFail({ template: 'match_introduction', recipient: target.contactEmail! }),
      (row) => row.status === 'failed',
    );
    expect(failed.attempts).toBe(1);
    const list = await http().get('/api/officer/emails?status=failed').set(officerAuth).expect(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === failed.id);
    expect(listed).toMatchObject({ status: 'failed', lastError: expect.stringContaining('550') });

    const nonOfficer = await companyAuth(app, requester.id);
    await http().post(`/api/officer/emails/${failed.id}/retry`).set(nonOfficer).send({}).expect(403);
    await http().post(`/api/officer/emails/${failed.id}/retry`).set(officerAuth).send({ recipient: 'not-an-address' }).expect(400);
    const corrected = `corrected.${Date.now()}@foshan-instruments.example`;
    await http().post(`/api/officer/emails/${failed.id}/retry`).set(officerAuth).send({ recipient: corrected }).expect(202);
    await smtp.waitFor((mail) => mail.envelopeTo.includes(corrected));
    await eventually(() => dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: failed.id }), (row) => row.status === 'sent');
    await http().post(`/api/officer/emails/${failed.id}/retry`).set(officerAuth).send({}).expect(409);
  });

  it('keeps header injection out: a line break in a name cannot add a header or a recipient', async () => {
    const target = await partner();
    await dataSource.getRepository(Company).update(target.id, { contactName: 'Evil\r\nBcc: attacker@evil.example' });
    const requester = await sme();
    await dataSource.getRepository(Company).update(requester.id, { legalName: 'Hartmann GmbH\r\nBcc: attacker@evil.example' });
    await approvedIntroduction(requester, target);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!));
    expect(mail.envelopeTo).not.toContain('attacker@evil.example');
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    expect(mail.parsed.subject).not.toMatch(/[\r\n]/);
  });
});
