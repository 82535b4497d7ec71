-- Row-level security: a tenant's login role reads its own tenant's rows and nothing else.
--
-- A role's tenant is looked up in tenant_roles by the role's name (current_user), not taken from a session setting:
-- a setting such as tradingcore.tenant_id can be changed by any session with SET, a row of a table the tenant roles
-- cannot write cannot. The policies name tenant_roles in their own text, which PostgreSQL resolves when the policy
-- is created, so a temporary table of the same name that a tenant role creates is never the one looked up.
--
-- The projection writes as the tables' owner, whom these policies do not bind (row security is enabled, not forced),
-- or as a role with BYPASSRLS. Tenant roles get SELECT only: there is no policy for any write.
CREATE TABLE tenant_roles
(
    role_name text    PRIMARY KEY,
    tenant_id integer NOT NULL
);
ALTER TABLE tenant_roles ENABLE ROW LEVEL SECURITY;
-- A tenant role sees its own mapping, which is what the other tables' policies look up, and no other.
CREATE POLICY own_mapping ON tenant_roles FOR SELECT USING (role_name = current_user);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['tenants', 'accounts', 'orders', 'order_events', 'fills', 'positions',
        'account_states', 'risk_events', 'daily_pnl', 'usage', 'usage_accounts', 'dead_letters']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format('CREATE POLICY tenant_rows ON %I FOR SELECT USING (tenant_id = '
            '(SELECT r.tenant_id FROM tenant_roles r WHERE r.role_name = current_user))', name);
    END LOOP;
END
$$;

-- Instruments are the platform's reference data (tenant 0): every tenant reads them.
ALTER TABLE instruments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON instruments FOR SELECT USING (tenant_id = 0 OR tenant_id =
    (SELECT r.tenant_id FROM tenant_roles r WHERE r.role_name = current_user));

-- Creates a login role that reads one tenant's rows: SELECT on every table with row security in this schema, and its
-- row in tenant_roles. Run by the owner (with CREATEROLE); io.tradingcore.projections.postgres.TenantRoles calls it.
CREATE FUNCTION create_tenant_role(role_name text, tenant integer, password text) RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    table_name text;
BEGIN
    IF password IS NULL THEN
        EXECUTE format('CREATE ROLE %I LOGIN', role_name);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role_name, password);
    END IF;
    INSERT INTO tenant_roles (role_name, tenant_id) VALUES (role_name, tenant);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), role_name);
    FOR table_name IN
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
    LOOP
        EXECUTE format('GRANT SELECT ON %I TO %I', table_name, role_name);
    END LOOP;
END
$$;

-- Removes a role create_tenant_role made: its mapping, its grants in this database, the role.
CREATE FUNCTION drop_tenant_role(role_name text) RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM tenant_roles r WHERE r.role_name = drop_tenant_role.role_name;
    EXECUTE format('DROP OWNED BY %I', role_name);
    EXECUTE format('DROP ROLE %I', role_name);
END
$$;

REVOKE ALL ON FUNCTION create_tenant_role(text, integer, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION drop_tenant_role(text) FROM PUBLIC;
