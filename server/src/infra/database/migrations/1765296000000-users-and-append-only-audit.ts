import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users can be disabled. The audit trail names its target and the client address, and is append-only:
 * a trigger refuses every UPDATE, DELETE and TRUNCATE (even from the table's owner or a superuser), and
 * the privileges to do them are revoked from everyone, the role that runs the migrations included.
 */
export class UsersAndAppendOnlyAudit1765296000000 implements MigrationInterface {
  name = 'UsersAndAppendOnlyAudit1765296000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);
    await queryRunner.query(
      `ALTER TABLE audit_log ADD COLUMN target varchar(128), ADD COLUMN address varchar(64)`,
    );
    await queryRunner.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_update_delete ON audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP INDEX audit_log_actor_idx`);
    await queryRunner.query(`ALTER TABLE audit_log DROP COLUMN address, DROP COLUMN target`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
