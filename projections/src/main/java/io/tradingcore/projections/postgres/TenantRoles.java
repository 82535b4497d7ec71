package io.tradingcore.projections.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Login roles that read one tenant's rows of the projection and nothing else (row-level security, migration V2):
 * the role's tenant is its row in tenant_roles, which no tenant role can write, so no setting it changes moves it to
 * another tenant. Run on a connection of the tables' owner with CREATEROLE, in its transaction: committing is the
 * caller's.
 */
public final class TenantRoles
{
    private TenantRoles()
    {
    }

    /**
     * Creates a login role that can SELECT only the given tenant's rows (and the platform's instruments).
     *
     * @param password null for a role that logs in without one (where the server trusts it)
     */
    public static void create(
        final Connection connection, final int tenantId, final String roleName, final String password)
        throws SQLException
    {
        try (PreparedStatement create = connection.prepareStatement("SELECT create_tenant_role(?, ?, ?)"))
        {
            create.setString(1, roleName);
            create.setInt(2, tenantId);
            create.setString(3, password);
            create.execute();
        }
    }

    /** Drops a role {@link #create} made, with its grants in this database. */
    public static void drop(final Connection connection, final String roleName) throws SQLException
    {
        try (PreparedStatement drop = connection.prepareStatement("SELECT drop_tenant_role(?)"))
        {
            drop.setString(1, roleName);
            drop.execute();
        }
    }
}
