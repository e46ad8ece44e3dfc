import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxHandover1795600000006 implements MigrationInterface {
  name = 'OutboxHandover1795600000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Set just before the SMTP server is told the message is complete: before it, a message is provably not delivered.
    await queryRunner.query(`ALTER TABLE outbox_messages ADD handed_over_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN handed_over_at`);
  }
}
