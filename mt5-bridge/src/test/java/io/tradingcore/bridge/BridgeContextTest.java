package io.tradingcore.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's context in Aeron's style: defaults, conclude once, settings refused by name; and what it refuses
 * beyond loopback, for every way of starting a bridge goes through it.
 */
class BridgeContextTest
{
    /** 32 characters: long enough for beyond loopback. */
    static final String LONG_TOKEN = "k3Jq8vT2mW9xR4pL7sN1bY6cF0hD5gZe";

    @Test
    void defaultsAreTheDocumentedOnes()
    {
        final BridgeContext context = new BridgeContext();
        assertEquals(BridgeContext.HOST_DEFAULT, context.host());
        assertEquals(BridgeContext.PORT_DEFAULT, context.port());
        assertEquals(BridgeContext.ORDER_QUEUE_LIMIT_DEFAULT, context.orderQueueLimit());
        assertEquals(BridgeContext.HAND_OFF_QUEUE_BYTES_DEFAULT, context.handOffQueueBytes());
        assertEquals(PositionMismatchAction.ALERT, context.positionMismatch(), "a mismatch alerts unless told to halt");
        assertEquals(24, context.minTokenLength());
        assertNull(context.tls(), "left to the host and certificate");
        assertFalse(context.insecurePlaintext());
        assertEquals(5, context.maxFailedHandshakes());
        assertEquals(60_000, context.failedHandshakeWindowMs());
        assertEquals(60_000, context.failedHandshakeBlockMs());
        assertEquals(1_000, context.terminalsReloadIntervalMs());
    }

    @Test
    void onLoopbackTheDemoTokenAndPlaintextAreFine()
    {
        for (final String host : new String[]{"127.0.0.1", "localhost", "::1"})
        {
            final BridgeContext context = new BridgeContext().host(host).port(0).conclude();
            try
            {
                assertFalse(context.beyondLoopback(), host);
                assertFalse(context.tls(), host + ": TLS is off by default on loopback");
                assertNull(context.sslContext());
            }
            finally
            {
                context.close();
            }
        }
    }

