-- An upgrade is paid before it takes effect: its own invoice, beside the month's. The month's invoice stays one per
-- tenant and month; upgrade invoices say which tier they buy and from which.
ALTER TABLE invoices ADD COLUMN kind text NOT NULL DEFAULT 'monthly' CHECK (kind IN ('monthly', 'upgrade'));
ALTER TABLE invoices ADD COLUMN upgrade_tier text;
ALTER TABLE invoices ADD COLUMN from_tier text;
ALTER TABLE invoices ADD CONSTRAINT upgrade_names_its_tiers
    CHECK ((kind = 'upgrade') = (upgrade_tier IS NOT NULL AND from_tier IS NOT NULL));
ALTER TABLE invoices DROP CONSTRAINT invoices_tenant_id_period_key;
CREATE UNIQUE INDEX invoices_monthly_once ON invoices (tenant_id, period) WHERE kind = 'monthly';
