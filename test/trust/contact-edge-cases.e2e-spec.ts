import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { clientAddress } from '../utils/http-client';
import { saveFoshanOffice, useMailWorld } from '../utils/mail-world';
import { eventually } from '../utils/test-worker';

/** The edges of the contact data: the answer page's contact person, and a login address taken while it is confirmed. */
describe('Contact data at the edges (e2e)', () => {
  const world = useMailWorld();
  const { smtp, http } = world;

  beforeAll(() => saveFoshanOffice(world.dataSource, 'invest@foshan.example'));

  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const sme = () => createActiveCompany(world.app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' }, contact: { name: 'Julia Hartmann', email: `julia.${unique()}@hartmann.example` } });

  describe('the contact person named on the answer page', () => {
    async function introduced(): Promise<{ id: string; path: string }> {
      const requester = await sme();
      const target = await createActiveCompany(world.app, { offers: { types: [CooperationType.Distribution], text: '分销' }, contact: { name: '李伟', email: `li.wei.${unique()}@foshan.example` } }, 'foshan');
      const { id } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner.' }).expect(201)).body;
      await http().post(`/api/officer/match-requests/${id}/approve`).set(world.officerAuth).send({}).expect(201);
      const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!) && (candidate.parsed.text ?? '').includes('/respond/'));
      await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
      return { id, path: /https?:\/\/[^\s"<>]+(\/respond\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text!)![1] };
    }

    it.each([
      ['an address list in one field', { contactEmail: 'sales,attacker@evil.example' }, 'contactEmail'],
      ['a group of addresses', { contactEmail: 'sales:attacker@evil.example;' }, 'contactEmail'],
      ['an address in angle brackets', { contactEmail: '<attacker@evil.example>' }, 'contactEmail'],
      ['a name running over several lines', { contactName: 'Wang Fang\r\nEmail: attacker@evil.example' }, 'contactName'],
      ['a role running over several lines', { contactRole: 'Sales\nPhone: +1 555 0100' }, 'contactRole'],
      ['a name with a right-to-left override', { contactName: 'Wang Fang \u202Emoc.live@rekcatta' }, 'contactName'],
      ['a role with a direction isolate', { contactRole: 'Sales \u2067Manager\u2069' }, 'contactRole'],
    ])('refuses %s with 422 and records no answer', async (_case, hostile, field) => {
      const { id, path } = await introduced();
      const form = { decision: 'accept', contactName: 'Wang Fang', contactEmail: `wang.${unique()}@foshan.example`, ...hostile };
      const page = await http().post(`${path}?lang=en`).type('form').send(form).expect(422);
      expect(page.text).toContain(`id="${field}-error"`);
      const after = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
      expect(after.status).toBe('introduced');
      expect(after.partnerContactEmail).toBeNull();
    });
  });

  it('removes the contact person confirmed on the answer page when the partner company is erased: the requester no longer sees it', async () => {
    const requester = await sme();
    const target = await createActiveCompany(world.app, { offers: { types: [CooperationType.Distribution], text: '分销' }, contact: { name: '李伟', email: `li.wei.${unique()}@foshan.example` } }, 'foshan');
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(world.officerAuth).send({}).expect(201);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!) && (candidate.parsed.text ?? '').includes('/respond/'));
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
    const path = /https?:\/\/[^\s"<>]+(\/respond\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text!)![1];
    const confirmed = `wang.fang.${unique()}@foshan.example`;
    await http().post(`${path}?lang=en`).type('form').send({ decision: 'accept', contactName: 'Wang Fang', contactEmail: confirmed, contactPhone: '+86 757 8000 0000' }).expect(200);
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'connected');
    const partnerContactOf = async () => {
      const listed = (await http().get('/api/match-requests').set(await companyAuth(world.app, requester.id)).expect(200)).body;
      return ((listed.items ?? listed) as Array<{ id: string; partnerContact: unknown }>).find((item) => item.id === id)?.partnerContact;
    };
    expect(JSON.stringify(await partnerContactOf())).toContain(confirmed);

    await http().delete(`/api/companies/${target.id}`).set(world.officerAuth).expect(204);

    expect(JSON.stringify(await partnerContactOf() ?? null)).not.toMatch(/Wang Fang|wang\.fang|8000 0000/);
    const [row] = await world.dataSource.query(`SELECT partner_contact_name, partner_contact_role, partner_contact_email, partner_contact_phone FROM match_requests WHERE id = $1`, [id]);
    expect(row).toEqual({ partner_contact_name: null, partner_contact_role: null, partner_contact_email: null, partner_contact_phone: null });
  });

  it('answers 409 and keeps the login address when another profile took the new address while the link was being confirmed', async () => {
    const [company, other] = [await sme(), await sme()];
    const taken = `julia.taken.${unique()}@hartmann.example`;
    const body = registrationBody({ legalName: company.legalName, contact: { name: company.contactName, email: taken } });
    delete (body as Record<string, unknown>).consent;
    await http().put(`/api/companies/${company.id}/profile`).set(await companyAuth(world.app, company.id)).send(body).expect(200);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(taken) && /\/companies\/email-change\?token=/.test(candidate.parsed.text ?? ''));
    const token = /\/companies\/email-change\?token=([A-Za-z0-9_-]{43})/.exec(mail.parsed.text!)![1];

    // The other profile moves to the same address in a transaction that commits while the confirmation waits for it.
    const runner = world.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE companies SET contact_email = $2 WHERE id = $1`, [other.id, taken]);
      const confirming = http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token }).then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await runner.commitTransaction();
      const refused = await confirming;
      expect(refused.status).toBe(409);
      expect(refused.body.field).toBe('contact.email');
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).contactEmail).toBe(company.contactEmail);
    expect((await world.dataSource.getRepository(Company).findOneByOrFail({ id: other.id })).contactEmail).toBe(taken);
  });
});
