-- The gateway's users, tenants and tokens, in a schema of its own with its own Flyway history table: the projections'
-- migrations run against the same database with the default history table.
--
-- Row-level security binds every query on users and refresh tokens to the tenant of the transaction, which the
-- gateway sets with set_config('gateway.tenant_id', id, true) (SET LOCAL) at the start of each transaction. It is
-- FORCED so that the tables' owner is bound too; a superuser is bound only through the role the gateway switches to
-- (see GatewayDatabase). A transaction that set no tenant sees no users and no refresh tokens at all.

CREATE TABLE gateway.tenants
(
    tenant_id  integer     PRIMARY KEY CHECK (tenant_id > 0), -- the engine's tenant id, the one on every event
    name       text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    tier       text        NOT NULL DEFAULT 'free',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gateway.users
(
    user_id       bigserial   PRIMARY KEY,
    tenant_id     integer     NOT NULL REFERENCES gateway.tenants (tenant_id),
    username      text        NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('viewer', 'trader', 'admin')),
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- When the role or disabled flag last changed: at a restart the gateway reloads the users whose access tokens
    -- still alive may carry an outdated role.
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_tenant_username ON gateway.users (tenant_id, lower(username));

-- Refresh tokens are stored as SHA-256 hashes only. A login starts a family; each refresh spends its token and adds
-- the next one to the family; presenting a spent token revokes the whole family (the token was stolen and used).
CREATE TABLE gateway.refresh_tokens
(
    token_hash        bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    family_id         uuid        NOT NULL,
    tenant_id         integer     NOT NULL REFERENCES gateway.tenants (tenant_id),
    user_id           bigint      NOT NULL REFERENCES gateway.users (user_id) ON DELETE CASCADE,
    -- The access token issued with this refresh token: revoked with the family.
    access_token_id   text        NOT NULL,
    access_expires_at timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    spent_at          timestamptz,
    revoked_at        timestamptz
);
CREATE INDEX refresh_tokens_family ON gateway.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON gateway.refresh_tokens (user_id);

-- Access tokens refused before they expire (logout, theft): kept until their expiry, loaded at start.
CREATE TABLE gateway.revoked_access_tokens
(
    token_id   text        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_access_tokens_expiry ON gateway.revoked_access_tokens (expires_at);

ALTER TABLE gateway.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE gateway.users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON gateway.users
    USING (tenant_id = NULLIF(current_setting('gateway.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('gateway.tenant_id', true), '')::integer);

ALTER TABLE gateway.refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE gateway.refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON gateway.refresh_tokens
    USING (tenant_id = NULLIF(current_setting('gateway.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('gateway.tenant_id', true), '')::integer);
