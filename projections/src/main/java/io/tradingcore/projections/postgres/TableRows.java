package io.tradingcore.projections.postgres;

import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows one or a few tables get from a batch. Appended rows are copied straight into their table; rows of current
 * state are copied into a staging table of the session and merged into theirs by one statement each, since one
 * INSERT ... ON CONFLICT cannot touch a row twice and COPY cannot merge.
 */
interface TableRows
{
    /** Forgets the last batch's rows. */
    void clear();

    /** Sends this batch's rows with COPY: into their tables, or into staging tables. */
    void copy(CopyManager copy) throws SQLException;

    /** Adds the statements that merge what was staged into the tables, in the order they must run; none if nothing. */
    void merge(List<String> statements);
}
