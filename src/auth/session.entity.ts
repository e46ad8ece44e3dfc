import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export enum PrincipalType {
  User = 'user',
  Company = 'company',
}

/** A server-side session; the client holds only the token whose SHA-256 is stored here. */
@Entity('sessions')
@Check(
  'sessions_one_principal',
  `(principal_type = 'user' AND user_id IS NOT NULL AND company_id IS NULL) OR (principal_type = 'company' AND company_id IS NOT NULL AND user_id IS NULL)`,
)
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: 'enum', enum: PrincipalType, enumName: 'principal_type' })
  principalType: PrincipalType;

  @Index('sessions_user_id_idx')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_fkey' })
  user: User | null;

  @Index('sessions_company_id_idx')
  // Named by entity, not imported: companies build on auth, not the other way round.
  @ForeignKey('Company', { name: 'sessions_company_fkey', onDelete: 'CASCADE' })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'text', nullable: true })
  ipAddress: string | null;
}
