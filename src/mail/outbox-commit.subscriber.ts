import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { COMMITTED_OUTBOX_IDS } from './outbox.service';
import { OutboxRelay } from './outbox-relay.service';

/** Hands the messages a transaction wrote to the relay once it has committed; a rollback takes them away with it. */
@Injectable()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const ids = event.queryRunner.data[COMMITTED_OUTBOX_IDS] as string[] | undefined;
    delete event.queryRunner.data[COMMITTED_OUTBOX_IDS];
    if (ids) this.relay.dispatch(ids);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete event.queryRunner.data[COMMITTED_OUTBOX_IDS];
  }
}
