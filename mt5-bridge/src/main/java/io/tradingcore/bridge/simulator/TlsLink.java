package io.tradingcore.bridge.simulator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * TLS over the simulated terminal's non-blocking socket with the JDK's {@link SSLEngine}, as the Expert Advisor's
 * {@code SocketTlsHandshake}, {@code SocketTlsSend} and {@code SocketTlsRead} put it over MT5's: the handshake
 * when the connection is made, then {@link #write} and {@link #read} in place of the channel's. The bridge's
 * certificate must be trusted and name the host dialled. I/O thread only.
 */
final class TlsLink
{
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final long MS = 1_000_000L;

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Encrypted bytes the socket has not taken yet. Each buffer is kept ready to be filled. */
    private ByteBuffer netOut;
    /** Bytes read from the socket, not decrypted yet: a record arrives in pieces. */
    private ByteBuffer netIn;
    /** Decrypted bytes not handed to the reader yet. */
    private ByteBuffer appIn;
    private boolean handshaking = true;

    private TlsLink(final SocketChannel channel, final SSLContext context, final String host, final int port)
    {
        this.channel = channel;
        engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        final SSLParameters parameters = engine.getSSLParameters();
        // The name check of HTTPS: the certificate must be the dialled host's, not just any trusted one.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
        engine.setSSLParameters(parameters);
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Shakes hands over {@code channel}, already connected, non-blocking and registered with {@code key} on
     * {@code selector}, waiting for the bridge at most {@code timeoutMs}. Null when {@code cancelled} turned true
     * on the way.
     *
     * @throws IOException the handshake failed (the bridge speaks no TLS, its certificate is not trusted or names
     *                     another host) or timed out.
     */
    static TlsLink handshake(final SocketChannel channel, final SSLContext context, final String host, final int port,
        final Selector selector, final SelectionKey key, final long timeoutMs, final BooleanSupplier cancelled)
        throws IOException
    {
        final TlsLink link = new TlsLink(channel, context, host, port);
        final long deadline = System.nanoTime() + timeoutMs * MS;
        link.engine.beginHandshake();
        while (true)
        {
            if (cancelled.getAsBoolean())
            {
                return null;
            }
            final SSLEngineResult.HandshakeStatus status = link.engine.getHandshakeStatus();
            boolean progressed = true;
            switch (status)
            {
                case NEED_TASK -> link.runTasks();
                case NEED_WRAP -> progressed = link.flushNet() && link.wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN ->
                {
                    final int unwrapped = link.flushNet() ? link.unwrap() : 0;
                    if (unwrapped < 0)
                    {
                        throw new EOFException("the bridge closed the connection during the TLS handshake");
                    }
                    progressed = unwrapped > 0;
                }
                default ->
                {
                    if (link.flushNet())
                    {
                        link.handshaking = false;
                        return link;
                    }
                    progressed = false;
                }
            }
            if (!progressed)
            {
                final long remainingMs = (deadline - System.nanoTime()) / MS;
                if (remainingMs <= 0)
                {
                    throw new IOException("no TLS handshake within " + timeoutMs + " ms");
                }
                key.interestOps(link.netOut.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                selector.select(remainingMs);
                selector.selectedKeys().clear();
            }
        }
    }

    /** Encrypts and writes what the socket takes of {@code source}; returns the bytes of it consumed. */
    int write(final ByteBuffer source) throws IOException
    {
        int consumed = 0;
        while (source.hasRemaining() && flushNet())
        {
            final int before = source.remaining();
            if (!wrap(source))
            {
                break;
            }
            consumed += before - source.remaining();
        }
        flushNet();
        return consumed;
    }

    /** True while encrypted bytes wait for the socket: the caller asks the selector for OP_WRITE. */
    boolean hasPendingOutput()
    {
        return netOut.position() > 0;
    }

    /** Decrypted bytes into {@code target}: their count, 0 when none are whole yet, -1 at the end of the stream. */
    int read(final ByteBuffer target) throws IOException
    {
        while (true)
        {
            if (appIn.position() > 0)
            {
                appIn.flip();
                final int count = Math.min(appIn.remaining(), target.remaining());
                final ByteBuffer slice = appIn.slice();
                slice.limit(count);
                target.put(slice);
                appIn.position(appIn.position() + count);
                appIn.compact();
                return count;
            }
            final int unwrapped = unwrap();
            if (unwrapped < 0)
            {
                return -1;
            }
            if (unwrapped == 0)
            {
                return 0;
            }
        }
    }

    /** Writes what the socket takes of the encrypted bytes; true when none are left. */
    private boolean flushNet() throws IOException
    {
        if (netOut.position() > 0)
        {
            netOut.flip();
            try
            {
                channel.write(netOut);
            }
            finally
            {
                netOut.compact();
            }
        }
        return netOut.position() == 0;
    }

    /** Encrypts one record of {@code source} into {@link #netOut}; false when it must be flushed first. */
    private boolean wrap(final ByteBuffer source) throws IOException
    {
        final SSLEngineResult result = engine.wrap(source, netOut);
        switch (result.getStatus())
        {
            case OK ->
            {
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK)
                {
                    runTasks();
                }
                return true;
            }
            case BUFFER_OVERFLOW ->
            {
                if (netOut.position() == 0)
                {
                    netOut = ByteBuffer.allocate(Math.max(2 * netOut.capacity(),
                        engine.getSession().getPacketBufferSize()));
                    return true;
                }
                return false;
            }
            case CLOSED -> throw new SSLException("TLS closed by the bridge");
            default -> throw new SSLException("TLS wrap: " + result);
        }
    }

    /**
     * Decrypts what has arrived, reading the socket when a record is not whole: 1 when something was consumed, 0
     * when more bytes must come, -1 at the end of the stream.
     */
    private int unwrap() throws IOException
    {
        while (true)
        {
            netIn.flip();
            final SSLEngineResult result;
            try
            {
                result = engine.unwrap(netIn, appIn);
            }
            finally
            {
                netIn.compact();
            }
            final SSLEngineResult.Status status = result.getStatus();
            if (status == SSLEngineResult.Status.CLOSED)
            {
                return -1;
            }
            if (status == SSLEngineResult.Status.BUFFER_OVERFLOW)
            {
                appIn = enlarged(appIn, engine.getSession().getApplicationBufferSize());
                continue;
            }
            if (status == SSLEngineResult.Status.OK)
            {
                answer(result.getHandshakeStatus());
                if (result.bytesConsumed() > 0 || result.bytesProduced() > 0)
                {
                    return 1;
                }
            }
            // BUFFER_UNDERFLOW, or nothing to do with what is held: more bytes must come.
            if (!netIn.hasRemaining())
            {
                netIn = enlarged(netIn, engine.getSession().getPacketBufferSize());
            }
            final int read = channel.read(netIn);
            if (read <= 0)
            {
                return read < 0 ? -1 : 0;
            }
        }
    }

    /**
     * What the engine asks for after a step: its tasks run here; a message to send once the handshake is over (TLS
     * 1.3's key update) goes out at once, while during the handshake {@link #handshake} sends it.
     */
    private void answer(final SSLEngineResult.HandshakeStatus status) throws IOException
    {
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK)
        {
            runTasks();
        }
        if (!handshaking && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP)
        {
            wrap(NOTHING);
            flushNet();
        }
    }

    private void runTasks()
    {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null)
        {
            task.run();
        }
    }

    private static ByteBuffer enlarged(final ByteBuffer buffer, final int atLeast)
    {
        final ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), atLeast));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    /**
     * A client TLS context that trusts the certificates in {@code trustFile}: X.509 certificates, PEM or DER, or a
     * PKCS#12 keystore ({@code .p12}, {@code .pfx}) whose certificates, the key entries' own included, are trusted.
     * Null {@code trustFile}: the JDK's trusted authorities, for a bridge with a certificate from a public CA.
     *
     * @throws IllegalStateException naming the file when it cannot be read or holds no certificate.
     */
    static SSLContext clientContext(final Path trustFile, final String password)
    {
        try
        {
            final TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(null == trustFile ? null : trustStore(trustFile, password));
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("tlsTrustFile (" + TerminalSimulator.Context.TLS_TRUST_FILE_PROP_NAME +
                ") " + trustFile + " cannot be used: " + ex, ex);
        }
    }

    private static KeyStore trustStore(final Path file, final String password)
        throws IOException, GeneralSecurityException
    {
        final KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream in = Files.newInputStream(file))
        {
            if (name.endsWith(".p12") || name.endsWith(".pfx"))
            {
                final KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, null == password ? new char[0] : password.toCharArray());
                // The bridge's own keystore serves: its key entry's certificate is what the bridge presents.
                for (final String alias : Collections.list(store.aliases()))
                {
                    final Certificate certificate = store.getCertificate(alias);
                    if (null != certificate)
                    {
                        trusted.setCertificateEntry(alias, certificate);
                    }
                }
            }
            else
            {
                int index = 0;
                for (final Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in))
                {
                    trusted.setCertificateEntry("certificate-" + index++, certificate);
                }
            }
        }
        if (trusted.size() == 0)
        {
            throw new GeneralSecurityException("it holds no certificate");
        }
        return trusted;
    }
}
