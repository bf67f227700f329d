-- Who really wrote each audit row, recorded by the server: the database session's user and the
-- client's address. A trigger sets them on every insert and update, so a client cannot put
-- another identity there. 'nothing-released': the action ran, the lock is still held.
ALTER TABLE ${schema}.audit_log ADD COLUMN IF NOT EXISTS db_user text NOT NULL DEFAULT session_user;
ALTER TABLE ${schema}.audit_log ADD COLUMN IF NOT EXISTS client_addr inet DEFAULT inet_client_addr();
ALTER TABLE ${schema}.audit_log DROP CONSTRAINT IF EXISTS audit_log_outcome_check;
ALTER TABLE ${schema}.audit_log ADD CONSTRAINT audit_log_outcome_check
    CHECK (outcome IN ('pending', 'done', 'nothing-released', 'refused', 'changed', 'failed'));
CREATE OR REPLACE FUNCTION ${schema}.audit_log_identity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := session_user;
    NEW.client_addr := inet_client_addr();
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS audit_log_identity ON ${schema}.audit_log;
CREATE TRIGGER audit_log_identity BEFORE INSERT OR UPDATE ON ${schema}.audit_log
    FOR EACH ROW EXECUTE FUNCTION ${schema}.audit_log_identity();
