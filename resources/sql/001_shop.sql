-- LockScope schema, version 1. ${schema} is replaced by the namespace's schema name.
-- Stock has no CHECK (stock >= 0): the `none` demo must be able to show an oversell.
CREATE TABLE ${schema}.items (
    id         integer PRIMARY KEY,
    name       text        NOT NULL,
    stock      integer     NOT NULL,
    fence      bigint      NOT NULL DEFAULT 0,   -- highest fencing token accepted for this item
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE ${schema}.orders (
    id         bigserial PRIMARY KEY,
    run_id     text        NOT NULL DEFAULT '',
    item_id    integer     NOT NULL,
    buyer      text        NOT NULL,
    qty        integer     NOT NULL CHECK (qty > 0),
    status     text        NOT NULL CHECK (status IN ('reserved', 'paid', 'confirmed', 'rejected')),
    reason     text,
    token      bigint,
    strategy   text        NOT NULL,
    store      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX orders_run_item ON ${schema}.orders (run_id, item_id);

-- Fencing tokens for pg-row and pg-advisory: one sequence, so strictly increasing per resource.
CREATE SEQUENCE ${schema}.fencing_seq;

-- pg-row locks one row of this table per resource (SELECT ... FOR UPDATE).
CREATE TABLE ${schema}.row_locks (
    resource text PRIMARY KEY
);

-- pg-advisory: which resource an advisory key stands for, so the monitor can decode keys.
CREATE TABLE ${schema}.advisory_keys (
    key      bigint PRIMARY KEY,
    resource text NOT NULL
);

-- lease: rows are never deleted, so `version` (the fencing token) only grows.
CREATE TABLE ${schema}.leases (
    resource    text PRIMARY KEY,
    owner       text,                 -- NULL: free
    version     bigint      NOT NULL,
    acquired_at timestamptz,
    expires_at  timestamptz NOT NULL
);
