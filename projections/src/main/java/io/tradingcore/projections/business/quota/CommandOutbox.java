package io.tradingcore.projections.business.quota;

import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands for the engine, written in the same transaction as the decision that made them and sent later through the
 * core's command ingress ({@link CommandSender}). A command's row id is its client sequence, so a command sent again
 * after a crash is applied once; its event key makes a decision taken twice (a batch applied again) one row.
 */
public final class CommandOutbox
{
    /** One command waiting to be sent. */
    public record Row(long id, int tenantId, String description, byte[] command)
    {
    }

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    /** Queues a halt (or resume) of an account's new orders; false when the event key was queued already. */
    public boolean haltAccount(final Connection connection, final String eventKey, final int tenantId,
        final long accountId, final boolean halt) throws SQLException
    {
        final int length = messages.haltAccount(buffer, 0, tenantId, accountId, halt);
        final byte[] command = new byte[length];
        buffer.getBytes(0, command);
        // Ids must rise in commit order, or the sender could send a later id first and the engine would take the
        // earlier one, committed after it, for a resend: writers of the outbox take turns until they commit.
        try (PreparedStatement lock = connection.prepareStatement(
            "LOCK TABLE command_outbox IN SHARE ROW EXCLUSIVE MODE"))
        {
            lock.execute();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO command_outbox " +
            "(tenant_id, event_key, description, command) VALUES (?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING"))
        {
            insert.setInt(1, tenantId);
            insert.setString(2, eventKey);
            insert.setString(3, (halt ? "halt" : "resume") + " new orders of account " + accountId);
            insert.setBytes(4, command);
            return insert.executeUpdate() == 1;
        }
    }

    /** Commands not yet done, in id order, after {@code afterId}. */
    public static List<Row> pending(final Connection connection, final long afterId, final int limit)
        throws SQLException
    {
        final List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tenant_id, description, command " +
            "FROM command_outbox WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?"))
        {
            select.setLong(1, afterId);
            select.setInt(2, limit);
            try (ResultSet row = select.executeQuery())
            {
                while (row.next())
                {
                    rows.add(new Row(row.getLong(1), row.getInt(2), row.getString(3), row.getBytes(4)));
                }
            }
        }
        return rows;
    }

    /** The engine has done the command with this id (its ClientCommandDone), applied or as a duplicate. */
    static void done(final Connection connection, final long id, final boolean duplicate) throws SQLException
    {
        try (PreparedStatement update = connection.prepareStatement("UPDATE command_outbox SET status = ?, " +
            "done_at = now() WHERE id = ? AND status = 'pending'"))
        {
            update.setString(1, duplicate ? "duplicate" : "done");
            update.setLong(2, id);
            update.executeUpdate();
        }
    }
}
