import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { OutboxRecipient } from '../../src/mail/outbox-recipient.entity';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { saveFoshanOffice, useMailWorld } from '../utils/mail-world';
import { CapturedMail } from '../utils/smtp-capture';
import { eventually } from '../utils/test-worker';

const unique = (name: string, domain: string) => `${name}.${Date.now()}${Math.random().toString(36).slice(2, 6)}@${domain}`;
const outboxIdOf = (mail: CapturedMail) => /^X-ISA-Match-Outbox-Id:\s*(\S+)/im.exec(mail.raw)?.[1];

/**
 * An introduction goes to the partner with its city's office in Cc; the SMTP server refuses (550) or defers (451)
 * one of them at RCPT TO. Each recipient's outcome is its own, and nobody gets a second copy.
 */
describe('Each recipient of an introduction, one by one (e2e, real SMTP)', () => {
  const world = useMailWorld({ MAIL_RETRY_DELAY_MS: '250', MAIL_RETRY_ATTEMPTS: '8' });
  const { smtp, http } = world;


  /** A requester, a partner in Foshan and Foshan's office (in Cc), each with an address of this test's own. */
  async function introduction(): Promise<{ requester: Company; partner: Company; office: string }> {
    const office = unique('invest', 'foshan.example');
    await saveFoshanOffice(world.dataSource, office);
    const requester = await createActiveCompany(world.app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } });
    const partner = await createActiveCompany(
      world.app,
      { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh', contact: { name: '李伟', email: unique('li.wei', 'foshan-instruments.example') } },
      'foshan',
    );
    return { requester, partner, office };
  }

  async function approve(requester: Company, partner: Company): Promise<string> {
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(world.officerAuth).send({}).expect(201);
    return id;
  }

  const introductionRow = (requestId: string) =>
    world.dataSource.getRepository(OutboxMessage).createQueryBuilder('message').where(`message.template = 'match_introduction' AND message.payload->>'matchRequestId' = :requestId`, { requestId }).getOneOrFail();
  const recipientsOf = async (outboxId: string) => {
    const rows = await world.dataSource.getRepository(OutboxRecipient).find({ where: { outboxId } });
    return Object.fromEntries(rows.map((row) => [row.role, row])) as Record<'to' | 'cc', OutboxRecipient>;
  };
  const copies = (address: string, outboxId: string) => smtp.to(address).filter((mail) => outboxIdOf(mail) === outboxId);
  const rcptCount = (address: string) => smtp.rcptLog.filter((entry) => entry.address === address).length;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  const requestStatus = async (id: string) => (await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).status;

  it('fails the email when the server refuses the partner (550), shows it first with the answer, tells the requester, and the officer sends it again to a corrected address only', async () => {
    const { requester, partner, office } = await introduction();
    smtp.answerRecipient(partner.contactEmail!, { code: 550, message: '5.1.1 Mailbox does not exist' });
    const requestId = await approve(requester, partner);

    const failed = await eventually(() => introductionRow(requestId), (row) => row.status === 'failed');
    expect(failed.lastError).toContain(partner.contactEmail);
    expect(failed.lastError).toContain('550');
    const recipients = await recipientsOf(failed.id);
    expect(recipients.to).toMatchObject({ address: partner.contactEmail, state: 'refused', smtpResponse: expect.stringContaining('5.1.1 Mailbox does not exist') });
    expect(recipients.cc).toMatchObject({ address: office, state: 'accepted' });
    expect(copies(office, failed.id)).toHaveLength(1);
    expect(await requestStatus(requestId)).toBe('approved');

    // First for the officer, with each recipient's answer.
    const list = (await http().get('/api/officer/emails?pageSize=100').set(world.officerAuth).expect(200)).body;
    const position = list.items.findIndex((item: { id: string }) => item.id === failed.id);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(list.items.slice(0, position).every((item: { status: string }) => item.status === 'failed')).toBe(true);
    expect(list.items[position].recipients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'to', state: 'refused', smtpResponse: expect.stringContaining('550') }),
        expect.objectContaining({ role: 'cc', state: 'accepted' }),
      ]),
    );
    // The requester's timeline says the introduction did not reach the partner.
    const mine = (await http().get('/api/match-requests').set(await companyAuth(world.app, requester.id)).expect(200)).body.find((item: { id: string }) => item.id === requestId);
    expect(mine.introductionUndeliveredAt).not.toBeNull();
    const page = await http().get('/companies/match-requests?lang=en').set(await companyAuth(world.app, requester.id)).expect(200);
    expect(page.text).toContain('The introduction did not reach the partner company');

    // Only the home office sends it again; the Cc, which has it, is not a To and gets no second copy.
    const route = `/api/officer/emails/${failed.id}/recipients/${recipients.to.id}/retry`;
    const otherCityOfficer = await createStaffUser(world.app, { citySlug: 'foshan' });
    await http().post(route).set({ authorization: `Bearer ${await bearerTokenFor(world.app, otherCityOfficer.email)}` }).send({}).expect(403);
    await http().post(route).set(await companyAuth(world.app, requester.id)).send({}).expect(403);
    await http().post(route).set(world.officerAuth).send({ address: 'not-an-address' }).expect(400);
    await http().post(route).set(world.officerAuth).send({ address: office }).expect(422);
    await http().post(`/api/officer/emails/${failed.id}/recipients/${recipients.cc.id}/retry`).set(world.officerAuth).send({}).expect(409);
    expect((await introductionRow(requestId)).status).toBe('failed');

    const corrected = unique('li.wei.corrected', 'foshan-instruments.example');
    const retried = await http().post(route).set(world.officerAuth).send({ address: corrected }).expect(202);
    expect(retried.body.recipient).toBe(corrected);
    await eventually(() => introductionRow(requestId), (row) => row.status === 'sent');
    await eventually(() => requestStatus(requestId), (status) => status === 'introduced');
    await settle();
    expect(copies(corrected, failed.id)).toHaveLength(1);
    expect(copies(office, failed.id)).toHaveLength(1);
    expect((await recipientsOf(failed.id)).to).toMatchObject({ address: corrected, state: 'accepted' });
    const after = (await http().get('/api/match-requests').set(await companyAuth(world.app, requester.id)).expect(200)).body.find((item: { id: string }) => item.id === requestId);
    expect(after.introductionUndeliveredAt).toBeNull();
  });

  it('keeps a refused office copy (550) visible without failing the email: the partner has it and is introduced', async () => {
    const { requester, partner, office } = await introduction();
    smtp.answerRecipient(office, { code: 550, message: '5.7.1 Relaying denied' });
    const requestId = await approve(requester, partner);

    const sent = await eventually(() => introductionRow(requestId), (row) => row.status === 'sent');
    const recipients = await recipientsOf(sent.id);
    expect(recipients.to).toMatchObject({ state: 'accepted' });
    expect(recipients.cc).toMatchObject({ state: 'refused', smtpResponse: expect.stringContaining('5.7.1 Relaying denied') });
    expect(await requestStatus(requestId)).toBe('introduced');
    await settle();
    expect(copies(partner.contactEmail!, sent.id)).toHaveLength(1);
    expect(copies(office, sent.id)).toHaveLength(0);
    const shown = (await http().get(`/api/officer/emails/${sent.id}`).set(world.officerAuth).expect(200)).body;
    expect(shown.recipients).toEqual(expect.arrayContaining([expect.objectContaining({ address: office, role: 'cc', state: 'refused' })]));
    const page = await http().get('/officer/emails?lang=en').set(world.officerAuth).expect(200);
    expect(page.text).toContain('5.7.1 Relaying denied');
  });

  it('retries a partner deferred with 451 on its own until greylisting lifts: one copy for the partner, exactly one for the office', async () => {
    const { requester, partner, office } = await introduction();
    smtp.answerRecipient(partner.contactEmail!, { code: 451, message: '4.7.1 Greylisted, try again later' }, 3_000);
    const requestId = await approve(requester, partner);

    const deferred = await eventually(() => introductionRow(requestId).then(async (row) => ({ row, recipients: await recipientsOf(row.id) })), ({ recipients }) => recipients.to?.state === 'deferred');
    expect(deferred.recipients.to.smtpResponse).toContain('451');
    expect(deferred.recipients.to.nextAttemptAt).not.toBeNull();
    expect(deferred.recipients.cc.state).toBe('accepted');
    expect(await requestStatus(requestId)).toBe('approved');

    const sent = await eventually(() => introductionRow(requestId), (row) => row.status === 'sent', 30_000);
    expect(await requestStatus(requestId)).toBe('introduced');
    await settle();
    const partnerCopies = copies(partner.contactEmail!, sent.id);
    const officeCopies = copies(office, sent.id);
    expect(partnerCopies).toHaveLength(1);
    expect(officeCopies).toHaveLength(1);
    // The later try went to the partner alone, as the same message.
    expect(partnerCopies[0].envelopeTo).toEqual([partner.contactEmail]);
    expect(partnerCopies[0].parsed.messageId).toBe(officeCopies[0].parsed.messageId);
    expect(rcptCount(office)).toBe(1);
    expect(rcptCount(partner.contactEmail!)).toBeGreaterThanOrEqual(2);
  }, 45_000);

  it('retries an office copy deferred with 451 on its own: the partner is introduced at once, the office gets exactly one copy later', async () => {
    const { requester, partner, office } = await introduction();
    smtp.answerRecipient(office, { code: 451, message: '4.3.0 Try again later' }, 3_000);
    const requestId = await approve(requester, partner);

    await eventually(() => requestStatus(requestId), (status) => status === 'introduced');
    const row = await introductionRow(requestId);
    expect((await recipientsOf(row.id)).cc.state).toBe('deferred');

    const sent = await eventually(() => introductionRow(requestId), (current) => current.status === 'sent', 30_000);
    await settle();
    expect(copies(partner.contactEmail!, sent.id)).toHaveLength(1);
    expect(copies(office, sent.id)).toHaveLength(1);
    expect(copies(office, sent.id)[0].envelopeTo).toEqual([office]);
    expect(rcptCount(partner.contactEmail!)).toBe(1);
    expect((await recipientsOf(sent.id)).cc).toMatchObject({ state: 'accepted' });
  }, 45_000);
});
