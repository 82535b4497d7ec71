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
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.config.ReferenceData;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of protocol abuse gets its ERROR and a closed connection, while the bridge stays up
 * and a well-behaved terminal trading through it the whole time is unaffected.
 */
class BridgeProtocolAbuseTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static BridgeRig rig;
    private static TerminalSimulator bystander;
    private static InputRecorder recorder;

    @BeforeAll
    static void start() throws Exception
    {
        recorder = new InputRecorder();
        rig = new BridgeRig(BridgeRig.tempData("abuse"), ReferenceData.defaults(),
            // Every abuse here comes from 127.0.0.1: the failed-handshake limit would block it after five.
            new BridgeContext().maxFramesPerSecond(2_000).handshakeTimeoutMs(1_000).maxFailedHandshakes(0)
                .credentials(TerminalCredentials.defaults().with("abuser-token", 1, 2002, 3003)), recorder);
        bystander = TerminalSimulator.launch(BridgeEndToEndTest.simulator(rig.port(), 1001, "bystander")
            .tickLimit(40_000));
        // Account 1001 must be the bystander's before a test tries to take it with a second terminal.
        rig.await("the bystander connected", Duration.ofSeconds(30), bystander::isConnected);
    }

    @AfterAll
    static void stop() throws Exception
    {
        try
        {
            assertTrue(bystander.awaitFinished(Duration.ofSeconds(60)), "the bystander finished: "
                + bystander.summary());
            assertEquals(0, bystander.reconnects(), "the bystander was never disconnected");
            assertTrue(bystander.errorsReceived().isEmpty(), "the bystander got no error: "
                + bystander.errorsReceived());
            rig.await("the bystander's ticks journaled", WAIT, () -> recorder.tickCount() == 40_000);
        }
        finally
        {
            bystander.close();
            rig.close();
        }
    }

    @Test
    void randomBytesAreAMalformedFrameOrABadLength() throws Exception
    {
        final Random random = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            final byte[] noise = new byte[64 + random.nextInt(512)];
            random.nextBytes(noise);
            final BridgeError error = sendAndExpectError(noise);
            assertTrue(error.code() == ErrorCode.FRAME_TOO_LARGE || error.code() == ErrorCode.MALFORMED_FRAME ||
                error.code() == ErrorCode.HANDSHAKE_REQUIRED, "noise " + i + ": " + error);
        }
    }

    @Test
    void aTwoGigabyteLengthIsRefusedAtOnce() throws Exception
    {
        final byte[] header = new byte[8];
        new UnsafeBuffer(header).putInt(0, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ErrorCode.FRAME_TOO_LARGE, sendAndExpectError(header).code());
        final byte[] negative = new byte[4];
        new UnsafeBuffer(negative).putInt(0, -1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ErrorCode.FRAME_TOO_LARGE, sendAndExpectError(negative).code());
    }

    @Test
    void aTruncatedFrameIsMalformedAndAHalfFrameTimesOutTheHandshake() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int length = FrameWriter.hello(buffer, 0, hello("abuser", "abuser-token", 1));
        buffer.putInt(0, length - 4 - 10, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ErrorCode.MALFORMED_FRAME, sendAndExpectError(java.util.Arrays.copyOf(buffer.byteArray(),
            length - 10))
            .code());
        assertEquals(ErrorCode.HANDSHAKE_REQUIRED, sendAndExpectError(java.util.Arrays.copyOf(buffer.byteArray(), 30))
            .code());
    }

    @Test
    void wrongVersionAndBadTokenAreRefused() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello("abuser", "abuser-token", 2));
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, errorOf(connection).code());
        }
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello("abuser", "not-the-token", 1));
            final BridgeError error = errorOf(connection);
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, error.code());
            assertTrue(!error.text().contains("abuser-token"), error.text());
        }
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, 1, 1001, 0, 1, "intruder", "abuser-token",
                List.of(), 0));
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, errorOf(connection).code(), "a token for another account");
        }
    }

    @Test
    void aFrameBeforeHelloAndASecondTerminalForABusyAccountAreRefused() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHeartbeat(0);
            assertEquals(ErrorCode.HANDSHAKE_REQUIRED, errorOf(connection).code());
        }
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, 1, 1001, 0, 1, "another-terminal",
                "demo-token-change-me", List.of(), 0));
            assertEquals(ErrorCode.ACCOUNT_IN_USE, errorOf(connection).code());
        }
    }

    @Test
    void aFloodBeyondTheRateLimitIsCutOff() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello("flooder", "abuser-token", 1));
            assertEquals(FrameType.WELCOME, connection.readFrame(WAIT).type());
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frame.HEARTBEAT_LENGTH * 500]);
            for (int i = 0; i < 500; i++)
            {
                FrameWriter.heartbeat(buffer, i * Frame.HEARTBEAT_LENGTH, 0, i, 0);
            }
            BridgeError error = null;
            for (int burst = 0; burst < 20 && error == null && !connection.isClosedByPeer(); burst++)
            {
                try
                {
                    connection.send(buffer, 0, buffer.capacity());
                }
                catch (final java.io.IOException closed)
                {
                    break;
                }
                ReceivedFrame frame;
                while ((frame = connection.readFrame(Duration.ofMillis(1))) != null)
                {
                    if (frame.type() == FrameType.ERROR)
                    {
                        error = frame.error();
                    }
                }
            }
            if (error == null)
            {
                error = errorOf(connection);
            }
            assertEquals(ErrorCode.RATE_LIMITED, error.code(), String.valueOf(error));
        }
    }

    @Test
    void aSequenceGapIsRefused() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello("gapper", "abuser-token", 1));
            assertEquals(FrameType.WELCOME, connection.readFrame(WAIT).type());
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final int length = FrameWriter.ticks(buffer, 0, 5, 0, 1);
            FrameWriter.tick(buffer, 0, 0, 0, 1_399_525_217_007L, 139147, 139148, 0, 0, 6);
            connection.send(buffer, 0, length);
            assertEquals(ErrorCode.SEQUENCE_GAP, errorOf(connection).code());
        }
    }

    @Test
    void aHelloAcknowledgingOrdersNeverSentIsRefusedAndLeavesTheAccountFree() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, 1, 3003, 0, 1, "confused", "abuser-token",
                List.of(), 7));
            final BridgeError error = errorOf(connection);
            assertEquals(ErrorCode.MALFORMED_FRAME, error.code());
            assertTrue(error.text().contains("never sent"), error.text());
        }
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, 1, 3003, 0, 1, "another", "abuser-token",
                List.of(), 0));
            assertEquals(FrameType.WELCOME, connection.readFrame(WAIT).type());
        }
    }

    private static Hello hello(final String terminal, final String token, final int version)
    {
        return new Hello(version, Frame.HELLO_FLAG_RESET, 1, 2002, 0, 1, terminal, token,
            List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000)), 0);
    }

    private static BridgeError sendAndExpectError(final byte[] bytes) throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.send(bytes);
            return errorOf(connection);
        }
    }

    /** The ERROR the bridge sends before it closes the connection. */
    private static BridgeError errorOf(final RawTerminalConnection connection) throws Exception
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final ReceivedFrame frame = connection.readFrame(Duration.ofMillis(100));
            if (frame != null && frame.type() == FrameType.ERROR)
            {
                final BridgeError error = frame.error();
                assertTrue(connection.awaitClosedByPeer(WAIT), "the bridge closes after " + error);
                return error;
            }
            if (frame == null && connection.isClosedByPeer())
            {
                break;
            }
        }
        throw new AssertionError("no ERROR frame; bridge log " + rig.log);
    }

    @Test
    void theBridgeStillAcceptsTerminalsAfterAllThis() throws Exception
    {
        try (RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(), WAIT))
        {
            connection.sendHello(hello("latecomer", "abuser-token", 1));
            final ReceivedFrame welcome = connection.readFrame(WAIT);
            assertNotNull(welcome);
            assertEquals(FrameType.WELCOME, welcome.type());
        }
    }
}
