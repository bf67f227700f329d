-- The shop's other two races (issue 15). ${schema} is replaced by the namespace's schema name.

-- Double charge (order processing): orders placed and waiting for their payment confirmation.
-- payment_key is the idempotency key a payment carries; fence the highest fencing token seen.
CREATE TABLE IF NOT EXISTS ${schema}.payment_orders (
    id          integer PRIMARY KEY,
    run_id      text        NOT NULL DEFAULT '',
    payment_key text        NOT NULL,
    paid        boolean     NOT NULL DEFAULT false,
    fence       bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- One row per charge of the customer's card. idempotency_key is NULL unless the payment worker
-- uses the idempotency strategy: then the UNIQUE constraint lets the order's key in once.
CREATE TABLE IF NOT EXISTS ${schema}.charges (
    id              bigserial PRIMARY KEY,
    run_id          text        NOT NULL,
    order_id        integer     NOT NULL,
    buyer           text        NOT NULL,
    amount_cents    integer     NOT NULL DEFAULT 4999,
    token           bigint,
    idempotency_key text UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS charges_order ON ${schema}.charges (order_id);

-- Cart and discount (user transactions): one cart per id with one line (qty), a one-time code.
CREATE TABLE IF NOT EXISTS ${schema}.carts (
    id            integer PRIMARY KEY,
    run_id        text        NOT NULL DEFAULT '',
    qty           integer     NOT NULL,
    discount_code text        NOT NULL,
    fence         bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Every use of a cart's code. enforced: written by the idempotency strategy, whose uses the
-- partial UNIQUE (cart_id, code) index lets in once; the others' uses are not checked (that is
-- the race).
CREATE TABLE IF NOT EXISTS ${schema}.discount_uses (
    id         bigserial PRIMARY KEY,
    run_id     text        NOT NULL,
    cart_id    integer     NOT NULL,
    code       text        NOT NULL,
    buyer      text        NOT NULL,
    token      bigint,
    enforced   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS discount_uses_cart ON ${schema}.discount_uses (cart_id);
CREATE UNIQUE INDEX IF NOT EXISTS discount_uses_once ON ${schema}.discount_uses (cart_id, code)
    WHERE enforced;
