import { createHash, createHmac } from 'node:crypto';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { IntroductionProgressService } from '../../src/match-requests/introduction-progress.service';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { ResponseLinks } from '../../src/match-requests/response-links.service';
import { createActiveCompany } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { saveFoshanOffice, useMailWorld } from '../utils/mail-world';
import { CapturedMail } from '../utils/smtp-capture';
import { eventually } from '../utils/test-worker';

const DAY_MS = 24 * 3_600_000;
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-in-production';

/** Answer links are random, stored only as a digest, end with the introduction's deadline and when the introduction ends. */
describe('Answer links (e2e)', () => {
  const world = useMailWorld();
  const { smtp, http } = world;

  beforeAll(() => saveFoshanOffice(world.dataSource, 'invest@foshan.example'));

  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const sme = () => createActiveCompany(world.app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' }, contact: { name: 'Julia Hartmann', email: `julia.${unique()}@hartmann.example` } });
  const partner = () =>
    createActiveCompany(world.app, { offers: { types: [CooperationType.Distribution], text: '分销' }, languages: ['zh', 'en'], preferredLanguage: 'zh', contact: { name: '李伟', email: `li.wei.${unique()}@foshan.example` } }, 'foshan');

  function respondLink(mail: CapturedMail): URL {
    const match = /https?:\/\/[^\s"<>]+\/respond\/[^\s"<>]+/.exec(mail.parsed.text ?? '');
    if (!match) throw new Error('no answer link');
    return new URL(match[0]);
  }

  async function introduce(): Promise<{ id: string; link: URL; requester: Company; target: Company }> {
    const [requester, target] = [await sme(), await partner()];
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(world.app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(world.officerAuth).send({}).expect(201);
    const mail = await smtp.waitFor((candidate) => candidate.envelopeTo.includes(target.contactEmail!) && (candidate.parsed.text ?? '').includes('/respond/'));
    await eventually(() => world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
    return { id, link: respondLink(mail), requester, target };
  }

  it('keeps showing the answer after it was given, while no email can carry the link any more', async () => {
    const { id, link } = await introduce();
    await http().post(`${link.pathname}?lang=en`).type('form').send({ decision: 'decline', reason: 'Not this year.' }).expect(200);
    const again = await http().get(`${link.pathname}?lang=en`).expect(200);
    expect(again.text).toContain('You declined');
    const links: Array<{ id: string }> = await world.dataSource.query(`SELECT id FROM response_links WHERE match_request_id = $1`, [id]);
    for (const { id: linkId } of links) expect(await world.app.get(ResponseLinks).urlOf(linkId)).toBeNull();
  });

  it('gives an email queued before links were stored (no link named in its payload) a working link of its own', async () => {
    const { id, target } = await introduce();
    const outbox = world.dataSource.getRepository(OutboxMessage);
    await outbox.save(outbox.create({ template: 'match_introduction_reminder', language: 'en', recipient: target.contactEmail!, cc: [], payload: { matchRequestId: id, routing: 'company_with_office_cc' } }));
    const reminder = await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!) && String(mail.parsed.html).includes('lang="en"') && (mail.parsed.text ?? '').includes('/respond/'));
    await http().get(respondLink(reminder).pathname).expect(200);
  });

  it('cannot be made from the request id and a server secret', async () => {
    const { id, link } = await introduce();
    await http().get(link.pathname).expect(200);
    for (const secret of [DEVELOPMENT_SECRET, process.env.SESSION_SECRET].filter(Boolean) as string[]) {
      const forged = `${id}.${createHmac('sha256', secret).update(`isa-match:partner-response:${id}`).digest('base64url')}`;
      const page = await http().get(`/respond/${forged}`).set('accept-language', 'en').expect(404);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('This link is not valid');
    }
    expect(link.pathname).not.toContain(id);
  });

  it('is stored only as its SHA-256, never in the outbox, and lasts until the introduction’s deadline', async () => {
    const { id, link } = await introduce();
    const token = decodeURIComponent(link.pathname.split('/').pop()!);
    const rows: Array<{ token_hash: string; expires_at: Date }> = await world.dataSource.query(`SELECT token_hash, expires_at FROM response_links WHERE match_request_id = $1`, [id]);
    expect(rows.map((row) => row.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    const { respondBy } = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
    expect(rows.every((row) => row.expires_at.getTime() === respondBy!.getTime())).toBe(true);
    const [{ count }] = await world.dataSource.query(`SELECT count(*)::int AS count FROM outbox_messages WHERE payload::text LIKE '%' || $1 || '%'`, [token]);
    expect(count).toBe(0);
    const [{ leaked }] = await world.dataSource.query(`SELECT count(*)::int AS leaked FROM response_links WHERE sealed_token LIKE '%' || $1 || '%'`, [token]);
    expect(leaked).toBe(0);
  });

  it('still works in the reminder, which carries a link of its own', async () => {
    const { id, link, target } = await introduce();
    const { introducedAt } = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
    await world.app.get(IntroductionProgressService).runDeadlines(new Date(introducedAt!.getTime() + 8 * DAY_MS));
    const reminder = await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!) && respondLink(mail).pathname !== link.pathname && (mail.parsed.text ?? '').includes('/respond/'));
    await http().get(respondLink(reminder).pathname).expect(200);
    await http().get(link.pathname).expect(200);
  });

  it('shows a clear page, in the reader’s language, once the introduction has expired', async () => {
    const { id, link } = await introduce();
    const { respondBy } = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
    await world.app.get(IntroductionProgressService).runDeadlines(new Date(respondBy!.getTime() + 1000));
    const page = await http().get(`${link.pathname}?lang=de`).expect(410);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('abgelaufen');
    await http().post(link.pathname).type('form').send({ decision: 'decline' }).expect(410);
    expect((await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).status).toBe('expired');
  });

  it('ends when a company of the introduction is erased: a clear page in de, en and zh, and no answer recorded', async () => {
    const { id, link, target } = await introduce();
    await http().delete(`/api/companies/${target.id}`).set(await companyAuth(world.app, target.id)).expect(204);
    const expected = { de: 'nicht mehr gültig', en: 'no longer valid', zh: '已失效' };
    for (const [lang, text] of Object.entries(expected)) {
      const page = await http().get(`${link.pathname}?lang=${lang}`).expect(410);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain(text);
    }
    await http().post(link.pathname).type('form').send({ decision: 'accept', contactName: 'Wang Fang', contactEmail: `wang.${unique()}@foshan.example` }).expect(410);
    const [{ revoked }] = await world.dataSource.query(`SELECT count(*)::int AS revoked FROM response_links WHERE match_request_id = $1 AND revoked_at IS NOT NULL`, [id]);
    expect(revoked).toBeGreaterThan(0);
    expect((await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).respondedAt).toBeNull();
  });

  it('ends when the introduction expires: revoked, its sealed copy dropped, and no email can carry it any more', async () => {
    const { id, link } = await introduce();
    const { respondBy } = await world.dataSource.getRepository(MatchRequest).findOneByOrFail({ id });
    await world.app.get(IntroductionProgressService).runDeadlines(new Date(respondBy!.getTime() + 1000));
    const [{ live }] = await world.dataSource.query(`SELECT count(*)::int AS live FROM response_links WHERE match_request_id = $1 AND revoked_at IS NULL`, [id]);
    expect(live).toBe(0);
    const [{ sealed }] = await world.dataSource.query(`SELECT count(*)::int AS sealed FROM response_links WHERE match_request_id = $1 AND sealed_token IS NOT NULL`, [id]);
    expect(sealed).toBe(0);
    const links: Array<{ id: string }> = await world.dataSource.query(`SELECT id FROM response_links WHERE match_request_id = $1`, [id]);
    for (const { id: linkId } of links) expect(await world.app.get(ResponseLinks).urlOf(linkId)).toBeNull();
    await http().get(link.pathname).expect(410);
  });
});
