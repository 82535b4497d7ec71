package io.tradingcore.projections.postgres;

import io.tradingcore.projections.SinkException;

import java.sql.SQLException;

/**
 * Whether a failed write can succeed when tried again. By SQLState class: 08 connection, 53 insufficient resources,
 * 57 operator intervention (the server shutting down, a backend terminated), 40 transaction rollback (serialization,
 * deadlock) are the server's trouble: {@code UNAVAILABLE}. Anything else, 22 data and 23 integrity (a CHECK, a
 * duplicate key) first, is the server refusing these rows: {@code REJECTED}, with the server's message.
 */
final class SqlErrors
{
    private SqlErrors()
    {
    }

    static SinkException classify(final String what, final SQLException failure, final boolean connectionLost)
    {
        final String state = sqlState(failure);
        final String message = what + ": " + failure.getMessage();
        return connectionLost || isUnavailable(state) ?
            SinkException.unavailable(message, failure) : SinkException.rejected(message, failure);
    }

    static boolean isUnavailable(final String sqlState)
    {
        if (sqlState == null || sqlState.length() < 2)
        {
            return false;
        }
        return switch (sqlState.substring(0, 2))
        {
            case "08", "53", "57", "40" -> true;
            default -> false;
        };
    }

    /** The state of the first exception of the chain that has one: a batch's lies in its next exception. */
    static String sqlState(final SQLException failure)
    {
        for (SQLException at = failure; at != null; at = at.getNextException())
        {
            if (at.getSQLState() != null)
            {
                return at.getSQLState();
            }
        }
        return null;
    }
}
