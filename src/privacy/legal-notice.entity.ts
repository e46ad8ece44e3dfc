import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';

export enum LegalNoticeKind {
  /** Privacy notice (GDPR Art. 13 and 14). */
  Privacy = 'privacy',
  /** Legal notice (Impressum, § 5 DDG). */
  Imprint = 'imprint',
  /** Accessibility statement (BITV 2.0). */
  Accessibility = 'accessibility',
}

/** One version of a published notice, or the one draft of its kind (no version, not published). */
@Entity('legal_notices')
@Check('legal_notices_published_has_version', `(published_at IS NULL) = (version IS NULL) AND (published_at IS NULL) = (published_by IS NULL)`)
@Check('legal_notices_version_positive', `version IS NULL OR version > 0`)
@Check('legal_notices_texts_present', `btrim(text_de) <> '' AND btrim(text_en) <> '' AND btrim(text_zh) <> ''`)
@Index('legal_notices_one_draft_per_kind', { synchronize: false })
@Index('legal_notices_kind_version_key', { synchronize: false })
export class LegalNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: LegalNoticeKind, enumName: 'legal_notice_kind' })
  kind: LegalNoticeKind;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'text' })
  textDe: string;

  @Column({ type: 'text' })
  textEn: string;

  @Column({ type: 'text' })
  textZh: string;

  @Column({ type: 'uuid' })
  editedBy: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'edited_by', foreignKeyConstraintName: 'legal_notices_edited_by_fkey' })
  editor: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  editedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'legal_notices_published_by_fkey' })
  publisher: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
