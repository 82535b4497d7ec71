package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.RawTerminalConnection;
import io.tradingcore.bridge.simulator.ReceivedFrame;
import io.tradingcore.config.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens change without a restart: the bridge re-reads its terminals file when it changes. New handshakes use the
 * new tokens at once; a session whose token no longer allows its account ends with an ERROR saying why, the others
 * carry on; a file that cannot be used leaves the tokens as they were.
 */
class BridgeTerminalsReloadTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String OLD_TOKEN = "old-token-0123456789abcdefghij";
    private static final String NEW_TOKEN = "new-token-0123456789abcdefghij";

    @TempDir
    Path folder;
    private Path terminals;
    private long version;

    @Test
    void aNewTokenIsAcceptedAndTheOldOneRefusedWithoutARestart() throws Exception
    {
        terminals = folder.resolve("terminals.conf");
        write("terminal " + OLD_TOKEN + " tenant=1 accounts=1001\n");
        try (BridgeRig rig = rig())
        {
            final BridgeStats stats = rig.bridge.stats();
            try (RawTerminalConnection old = welcomed(rig, OLD_TOKEN, 1001, "old-terminal"))
            {
                write("# the old token is gone\nterminal " + NEW_TOKEN + " tenant=1 accounts=1001\n");
                rig.await("the change applied", WAIT, () -> stats.terminalsReloads() == 1);
                final BridgeError ended = awaitError(old);
                assertEquals(ErrorCode.AUTHENTICATION_FAILED, ended.code());
                assertEquals("the terminals file changed: this token no longer allows tenant 1 account 1001",
                    ended.text());
            }
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, refused(rig, OLD_TOKEN, 1001).code(), "the old token");
            try (RawTerminalConnection renewed = welcomed(rig, NEW_TOKEN, 1001, "new-terminal"))
            {
                assertTrue(rig.log.stream().anyMatch(line -> line.equals("terminals file " + terminals +
                    " reloaded: new handshakes use its tokens")), rig.log.toString());
                assertStillOpen(renewed);
            }
            assertEquals(2, stats.handshakes(), "no restart: the same bridge welcomed both");
        }
    }

    @Test
    void aSessionEndsWhenItsAccountIsTakenOffItsTokenAndOnlyThen() throws Exception
    {
        terminals = folder.resolve("terminals.conf");
        write("terminal " + NEW_TOKEN + " tenant=1 accounts=1001\nterminal " + OLD_TOKEN + " tenant=1 accounts=3003\n");
        try (BridgeRig rig = rig();
             RawTerminalConnection first = welcomed(rig, NEW_TOKEN, 1001, "first");
             RawTerminalConnection bystander = welcomed(rig, OLD_TOKEN, 3003, "bystander"))
        {
            final BridgeStats stats = rig.bridge.stats();
            write("terminal " + NEW_TOKEN + " tenant=1 accounts=1001,2002\nterminal " + OLD_TOKEN +
                " tenant=1 accounts=3003\n");
            rig.await("accounts added", WAIT, () -> stats.terminalsReloads() == 1);
            try (RawTerminalConnection second = welcomed(rig, NEW_TOKEN, 2002, "second"))
            {
                assertTrue(connected(rig, 1001), "an account the token still allows keeps its session");

                write("terminal " + NEW_TOKEN + " tenant=1 accounts=2002\nterminal " + OLD_TOKEN +
                    " tenant=1 accounts=3003\n");
                rig.await("account 1001 taken off", WAIT, () -> stats.terminalsReloads() == 2);
                final BridgeError ended = awaitError(first);
                assertEquals(ErrorCode.AUTHENTICATION_FAILED, ended.code());
                assertTrue(ended.text().endsWith("no longer allows tenant 1 account 1001"), ended.text());
                assertTrue(connected(rig, 2002), "the same token's other session carries on: " + rig.log);
                assertTrue(connected(rig, 3003), "another token's session carries on");
                assertStillOpen(second);
                assertStillOpen(bystander);
            }
        }
    }

    @Test
    void aMalformedOrMissingFileKeepsTheTokensAsTheyWere() throws Exception
    {
        terminals = folder.resolve("terminals.conf");
        write("terminal " + OLD_TOKEN + " tenant=1 accounts=1001\n");
        try (BridgeRig rig = rig())
        {
            final BridgeStats stats = rig.bridge.stats();
            write("terminal " + NEW_TOKEN + " tenant=one accounts=1001\n");
            rig.await("the malformed file refused", WAIT, () -> stats.terminalsReloadsRefused() == 1);
            assertTrue(rig.log.stream().anyMatch(line -> line.startsWith("terminals file " + terminals +
                " not reloaded, the tokens stay as they were: " + terminals + ":1: not a number")), rig.log.toString());
            welcomed(rig, OLD_TOKEN, 1001, "still-old").close();

            Files.delete(terminals);
            rig.await("the missing file said", WAIT, () -> stats.terminalsReloadsRefused() == 2);
            Thread.sleep(200);
            assertEquals(2, stats.terminalsReloadsRefused(), "a missing file is said once, not at every look");
            assertTrue(rig.log.stream().anyMatch(line -> line.startsWith("terminals file " + terminals +
                " not reloaded, the tokens stay as they were: cannot read terminal credentials")), rig.log.toString());
            welcomed(rig, OLD_TOKEN, 1001, "still-old").close();

            write("terminal " + NEW_TOKEN + " tenant=1 accounts=1001\n");
            rig.await("the good file applied", WAIT, () -> stats.terminalsReloads() == 1);
            welcomed(rig, NEW_TOKEN, 1001, "new").close();
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, refused(rig, OLD_TOKEN, 1001).code());
        }
    }

    private BridgeRig rig() throws Exception
    {
        // Checked every 20 ms so that the test waits little; no failed-handshake limit, as refusals are the point.
        return new BridgeRig(BridgeRig.tempData("terminals-reload"), ReferenceData.defaults(), new BridgeContext()
            .terminalsFile(terminals).terminalsReloadIntervalMs(20).maxFailedHandshakes(0));
    }

    /**
     * Writes the file in place, as an editor may, with a newer modification time each time whatever the clock's
     * grain: the bridge must not apply the file it may catch half written.
     */
    private void write(final String text) throws IOException
    {
        Files.writeString(terminals, text);
        Files.setLastModifiedTime(terminals, FileTime.fromMillis(System.currentTimeMillis() + ++version * 1_000));
    }

    /** Nothing but heartbeats came, and the bridge did not close the connection. */
    private static void assertStillOpen(final RawTerminalConnection connection) throws IOException
    {
        ReceivedFrame frame;
        while ((frame = connection.readFrame(Duration.ofMillis(50))) != null)
        {
            assertEquals(FrameType.HEARTBEAT, frame.type(), frame.toString());
        }
        assertFalse(connection.isClosedByPeer());
    }

    private static boolean connected(final BridgeRig rig, final long account)
    {
        return rig.bridge.terminals().stream().anyMatch(status -> status.accountId() == account && status.connected());
    }

    private static RawTerminalConnection welcomed(final BridgeRig rig, final String token, final long account,
        final String terminal) throws IOException
    {
        final RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT);
        connection.sendHello(hello(token, account, terminal));
        final ReceivedFrame frame = connection.readFrame(WAIT);
        assertNotNull(frame, "an answer to " + terminal);
        assertEquals(FrameType.WELCOME, frame.type(), terminal + ": " + frame + "; bridge log " + rig.log);
        return connection;
    }

    private static BridgeError refused(final BridgeRig rig, final String token, final long account) throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello(token, account, "refused"));
            return awaitError(connection);
        }
    }

    /** The ERROR that ends the connection, past the heartbeats before it. */
    private static BridgeError awaitError(final RawTerminalConnection connection) throws IOException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final ReceivedFrame frame = connection.readFrame(Duration.ofMillis(100));
            if (frame != null && frame.type() == FrameType.ERROR)
            {
                assertTrue(connection.awaitClosedByPeer(WAIT), "closed after the ERROR");
                return frame.error();
            }
            assertFalse(frame == null && connection.isClosedByPeer(), "closed without an ERROR");
        }
        throw new AssertionError("no ERROR within " + WAIT);
    }

    private static Hello hello(final String token, final long account, final String terminal)
    {
        return new Hello(Frame.PROTOCOL_VERSION, Frame.HELLO_FLAG_RESET, 1, account, 0, 1, terminal, token,
            List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000)), 0);
    }
}
