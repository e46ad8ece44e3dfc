import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { clientAddress, PUBLIC_ORIGIN } from '../utils/http-client';
import { saveFoshanOffice, useMailWorld } from '../utils/mail-world';
import { awaitOutboxMessage, lastOutboxMessage, signInRequestsAnswered } from '../utils/outbox';
import { CapturedMail } from '../utils/smtp-capture';
import { eventually } from '../utils/test-worker';

const FOSHAN_OFFICE = 'invest@foshan.example';
const MESSAGE = 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina.';

/** Whoever holds an answer link speaks for one introduction, never for the partner's account. */
describe('Partner contact and login address (e2e)', () => {
  const world = useMailWorld();
  const { smtp, http } = world;

  beforeAll(() => saveFoshanOffice(world.dataSource, FOSHAN_OFFICE));

  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const sme = () => createActiveCompany(world.app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' }, contact: { name: 'Julia Hartmann', email: `julia.${unique()}@hartmann.example` } });
  const partner = () =>
    createActiveCompany(world.app, { offers: { types: [CooperationType.Distribution], text: '分销' }, languages: ['zh', 'en'], preferredLanguage: 'zh', contact: { name: '李伟', email: `li.wei.${unique()}@foshan.example` } }, 'foshan');

  async function introduce(requester: Company, target: Company): Promise<{ id: string; link: URL }> {
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(world.officerAuth).send({}).expect(201);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!) && (candidate.parsed.text ?? '').includes('/respond/') && candidate.parsed.text!.includes(requester.legalName));
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
    return { id, link: respondLink(mail) };
  }

  /** The token of the address-confirmation link, as delivered to the new address; the outbox row never holds it. */
  async function changeToken(address: string): Promise<string> {
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(address) && /\/companies\/email-change\?token=/.test(candidate.parsed.text ?? ''));
    const token = /\/companies\/email-change\?token=([A-Za-z0-9_-]{43})/.exec(mail.parsed.text!)![1];
    const stored = await lastOutboxMessage(world.app, 'company_email_change', address);
    expect(JSON.stringify(stored)).not.toContain(token);
    const [{ leaked }] = await world.dataSource.query(`SELECT count(*)::int AS leaked FROM company_email_changes WHERE sealed_token LIKE '%' || $1 || '%' OR token_hash = $1`, [token]);
    expect(leaked).toBe(0);
    return token;
  }

  function respondLink(mail: CapturedMail): URL {
    const match = /https?:\/\/[^\s"<>]+\/respond\/[^\s"<>]+/.exec(mail.parsed.text ?? '');
    if (!match) throw new Error('no answer link');
    return new URL(match[0]);
  }

  it('keeps the partner’s login address when the answer page names another contact, and exchanges that contact for this introduction only', async () => {
    const [requester, target] = [await sme(), await partner()];
    const { id, link } = await introduce(requester, target);
    const stranger = `someone.${unique()}@elsewhere.example`;
    await http().post(link.pathname).type('form').send({ decision: 'accept', contactName: 'Wang Fang', contactEmail: stranger, contactPhone: '+86 757 8000 0000' }).expect(200);

    const company = await world.dataSource.getRepository(Company).findOneByOrFail({ id: target.id });
    expect(company.contactEmail).toBe(target.contactEmail);
    expect(company.contactName).toBe(target.contactName);
    const answered = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
    expect(answered).toMatchObject({ partnerContactName: 'Wang Fang', partnerContactEmail: stranger, partnerContactPhone: '+86 757 8000 0000' });

    // The requester receives the contact confirmed for this introduction.
    const toRequester = await smtp.waitFor((mail) => mail.envelopeTo.includes(requester.contactEmail!) && (mail.parsed.text ?? '').includes(stranger));
    expect(toRequester.parsed.text).toContain('Wang Fang');
    expect(toRequester.parsed.text).not.toContain(target.contactEmail!);
    // The company's own address hears of the answer given in its name.
    await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!) && (mail.parsed.text ?? '').includes(requester.contactEmail!));
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'connected');
    const listed = await http().get('/api/match-requests').set(await companyAuth(world.app, requester.id)).expect(200);
    const items = (listed.body.items ?? listed.body) as Array<{ id: string; partnerContact: { email: string; name: string } | null }>;
    expect(items.find((item) => item.id === id)?.partnerContact).toMatchObject({ name: 'Wang Fang', email: stranger });

    // A sign-in link asked for the other address goes nowhere; the company's own address still signs in.
    await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email: stranger }).expect(202);
    await signInRequestsAnswered(world.app);
    expect(await lastOutboxMessage(world.app, 'company_magic_link', stranger)).toBeUndefined();
    await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email: target.contactEmail }).expect(202);
    expect(await awaitOutboxMessage(world.app, 'company_magic_link', target.contactEmail!)).toBeDefined();
  });

  it('sends the next introduction to the company’s own address, not to a contact named on an earlier answer page', async () => {
    const [first, second, target] = [await sme(), await sme(), await partner()];
    const { link } = await introduce(first, target);
    const stranger = `someone.${unique()}@elsewhere.example`;
    await http().post(link.pathname).type('form').send({ decision: 'accept', contactName: 'Wang Fang', contactEmail: stranger }).expect(200);
    const { link: next } = await introduce(second, target);
    const page = await http().get(next.pathname).expect(200);
    expect(page.text).toContain(`value="${target.contactEmail}"`);
    expect(page.text).not.toContain(stranger);
  });

  describe('a company changing its own login address', () => {
    function changeEmail(company: Company, auth: { authorization: string }, email: string) {
      const body = registrationBody({ legalName: company.legalName, contact: { name: company.contactName, email } });
      delete (body as Record<string, unknown>).consent;
      return http().put(`/api/companies/${company.id}/profile`).set(auth).send(body);
    }

    it('keeps the old address until the new one is confirmed by the link sent to it, tells the old address and ends every other session', async () => {
      const company = await sme();
      const oldAddress = company.contactEmail!;
      const current = await companyAuth(world.app, company.id);
      const other = await companyAuth(world.app, company.id);
      const newAddress = `julia.new.${unique()}@hartmann.example`;

      const edited = await changeEmail(company, current, newAddress).expect(200);
      expect(edited.body.contact.email).toBe(oldAddress);
      expect(edited.body.pendingContactEmail).toBe(newAddress);
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(oldAddress);

      // Not yet a login address.
      await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email: newAddress }).expect(202);
      await signInRequestsAnswered(world.app);
      expect(await lastOutboxMessage(world.app, 'company_magic_link', newAddress)).toBeUndefined();
      await http().get('/api/auth/me').set(other).expect(200);

      const token = await changeToken(newAddress);
      // The unconfirmed address gets the platform's words and the link, nothing the company typed.
      for (const mail of smtp.to(newAddress)) for (const typed of [company.legalName, company.contactName!]) expect(`${mail.parsed.subject} ${mail.parsed.text}`).not.toContain(typed);
      await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token: 'x'.repeat(43) }).expect(422);
      await http().post('/api/companies/email-change').set(current).set('x-forwarded-for', clientAddress()).send({ token }).expect(201);
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(newAddress);
      await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token }).expect(422);

      const notice = await lastOutboxMessage(world.app, 'company_email_changed', oldAddress);
      expect(notice).toBeDefined();
      expect(JSON.stringify(notice)).not.toContain(newAddress);
      await http().get('/api/auth/me').set(other).expect(401);
      await http().get('/api/auth/me').set(current).expect(200);
    });

    it('does not move the login address to one that belongs to another profile, and does not tell the caller whose it is', async () => {
      const [company, otherCompany] = [await sme(), await sme()];
      const auth = await companyAuth(world.app, company.id);
      const edited = await changeEmail(company, auth, otherCompany.contactEmail!).expect(200);
      expect(edited.body.contact.email).toBe(company.contactEmail);
      const token = await changeToken(otherCompany.contactEmail!);
      const refused = await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token }).expect(409);
      expect(refused.body.field).toBe('contact.email');
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(company.contactEmail);
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: otherCompany.id })).contactEmail).toBe(otherCompany.contactEmail);
    });

    it('sends at most three confirmation emails an hour for one profile, refusing more with 429 and changing nothing', async () => {
      const company = await sme();
      const auth = await companyAuth(world.app, company.id);
      for (let attempt = 1; attempt <= 3; attempt += 1) await changeEmail(company, auth, `julia.${attempt}.${unique()}@hartmann.example`).expect(200);
      const extra = `julia.extra.${unique()}@hartmann.example`;
      const refused = await changeEmail(company, auth, extra).expect(429);
      expect(JSON.stringify(refused.body)).toContain('contact.email');
      expect(await lastOutboxMessage(world.app, 'company_email_change', extra)).toBeUndefined();
      // The rest of the profile can still be edited.
      await changeEmail(company, auth, company.contactEmail!).expect(200);
    });

    it('changes the address from the web profile form only through the confirmation page', async () => {
      const company = await sme();
      const auth = await companyAuth(world.app, company.id);
      const newAddress = `julia.web.${unique()}@hartmann.example`;
      const post = (path: string) => http().post(path).type('form').set('origin', PUBLIC_ORIGIN).set('x-forwarded-for', clientAddress());
      const saved = await post('/companies/profile').set(auth).send({
        legalName: company.legalName,
        organisationType: 'company',
        'address.street': 'Louisenstraße 12',
        'address.postcode': '61348',
        'address.municipality': 'Bad Homburg',
        'size.staffHeadcount': '42',
        sectors: ['28'],
        'offers.types': ['manufacturing'],
        'offers.text': 'Drucksensoren',
        'seeks.types': ['distribution'],
        'seeks.text': 'Vertriebspartner',
        languages: ['de'],
        preferredLanguage: 'de',
        'contact.name': 'Julia Hartmann',
        'contact.email': newAddress,
      }).expect(303);
      expect(saved.headers.location).toBe('/companies/area?done=emailPending');
      const area = await http().get('/companies/area?done=emailPending&lang=en').set(auth).expect(200);
      expect(area.text).toContain('The new email address applies only once you confirm it');
      expect(area.text).toContain('New email address, awaiting confirmation');
      expect(area.text).toContain(newAddress);
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(company.contactEmail);
      const token = await changeToken(newAddress);
      const page = await http().get(`/companies/email-change?token=${token}&lang=en`).expect(200);
      expect(page.text).toContain('Confirm the new email address');
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(company.contactEmail);
      const done = await post('/companies/email-change?lang=zh').send({ token }).expect(200);
      expect(done.text).toContain('新邮箱地址已确认');
      expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(newAddress);
      await http().get('/api/auth/me').set(auth).expect(401);
      const again = await post('/companies/email-change?lang=de').send({ token }).expect(422);
      expect(again.text).toContain('ungültig');
    });
  });
});
