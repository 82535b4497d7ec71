-- The PostgreSQL projection of the trading core (projections/README-postgres.md).
--
-- Every projected row carries the tenant it belongs to; tenant 0 is the platform: events that name no tenant
-- (instruments, ticks, rejected inputs). Rows made by one event are keyed by the event's place in the streams,
-- (input_sequence, output_index), so the same event cannot land twice; tables of current state are keyed by what
-- they describe. Prices are numerics at the instrument's digits, quantities lots at scale 4, money at scale 6,
-- all written from the engine's fixed-point longs without rounding. Times: time_ns is the engine's epoch
-- nanoseconds, exact; the timestamptz beside it is the same instant cut to microseconds.
--
-- Only keys are indexed: every index costs every write (a second index on order_events makes its COPY some 60%
-- slower), so an index for a query (fills by account, say) belongs to the deployment that runs that query.
-- Tables of current state are updated by every batch: their pages keep room (fillfactor) for the new row versions,
-- so that an update stays on its page and leaves the key index alone.

-- How far the projection has applied the two streams: one row, written in the transaction of every batch.
CREATE TABLE checkpoint
(
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_input   bigint  NOT NULL,
    output_input bigint  NOT NULL,
    output_index integer NOT NULL
);
INSERT INTO checkpoint (last_input, output_input, output_index) VALUES (0, 0, 0);

-- DefineTenant.
CREATE TABLE tenants
(
    tenant_id      integer     PRIMARY KEY,
    name           text        NOT NULL,
    input_sequence bigint      NOT NULL,
    defined_at     timestamptz NOT NULL
);

-- DefineInstrument: reference data of the platform (tenant 0), readable by every tenant.
CREATE TABLE instruments
(
    tenant_id       integer     NOT NULL DEFAULT 0,
    instrument_id   integer     PRIMARY KEY,
    symbol          text        NOT NULL,
    digits          smallint    NOT NULL,
    contract_size   bigint      NOT NULL,
    tick_size       numeric     NOT NULL,
    volume_min      numeric(24, 4) NOT NULL,
    volume_max      numeric(24, 4) NOT NULL,
    volume_step     numeric(24, 4) NOT NULL,
    profit_currency text        NOT NULL,
    input_sequence  bigint      NOT NULL,
    defined_at      timestamptz NOT NULL
);

-- AccountUpdate (currency, leverage, balance) and the latest AccountState. Keyed by tenant as well: an update that
-- names another tenant's account (which the engine rejects) must not move that tenant's row.
CREATE TABLE accounts
(
    tenant_id              integer NOT NULL,
    account_id             bigint  NOT NULL,
    currency               text,
    leverage               integer,
    balance                numeric(26, 6) NOT NULL,
    equity                 numeric(26, 6),
    realized_pnl           numeric(26, 6),
    unrealized_pnl         numeric(26, 6),
    margin_used            numeric(26, 6),
    gross_exposure         numeric(26, 6),
    open_orders            integer,
    halted                 boolean,
    updated_input_sequence bigint      NOT NULL,
    updated_output_index   integer     NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, account_id)
) WITH (fillfactor = 50);

-- Each order's current state, one row per engine order id: OrderAccepted, then what OrderRouted (pending cancel or
-- modify), OrderStatusChanged, Fill and OrderRejected naming the order say of it.
CREATE TABLE orders
(
    tenant_id              integer  NOT NULL,
    order_id               bigint   NOT NULL,
    client_order_id        bigint   NOT NULL,
    account_id             bigint   NOT NULL,
    instrument_id          integer  NOT NULL,
    strategy_id            integer  NOT NULL,
    price_digits           smallint NOT NULL,
    side                   text     NOT NULL,
    order_type             text     NOT NULL,
    time_in_force          text     NOT NULL,
    quantity               numeric(24, 4) NOT NULL,
    price                  numeric  NOT NULL,
    stop_price             numeric  NOT NULL,
    status                 text     NOT NULL,
    leaves_quantity        numeric(24, 4) NOT NULL,
    filled_quantity        numeric(24, 4) NOT NULL,
    -- The sum of quantity x price of the order's fills: what keeps the average exact from batch to batch.
    fill_notional          numeric  NOT NULL,
    -- fill_notional / filled_quantity at the instrument's digits, rounded half-even; null before the first fill.
    avg_fill_price         numeric,
    fill_count             integer  NOT NULL,
    reject_reason          text,
    created_input_sequence bigint      NOT NULL,
    created_output_index   integer     NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_input_sequence bigint      NOT NULL,
    updated_output_index   integer     NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, order_id)
) WITH (fillfactor = 80);

-- Every order-related output, appended: OrderAccepted, OrderRejected, OrderRouted, OrderStatusChanged, Fill.
CREATE TABLE order_events
(
    input_sequence  bigint      NOT NULL,
    output_index    integer     NOT NULL,
    tenant_id       integer     NOT NULL,
    account_id      bigint      NOT NULL,
    time_ns         bigint      NOT NULL,
    time            timestamptz NOT NULL,
    type            text        NOT NULL,
    -- null for an order rejected before the engine accepted it
    order_id        bigint,
    client_order_id bigint      NOT NULL,
    status          text,
    action          text,
    reason          text,
    venue_code      integer,
    text            text,
    PRIMARY KEY (input_sequence, output_index)
);

