import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { OutboxRecipient } from '../../src/mail/outbox-recipient.entity';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { saveFoshanOffice, useMailWorld } from '../utils/mail-world';
import { CapturedMail } from '../utils/smtp-capture';
import { eventually } from '../utils/test-worker';

const unique = (name: string, domain: string) => `${name}.${Date.now()}${Math.random().toString(36).slice(2, 6)}@${domain}`;

function respondPath(mail: CapturedMail): string {
  const match = /https?:\/\/[^\s"<>]+(\/respond\/[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error('no answer link');
  return match[1];
}

/**
 * An officer who sends an introduction again to a corrected partner address sends a fresh answer link: the link that
 * went to the earlier address (and to the office in copy) stops working, so whoever got it by mistake cannot answer.
 */
describe('Answer link of an introduction sent again to a corrected address (e2e, real SMTP)', () => {
  const office = unique('invest', 'foshan.example');
  const world = useMailWorld({ MAIL_RETRY_DELAY_MS: '250' });
  const { smtp, http } = world;

  beforeAll(() => saveFoshanOffice(world.dataSource, office));

  const introductionRow = (requestId: string) =>
    world.dataSource.getRepository(OutboxMessage).createQueryBuilder('message').where(`message.template = 'match_introduction' AND message.payload->>'matchRequestId' = :requestId`, { requestId }).getOneOrFail();

  async function refusedIntroduction(): Promise<{ requestId: string; partner: Company; message: OutboxMessage; officeCopy: CapturedMail }> {
    const requester = await createActiveCompany(world.app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } });
    const partner = await createActiveCompany(
      world.app,
      { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh', contact: { name: '李伟', email: unique('li.wei', 'foshan-instruments.example') } },
      'foshan',
    );
    smtp.answerRecipient(partner.contactEmail!, { code: 550, message: '5.1.1 Mailbox does not exist' });
    const { id: requestId } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${requestId}/approve`).set(world.officerAuth).send({}).expect(201);
    const message = await eventually(() => introductionRow(requestId), (row) => row.status === 'failed');
    const officeCopy = await smtp.waitFor((mail) => mail.envelopeTo.includes(office) && mail.raw.includes(message.id));
    return { requestId, partner, message, officeCopy };
  }

  it('issues a fresh answer link for the corrected address and revokes the one that went to the earlier address', async () => {
    const { requestId, message, officeCopy } = await refusedIntroduction();
    const earlierLink = respondPath(officeCopy);

    const to = await world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: message.id, role: 'to' as OutboxRecipient['role'] });
    const corrected = unique('li.wei.corrected', 'foshan-instruments.example');
    await http().post(`/api/officer/emails/${message.id}/recipients/${to.id}/retry`).set(world.officerAuth).send({ address: corrected }).expect(202);
    const delivered = await smtp.waitFor((mail) => mail.envelopeTo.includes(corrected));
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id: requestId }), (row) => row.status === 'introduced');

    const freshLink = respondPath(delivered);
    expect(freshLink).not.toBe(earlierLink);
    const revoked = await http().get(`${earlierLink}?lang=en`);
    expect(revoked.text).not.toContain('name="decision"');
    await http().post(`${earlierLink}?lang=en`).type('form').send({ decision: 'decline', reason: 'Taken over.' });
    expect((await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id: requestId })).status).toBe('introduced');

    const fresh = await http().get(`${freshLink}?lang=en`).expect(200);
    expect(fresh.text).toContain('name="decision"');
  });

  it('refuses with 404 a recipient of another email named under this one, and changes neither', async () => {
    const first = await refusedIntroduction();
    const second = await refusedIntroduction();
    const foreign = await world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: second.message.id, role: 'to' as OutboxRecipient['role'] });
    const refused = await http().post(`/api/officer/emails/${first.message.id}/recipients/${foreign.id}/retry`).set(world.officerAuth).send({ address: unique('someone', 'elsewhere.example') }).expect(404);
    expect(refused.body.message).toBe('No such recipient of this email.');
    for (const { message } of [first, second]) {
      const row = await world.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id });
      expect(row).toMatchObject({ status: 'failed', recipient: message.recipient, payload: message.payload });
      const to = await world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: message.id, role: 'to' as OutboxRecipient['role'] });
      expect(to).toMatchObject({ address: message.recipient, state: 'refused' });
    }
  });

  it('refuses to correct a To address that has the email already, and keeps the answer link it holds', async () => {
    const { requestId, message, officeCopy } = await refusedIntroduction();
    const to = await world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: message.id, role: 'to' as OutboxRecipient['role'] });
    smtp.answerRecipient(to.address, { code: 550, message: 'lifted' }, 0);
    await http().post(`/api/officer/emails/${message.id}/recipients/${to.id}/retry`).set(world.officerAuth).send({}).expect(202);
    await eventually(() => world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ id: to.id }), (row) => row.state === 'accepted');
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id: requestId }), (row) => row.status === 'introduced');
    // The office's copy is in doubt (a world.worker stopped after handing it over): the email waits for an officer.
    await world.dataSource.query(`UPDATE outbox_recipients SET state = 'pending', accepted_at = NULL WHERE outbox_id = $1 AND role = 'cc'`, [message.id]);
    await world.dataSource.query(`UPDATE outbox_messages SET status = 'unconfirmed' WHERE id = $1`, [message.id]);

    const refused = await http().post(`/api/officer/emails/${message.id}/retry`).set(world.officerAuth).send({ recipient: unique('someone', 'elsewhere.example') }).expect(409);
    expect(refused.body.message).toContain('has the email already');
    const row = await world.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id });
    expect(row).toMatchObject({ status: 'unconfirmed', recipient: to.address, payload: message.payload });
    const page = await http().get(`${respondPath(officeCopy)}?lang=en`).expect(200);
    expect(page.text).toContain('name="decision"');
  });

  it('keeps the same answer link when the email goes again to the same address', async () => {
    const { message, officeCopy } = await refusedIntroduction();
    const earlierLink = respondPath(officeCopy);
    const to = await world.dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: message.id, role: 'to' as OutboxRecipient['role'] });
    smtp.answerRecipient(to.address, { code: 550, message: 'lifted' }, 0);
    await http().post(`/api/officer/emails/${message.id}/recipients/${to.id}/retry`).set(world.officerAuth).send({}).expect(202);
    const delivered = await smtp.waitFor((mail) => mail.envelopeTo.includes(to.address));
    expect(respondPath(delivered)).toBe(earlierLink);
  });
});
