import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ConfigChangeStatus, ConfigValues, RadioConfig } from '@wsnoc/shared';

@Entity('config_changes')
export class ConfigChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 16 })
  mode: 'commit' | 'confirmed';

  @Column({ type: 'varchar', length: 16 })
  status: ConfigChangeStatus;

  @Column({ type: 'jsonb' })
  requested: ConfigValues;

  @Column({ type: 'jsonb' })
  before: RadioConfig;

  @Column({ type: 'jsonb', nullable: true })
  after: RadioConfig | null;

  @Column({ name: 'confirm_deadline', type: 'timestamptz', nullable: true })
  confirmDeadline: Date | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
