import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SpectrumRecordKind } from '@wsnoc/shared';

/** One entry of the compliance record: append-only evidence of what the console did and why. */
@Entity('spectrum_records')
export class SpectrumRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'device_id', type: 'uuid', nullable: true })
  deviceId: string | null;

  @Column({ name: 'device_name', type: 'varchar', length: 64, nullable: true })
  deviceName: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: SpectrumRecordKind;

  @Column({ type: 'smallint', nullable: true })
  channel: number | null;

  @Column({ name: 'eirp_dbm', type: 'real', nullable: true })
  eirpDbm: number | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}
