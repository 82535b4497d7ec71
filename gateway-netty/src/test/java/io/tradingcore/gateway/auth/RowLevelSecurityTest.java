package io.tradingcore.gateway.auth;

import io.tradingcore.projections.postgres.TestDatabase;
import io.tradingcore.gateway.http.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction of tenant 1 cannot see or change tenant 2's users or refresh tokens, whatever SQL it runs, although
 * the test connects as a superuser (the gateway then acts as its plain application role).
 */
final class RowLevelSecurityTest
{
    private static TestDatabase testDatabase;
    private static GatewayDatabase database;
    private static UserStore users;

    @BeforeAll
    static void start() throws Exception
    {
        testDatabase = TestDatabase.create("gateway_rls");
        database = new GatewayDatabase(testDatabase.url(), null, null, 2);
        users = new UserStore(database, new PasswordHasher());
        users.createTenant(1, "alpha");
        users.createTenant(2, "beta");
        users.createUser(1, "ann", AuthFixture.PASSWORD, Role.ADMIN);
        users.createUser(2, "bob", AuthFixture.PASSWORD, Role.ADMIN);
        users.createUser(2, "ben", AuthFixture.PASSWORD, Role.VIEWER);
        database.inTenant(2, connection ->
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute("INSERT INTO gateway.refresh_tokens (token_hash, family_id, tenant_id, user_id, " +
                    "access_token_id, access_expires_at, expires_at) SELECT sha256('b'::bytea), " +
                    "gen_random_uuid(), 2, user_id, 'jti-b', now(), now() + interval '1 day' " +
                    "FROM gateway.users WHERE username = 'bob'");
            }
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception
    {
        database.close();
        testDatabase.close();
    }

    private static List<String> strings(final int tenant, final String sql) throws SQLException
    {
        return database.inTenant(tenant, connection ->
        {
            final List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql))
            {
                while (row.next())
                {
                    values.add(row.getString(1));
                }
            }
            return values;
        });
    }

    private static int update(final int tenant, final String sql) throws SQLException
    {
        return database.inTenant(tenant, connection ->
        {
            try (Statement statement = connection.createStatement())
            {
                return statement.executeUpdate(sql);
            }
        });
    }

    @Test
    void aTenantReadsOnlyItsOwnRows() throws Exception
    {
        assertEquals(List.of("ann"), strings(1, "SELECT username FROM gateway.users"));
        assertEquals(List.of(), strings(1, "SELECT username FROM gateway.users WHERE tenant_id = 2"));
        assertEquals(List.of("ann"), strings(1, "SELECT username FROM gateway.users WHERE username = 'bob' OR true"));
        assertEquals(List.of("0"), strings(1, "SELECT count(*) FROM gateway.refresh_tokens"));
        assertEquals(List.of("1"), strings(2, "SELECT count(*) FROM gateway.refresh_tokens"));
        assertEquals(List.of("ben", "bob"), strings(2, "SELECT username FROM gateway.users ORDER BY username"));
    }

    @Test
    void aTenantCannotChangeAnotherTenantsRows() throws Exception
    {
        assertEquals(0, update(1, "UPDATE gateway.users SET disabled = true WHERE tenant_id = 2"));
        assertEquals(0, update(1, "UPDATE gateway.users SET role = 'viewer' WHERE username = 'bob'"));
        assertEquals(0, update(1, "DELETE FROM gateway.users WHERE tenant_id = 2"));
        assertEquals(0, update(1, "UPDATE gateway.refresh_tokens SET revoked_at = now()"));
        assertEquals(0, update(1, "DELETE FROM gateway.refresh_tokens"));
        final SQLException insert = assertThrows(SQLException.class, () -> update(1,
            "INSERT INTO gateway.users (tenant_id, username, password_hash, role) VALUES (2, 'mole', 'x', 'admin')"));
        assertTrue(insert.getMessage().contains("row-level security"), insert.getMessage());
        final SQLException move = assertThrows(SQLException.class, () -> update(1,
            "UPDATE gateway.users SET tenant_id = 2 WHERE username = 'ann'"));
        assertTrue(move.getMessage().contains("row-level security"), move.getMessage());
        assertEquals(List.of("false admin"),
            strings(2, "SELECT disabled::text || ' ' || role FROM gateway.users WHERE username = 'bob'"));
        assertEquals(List.of("1"), strings(2, "SELECT count(*) FROM gateway.refresh_tokens WHERE revoked_at IS NULL"));
    }

    @Test
    void aTransactionOfNoTenantSeesNoUsers() throws Exception
    {
        assertEquals(List.of("0"), database.inPlatform(connection ->
        {
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM gateway.users"))
            {
                row.next();
                return List.of(row.getString(1));
            }
        }));
    }

    @Test
    void theTenantSettingDoesNotOutliveItsTransaction() throws Exception
    {
        // One connection for two transactions: the second, of no tenant, must not inherit the first one's tenant.
        assertEquals(List.of("ann"), strings(1, "SELECT username FROM gateway.users"));
        assertEquals(List.of(""), database.inPlatform(connection ->
        {
            try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('gateway.tenant_id', true)"))
            {
                row.next();
                return List.of(row.getString(1));
            }
        }));
    }
}
