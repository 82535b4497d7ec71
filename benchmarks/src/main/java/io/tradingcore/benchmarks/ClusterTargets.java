package io.tradingcore.benchmarks;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tradingcore.cluster.ClientCredentials;
import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.ClientCommandEncoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.pipeline.Ingress;
import io.tradingcore.pipeline.ThreadingLayout;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ClusterBenchmark} drives, each a {@link PolledLoad.Target} taking the same input, a real tick as an SBE
 * MarketTick wrapped in a {@code ClientCommand} with the client's session and the next sequence: the clustered engine
 * through {@link ClusterClient} (answered by its {@code ClientCommandDone}), the raw echo through a plain
 * {@link AeronCluster} (answered by the echo of the same bytes), and the single-process pipeline (answered by the
 * {@code ClientCommandDone} on its Aeron IPC publication).
 */
final class ClusterTargets
{
    private static final String CLIENT_NAME = "bench";
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private ClusterTargets()
    {
    }

    /** Encodes tick {@code index} (wrapping around the ticks) as a ClientCommand; returns its length. */
    private static int clientCommand(
        final EncodedTicks ticks, final long index, final long session, final ExpandableArrayBuffer buffer,
        final ClientCommandEncoder encoder, final MessageHeaderEncoder header)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .clientSessionId(session)
            .clientSequence(index + 1)
            .putCommand(ticks.buffer(), EncodedTicks.messageOffset((int)(index % ticks.count())),
                EncodedTicks.MESSAGE_LENGTH);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Sends the reference data through a client of session 1, as the platform does, and waits until the engine
     * acknowledged all of it (the first call also waits for the cluster's first election).
     */
    static void loadReferenceData(final ClusterLayout layout, final byte[] key, final ReferenceData reference)
    {
        try (ClusterClient client = ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(layout.ingressEndpoints())
            .clientName(CLIENT_NAME)
            .key(key)
            .clientSessionId(1)
            .log(line -> System.out.println("reference data client: " + line))))
        {
            for (final byte[] input : reference.inputs())
            {
                client.offer(new UnsafeBuffer(input), 0, input.length);
            }
            final BackoffIdleStrategy idle = new BackoffIdleStrategy();
            final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
            while (client.acknowledgedSequence() < client.lastSequence())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the cluster acknowledged " + client.acknowledgedSequence() +
                        " of " + client.lastSequence() + " reference data inputs in 60 s");
                }
                idle.idle(client.poll());
            }
        }
    }

    /** The clustered engine through the core's {@link ClusterClient}. */
    static final class Engine implements PolledLoad.Target, AutoCloseable
    {
        private final ClusterClient client;
        private final EncodedTicks ticks;

        Engine(final ClusterLayout layout, final byte[] key, final EncodedTicks ticks)
        {
            this.ticks = ticks;
            this.client = ClusterClient.launch(new ClusterClient.Context()
                .ingressEndpoints(layout.ingressEndpoints())
                .clientName(CLIENT_NAME)
                .key(key)
                .log(line -> System.out.println("bench client: " + line)));
        }

        ClusterClient client()
        {
            return client;
        }

        @Override
        public boolean offer(final long index)
        {
            return client.offer(ticks.buffer(), EncodedTicks.messageOffset((int)(index % ticks.count())),
                EncodedTicks.MESSAGE_LENGTH) != ClusterClient.FULL;
        }

        @Override
        public int poll()
        {
            return client.poll();
        }

        @Override
        public long answered()
        {
            return client.acknowledgedSequence();
        }

        @Override
        public void close()
        {
            client.close();
        }
    }

    /** The raw echo service through a plain {@link AeronCluster}, with its own driver set up as ClusterClient's. */
    static final class Echo implements PolledLoad.Target, EgressListener, AutoCloseable
    {
        private static final long SESSION = 2;
        private static final long KEEP_ALIVE_NS = TimeUnit.SECONDS.toNanos(1);

        private final EncodedTicks ticks;
        private final Path folder;
        private final MediaDriver driver;
        private final AeronCluster cluster;
        private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
        private final ClientCommandEncoder encoder = new ClientCommandEncoder();
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final ClientCommandDecoder echoed = new ClientCommandDecoder();
        private long answered;
        private long nextKeepAliveNs;

        Echo(final ClusterLayout layout, final byte[] key, final EncodedTicks ticks)
        {
            this.ticks = ticks;
            this.folder = TempDirectory.create("cluster-echo-client");
            this.driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(folder.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
            AeronCluster connected = null;
            while (null == connected)
            {
                try
                {
                    connected = AeronCluster.connect(new AeronCluster.Context()
                        .aeronDirectoryName(driver.aeronDirectoryName())
                        .ingressChannel("aeron:udp?term-length=1m")
                        .ingressEndpoints(layout.ingressEndpoints())
                        .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")
                        .egressListener(this)
                        .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                        .credentialsSupplier(ClientCredentials.supplier(CLIENT_NAME, key)));
                }
                catch (final RuntimeException ex)
                {
                    if (System.nanoTime() > deadline)
                    {
                        CloseHelper.quietClose(driver);
                        throw ex;
                    }
                    System.out.println("echo client: not connected yet: " + ex.getMessage());
                }
            }
            this.cluster = connected;
        }

        @Override
        public boolean offer(final long index)
        {
            final int length = clientCommand(ticks, index, SESSION, sendBuffer, encoder, headerEncoder);
            return cluster.offer(sendBuffer, 0, length) > 0;
        }

        @Override
        public int poll()
        {
            final long now = System.nanoTime();
            if (now - nextKeepAliveNs >= 0 && cluster.sendKeepAlive())
            {
                nextKeepAliveNs = now + KEEP_ALIVE_NS;
            }
            return cluster.pollEgress();
        }

        @Override
        public long answered()
        {
            return answered;
        }

        @Override
        public void onMessage(
            final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset,
            final int length, final Header header)
        {
            if (headerDecoder.wrap(buffer, offset).templateId() == ClientCommandDecoder.TEMPLATE_ID)
            {
                answered = Math.max(answered, echoed.wrapAndApplyHeader(buffer, offset, headerDecoder)
                    .clientSequence());
            }
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(cluster, driver);
            TempDirectory.delete(folder);
        }
    }

    /**
     * The single-process core as the Latency harness's pipeline runs it (SPLIT, backoff, journaling on, Aeron on,
     * no fsync), with the same reference data as the cluster and no venue (the cluster has none either); an Aeron
     * subscription on the core's IPC publication, polled by the load's thread, takes each ClientCommandDone.
     */
    static final class Pipeline implements PolledLoad.Target, AutoCloseable
    {
        private static final long SESSION = 3;

        private final EncodedTicks ticks;
        private final Path data;
        private final TradingCore core;
        private final Aeron aeron;
        private final Subscription subscription;
        private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
        private final ClientCommandEncoder encoder = new ClientCommandEncoder();
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final ClientCommandDoneDecoder done = new ClientCommandDoneDecoder();
        private final FragmentHandler handler = this::onFragment;
        private long answered;

        Pipeline(final EncodedTicks ticks, final ReferenceData reference) throws InterruptedException
        {
            this.ticks = ticks;
            this.data = TempDirectory.create("cluster-bench-pipeline");
            this.core = TradingCore.open(new TradingCore.Context()
                .dataDirectory(data)
                .referenceData(reference.inputs())
                .threadingLayout(ThreadingLayout.SPLIT)
                .idleStrategy("backoff")
                .aeronEnabled(true)
                .flushPolicy(FlushPolicy.NONE));
            core.start();
            this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
            this.subscription = aeron.addSubscription("aeron:ipc", TradingCore.Context.AERON_STREAM_ID_DEFAULT);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!subscription.isConnected())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("no Aeron connection to the core's publication");
                }
                Thread.sleep(1);
            }
        }

        @Override
        public boolean offer(final long index)
        {
            final int length = clientCommand(ticks, index, SESSION, sendBuffer, encoder, headerEncoder);
            return core.offer(sendBuffer, 0, length) == Ingress.OK;
        }

        @Override
        public int poll()
        {
            return subscription.poll(handler, 64);
        }

        @Override
        public long answered()
        {
            return answered;
        }

        private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (headerDecoder.wrap(buffer, offset).templateId() == ClientCommandDoneDecoder.TEMPLATE_ID)
            {
                done.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (done.clientSessionId() == SESSION)
                {
                    answered = Math.max(answered, done.clientSequence());
                }
            }
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(subscription, aeron, core);
            TempDirectory.delete(data);
        }
    }
}