    @Test
    void beyondLoopbackTheDemoTokenIsRefusedInOneLine()
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().host("0.0.0.0").port(0).conclude());
        final String message = refused.getMessage();
        assertTrue(message.startsWith("refusing to listen on 0.0.0.0, beyond loopback, with the built-in demo " +
            "token demo-token-change-me (built-in bridge-terminals.conf:4, tenant 1 accounts 1001)"), message);
        assertTrue(message.contains("at least 24 characters"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void beyondLoopbackAShortTokenIsRefusedWithoutShowingIt(@TempDir final Path folder) throws Exception
    {
        final Path terminals = folder.resolve("terminals.conf");
        Files.writeString(terminals, "terminal " + LONG_TOKEN + " tenant=1 accounts=1001\n" +
            "terminal short-secret tenant=2 accounts=2001,2002\n");
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().host("0.0.0.0").port(0).terminalsFile(terminals).conclude());
        assertTrue(refused.getMessage().contains("with a token of 12 characters (" + terminals + ":2, tenant 2 " +
            "accounts 2001,2002)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("short-secret"), "the token stays secret: " + refused.getMessage());

        final IllegalStateException longer = assertThrows(IllegalStateException.class, () -> new BridgeContext()
            .host("0.0.0.0").port(0).minTokenLength(40).credentials(TerminalCredentials.of(LONG_TOKEN, 1, 1001))
            .conclude());
        assertTrue(longer.getMessage().contains("a token of 32 characters (given, tenant 1 accounts 1001)"),
            longer.getMessage());
        assertTrue(longer.getMessage().contains("(minTokenLength, " + BridgeContext.MIN_TOKEN_LENGTH_PROP_NAME + ")"),
            longer.getMessage());
    }

    @Test
    void beyondLoopbackPlaintextNeedsTheLoudOverride()
    {
        final IllegalStateException noCertificate = assertThrows(IllegalStateException.class, () -> new BridgeContext()
            .host("0.0.0.0").port(0).credentials(TerminalCredentials.of(LONG_TOKEN, 1, 1001)).conclude());
        assertTrue(noCertificate.getMessage().startsWith("refusing to listen on 0.0.0.0, beyond loopback, without " +
            "a certificate: TLS needs tlsCertChainFile"), noCertificate.getMessage());
        assertTrue(noCertificate.getMessage().contains(BridgeContext.INSECURE_PLAINTEXT_PROP_NAME));

        final IllegalStateException tlsOff = assertThrows(IllegalStateException.class, () -> new BridgeContext()
            .host("0.0.0.0").port(0).tls(false).credentials(TerminalCredentials.of(LONG_TOKEN, 1, 1001)).conclude());
        assertTrue(tlsOff.getMessage().startsWith("refusing to listen on 0.0.0.0, beyond loopback, without TLS: " +
            "tokens and orders would cross the network in clear"), tlsOff.getMessage());

        final BridgeContext insecure = new BridgeContext().host("0.0.0.0").port(0).insecurePlaintext(true)
            .credentials(TerminalCredentials.of(LONG_TOKEN, 1, 1001)).conclude();
        try
        {
            assertTrue(insecure.beyondLoopback());
            assertFalse(insecure.tls(), "plaintext, as asked");
        }
        finally
        {
            insecure.close();
        }
        assertThrows(IllegalStateException.class, () -> new BridgeContext().host("0.0.0.0").port(0)
            .insecurePlaintext(true).conclude(), "the override is for TLS only: the demo token stays refused");
    }

    @Test
    void aCertificateTurnsTlsOnAndMustBeWhole(@TempDir final Path folder) throws Exception
    {
        final TestCertificates certificates = TestCertificates.create(folder);
        final BridgeContext pem = new BridgeContext().port(0).tlsCertChainFile(certificates.certificatePem)
            .tlsPrivateKeyFile(certificates.privateKeyPem).conclude();
        try
        {
            assertTrue(pem.tls(), "on with a certificate, even on loopback");
            assertNotNull(pem.sslContext());
            assertTrue(pem.sslContext().isServer());
        }
        finally
        {
            pem.close();
        }
        final BridgeContext keyStore = new BridgeContext().host("0.0.0.0").port(0)
            .tlsKeyStore(certificates.keyStore, TestCertificates.PASSWORD)
            .credentials(TerminalCredentials.of(LONG_TOKEN, 1, 1001)).conclude();
        try
        {
            assertTrue(keyStore.tls(), "on by default beyond loopback");
            assertNotNull(keyStore.sslContext());
        }
        finally
        {
            keyStore.close();
        }

        final IllegalStateException noKey = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().port(0).tlsCertChainFile(certificates.certificatePem).conclude());
        assertTrue(noKey.getMessage().startsWith("tlsPrivateKeyFile (" +
            BridgeContext.TLS_PRIVATE_KEY_FILE_PROP_NAME + ") is required"), noKey.getMessage());
        final IllegalStateException wrongPassword = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().port(0).tlsKeyStore(certificates.keyStore, "wrong").conclude());
        assertTrue(wrongPassword.getMessage().startsWith("tlsKeyStoreFile (" +
            BridgeContext.TLS_KEY_STORE_FILE_PROP_NAME + ") " + certificates.keyStore + " cannot be used"),
            wrongPassword.getMessage());
        final IllegalStateException notAKey = assertThrows(IllegalStateException.class, () -> new BridgeContext()
            .port(0).tlsCertChainFile(certificates.certificatePem).tlsPrivateKeyFile(certificates.certificatePem)
            .conclude());
        assertTrue(notAKey.getMessage().contains("cannot be used"), notAKey.getMessage());
        final IllegalStateException tlsWithout = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().port(0).tls(true).conclude());
        assertTrue(tlsWithout.getMessage().startsWith("refusing to listen on 127.0.0.1 without a certificate"),
            tlsWithout.getMessage());
    }

    @Test
    void concludeRunsOnceAndFreezesTheSettings()
    {
        final BridgeContext context = new BridgeContext().port(0);
        context.conclude();
        try
        {
            final IllegalStateException again = assertThrows(IllegalStateException.class, context::conclude);
            assertTrue(again.getMessage().contains("already concluded"), again.getMessage());
            assertThrows(IllegalStateException.class, () -> context.port(1));
            assertThrows(IllegalStateException.class, () -> new BridgeServer(context), "a context serves one bridge");
        }
        finally
        {
            context.close();
        }
    }

    @Test
    void aBadValueIsRefusedNamingItsProperty()
    {
        final IllegalStateException heartbeat = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().heartbeatIntervalMs(5_000).heartbeatTimeoutMs(1_000).conclude());
        assertTrue(heartbeat.getMessage().startsWith(
            "heartbeatTimeoutMs (" + BridgeContext.HEARTBEAT_TIMEOUT_MS_PROP_NAME + ")"), heartbeat.getMessage());

        final IllegalStateException queue = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().handOffQueueBytes(5_000).conclude());
        assertTrue(queue.getMessage().contains(BridgeContext.HAND_OFF_QUEUE_BYTES_PROP_NAME), queue.getMessage());

        final IllegalStateException mismatch = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().positionMismatch(null).conclude());
        assertTrue(mismatch.getMessage().startsWith(
            "positionMismatch (" + BridgeContext.POSITION_MISMATCH_PROP_NAME + ")"), mismatch.getMessage());
    }

    @Test
    void aMalformedPropertyIsRefusedNamingIt()
    {
        System.setProperty(BridgeContext.PORT_PROP_NAME, "eighty");
        try
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, BridgeContext::new);
            assertTrue(refused.getMessage().contains(BridgeContext.PORT_PROP_NAME + "=eighty"), refused.getMessage());
        }
        finally
        {
            System.clearProperty(BridgeContext.PORT_PROP_NAME);
        }

        System.setProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME, "Halt");
        try
        {
            assertEquals(PositionMismatchAction.HALT, new BridgeContext().positionMismatch(), "in any case");
            System.setProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME, "ignore");
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, BridgeContext::new);
            assertTrue(refused.getMessage().contains(BridgeContext.POSITION_MISMATCH_PROP_NAME + "=ignore"),
                refused.getMessage());
        }
        finally
        {
            System.clearProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME);
        }
        System.setProperty(BridgeContext.TLS_PROP_NAME, "yes");
        try
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, BridgeContext::new);
            assertTrue(refused.getMessage().contains(BridgeContext.TLS_PROP_NAME + "=yes"), refused.getMessage());
        }
        finally
        {
            System.clearProperty(BridgeContext.TLS_PROP_NAME);
        }

        System.setProperty(BridgeContext.OUTBOUND_LIMIT_BYTES_PROP_NAME, "8m");
        try
        {
            assertEquals(8 << 20, new BridgeContext().outboundLimitBytes(), "sizes take Aeron's suffixes");
        }
        finally
        {
            System.clearProperty(BridgeContext.OUTBOUND_LIMIT_BYTES_PROP_NAME);
        }
    }
}
