import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AvailabilitySlice, StationGrant, StationPhase } from '@wsnoc/shared';

/** One base station's grant lifecycle, written through on every change. */
@Entity('spectrum_stations')
export class StationEntity {
  @PrimaryColumn({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ type: 'varchar', length: 16 })
  phase: StationPhase;

  @Column({ type: 'varchar', length: 8, nullable: true })
  ruleset: 'etsi' | 'fcc' | null;

  @Column({ name: 'emission_class', type: 'smallint', nullable: true })
  emissionClass: number | null;

  @Column({ name: 'serial_number', type: 'varchar', length: 64, nullable: true })
  serialNumber: string | null;

  @Column({ name: 'database_url', type: 'text', nullable: true })
  databaseUrl: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt: Date | null;

  @Column({ name: 'registered_lat', type: 'double precision', nullable: true })
  registeredLat: number | null;

  @Column({ name: 'registered_lon', type: 'double precision', nullable: true })
  registeredLon: number | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  @Column({ name: 'located_by', type: 'varchar', length: 16, nullable: true })
  locatedBy: 'gps' | 'inventory' | null;

  /** Ground height under the mast: the radio's GPS altitude less its mast, for the planner's path loss. */
  @Column({ name: 'ground_m', type: 'double precision', nullable: true })
  groundM: number | null;

  @Column({ name: 'last_check_at', type: 'timestamptz', nullable: true })
  lastCheckAt: Date | null;

  /** Why the last check failed, while it has not succeeded since. */
  @Column({ name: 'last_check_error', type: 'text', nullable: true })
  lastCheckError: string | null;

  @Column({ name: 'last_check_error_at', type: 'timestamptz', nullable: true })
  lastCheckErrorAt: Date | null;

  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'max_polling_secs', type: 'integer', nullable: true })
  maxPollingSecs: number | null;

  @Column({ name: 'max_location_change', type: 'double precision', nullable: true })
  maxLocationChange: number | null;

  @Column({ name: 'needs_spectrum_report', type: 'boolean', default: false })
  needsSpectrumReport: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  schedule: AvailabilitySlice[];

  /** What the whole cell may use: permitted at the base station and at every CPE it serves. */
  @Column({ name: 'cell_schedule', type: 'jsonb', default: () => `'[]'` })
  cellSchedule: AvailabilitySlice[];

  /** The channel the last applied fleet plan gave this station; kept while it stays permitted. */
  @Column({ name: 'planned_channel', type: 'smallint', nullable: true })
  plannedChannel: number | null;

  @Column({ name: 'grant', type: 'jsonb', nullable: true })
  grant: StationGrant | null;

  @Column({ name: 'desired_eirp_dbm', type: 'double precision', nullable: true })
  desiredEirpDbm: number | null;

  @Column({ name: 'mute_at', type: 'timestamptz', nullable: true })
  muteAt: Date | null;

  @Column({ name: 'muted_by_spectrum', type: 'boolean', default: false })
  mutedBySpectrum: boolean;

  @Column({ name: 'mute_reason', type: 'text', nullable: true })
  muteReason: string | null;

  @Column({ type: 'text', nullable: true })
  alarm: string | null;

  @Column({ name: 'alarm_at', type: 'timestamptz', nullable: true })
  alarmAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
