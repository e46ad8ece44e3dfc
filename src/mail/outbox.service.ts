import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export interface NewOutboxMessage {
  template: string;
  language: string;
  recipient: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class OutboxService {
  /** Adds an email to the outbox inside the caller's transaction: it exists exactly when the change commits. */
  async enqueue(manager: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    return manager.getRepository(OutboxMessage).save(manager.getRepository(OutboxMessage).create(message));
  }
}
