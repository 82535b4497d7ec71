package io.tradingcore.projections.dragonfly;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.CommandType;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A password in the URI or as its own setting, against an ACL user of the test server made for this class (and
 * deleted after it) that may touch only its prefix's keys and channels: the layout a tenant's readers would get.
 */
class DragonflyAuthTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisTestServer server;
    private static String prefix;
    private static String user;
    private static String password;
    private static String hostPort;

    @BeforeAll
    static void createUser()
    {
        server = RedisTestServer.connect();
        prefix = RedisTestServer.randomPrefix();
        user = prefix + "-user";
        password = UUID.randomUUID().toString();
        server.redis().aclSetuser(user, AclSetuserArgs.Builder.on().addPassword(password)
            .keyPattern(prefix + ":*").channelPattern(prefix + ":*").allCommands());
        final RedisURI uri = RedisURI.create(RedisTestServer.URL);
        hostPort = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @AfterAll
    static void deleteUser()
    {
        server.redis().aclDeluser(user);
        server.deleteKeys(prefix + ":*");
        server.close();
    }

    @Test
    void aPasswordInTheUriLogsIn() throws SinkException
    {
        try (DragonflySink sink = new DragonflySink("redis://" + user + ":" + password + "@" + hostPort, prefix))
        {
            sink.open();
            applyReferenceData(sink);
            assertEquals("Acme", server.redis().hget(prefix + ":1:tenant", "name"));
        }
    }

    @Test
    void aPasswordOfItsOwnLogsInAsTheUriUser() throws SinkException
    {
        try (DragonflySink sink = new DragonflySink("redis://" + user + "@" + hostPort, prefix, password, TIMEOUT))
        {
            sink.open();
            applyReferenceData(sink);
            assertEquals(2L, sink.rowCounts().get("tenants"));
        }
    }

    @Test
    void aCommandRefusedWhenQueuedAbortsTheWholeTransaction() throws SinkException
    {
        final String mute = user + "-mute";
        server.redis().aclSetuser(mute, AclSetuserArgs.Builder.on().addPassword(password).keyPattern(prefix + ":*")
            .channelPattern(prefix + ":*").allCommands().removeCommand(CommandType.PUBLISH));
        try (DragonflySink sink = new DragonflySink("redis://" + mute + "@" + hostPort, prefix, password, TIMEOUT))
        {
            sink.open();
            final EventBatch batch = new EventBatch();
            DragonflyFixture.referenceData(new EventScript(batch));
            final SinkException failure = assertThrows(SinkException.class, () -> sink.apply(batch));
            assertTrue(failure.getMessage().contains("NOPERM"), failure.getMessage());
            assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(), "a permission is the server's setting");
            assertEquals(Checkpoint.ZERO, sink.checkpoint());
            assertEquals(0, server.redis().exists(prefix + ":1:tenant"), "EXECABORT: nothing of the batch ran");
        }
        finally
        {
            server.redis().aclDeluser(mute);
        }
    }

    @Test
    void aWrongPasswordIsUnavailable()
    {
        try (DragonflySink sink = new DragonflySink("redis://" + user + "@" + hostPort, prefix, "wrong", TIMEOUT))
        {
            final SinkException failure = assertThrows(SinkException.class, sink::open);
            assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
        }
        try (DragonflySink sink = new DragonflySink("redis://" + user + ":wrong@" + hostPort, prefix))
        {
            final SinkException failure = assertThrows(SinkException.class, sink::open);
            assertEquals(SinkException.Kind.UNAVAILABLE, failure.kind(), failure.getMessage());
        }
    }

    private static void applyReferenceData(final DragonflySink sink) throws SinkException
    {
        final EventBatch batch = new EventBatch();
        DragonflyFixture.referenceData(new EventScript(batch));
        sink.apply(batch);
    }
}
