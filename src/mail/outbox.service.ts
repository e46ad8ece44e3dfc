import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay.service';

export interface NewOutboxMessage {
  template: string;
  language: string;
  recipient: string;
  cc?: string[];
  payload: Record<string, unknown>;
}

// Where a transaction collects the messages it wrote, for the relay to queue once it has committed.
export const COMMITTED_OUTBOX_IDS = 'outboxIds';

@Injectable()
export class OutboxService {
  constructor(private readonly relay: OutboxRelay) {}

  /** Adds an email to the outbox inside the caller's transaction: it exists exactly when the change commits, and is queued right after. */
  async enqueue(manager: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const repository = manager.getRepository(OutboxMessage);
    const saved = await repository.save(repository.create({ ...message, cc: [...new Set(message.cc ?? [])].filter((address) => address !== message.recipient) }));
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) ((runner.data[COMMITTED_OUTBOX_IDS] ??= []) as string[]).push(saved.id);
    else this.relay.dispatch([saved.id]);
    return saved;
  }
}
