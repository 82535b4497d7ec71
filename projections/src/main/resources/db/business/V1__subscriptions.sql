-- The business services' own schema (issue 21), beside the projections' tables and the gateway's schema, with its own
-- Flyway history. Every row names its tenant (the engine's tenant id).

-- A tenant's subscription: its tier now, the period it is paid for, and a downgrade waiting for the period's end.
CREATE TABLE subscriptions
(
    tenant_id    integer     PRIMARY KEY,
    tier         text        NOT NULL,
    period_start date        NOT NULL,
    period_end   date        NOT NULL,
    pending_tier text,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end > period_start)
);

-- What each business service has applied of the event stream: its checkpoint, stored with its rows.
CREATE TABLE service_checkpoints
(
    service      text    PRIMARY KEY,
    last_input   bigint  NOT NULL,
    output_input bigint  NOT NULL,
    output_index integer NOT NULL
);
