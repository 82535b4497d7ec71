-- Each account's last state of a trading day, as the quota service sees AccountState events go by: when the next day
-- begins, the day's realized P&L and closing equity are told to the tenant's users, once.
CREATE TABLE daily_account_pnl
(
    tenant_id    integer NOT NULL,
    account_id   bigint  NOT NULL,
    day          date    NOT NULL,
    realized_pnl bigint  NOT NULL,
    equity       bigint  NOT NULL,
    reported     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, account_id, day)
);
