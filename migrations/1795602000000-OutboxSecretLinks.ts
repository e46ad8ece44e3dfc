import { MigrationInterface, QueryRunner } from 'typeorm';

// Emails whose link signs someone in, sets a password or confirms an address.
const TOKEN_BEARING_TEMPLATES = `('company_magic_link', 'company_email_verification', 'officer_invitation')`;

export class OutboxSecretLinks1795602000000 implements MigrationInterface {
  name = 'OutboxSecretLinks1795602000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The link of a token-bearing email waits here, encrypted, until it is sent; the payload never holds it.
    await queryRunner.query(`
      CREATE TABLE outbox_secret_links (
        outbox_message_id uuid PRIMARY KEY CONSTRAINT outbox_secret_links_message_fkey REFERENCES outbox_messages (id) ON DELETE CASCADE,
        token_id uuid CONSTRAINT outbox_secret_links_token_fkey REFERENCES auth_tokens (id) ON DELETE SET NULL,
        link_without_token text,
        sealed_link text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX outbox_secret_links_token_id_idx ON outbox_secret_links (token_id)`);
    // Links written in clear text before: taken out of the payload. Such a message that was not sent yet cannot be
    // sent any more; its recipient asks for a new link.
    await queryRunner.query(`
      INSERT INTO outbox_secret_links (outbox_message_id)
      SELECT id FROM outbox_messages WHERE template IN ${TOKEN_BEARING_TEMPLATES} AND payload ? 'link'`);
    await queryRunner.query(`UPDATE outbox_messages SET payload = payload - 'link' WHERE template IN ${TOKEN_BEARING_TEMPLATES} AND payload ? 'link'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_secret_links`);
  }
}
