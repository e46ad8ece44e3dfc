import type { EntityManager } from 'typeorm';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { SecretLinks } from './secret-links.service';

describe('OutboxService', () => {
  const outbox = new OutboxService({} as OutboxRelay, {} as SecretLinks);
  const manager = { getRepository: () => ({}) } as unknown as EntityManager;

  it('refuses a payload holding a link with a token: such a link goes in secretLink', async () => {
    await expect(
      outbox.enqueue(manager, { template: 'company_email_change', language: 'de', recipient: 'a@example.org', payload: { link: 'https://match.example/companies/email?token=abc' } }),
    ).rejects.toThrow(/secretLink/);
    await expect(outbox.enqueue(manager, { template: 'digest', language: 'de', recipient: 'a@example.org', payload: { items: [{ link: 'https://x.example/?a=1&token=z' }] } })).rejects.toThrow(/secretLink/);
  });
});
