import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';

export enum CompanyImportStatus {
  Queued = 'queued',
  Running = 'running',
  Finished = 'finished',
  Failed = 'failed',
}

export interface ImportRowResult {
  row: number;
  outcome: 'created' | 'refused';
  companyId?: string;
  legalName?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** An officer's CSV import of partner-city companies, worked through row by row in the background. */
@Entity('company_imports')
@Check('company_imports_progress_consistent', `processed_rows = created_rows + refused_rows AND processed_rows <= total_rows`)
export class CompanyImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'company_imports_created_by_fkey' })
  creator: User;

  @Column({ type: 'enum', enum: CompanyImportStatus, enumName: 'company_import_status', default: CompanyImportStatus.Queued })
  status: CompanyImportStatus;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'text', select: false })
  csv: string;

  @Column({ type: 'integer' })
  totalRows: number;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  createdRows: number;

  @Column({ type: 'integer', default: 0 })
  refusedRows: number;

  @Column({ type: 'jsonb', default: [] })
  results: ImportRowResult[];

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
