-- The quota service (issue 21): orders per tenant and trading day (engine time, UTC), the accounts it halted for a
-- quota, and the commands it sends the engine through the core's command ingress, from an outbox whose row id is the
-- command's client sequence (so a resend after a restart is applied once by the engine).

CREATE TABLE tenant_accounts
(
    tenant_id  integer NOT NULL,
    account_id bigint  NOT NULL,
    PRIMARY KEY (tenant_id, account_id)
);

CREATE TABLE daily_orders
(
    tenant_id integer NOT NULL,
    day       date    NOT NULL,
    orders    bigint  NOT NULL,
    warned    boolean NOT NULL DEFAULT false,
    limited   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE quota_halts
(
    tenant_id  integer NOT NULL,
    account_id bigint  NOT NULL,
    day        date    NOT NULL,
    resumed    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, account_id, day)
);

CREATE TABLE command_outbox
(
    id          bigserial   PRIMARY KEY,
    tenant_id   integer     NOT NULL,
    event_key   text        NOT NULL UNIQUE,
    description text        NOT NULL,
    command     bytea       NOT NULL,
    status      text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'duplicate')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz
);

-- The client session of each service on the core's command ingress, kept across the service's restarts.
CREATE TABLE command_sessions
(
    service           text   PRIMARY KEY,
    client_session_id bigint NOT NULL
);
