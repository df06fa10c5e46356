-- Up Migration
-- repairs_manager is one of the staff roles (src/staff/staff.ts), and src/audit/log.ts
-- accepts it, but the logs' CHECK constraints left it out: any request from a repairs manager
-- that must be logged (a refusal included) could not be recorded, and was answered 503.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_role_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_role_check
  CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'repairs_manager', 'auditor', 'partner', 'admin', 'system'));
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_role_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_role_check
  CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'repairs_manager', 'auditor', 'partner', 'admin'));

-- Down Migration
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_role_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_role_check
  CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_role_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_role_check
  CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin', 'system'));
