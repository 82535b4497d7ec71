package io.tradingcore.projections.postgres;

import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows one or a few tables get from a batch. Appended rows (one per event) are copied straight into their table.
 * Rows of current state are folded to one per key while the batch is read, then merged by statements of fixed text
 * that take them as arrays, since COPY cannot merge; all tables' merges go to the server together, in one round trip.
 */
interface TableRows
{
    /** Forgets the last batch's rows. */
    void clear();

    /** Sends this batch's appended rows with COPY, and turns what it folded into the rows its merges take. */
    void copy(CopyManager copy) throws SQLException;

    /** The merges of this table's rows, in the order they must run; sent when they have rows. */
    default List<UnnestRows> merges()
    {
        return List.of();
    }

    /** The batch's transaction committed: what it wrote is in the tables for good. */
    default void committed()
    {
    }

    /** The tables were emptied: nothing written before is there any more. */
    default void forget()
    {
    }
}
