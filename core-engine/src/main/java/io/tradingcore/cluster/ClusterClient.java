package io.tradingcore.cluster;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.ClientCommandEncoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.SessionAnswerDecoder;
import io.tradingcore.outputs.OutputJournalWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client of the clustered core: the bridge, the gateway, tools and benchmarks offer their inputs through it. Each
 * input goes as a {@code ClientCommand} with this client's session and the next client sequence, and is kept until
 * the engine's {@code ClientCommandDone} for it comes back on the egress, which happens only once the input is
 * committed (the service sees only committed log entries) and applied. When the leader changes, or the cluster
 * session is lost and opened again, everything not yet acknowledged is sent again, in order, with its own sequence:
 * the engine applies what it had not seen and answers the rest as duplicates. So an input acknowledged here is never
 * lost, and no input is applied twice.
 *
 * <p>It runs its own media driver (embedded, shared thread, backing off) unless given the directory of one. One
 * thread: call {@link #offer} and {@link #poll} from the same thread.
 */
public final class ClusterClient implements AutoCloseable, EgressListener
{
    /** Too many inputs wait unacknowledged; poll and try again. */
    public static final long FULL = -2;

    private static final long CONNECT_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    /** The outputs of one input as the egress brings them, the output journal's entry: input sequence, then batch. */
    @FunctionalInterface
    public interface OutputListener
    {
        void onOutputs(long inputSequence, DirectBuffer buffer, int offset, int length);
    }

    private record Pending(long sequence, byte[] message)
    {
    }

    private final Context context;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ArrayDeque<Pending> unacknowledged = new ArrayDeque<>();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer resendBuffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientCommandEncoder commandEncoder = new ClientCommandEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientCommandDoneDecoder done = new ClientCommandDoneDecoder();
    private final SessionAnswerDecoder answer = new SessionAnswerDecoder();
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect connecting;
    private long nextConnectNs;
    private long nextKeepAliveNs;
    private long lastSequence;
    private long acknowledged;
    private long sentUpTo;
    private long lastInputSequence;
    private long connects;
    private long leaderChanges;
    private long resends;

    private ClusterClient(final Context context, final MediaDriver driver, final Aeron aeron)
    {
        this.context = context;
        this.driver = driver;
        this.aeron = aeron;
        this.lastSequence = context.lastSequence();
        this.acknowledged = context.lastSequence();
        this.sentUpTo = context.lastSequence();
    }

    /** Starts the client's driver; the cluster session opens on the first {@link #poll}s. */
    public static ClusterClient launch(final Context context)
    {
        context.conclude();
        MediaDriver driver = null;
        String aeronDirectory = context.aeronDirectoryName();
        try
        {
            if (null == aeronDirectory)
            {
                aeronDirectory = temporaryDirectory(context.clientName());
                driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(aeronDirectory)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                    .termBufferSparseFile(true)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            }
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
            return new ClusterClient(context, driver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    private static String temporaryDirectory(final String clientName)
    {
        try
        {
            final File dir = Files.createTempDirectory("tradingcore-" + clientName.replaceAll("[^A-Za-z0-9]", "") +
                "-aeron").toFile();
            IoUtil.delete(dir, false);
            return dir.getAbsolutePath();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make a folder for the cluster client's media driver", ex);
        }
    }

    /**
     * Sends an input (an SBE message, header included) wrapped in a {@code ClientCommand} with the next sequence.
     *
     * @return the input's client sequence, or {@link #FULL}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(lastSequence + 1, buffer, offset, length);
    }

    /**
     * Sends an input with a client sequence of the caller's, above every one it sent before, for a client that
     * numbers its inputs itself and keeps its session across its own restarts (the business services' command
     * outbox, whose row ids are the sequences): gaps are allowed, going back is not.
     *
     * @return {@code sequence}, or {@link #FULL}.
     */
    public long offer(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (sequence <= lastSequence)
        {
            throw new IllegalArgumentException("client sequence " + sequence + " is not above the last one sent, " +
                lastSequence);
        }
        if (unacknowledged.size() >= context.maxUnacknowledged())
        {
            return FULL;
        }
        commandEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientSessionId(context.clientSessionId())
            .clientSequence(sequence)
            .putCommand(buffer, offset, length);
        final int encoded = MessageHeaderEncoder.ENCODED_LENGTH + commandEncoder.encodedLength();
        final byte[] message = new byte[encoded];
        sendBuffer.getBytes(0, message);
        unacknowledged.addLast(new Pending(sequence, message));
        lastSequence = sequence;
        sendPending();
        return sequence;
    }

    /** Reads the egress, keeps the session alive, connects again when it was lost, and sends what waits. */
    public int poll()
    {
        final long now = System.nanoTime();
        int work = 0;
        if (null == cluster || cluster.isClosed())
        {
            return work + connect(now);
        }
        work += cluster.pollEgress();
        if (cluster.isClosed())
        {
            return work;
        }
        if (now - nextKeepAliveNs >= 0 && cluster.sendKeepAlive())
        {
            nextKeepAliveNs = now + KEEP_ALIVE_INTERVAL_NS;
        }
        return work + sendPending();
    }

    private int connect(final long now)
    {
        if (null != cluster)
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
            context.log().accept("cluster session lost; connecting again");
        }
        if (null == connecting)
        {
            if (now - nextConnectNs < 0)
            {
                return 0;
            }
            nextConnectNs = now + CONNECT_RETRY_NS;
            connecting = AeronCluster.asyncConnect(new AeronCluster.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .ingressChannel(context.ingressChannel())
                .ingressEndpoints(context.ingressEndpoints())
                .egressChannel(context.egressChannel())
                .egressListener(this)
                .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(context.connectTimeoutMs()))
                .credentialsSupplier(ClientCredentials.supplier(context.clientName(), context.key())));
        }
        try
        {
            final AeronCluster connected = connecting.poll();
            if (null == connected)
            {
                return 0;
            }
            connecting = null;
            cluster = connected;
            connects++;
            resendAll("session " + connected.clusterSessionId() + " open, leader " + connected.leaderMemberId());
            return 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(connecting);
            connecting = null;
            context.log().accept("cannot connect to the cluster yet: " + ex.getMessage());
            return 0;
        }
    }

    private void resendAll(final String why)
    {
        int again = 0;
        for (final Pending pending : unacknowledged)
        {
            again += pending.sequence() <= sentUpTo ? 1 : 0;
        }
        if (again > 0)
        {
            resends += again;
            context.log().accept(why + "; sending again the " + again + " inputs from " +
                unacknowledged.peekFirst().sequence() + " not acknowledged");
        }
        sentUpTo = acknowledged;
    }

    private int sendPending()
    {
        if (null == cluster || cluster.isClosed() || sentUpTo == lastSequence)
        {
            return 0;
        }
        int sent = 0;
        for (final Iterator<Pending> it = unacknowledged.iterator(); it.hasNext(); )
        {
            final Pending pending = it.next();
            if (pending.sequence() <= sentUpTo)
            {
                continue;
            }
            resendBuffer.wrap(pending.message());
            if (cluster.offer(resendBuffer, 0, pending.message().length) < 0)
            {
                break;
            }
            sentUpTo = pending.sequence();
            sent++;
        }
        return sent;
    }

    @Override
    public void onMessage(
        final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH && headerDecoder.wrap(buffer, offset).templateId() ==
            SessionAnswerDecoder.TEMPLATE_ID && headerDecoder.schemaId() == MessageHeaderDecoder.SCHEMA_ID)
        {
            answer.wrapAndApplyHeader(buffer, offset, headerDecoder);
            context.log().accept("the cluster refused an input: " + answer.text());
            return;
        }
        if (length < OutputJournalWriter.HEADER_LENGTH)
        {
            return;
        }
        final long inputSequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final int end = offset + length;
        for (int at = offset + OutputJournalWriter.HEADER_LENGTH; at + Integer.BYTES <= end; )
        {
            final int messageLength = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final int message = at + Integer.BYTES;
            if (headerDecoder.wrap(buffer, message).templateId() == ClientCommandDoneDecoder.TEMPLATE_ID)
            {
                done.wrapAndApplyHeader(buffer, message, headerDecoder);
                if (done.clientSessionId() == context.clientSessionId())
                {
                    acknowledge(done.clientSequence());
                }
            }
            at = message + messageLength;
        }
        lastInputSequence = Math.max(lastInputSequence, inputSequence);
        context.outputListener().onOutputs(inputSequence, buffer, offset, length);
    }

    @Override
    public void onNewLeader(
        final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        leaderChanges++;
        resendAll("new leader " + leaderMemberId + " in term " + leadershipTermId);
    }

    @Override
    public void onSessionEvent(
        final long correlationId, final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final EventCode code, final String detail)
    {
        if (code == EventCode.ERROR || code == EventCode.CLOSED || code == EventCode.AUTHENTICATION_REJECTED)
        {
            context.log().accept("cluster session " + clusterSessionId + ": " + code + " " + detail);
        }
    }

    private void acknowledge(final long sequence)
    {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().sequence() <= sequence)
        {
            unacknowledged.removeFirst();
        }
        acknowledged = Math.max(acknowledged, sequence);
        sentUpTo = Math.max(sentUpTo, acknowledged);
    }

    /** The last client sequence given to an input. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** Every input up to this client sequence is committed and applied (or was a duplicate of one that was). */
    public long acknowledgedSequence()
    {
        return acknowledged;
    }

    public int unacknowledgedCount()
    {
        return unacknowledged.size();
    }

    /** The highest input sequence whose outputs this client received. */
    public long lastInputSequence()
    {
        return lastInputSequence;
    }

    public boolean isConnected()
    {
        return null != cluster && !cluster.isClosed();
    }

    /** The member leading as this client last heard, -1 before the first session. */
    public int leaderMemberId()
    {
        return null == cluster ? -1 : cluster.leaderMemberId();
    }

    /**
     * How many times the leader changed under an open session, or a session was opened: outputs received after this
     * number moved come from the leader of that moment.
     */
    public long leaderChanges()
    {
        return leaderChanges + connects;
    }

    /** How many times a session was opened (the first, then after each loss). */
    public long connects()
    {
        return connects;
    }

    /** How many inputs were sent again after a leader change or a lost session. */
    public long resends()
    {
        return resends;
    }

    public long clientSessionId()
    {
        return context.clientSessionId();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(connecting, cluster, aeron, driver);
    }

    /** A client's settings: where the cluster is, who the client is, and where its outputs go. */
    public static final class Context
    {
        private String ingressEndpoints;
        private String ingressChannel = "aeron:udp?term-length=1m";
        private String egressChannel = "aeron:udp?endpoint=127.0.0.1:0|term-length=1m";
        private String aeronDirectoryName;
        private String clientName;
        private byte[] key;
        private long clientSessionId;
        private long lastSequence;
        private int maxUnacknowledged = 4_096;
        private long connectTimeoutMs = 5_000;
        private OutputListener outputListener;
        private Consumer<String> log;

        void conclude()
        {
            if (null == ingressEndpoints || null == clientName || null == key)
            {
                throw new IllegalArgumentException("a cluster client needs the ingress endpoints, its name and key");
            }
            if (clientSessionId <= 0)
            {
                // A new session per process, as the gateway's: a restarted client must not reuse sequences.
                clientSessionId = System.currentTimeMillis() * 1_000 + (System.nanoTime() & 0x3FF);
            }
            if (null == outputListener)
            {
                outputListener = (inputSequence, buffer, offset, length) ->
                {
                };
            }
            if (null == log)
            {
                final String prefix = "cluster client " + clientName + ": ";
                log = line -> System.out.println(prefix + line);
            }
        }

        /** {@code id=host:port,...} of the members' ingress ({@link ClusterLayout#ingressEndpoints()}). */
        public Context ingressEndpoints(final String ingressEndpoints)
        {
            this.ingressEndpoints = ingressEndpoints;
            return this;
        }

        public String ingressEndpoints()
        {
            return ingressEndpoints;
        }

        public Context ingressChannel(final String ingressChannel)
        {
            this.ingressChannel = ingressChannel;
            return this;
        }

        public String ingressChannel()
        {
            return ingressChannel;
        }

        /** Where the leader sends outputs; a UDP endpoint on an address the members reach, port 0 for any. */
        public Context egressChannel(final String egressChannel)
        {
            this.egressChannel = egressChannel;
            return this;
        }

        public String egressChannel()
        {
            return egressChannel;
        }

        /** A media driver of the caller's; by default the client runs its own. */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        public Context clientName(final String clientName)
        {
            this.clientName = clientName;
            return this;
        }

        public String clientName()
        {
            return clientName;
        }

        public Context key(final byte[] key)
        {
            this.key = key.clone();
            return this;
        }

        public byte[] key()
        {
            return key;
        }

        /** The client session inputs carry; by default a new one from the clock. */
        public Context clientSessionId(final long clientSessionId)
        {
            this.clientSessionId = clientSessionId;
            return this;
        }

        public long clientSessionId()
        {
            return clientSessionId;
        }

        /** The last sequence the engine applied for the session, when continuing one; 0 for a new session. */
        public Context lastSequence(final long lastSequence)
        {
            this.lastSequence = lastSequence;
            return this;
        }

        public long lastSequence()
        {
            return lastSequence;
        }

        public Context maxUnacknowledged(final int maxUnacknowledged)
        {
            this.maxUnacknowledged = maxUnacknowledged;
            return this;
        }

        public int maxUnacknowledged()
        {
            return maxUnacknowledged;
        }

        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        public long connectTimeoutMs()
        {
            return connectTimeoutMs;
        }

        public Context outputListener(final OutputListener outputListener)
        {
            this.outputListener = outputListener;
            return this;
        }

        public OutputListener outputListener()
        {
            return outputListener;
        }

        public Context log(final Consumer<String> log)
        {
            this.log = log;
            return this;
        }

        public Consumer<String> log()
        {
            return log;
        }
    }
}
