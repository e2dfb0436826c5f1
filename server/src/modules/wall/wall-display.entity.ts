import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WallPanel } from '@wsnoc/shared';

@Entity('wall_displays')
export class WallDisplayEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** SHA-256 (hex) of the feed token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'jsonb' })
  sites: string[];

  @Column({ type: 'jsonb' })
  panels: WallPanel[];

  @Column({ name: 'rotate_seconds', type: 'integer' })
  rotateSeconds: number;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Set once the token is revoked; the row stays so a screen holding it is told why it is refused. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
