package io.tradingcore.projections.dragonfly;

import io.lettuce.core.RedisCommandExecutionException;
import io.tradingcore.projections.SinkException;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Which failures trying again can cure. An error reply the server gives about the state it is in (loading its
 * data, out of memory, a replica, busy, refusing our credentials) or no reply at all (refused connection, timeout,
 * closed connection) is {@code UNAVAILABLE}: the runtime backs off and retries. Any other error reply (a key of the
 * wrong type, a transaction the server aborted) is about the commands themselves: {@code REJECTED}.
 */
final class RedisErrors
{
    /** Error codes, the first word of an error reply, that say the server cannot serve now. */
    private static final List<String> SERVER_STATE_CODES = List.of(
        "LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "NOAUTH",
        "WRONGPASS", "NOPERM", "MISCONF");

    private RedisErrors()
    {
    }

    static SinkException classify(final String what, final Throwable failure)
    {
        final Throwable cause = unwrap(failure);
        if (cause instanceof RedisCommandExecutionException && !isServerState(cause.getMessage()))
        {
            return SinkException.rejected(what + " refused: " + cause.getMessage(), cause);
        }
        return SinkException.unavailable(what + " failed: " + describe(cause), cause);
    }

    /** True when an error reply is about the server's state rather than the command. */
    static boolean isServerState(final String reply)
    {
        if (reply == null)
        {
            return false;
        }
        final int space = reply.indexOf(' ');
        final String code = space < 0 ? reply : reply.substring(0, space);
        return SERVER_STATE_CODES.contains(code) || reply.startsWith("ERR max number of clients");
    }

    private static Throwable unwrap(final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) &&
            cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(final Throwable cause)
    {
        final Throwable root = cause.getCause();
        return root == null || root == cause ? String.valueOf(cause.getMessage()) :
            cause.getMessage() + " (" + root.getMessage() + ")";
    }
}
