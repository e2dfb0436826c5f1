import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ConfigVersionSource, RadioConfig } from '@wsnoc/shared';

@Entity('config_versions')
export class ConfigVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ name: 'taken_at', type: 'timestamptz', default: () => 'now()' })
  takenAt: Date;

  @Column({ type: 'varchar', length: 16 })
  source: ConfigVersionSource;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId: string | null;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'jsonb' })
  lines: string[];

  @Column({ type: 'jsonb' })
  config: RadioConfig;
}
