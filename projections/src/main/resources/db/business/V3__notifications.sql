-- Telegram notifications (issue 21): who gets them (a user's linked chat and preferences) and the outbox the
-- notifier drains. The outbox row is written in the same transaction as whatever caused it, keyed by the event.

-- A user's chat with the bot, linked by a one-time code the user sent as '/start CODE'. One chat per user.
CREATE TABLE telegram_links
(
    tenant_id integer     NOT NULL,
    user_id   bigint      NOT NULL,
    chat_id   bigint      NOT NULL,
    linked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);

-- One-time link codes: good for ten minutes, spent by the first '/start CODE' that names them.
CREATE TABLE telegram_link_codes
(
    code       text        PRIMARY KEY,
    tenant_id  integer     NOT NULL,
    user_id    bigint      NOT NULL,
    expires_at timestamptz NOT NULL,
    used       boolean     NOT NULL DEFAULT false
);

-- What a user does not want: a missing row means the kind is on.
CREATE TABLE notification_preferences
(
    tenant_id integer NOT NULL,
    user_id   bigint  NOT NULL,
    kind      text    NOT NULL CHECK (kind IN ('risk_alert', 'kill_switch', 'late_fill', 'position_mismatch',
                                               'daily_pnl', 'invoice', 'payment')),
    enabled   boolean NOT NULL,
    PRIMARY KEY (tenant_id, user_id, kind)
);

-- One message to one chat per causing event and user (event_key), so a second enqueue of the same event adds nothing.
-- 'sending' is written and committed before the call to Telegram: a row found 'sending' after a crash is not sent
-- again (at most once) but marked failed, as it may or may not have been delivered.
CREATE TABLE notification_outbox
(
    id              bigserial   PRIMARY KEY,
    tenant_id       integer     NOT NULL,
    user_id         bigint,
    chat_id         bigint      NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('risk_alert', 'kill_switch', 'late_fill',
                                                         'position_mismatch', 'daily_pnl', 'invoice', 'payment')),
    text            text        NOT NULL,
    event_key       text        NOT NULL UNIQUE,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);

CREATE INDEX notification_outbox_due ON notification_outbox (id) WHERE status IN ('pending', 'sending');

-- The bot's getUpdates offset: the next update id it has not yet applied.
CREATE TABLE telegram_bot_state
(
    id             integer PRIMARY KEY CHECK (id = 1),
    next_update_id bigint  NOT NULL
);
INSERT INTO telegram_bot_state (id, next_update_id) VALUES (1, 0);
