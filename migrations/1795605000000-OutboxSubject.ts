import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxSubject1795605000000 implements MigrationInterface {
  name = 'OutboxSubject1795605000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The subject line as sent: a company's data export lists its emails by subject, never by payload.
    await queryRunner.query(`ALTER TABLE outbox_messages ADD subject text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN subject`);
  }
}
