package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.RawTerminalConnection;
import io.tradingcore.bridge.simulator.ReceivedFrame;
import io.tradingcore.config.ReferenceData;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed handshakes are limited per address: a wrong token, a malformed HELLO and a silent connection each count,
 * and after the limit the address's connections are closed on arrival, even with the right token, until the block
 * ends. The clock of the windows and blocks is the test's, so nothing waits a minute.
 */
class BridgeHandshakeLimitTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long MINUTE_NS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void threeFailuresOfAnyKindBlockTheAddressUntilTheBlockEnds() throws Exception
    {
        try (BridgeRig rig = rig())
        {
            final BridgeStats stats = rig.bridge.stats();
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, helloAndError(rig, "wrong-token").code());
            assertEquals(ErrorCode.MALFORMED_FRAME, truncatedHello(rig).code());
            assertEquals(0, stats.addressesBlocked(), "two failures are within the limit");
            try (RawTerminalConnection silent = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
            {
                assertEquals(ErrorCode.HANDSHAKE_REQUIRED, errorOf(silent).code(), "no HELLO within 300 ms");
            }
            rig.await("the third failure blocks 127.0.0.1", WAIT, () -> stats.addressesBlocked() == 1);
            assertEquals(3, stats.handshakesFailed());

            for (int i = 0; i < 3; i++)
            {
                assertRefused(rig, "the right token from a blocked address, attempt " + i);
            }
            assertEquals(3, stats.connectionsRefused());
            assertEquals(3, stats.handshakesFailed(), "a refused connection is not one more failed handshake");
            assertEquals(0, stats.handshakes());
            assertEquals(1, rig.log.stream().filter(line -> line.equals("refusing connections from 127.0.0.1 for " +
                "60000 ms: 3 failed handshakes within 60000 ms")).count(), "said once per block: " + rig.log);

            clock.addAndGet(MINUTE_NS - 1);
            assertRefused(rig, "one nanosecond before the block ends");
            clock.addAndGet(1);
            try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
            {
                connection.sendHello(hello("terminal", TerminalCredentials.DEMO_TOKEN));
                assertEquals(FrameType.WELCOME, connection.readFrame(WAIT).type(), "welcome once the block is over");
            }
        }
    }

    @Test
    void failuresOutsideTheWindowAndABusyAccountDoNotBlock() throws Exception
    {
        try (BridgeRig rig = rig())
        {
            final BridgeStats stats = rig.bridge.stats();
            helloAndError(rig, "wrong-token");
            helloAndError(rig, "wrong-token");
            clock.addAndGet(MINUTE_NS);
            helloAndError(rig, "wrong-token");
            helloAndError(rig, "wrong-token");
            assertEquals(4, stats.handshakesFailed());
            assertEquals(0, stats.addressesBlocked(), "a new window opened with the third failure");

            try (RawTerminalConnection holder = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
            {
                holder.sendHello(hello("holder", TerminalCredentials.DEMO_TOKEN));
                assertEquals(FrameType.WELCOME, holder.readFrame(WAIT).type());
                for (int i = 0; i < 3; i++)
                {
                    assertEquals(ErrorCode.ACCOUNT_IN_USE, helloAndError(rig, TerminalCredentials.DEMO_TOKEN, "other")
                        .code());
                }
            }
            assertEquals(4, stats.handshakesFailed(), "a busy account's terminal had the right token");
            assertEquals(0, stats.addressesBlocked());
        }
    }

    @Test
    void theLimiterForgetsAddressesWhoseWindowOrBlockIsOver() throws Exception
    {
        final HandshakeLimiter limiter = new HandshakeLimiter(2, 1_000, 5_000, clock::get);
        final InetAddress first = InetAddress.getByName("192.0.2.1");
        final InetAddress second = InetAddress.getByName("192.0.2.2");
        assertFalse(limiter.onFailure(first));
        assertTrue(limiter.onFailure(first), "the second failure starts the block");
        assertFalse(limiter.onFailure(first), "a block starts once");
        assertFalse(limiter.onFailure(second));
        assertTrue(limiter.isBlocked(first));
        assertFalse(limiter.isBlocked(second));

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        limiter.forgetExpired();
        assertFalse(limiter.onFailure(second), "the old window is forgotten: this failure is the first of a new one");
        assertTrue(limiter.isBlocked(first));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertFalse(limiter.isBlocked(first), "five seconds after it began the block is over");
        assertFalse(limiter.onFailure(first), "and the count starts again");

        final HandshakeLimiter off = new HandshakeLimiter(0, 1_000, 5_000, clock::get);
        for (int i = 0; i < 100; i++)
        {
            assertFalse(off.onFailure(first));
        }
        assertFalse(off.isBlocked(first), "0 is no limit");
    }

    private BridgeRig rig() throws Exception
    {
        return new BridgeRig(BridgeRig.tempData("handshake-limit"), ReferenceData.defaults(), new BridgeContext()
            .maxFailedHandshakes(3).handshakeTimeoutMs(300).nanoClock(clock::get));
    }

    /** The connection is closed on arrival: no frame, not even an ERROR, whatever it sends. */
    private static void assertRefused(final BridgeRig rig, final String what) throws Exception
    {
        final long refusedBefore = rig.bridge.stats().connectionsRefused();
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            try
            {
                connection.sendHello(hello("terminal", TerminalCredentials.DEMO_TOKEN));
            }
            catch (final IOException closedAlready)
            {
                // the bridge may have closed before the HELLO went out
            }
            assertNull(connection.readFrame(WAIT), what);
            assertTrue(connection.isClosedByPeer(), what);
        }
        rig.await(what + " counted", WAIT, () -> rig.bridge.stats().connectionsRefused() == refusedBefore + 1);
    }

    private static BridgeError helloAndError(final BridgeRig rig, final String token) throws Exception
    {
        return helloAndError(rig, token, "terminal");
    }

    private static BridgeError helloAndError(final BridgeRig rig, final String token, final String terminal)
        throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello(terminal, token));
            return errorOf(connection);
        }
    }

    private static BridgeError truncatedHello(final BridgeRig rig) throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int length = FrameWriter.hello(buffer, 0, hello("terminal", TerminalCredentials.DEMO_TOKEN));
        buffer.putInt(0, length - 4 - 10, ByteOrder.LITTLE_ENDIAN);
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.send(Arrays.copyOf(buffer.byteArray(), length - 10));
            return errorOf(connection);
        }
    }

    private static BridgeError errorOf(final RawTerminalConnection connection) throws Exception
    {
        final ReceivedFrame frame = connection.readFrame(WAIT);
        assertNotNull(frame, "an ERROR frame");
        assertEquals(FrameType.ERROR, frame.type(), frame.toString());
        assertTrue(connection.awaitClosedByPeer(WAIT));
        return frame.error();
    }

    private static Hello hello(final String terminal, final String token)
    {
        return new Hello(Frame.PROTOCOL_VERSION, Frame.HELLO_FLAG_RESET, 1, 1001, 0, 1, terminal, token,
            List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000)), 0);
    }
}