CREATE TABLE fills
(
    input_sequence  bigint      NOT NULL,
    output_index    integer     NOT NULL,
    tenant_id       integer     NOT NULL,
    account_id      bigint      NOT NULL,
    time_ns         bigint      NOT NULL,
    time            timestamptz NOT NULL,
    order_id        bigint      NOT NULL,
    client_order_id bigint      NOT NULL,
    instrument_id   integer     NOT NULL,
    strategy_id     integer     NOT NULL,
    side            text        NOT NULL,
    quantity        numeric(24, 4) NOT NULL,
    price           numeric     NOT NULL,
    leaves_quantity numeric(24, 4) NOT NULL,
    deal_id         bigint      NOT NULL,
    commission      numeric(26, 6) NOT NULL,
    realized_pnl    numeric(26, 6) NOT NULL,
    PRIMARY KEY (input_sequence, output_index)
);

-- The latest PositionUpdate per account and instrument.
CREATE TABLE positions
(
    tenant_id              integer NOT NULL,
    account_id             bigint  NOT NULL,
    instrument_id          integer NOT NULL,
    net_quantity           numeric(24, 4) NOT NULL,
    average_price          numeric NOT NULL,
    realized_pnl           numeric(26, 6) NOT NULL,
    unrealized_pnl         numeric(26, 6) NOT NULL,
    updated_input_sequence bigint      NOT NULL,
    updated_output_index   integer     NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, account_id, instrument_id)
) WITH (fillfactor = 50);

-- Every AccountState: balances and equity over time.
CREATE TABLE account_states
(
    input_sequence bigint      NOT NULL,
    output_index   integer     NOT NULL,
    tenant_id      integer     NOT NULL,
    account_id     bigint      NOT NULL,
    time_ns        bigint      NOT NULL,
    time           timestamptz NOT NULL,
    balance        numeric(26, 6) NOT NULL,
    equity         numeric(26, 6) NOT NULL,
    realized_pnl   numeric(26, 6) NOT NULL,
    unrealized_pnl numeric(26, 6) NOT NULL,
    margin_used    numeric(26, 6) NOT NULL,
    gross_exposure numeric(26, 6) NOT NULL,
    open_orders    integer     NOT NULL,
    halted         boolean     NOT NULL,
    PRIMARY KEY (input_sequence, output_index)
);

-- RiskAlert, KillSwitchEngaged and InputRejected (which names no tenant: tenant 0). value and threshold are the
-- alert's raw longs, whose unit depends on its kind: money for DAILY_LOSS_LIMIT, an order id and lots x 10^4 for
-- LATE_FILL, lots x 10^4 for POSITION_MISMATCH, a strategy id for STRATEGY_FAILED.
CREATE TABLE risk_events
(
    input_sequence       bigint      NOT NULL,
    output_index         integer     NOT NULL,
    tenant_id            integer     NOT NULL,
    account_id           bigint      NOT NULL,
    time_ns              bigint      NOT NULL,
    time                 timestamptz NOT NULL,
    type                 text        NOT NULL,
    -- the alert's kind, the kill switch's scope or the reject's reason
    kind                 text        NOT NULL,
    value                bigint,
    threshold            bigint,
    cancelled_orders     integer,
    rejected_template_id integer,
    text                 text        NOT NULL,
    PRIMARY KEY (input_sequence, output_index)
);

-- Per account and UTC day of engine time: realized P&L, commission and count of its fills; equity of its first and
-- last AccountState of the day.
CREATE TABLE daily_pnl
(
    tenant_id      integer NOT NULL,
    account_id     bigint  NOT NULL,
    day            date    NOT NULL,
    realized_pnl   numeric(26, 6) NOT NULL,
    commission     numeric(26, 6) NOT NULL,
    fill_count     integer NOT NULL,
    opening_equity numeric(26, 6),
    closing_equity numeric(26, 6),
    PRIMARY KEY (tenant_id, account_id, day)
) WITH (fillfactor = 50);

-- Metering per tenant and UTC day of engine time. orders: OrderAccepted and OrderRejected; rejects: OrderRejected
-- and InputRejected; active_accounts: distinct accounts with an order or a fill that day (usage_accounts).
-- Ticks: a MarketTick names no tenant, so every tick is metered under tenant 0, the platform; no tenant's row counts
-- ticks, and a tenant's share of market data cannot be told from them.
CREATE TABLE usage
(
    tenant_id       integer NOT NULL,
    day             date    NOT NULL,
    ticks           bigint  NOT NULL,
    orders          bigint  NOT NULL,
    fills           bigint  NOT NULL,
    rejects         bigint  NOT NULL,
    active_accounts integer NOT NULL,
    PRIMARY KEY (tenant_id, day)
) WITH (fillfactor = 50);

CREATE TABLE usage_accounts
(
    tenant_id  integer NOT NULL,
    day        date    NOT NULL,
    account_id bigint  NOT NULL,
    PRIMARY KEY (tenant_id, day, account_id)
);

-- Events the projection parked instead of applying (the runtime's decision), in stream order by their place.
CREATE TABLE dead_letters
(
    input_sequence bigint      NOT NULL,
    output_index   integer     NOT NULL,
    tenant_id      integer     NOT NULL,
    account_id     bigint      NOT NULL,
    time_ns        bigint      NOT NULL,
    template_id    integer     NOT NULL,
    message        bytea       NOT NULL,
    reason         text        NOT NULL,
    parked_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (input_sequence, output_index)
);
