-- Every force-release attempt: done, refused, failed. Written before the release is tried
-- (outcome 'pending'); a release whose audit row cannot be written does not happen.
CREATE TABLE ${schema}.audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    operator       text        NOT NULL,
    host           text        NOT NULL,
    backend        text        NOT NULL,
    kind           text        NOT NULL,
    resource       text        NOT NULL,
    observed_owner text        NOT NULL,
    observed_token bigint,
    action         text        NOT NULL,
    reason         text        NOT NULL CHECK (length(btrim(reason)) > 0),
    outcome        text        NOT NULL CHECK (outcome IN ('pending', 'done', 'refused', 'changed', 'failed')),
    detail         text
);
CREATE INDEX audit_log_at ON ${schema}.audit_log (at DESC);
