import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { City } from '../cities/city.entity';
import { UserRole } from '../common/principal';

export enum OfficerNotificationMode {
  Immediate = 'immediate',
  Daily = 'daily',
  Off = 'off',
}

/** A staff account: an officer of a member city's economic development office, or an administrator. */
@Entity('users')
@Check('users_email_normalised', `email = lower(btrim(email)) AND email LIKE '%_@_%'`)
@Check('users_display_name_present', `btrim(display_name) <> ''`)
@Check('users_officer_has_city', `role <> 'officer' OR city_id IS NOT NULL`)
@Check('users_totp_enabled_has_secret', `totp_enabled_at IS NULL OR totp_secret IS NOT NULL`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role' })
  role: UserRole;

  @Column({ type: 'uuid', nullable: true })
  cityId: string | null;

  @ManyToOne(() => City, { nullable: true })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'users_city_fkey' })
  city: City | null;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  /** Sealed with SecretBox; never leaves the server. */
  @Column({ type: 'text', nullable: true, select: false })
  totpSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  @Column({ type: 'bigint', nullable: true, select: false })
  totpLastStep: string | null;

  @Column({ type: 'integer', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** How the officer hears of work waiting for review: each item by email, one summary a day, or not at all. */
  @Column({ type: 'enum', enum: OfficerNotificationMode, enumName: 'officer_notification_mode', default: OfficerNotificationMode.Immediate })
  notificationMode: OfficerNotificationMode;

  @Column({ type: 'timestamptz', nullable: true })
  lastDigestAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
