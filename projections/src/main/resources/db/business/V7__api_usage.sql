-- Calls to the gateway's API per tenant and day (UTC), as the gateway meters them (flushed every few seconds): the
-- usage a tenant admin sees beside its orders, and what billing may charge for.
CREATE TABLE api_usage
(
    tenant_id integer NOT NULL,
    day       date    NOT NULL,
    calls     bigint  NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
