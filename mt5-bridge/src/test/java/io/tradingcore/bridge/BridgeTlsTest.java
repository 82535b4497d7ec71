package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on the bridge's port: a whole session of the simulated terminal over TLS, with the PEM files and with a
 * PKCS#12 keystore; TLS on by default beyond loopback; a plaintext terminal against the TLS port gets no session.
 */
class BridgeTlsTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TICKS = 20_000;

    @TempDir
    static Path folder;
    private static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception
    {
        certificates = TestCertificates.create(folder);
    }

    @Test
    void aWholeSessionOverTlsWithPemFiles() throws Exception
    {
        final InputRecorder recorder = new InputRecorder();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("tls-pem"), BridgeRig.busyStrategyReferenceData(),
            new BridgeContext().tlsCertChainFile(certificates.certificatePem)
                .tlsPrivateKeyFile(certificates.privateKeyPem), recorder))
        {
            assertTrue(rig.log.get(0).contains(" with TLS "), rig.log.get(0));
            tradeOverTls(rig, recorder, TerminalCredentials.DEMO_TOKEN, certificates.certificatePem, null);
        }
    }

    @Test
    void beyondLoopbackTlsIsOnByDefaultAndAPlaintextTerminalGetsNoSession() throws Exception
    {
        final Path terminals = folder.resolve("beyond-loopback.conf");
        Files.writeString(terminals, "terminal " + BridgeContextTest.LONG_TOKEN + " tenant=1 accounts=1001\n");
        final InputRecorder recorder = new InputRecorder();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("tls-any"), BridgeRig.busyStrategyReferenceData(),
            new BridgeContext().host("0.0.0.0").terminalsFile(terminals).terminalsReloadIntervalMs(20)
                .tlsKeyStore(certificates.keyStore, TestCertificates.PASSWORD), recorder))
        {
            assertTrue(rig.bridge.context().tls(), "TLS on beyond loopback without being asked");
            final byte[] received = plaintextHello(rig.port(), BridgeContextTest.LONG_TOKEN);
            rig.await("the plaintext HELLO counted as a failed handshake", WAIT,
                () -> rig.bridge.stats().handshakesFailed() == 1);
            assertEquals(0, rig.bridge.stats().handshakes(), "no session for a plaintext terminal");
            assertTrue(received.length == 0 || received[0] == 0x15, "nothing but a TLS alert came back: " +
                Arrays.toString(received));
            assertTrue(rig.log.stream().anyMatch(line -> line.startsWith("TLS handshake with connection from") &&
                line.endsWith("failed: what came is not TLS (a terminal with TLS off?)")), "said why: " + rig.log);
            assertTrue(rig.log.stream().noneMatch(line -> line.contains(BridgeContextTest.LONG_TOKEN) ||
                line.contains("6b334a71387654326d")), "the plaintext token is not logged, nor its hex: " + rig.log);

            // Beyond loopback a reload keeps the rules of the start: a short token leaves the old ones in place.
            Files.writeString(terminals, "terminal too-short tenant=1 accounts=1001\n");
            Files.setLastModifiedTime(terminals, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            rig.await("the weak file refused", WAIT, () -> rig.bridge.stats().terminalsReloadsRefused() == 1);
            assertTrue(rig.log.stream().anyMatch(line -> line.contains("not reloaded, the tokens stay as they were: " +
                "refusing to listen on 0.0.0.0, beyond loopback, with a token of 9 characters")), rig.log.toString());

            tradeOverTls(rig, recorder, BridgeContextTest.LONG_TOKEN, certificates.keyStore, TestCertificates.PASSWORD);
        }
    }

    private static void tradeOverTls(final BridgeRig rig, final InputRecorder recorder, final String token,
        final Path trust, final String password) throws Exception
    {
        try (TerminalSimulator terminal = TerminalSimulator.launch(
            BridgeEndToEndTest.simulator(rig.port(), 1001, "tls-terminal").token(token).tls(true)
                .tlsTrust(trust, password).tickLimit(TICKS).accountSnapshotIntervalMs(200)))
        {
            assertTrue(terminal.awaitFinished(Duration.ofSeconds(60)), "over TLS: " + terminal.summary() +
                "; bridge log " + rig.log);
            rig.await("every tick journaled", WAIT, () -> recorder.tickCount() == TICKS);
            rig.await("every order executed", WAIT, () ->
            {
                synchronized (recorder)
                {
                    return recorder.filledQuantities.size() == recorder.orderQuantities.size();
                }
            });
            assertTrue(recorder.orderQuantities.size() > 10, "orders went both ways: " + recorder.orderQuantities);
            assertEquals(1, rig.bridge.stats().handshakes());
            assertTrue(rig.bridge.stats().accountSnapshots() > 0);
            assertEquals(0, terminal.reconnects(), terminal.summary());
        }
    }

    /** A HELLO in clear to the TLS port; answers what came back before the bridge closed the connection. */
    private static byte[] plaintextHello(final int port, final String token) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int length = FrameWriter.hello(buffer, 0, new Hello(Frame.PROTOCOL_VERSION, Frame.HELLO_FLAG_RESET, 1,
            1001, 0, 1, "plaintext", token, List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100,
            1_000_000)), 0));
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout((int)WAIT.toMillis());
            socket.getOutputStream().write(buffer.byteArray(), 0, length);
            socket.getOutputStream().flush();
            final InputStream in = socket.getInputStream();
            final byte[] received = new byte[4096];
            int total = 0;
            try
            {
                int read;
                while ((read = in.read(received, total, received.length - total)) > 0)
                {
                    total += read;
                }
            }
            catch (final SocketException reset)
            {
                // closed with a reset: as refused as closed
            }
            return Arrays.copyOf(received, total);
        }
    }
}
