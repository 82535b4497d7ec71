package io.tradingcore.projections.dragonfly;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tradingcore.projections.SinkException;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The sink's one connection, pipelined by hand: commands are queued on it and go out together when {@link #flush()}
 * is called, so that a batch's MULTI ... EXEC is one write and one round trip. Every wait is bounded by the timeout,
 * and a failure that leaves the connection's state unknown (a timeout, a lost connection) closes it: the next call
 * connects afresh rather than send commands into a half-finished transaction.
 */
final class RedisLink implements AutoCloseable
{
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> connection;

    /**
     * @param uri      {@code redis://[[user]:password@]host:port[/db]}
     * @param password used when not null, in place of one in the URI; the URI's user info is then the user name
     *                 ({@code redis://alice@host:6379}), where Lettuce alone would take it for a password
     * @param timeout  how long a connect or a command may take before the server counts as unavailable
     */
    RedisLink(final String uri, final String password, final Duration timeout)
    {
        final RedisURI.Builder builder = RedisURI.builder(RedisURI.create(uri)).withTimeout(timeout);
        if (password != null)
        {
            final String user = userName(uri);
            if (user == null)
            {
                builder.withPassword(password.toCharArray());
            }
            else
            {
                builder.withAuthentication(user, password.toCharArray());
            }
        }
        this.uri = builder.build();
        this.timeout = timeout;
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
            // A connection that drops is closed, and the next call opens a new one: Lettuce's own reconnecting in
            // the background would leave the next call failing until its backoff let it try again.
            .autoReconnect(false)
            // Fail at once while the connection is down instead of queueing commands until the timeout.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
            .build());
    }

    /** The commands of the connection, connecting first when there is none; nothing is sent before a flush. */
    RedisAsyncCommands<String, String> commands() throws SinkException
    {
        if (connection == null || !connection.isOpen())
        {
            disconnect();
            try
            {
                connection = client.connect(uri);
            }
            catch (final RuntimeException ex)
            {
                throw RedisErrors.classify("connecting to " + describe(), ex);
            }
            connection.setAutoFlushCommands(false);
        }
        return connection.async();
    }

    void flush()
    {
        if (connection != null)
        {
            connection.flushCommands();
        }
    }

    /** Waits for a queued command's reply; a failure that leaves the connection in doubt drops it. */
    <T> T await(final RedisFuture<T> reply, final String what) throws SinkException
    {
        try
        {
            // Lettuce's own command timeout ends the wait first; this one only guards against a reply never settled.
            return reply.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            disconnect();
            throw SinkException.unavailable(what + " interrupted", ex);
        }
        catch (final Exception ex)
        {
            final SinkException failure = RedisErrors.classify(what, ex);
            if (failure.kind() == SinkException.Kind.UNAVAILABLE)
            {
                disconnect();
            }
            throw failure;
        }
    }

    /** Closes the connection; the next {@link #commands()} opens a new one. */
    void disconnect()
    {
        if (connection != null)
        {
            connection.closeAsync();
            connection = null;
        }
    }

    /** The user of a URI's user info ({@code user} or {@code user:password}); null when it names none. */
    private static String userName(final String uri)
    {
        final String userInfo = URI.create(uri).getUserInfo();
        if (userInfo == null)
        {
            return null;
        }
        final int colon = userInfo.indexOf(':');
        final String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return user.isEmpty() ? null : user;
    }

    private String describe()
    {
        return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @Override
    public void close()
    {
        if (connection != null)
        {
            // Closed before the client shuts down, which would otherwise close it a second time and warn.
            connection.close();
            connection = null;
        }
        client.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
