import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { clientAddress, PUBLIC_ORIGIN } from '../utils/http-client';
import { awaitOutboxMessage, lastOutboxMessage, tokenFromLink } from '../utils/outbox';
import { createTestApp } from '../utils/test-app';
import { createTestWorker } from '../utils/test-worker';

describe('Company pages (e2e, HTML forms)', () => {
  let app: NestExpressApplication;
  // Sign-in links are written by the worker.
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const form = (path: string, cookie?: string) => {
    const call = http().post(path).type('form').set('origin', PUBLIC_ORIGIN).set('x-forwarded-for', clientAddress());
    return cookie ? call.set('cookie', cookie) : call;
  };

  const registration = (email: string) => ({
    legalName: `Taunus Antriebstechnik ${Date.now()} GmbH`,
    organisationType: 'company',
    'address.street': 'Louisenstraße 12',
    'address.postcode': '61348',
    'address.municipality': 'Bad Homburg',
    'size.staffHeadcount': '35',
    sectors: ['28', 'C'],
    'offers.types': ['manufacturing'],
    'offers.text': 'Antriebe und Getriebe für den Maschinenbau',
    'seeks.types': ['distribution'],
    'seeks.text': 'Vertriebspartner in Guangdong',
    keywords: 'Antriebe, Getriebe',
    'targetMarkets.countries': 'CN',
    languages: ['de', 'en'],
    preferredLanguage: 'de',
    'contact.name': 'Karl Weber',
    'contact.email': email,
    'consent.privacyPolicyVersion': 'on',
    'consent.chinaTransferVersion': 'on',
  });

  it('shows every problem next to its field, in the reader’s language, and keeps what was typed', async () => {
    const german = await form('/register?lang=de').send({ legalName: 'X', 'contact.email': 'kein-email', 'address.street': 'Hauptstraße 1' }).expect(422);
    expect(german.text).toContain('Bitte prüfen Sie die markierten Angaben.');
    expect(german.text).toContain('Bitte eine gültige E-Mail-Adresse angeben.');
    expect(german.text).toContain('value="Hauptstraße 1"');
    expect(german.text).toMatch(/id="legalName"[^>]*aria-invalid="true"/);
    const chinese = await form('/register?lang=zh').send({ legalName: 'X' }).expect(422);
    expect(chinese.text).toContain('请检查标出的信息。');
    expect(chinese.text).toContain('内容过短。');
    expect(await dataSource.getRepository(Company).count()).toBe(0);
  });

  it('names a town outside the member cities and suggests the nearest', async () => {
    const page = await form('/register?lang=en').send({ ...registration('town@example.com'), 'address.municipality': 'Bad Hombrg' }).expect(422);
    expect(page.text).toContain('This town is not in any ISA member city.');
    expect(page.text).toContain('Bad Homburg');
  });

  it('registers, confirms the email with a button, signs in by link, and works in the company area', async () => {
    const email = `karl.${Date.now()}@taunus-antriebe.example`;
    const done = await form('/register?lang=de').send(registration(email)).expect(200);
    expect(done.text).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    const verification = tokenFromLink(await lastOutboxMessage(app, 'company_email_verification', email));
    const landing = await http().get(`/companies/verify?token=${verification}`).expect(200);
    expect(landing.text).toContain(`value="${verification}"`);
    await form('/companies/verify').send({ token: verification }).expect(200);
    const company = await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: email });
    expect(company.status).toBe('pending_review');
    await dataSource.getRepository(Company).update(company.id, { status: 'active' as never, activatedAt: new Date(), expiresAt: new Date(Date.now() + 300 * 24 * 3_600_000) });

    await form('/companies/login').send({ email }).expect(200);
    const link = await awaitOutboxMessage(app, 'company_magic_link', email);
    const signedIn = await form('/companies/login/confirm').send({ token: tokenFromLink(link) }).expect(303);
    expect(signedIn.headers.location).toBe('/companies/area');
    const cookie = ([] as string[]).concat(signedIn.headers['set-cookie']).find((value) => value.startsWith('isa_session='))!.split(';')[0];

    const area = await http().get('/companies/area?lang=en').set('cookie', cookie).expect(200);
    expect(area.text).toContain(company.legalName);
    expect(area.text).toContain('Active');
    await form('/companies/area/pause', cookie).expect(303);
    expect((await dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).status).toBe('paused');
    await form('/companies/area/resume', cookie).expect(303);

    const edit = await http().get('/companies/profile').set('cookie', cookie).expect(200);
    expect(edit.text).toContain('value="Louisenstraße 12"');
    await form('/companies/profile', cookie).send({ ...registration(email), legalName: company.legalName, 'offers.text': 'Antriebe, Getriebe und Servomotoren' }).expect(303);
    expect((await dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).offersText).toBe('Antriebe, Getriebe und Servomotoren');

    const partner = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Vertrieb von Antrieben in Guangdong' }, sectors: ['28'], languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan');
    const suggestions = await http().get('/companies/suggestions?lang=en').set('cookie', cookie).expect(200);
    expect(suggestions.text).toContain(partner.legalName);
    expect(suggestions.text).toContain('You seek a distribution partner; they offer distribution in Guangdong.');

    const tooShort = await form('/companies/match-requests?lang=en', cookie).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Hallo' }).expect(422);
    expect(tooShort.text).toContain('Too short.');
    await form('/companies/match-requests', cookie).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner für unsere Antriebe in Südchina.' }).expect(303);
    const requests = await http().get('/companies/match-requests?lang=zh').set('cookie', cookie).expect(200);
    expect(requests.text).toContain('审核中');
    expect(requests.text).toContain(partner.legalName);
    const [created] = await dataSource.getRepository(MatchRequest).findBy({ requesterCompanyId: company.id });
    await form(`/companies/match-requests/${created.id}/withdraw`, cookie).expect(303);
    expect((await dataSource.getRepository(MatchRequest).findOneByOrFail({ id: created.id })).status).toBe('withdrawn');
  });

  it('sends visitors without a session to sign in, and refuses cross-site form posts', async () => {
    const redirect = await http().get('/companies/area').expect(303);
    expect(redirect.headers.location).toBe('/companies/login?next=%2Fcompanies%2Farea');
    await http().post('/companies/area/pause').type('form').set('origin', 'https://evil.example').expect(403);
  });
});
