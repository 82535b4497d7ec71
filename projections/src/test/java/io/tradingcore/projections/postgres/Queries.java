package io.tradingcore.projections.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what a test checks, on a connection of its own (autocommit), as text so that scales show. */
final class Queries
{
    private final Connection connection;

    Queries(final Connection connection)
    {
        this.connection = connection;
    }

    /** The first column of the first row, as PostgreSQL prints it; null for SQL NULL or no row. */
    String text(final String sql) throws SQLException
    {
        final List<String> rows = column(sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    long number(final String sql) throws SQLException
    {
        return Long.parseLong(text(sql));
    }

    /** The first column of every row, as text. */
    List<String> column(final String sql) throws SQLException
    {
        final List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql))
        {
            while (rows.next())
            {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    void execute(final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(sql);
        }
    }
}
