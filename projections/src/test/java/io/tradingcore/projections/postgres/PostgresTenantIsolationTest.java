package io.tradingcore.projections.postgres;

import io.tradingcore.projections.EventBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Row-level security: a tenant's role reads its own rows of every table and the platform's instruments, nothing of
 * another tenant's, and has no way to change which tenant it is: not a session setting, not the mapping table, not a
 * temporary table of the mapping's name.
 */
class PostgresTenantIsolationTest
{
    private static final List<String> TENANT_TABLES = List.of("tenants", "accounts", "orders", "order_events",
        "fills", "positions", "account_states", "risk_events", "daily_pnl", "usage", "usage_accounts",
        "dead_letters");

    private static TestDatabase database;
    private static Connection admin;
    private static String alphaRole;
    private static String betaRole;

    @BeforeAll
    static void projectATradingDay() throws Exception
    {
        database = TestDatabase.create("tc_pg_rls");
        admin = database.connect();
        try (PostgresSink sink = new PostgresSink(database.url(), null, null))
        {
            sink.open();
            final TradingDay day = new TradingDay();
            sink.apply(day.first);
            sink.apply(day.second);
            final EventBatch parked = new EventBatch();
            day.script.into(parked).accountUpdate(TradingDay.ALPHA, TradingDay.ACCOUNT_A, "USD", 1, 100)
                .accountUpdate(TradingDay.BETA, TradingDay.ACCOUNT_B, "EUR", 1, 50);
            parked.park(0, "a dead letter of alpha's");
            parked.park(1, "a dead letter of beta's");
            parked.checkpoint(day.script.checkpoint());
            sink.apply(parked);
        }
        alphaRole = database.name + "_alpha";
        betaRole = database.name + "_beta";
        TenantRoles.create(admin, TradingDay.ALPHA, alphaRole, "alpha-secret");
        TenantRoles.create(admin, TradingDay.BETA, betaRole, "beta-secret");
    }

    @AfterAll
    static void dropRolesAndDatabase() throws Exception
    {
        if (admin != null)
        {
            for (final String role : new String[] {alphaRole, betaRole})
            {
                if (role != null)
                {
                    TenantRoles.drop(admin, role);
                }
            }
            admin.close();
        }
        if (database != null)
        {
            database.close();
        }
    }

    @Test
    void eachTenantReadsItsOwnRowsOnly() throws Exception
    {
        try (Connection alpha = database.connectAs(alphaRole, "alpha-secret");
            Connection beta = database.connectAs(betaRole, "beta-secret"))
        {
            final Queries asAlpha = new Queries(alpha);
            final Queries asBeta = new Queries(beta);
            final Queries asOwner = new Queries(admin);
            for (final String table : TENANT_TABLES)
            {
                final String count = "SELECT count(*) FROM " + table;
                assertEquals(asOwner.text(count + " WHERE tenant_id = 1"), asAlpha.text(count), table);
                assertEquals(asOwner.text(count + " WHERE tenant_id = 2"), asBeta.text(count), table);
                assertEquals(0, asAlpha.number(count + " WHERE tenant_id <> 1"), table);
            }
            assertEquals(List.of("1", "3", "4"), asAlpha.column("SELECT order_id FROM orders ORDER BY order_id"));
            assertEquals(List.of("2"), asBeta.column("SELECT order_id FROM orders"));
            assertEquals("3", asAlpha.text("SELECT count(*) FROM fills"));
            assertEquals("0", asBeta.text("SELECT count(*) FROM fills"));
            assertEquals("2", asAlpha.text("SELECT count(*) FROM instruments"), "instruments are everyone's");
            assertEquals("2", asBeta.text("SELECT count(*) FROM instruments"));
            assertEquals("0", asAlpha.text("SELECT count(*) FROM usage WHERE tenant_id = 0"),
                "the platform's metering is not a tenant's");
        }
    }

    @Test
    void aTenantRoleCannotBecomeAnotherTenant() throws Exception
    {
        try (Connection alpha = database.connectAs(alphaRole, "alpha-secret"))
        {
            final Queries asAlpha = new Queries(alpha);
            asAlpha.execute("SET tradingcore.tenant_id = '2'");
            assertEquals("0", asAlpha.text("SELECT count(*) FROM orders WHERE tenant_id = 2"),
                "a setting changes nothing");

            assertDenied(() -> asAlpha.execute("UPDATE tenant_roles SET tenant_id = 2"));
            assertDenied(() -> asAlpha.execute("INSERT INTO tenant_roles VALUES (current_user, 2)"));
            assertDenied(() -> asAlpha.execute("DELETE FROM tenant_roles"));
            assertEquals(List.of(alphaRole + "|1"), asAlpha.column("SELECT role_name || '|' || tenant_id " +
                "FROM tenant_roles"), "a tenant role sees its own mapping, no other");

            asAlpha.execute("CREATE TEMP TABLE tenant_roles (role_name text, tenant_id integer)");
            asAlpha.execute("INSERT INTO tenant_roles VALUES (current_user, 2)");
            assertEquals("0", asAlpha.text("SELECT count(*) FROM orders WHERE tenant_id = 2"),
                "the policies look up the real mapping, whatever the search path finds first");
            assertEquals("3", asAlpha.text("SELECT count(*) FROM orders"));

            assertDenied(() -> asAlpha.execute("UPDATE orders SET tenant_id = 1 WHERE order_id = 2"));
            assertDenied(() -> asAlpha.execute("ALTER TABLE orders DISABLE ROW LEVEL SECURITY"));
            assertDenied(() -> asAlpha.execute("SET ROLE " + betaRole));
        }
    }

    private interface Statement
    {
        void run() throws SQLException;
    }

    private static void assertDenied(final Statement statement)
    {
        final SQLException denied = assertThrows(SQLException.class, statement::run);
        assertEquals("42501", denied.getSQLState(), denied.getMessage());
    }
}
