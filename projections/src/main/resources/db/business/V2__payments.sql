-- Payments through Midtrans Snap (issue 21). One row per attempt to pay an invoice: each attempt is its own Snap
-- transaction with its own order_id (the invoice number, "-", the attempt number), as Midtrans refuses an order_id
-- twice.
CREATE TABLE payment_attempts
(
    order_id           text        PRIMARY KEY CHECK (length(order_id) <= 50),
    tenant_id          integer     NOT NULL,
    invoice_number     text        NOT NULL,
    attempt            integer     NOT NULL CHECK (attempt > 0),
    amount_idr         bigint      NOT NULL CHECK (amount_idr > 0),
    -- created: the Snap transaction is asked for; pending, challenge (card payment held for review), paid, failed,
    -- reversed (refunded or charged back after payment).
    status             text        NOT NULL CHECK (status IN ('created', 'pending', 'challenge', 'paid', 'failed',
                                                              'reversed')),
    snap_token         text,
    redirect_url       text,
    transaction_status text,
    fraud_status       text,
    reason             text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    paid_at            timestamptz,
    UNIQUE (invoice_number, attempt)
);

CREATE INDEX payment_attempts_tenant ON payment_attempts (tenant_id, invoice_number);

-- Every notification Midtrans delivered and what became of it, refused ones included (bad signature, malformed,
-- status not confirmable), for audit and support.
CREATE TABLE payment_events
(
    id                 bigserial   PRIMARY KEY,
    received_at        timestamptz NOT NULL DEFAULT now(),
    order_id           text,
    notified_status    text,
    confirmed_status   text,
    fraud_status       text,
    outcome            text        NOT NULL,
    reason             text,
    body               text        NOT NULL
);

CREATE INDEX payment_events_order ON payment_events (order_id, id);
