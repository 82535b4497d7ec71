package io.tradingcore.bridge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.ProtocolException;
import io.tradingcore.bridge.protocol.SymbolAnswer;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.pipeline.ComponentErrors;
import io.tradingcore.pipeline.CoreListener;
import io.tradingcore.pipeline.JournaledWatermark;
import io.tradingcore.pipeline.BridgeCounters;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MT5 bridge: a Netty TCP server that terminals dial into. Ticks and execution reports from a
 * terminal become core inputs; the core's routed orders go to the terminal of their account only.
 * <p>
 * Threads: every session, connection and piece of routing state lives on one Netty event loop
 * thread, so none of it needs a lock, and a slow terminal costs the others nothing because no write
 * ever blocks. The core's publisher thread, where {@link CoreListener} calls arrive, copies what the
 * bridge needs of an output into a pre-allocated queue for that thread ({@link PublisherHandOff}),
 * allocating nothing per order; when the queue is full it waits for the bridge's thread.
 * <pre>
 *  terminal --TICKS/EXECUTION--> TerminalConnection -> TerminalSession -> IngressPort -> core ingress
 *  core publisher --OrderRouted--> BridgeServer.onOutput -> PublisherHandOff
 *                   -> (event loop) TerminalSession.route -> terminal
 *  acks: JournaledWatermark (ingress position journaled) -> TerminalSession.journaledUpTo -> terminal
 * </pre>
 * In cluster mode ({@link #startClustered}) the core is an Aeron Cluster elsewhere: inputs go through a
 * {@link ClusterClient} the bridge's thread polls, a frame is acknowledged once the cluster acknowledged all it
 * carried, and the outputs the client receives are read on the bridge's thread by the same code as the publisher's
 * ({@link CoreInputs}; mt5-bridge/README.md, "In cluster mode").
 * Errors on the bridge's thread go to the context's error handler and are counted in its error counter.
 */
public final class BridgeServer implements CoreListener, AutoCloseable
{
    /** The missing value of primitive maps: zero is a real position, tick time or account. */
    static final long NONE = Long.MIN_VALUE;
    private static final int CAUSE_WINDOW = 1 << 16;
    /**
     * Ended orders whose executions are still taken, the most recent ones: a trade server may fill an order after the
     * terminal, or the bridge, gave up on it, and the core books that fill (mt5-bridge/README.md).
     */
    private static final int ENDED_ORDER_WINDOW = 65_536;
    private static final long ACK_PERIOD_US = 2_000;
    private static final long HOUSEKEEPING_PERIOD_US = 100_000;
    /** How often the bridge's thread polls the cluster client: its egress, keep-alive, reconnects and resends. */
    private static final long CLUSTER_POLL_PERIOD_US = 250;
    /** Polls of the cluster client per timer run while it finds work, so a burst of egress does not wait a period. */
    private static final int CLUSTER_POLLS_PER_RUN = 16;

    // What the publisher thread hands over: a message type and its layout in the hand-off queue.
    /**
     * An OrderRouted output as the core encoded it, after the time of the tick that caused it and its place among the
     * OrderRouted outputs of its input (where it is in the output journal).
     */
    private static final int ROUTED = 1;
    private static final int ROUTED_CAUSE_OFFSET = 0;
    private static final int ROUTED_INDEX_OFFSET = ROUTED_CAUSE_OFFSET + Long.BYTES;
    /** The engine's stamp on the cause tick (its sequencing, on the wall clock in a live run), for the latency. */
    private static final int ROUTED_STAMP_OFFSET = ROUTED_INDEX_OFFSET + Long.BYTES;
    private static final int ROUTED_MESSAGE_OFFSET = ROUTED_STAMP_OFFSET + Long.BYTES;
    /** A stamp further than this from the wall clock is the ticks' own time (a replay): no latency is counted. */
    private static final long LIVE_STAMP_WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    /** An account's net position in an instrument. */
    private static final int POSITION = 2;
    private static final int POSITION_ACCOUNT_OFFSET = 0;
    private static final int POSITION_NET_OFFSET = POSITION_ACCOUNT_OFFSET + Long.BYTES;
    private static final int POSITION_INSTRUMENT_OFFSET = POSITION_NET_OFFSET + Long.BYTES;
    private static final int POSITION_LENGTH = POSITION_INSTRUMENT_OFFSET + Integer.BYTES;
    /** An order that is done (filled, cancelled, expired, rejected): its id. */
    private static final int ORDER_DONE = 3;
    /** A DefineInstrument input as the core journaled it. */
    private static final int INSTRUMENT = 4;

    private final BridgeContext context;
    private final BridgeStats stats = new BridgeStats();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final InstrumentDirectory directory = new InstrumentDirectory();
    private final Long2ObjectHashMap<TerminalSession> sessions = new Long2ObjectHashMap<>();
    private final Set<TerminalConnection> connections = new HashSet<>();
    private final List<TerminalConnection> pausedReaders = new ArrayList<>();
    private final Long2LongHashMap routedOrderAccounts = new Long2LongHashMap(NONE);
    private final Long2LongHashMap endedOrderAccounts = new Long2LongHashMap(NONE);
    private final LongArrayQueue endedOrders = new LongArrayQueue(NONE);
    private final Long2ObjectHashMap<Long2LongHashMap> corePositions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap recoveredTickTimes = new Long2LongHashMap(NONE);
    private final UnsafeBuffer scratch;
    private final UnsafeBuffer inputScratch = new UnsafeBuffer(new byte[4096]);
    private final InputMessages inputs = new InputMessages();
    private final ErrorHandler errors;
    private final PublisherHandOff handOff;
    private final HandshakeLimiter handshakeLimiter;
    /** The tokens new handshakes are checked against: the context's, then each good version of the terminals file. */
    private TerminalCredentials credentials;

    // Bridge thread only: what the publisher handed over.
    private final MessageHeaderDecoder handedOverHeader = new MessageHeaderDecoder();
    private final OrderRoutedDecoder handedOverOrder = new OrderRoutedDecoder();
    private final DefineInstrumentDecoder handedOverInstrument = new DefineInstrumentDecoder();

    // Publisher thread only.
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final PositionUpdateDecoder position = new PositionUpdateDecoder();
    private final long[] causeSequences = new long[CAUSE_WINDOW];
    private final EpochNanoClock wallClock = new SystemEpochNanoClock();
    private final long[] causeTimes = new long[CAUSE_WINDOW];
    private final long[] causeStamps = new long[CAUSE_WINDOW];

    // Publisher thread only: numbers the OrderRouted outputs of each input, as a restart counts them in the journal.
    private long indexedInput = -1;
    private int nextRoutedIndex;

    private TradingCore core;
    private SessionStore store = SessionStore.unpersisted();
    /** The input of the last routed order handed over; from the start, the input after the recovered ones. */
    private long lastRoutedInput;
    private long storedRoutingFloor = SessionStore.NONE;
    private IngressPort ingressPort;
    private CoreInputs coreInputs;
    /** Cluster mode only, bridge thread only. */
    private ClusterClient clusterClient;
    /** Cluster mode: the input of the last output batch read; an older one is a repeat and skipped. */
    private long clusterOutputInput;
    /** Cluster mode: also told of each output, on the bridge's thread (the main job's tally). */
    private CoreListener[] clusterListeners = new CoreListener[0];
    private Channel serverChannel;
    private volatile int boundPort;

    /**
     * @param context the bridge's settings, not yet concluded: this concludes them, and the bridge closes what they
     *                made.
     */
    public BridgeServer(final BridgeContext context)
    {
        this.context = context.conclude();
        this.errors = ComponentErrors.counting(context.errorCounter(), context.errorHandler());
        this.scratch = new UnsafeBuffer(new byte[context.maxFrameBytes()]);
        try
        {
            this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mt5-bridge", true),
                NioIoHandler.newFactory());
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
        this.loop = group.next();
        this.credentials = context.credentials();
        this.handshakeLimiter = new HandshakeLimiter(context.maxFailedHandshakes(), context.failedHandshakeWindowMs(),
            context.failedHandshakeBlockMs(), context.nanoClock());
        this.handOff = new PublisherHandOff(context.handOffQueueBytes(), loop, this::onHandedOver, errors, stats,
            context.log());
        for (final CoreInstrument known : context.instruments())
        {
            directory.add(known);
        }
    }

    /**
     * Listens for terminals once the core runs. {@code recovered} is the core's state before it
     * started: its instruments, and its live orders, whose executions terminals may still report.
     */
    public BridgeServer start(final TradingCore core, final EngineStateReport recovered) throws InterruptedException
    {
        awaitStartInputs(core);
        this.core = core;
        store = SessionStore.open(core.dataDirectory().resolve("bridge").resolve("sessions.dat"), this::log);
        onLoop(() ->
        {
            coreInputs = new InProcessInputs(core);
            ingressPort = new IngressPort(coreInputs);
            for (final EngineStateReport.InstrumentLine line : recovered.instruments())
            {
                directory.add(new CoreInstrument(line.instrumentId(), line.symbol(), line.digits(), 0));
                recoveredTickTimes.put(line.instrumentId(), line.lastTickTimeMsc());
            }
            for (final EngineStateReport.OrderLine order : recovered.openOrders())
            {
                routedOrderAccounts.put(order.orderId(), order.accountId());
            }
            for (final EngineStateReport.PositionLine line : recovered.positions())
            {
                corePositionsOf(line.accountId()).put(line.instrumentId(), line.netQuantity());
            }
            // Orders the core routed after it started and before this: they wait in sessions made before the store
            // was open, which the restored ones replace, and follow the orders the store and journals give back.
            final List<RoutedOrder> early = new ArrayList<>();
            sessions.values().forEach(session -> session.takeWaiting(early));
            sessions.clear();
            new SessionRecovery(this, core, recovered).restore(store);
            lastRoutedInput = recovered.lastSequence() + 1;
            early.forEach(this::route);
            storeRoutingFloor();
        });
        return listen();
    }

    /**
     * Cluster mode: listens for terminals and offers their inputs to a clustered core through a cluster client made
     * from {@code clientContext} (its output listener is the bridge's), which the bridge's thread polls and the bridge
     * closes. There is no session store and no recovery from journals here: the bridge starts with empty routing
     * state (mt5-bridge/README.md, "In cluster mode"). The instruments are the context's, from the reference data.
     *
     * @param listeners told of each output too ({@link CoreListener#onOutput} only: inputs are not on the egress), on
     *                  the bridge's thread.
     */
    public BridgeServer startClustered(final ClusterClient.Context clientContext, final CoreListener... listeners)
        throws InterruptedException
    {
        clusterListeners = listeners.clone();
        final ClusterClient client;
        try
        {
            client = ClusterClient.launch(clientContext.outputListener(this::onClusterOutputs));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        try
        {
            onLoop(() ->
            {
                clusterClient = client;
                coreInputs = new ClusterInputs(client);
                ingressPort = new IngressPort(coreInputs);
                lastRoutedInput = 0;
            });
            loop.scheduleAtFixedRate(guarded(this::pollCluster), 0, CLUSTER_POLL_PERIOD_US, TimeUnit.MICROSECONDS);
            return listen();
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            if (clusterClient != client)
            {
                CloseHelper.quietClose(client);
            }
            close();
            throw ex;
        }
    }

    private BridgeServer listen() throws InterruptedException
    {
        serverChannel = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            // Unwritable past the outbound limit: the terminal stopped reading and is cut off (SLOW_CONSUMER).
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(context.outboundLimitBytes() / 2, context.outboundLimitBytes()))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    final InetAddress remote = channel.remoteAddress().getAddress();
                    // Refused before a byte is read or a TLS handshake is spent on it.
                    if (handshakeLimiter.isBlocked(remote))
                    {
                        stats.connectionsRefused++;
                        channel.close();
                        return;
                    }
                    final SslContext tls = context.sslContext();
                    final TerminalConnection connection = new TerminalConnection(BridgeServer.this, remote,
                        null != tls);
                    connections.add(connection);
                    if (null != tls)
                    {
                        final SslHandler handler = tls.newHandler(channel.alloc());
                        handler.setHandshakeTimeoutMillis(context.handshakeTimeoutMs());
                        channel.pipeline().addLast(handler);
                    }
                    channel.pipeline().addLast(connection);
                }
            })
            .bind(new InetSocketAddress(context.host(), context.port()))
            .sync()
            .channel();
        boundPort = ((InetSocketAddress)serverChannel.localAddress()).getPort();
        loop.scheduleAtFixedRate(guarded(this::flushAcks), ACK_PERIOD_US, ACK_PERIOD_US, TimeUnit.MICROSECONDS);
        // A timer as slow as the heartbeat interval would find a heartbeat just short of due and send it one tick
        // late, every other tick; a quarter of the interval keeps heartbeats at most a quarter late.
        final long housekeepingUs = Math.max(1_000, Math.min(HOUSEKEEPING_PERIOD_US,
            context.heartbeatIntervalMs() * 1_000L / 4));
        loop.scheduleAtFixedRate(guarded(this::housekeeping), housekeepingUs, housekeepingUs, TimeUnit.MICROSECONDS);
        if (null != context.watchedTerminals() && context.terminalsReloadIntervalMs() > 0)
        {
            loop.scheduleAtFixedRate(guarded(this::reloadTerminals), context.terminalsReloadIntervalMs(),
                context.terminalsReloadIntervalMs(), TimeUnit.MILLISECONDS);
        }
        log("listening on " + context.host() + ":" + boundPort + (null != context.sslContext() ? " with TLS" :
            " in plaintext") + " (terminals: " + context.credentials().source() + ")");
        return this;
    }

    /**
     * Waits until the core has processed what was offered before the bridge started (the reference
     * data of a new data folder), so that its DefineInstrument inputs have reached this listener
     * and a terminal dialling in at once finds its symbols.
     */
    private void awaitStartInputs(final TradingCore core) throws InterruptedException
    {
        final long target = core.ingress().producerPosition();
        final JournaledWatermark startInputs = new JournaledWatermark(core);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (startInputs.poll() < target)
        {
            core.checkHealthy();
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the core did not process its start inputs within 30 s");
            }
            Thread.sleep(1);
        }
    }

    /** Cluster mode: what the cluster client offered, what the cluster acknowledged, its sessions and resends. */
    public ClusterLink clusterLink()
    {
        return call(() -> null == clusterClient ? null : new ClusterLink(clusterClient.clientSessionId(),
            clusterClient.lastSequence(), clusterClient.acknowledgedSequence(), clusterClient.connects(),
            clusterClient.resends(), clusterClient.isConnected(), clusterClient.leaderMemberId(),
            ingressPort.backedUp()));
    }

    /** The port listened on (the chosen one when the context said 0). */
    public int port()
    {
        return boundPort;
    }

    public BridgeStats stats()
    {
        return stats;
    }

    public BridgeContext context()
    {
        return context;
    }

    /** A snapshot of every account's link, taken on the bridge's thread. */
    public List<TerminalStatus> terminals()
    {
        return call(() ->
        {
            final List<TerminalStatus> list = new ArrayList<>();
            sessions.values().forEach(session -> list.add(new TerminalStatus(session.tenantId(), session.accountId(),
                session.terminalId(), session.connected(), session.waitingOrders(), session.unacknowledgedOrders(),
                session.positionMismatch(), session.lastSnapshot())));
            list.sort(Comparator.comparingLong(TerminalStatus::accountId));
            return list;
        });
    }

    // ---------------------------------------------------------------- from connections (bridge thread)

    TerminalSession onHello(final TerminalConnection connection, final Hello hello)
    {
        if (hello.protocolVersion() != Frame.PROTOCOL_VERSION)
        {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + hello.protocolVersion() +
                " is not supported; this bridge speaks version " + Frame.PROTOCOL_VERSION);
        }
        if (!credentials.allows(hello.token(), hello.tenantId(), hello.accountId()))
        {
            throw new ProtocolException(ErrorCode.AUTHENTICATION_FAILED, "the token does not allow tenant " +
                hello.tenantId() + " account " + hello.accountId());
        }
        TerminalSession session = sessions.get(hello.accountId());
        if (session != null && session.tenantId() != hello.tenantId())
        {
            throw new ProtocolException(ErrorCode.AUTHENTICATION_FAILED, "account " + hello.accountId() +
                " is not in tenant " + hello.tenantId());
        }
        if (session != null && session.connected())
        {
            if (!hello.terminalId().equals(session.terminalId()))
            {
                throw new ProtocolException(ErrorCode.ACCOUNT_IN_USE, "account " + hello.accountId() +
                    " is served by terminal " + session.terminalId());
            }
            final TerminalConnection older = session.connection();
            session.detach(older);
            older.fail(ErrorCode.SESSION_REPLACED, "terminal " + hello.terminalId() + " connected again");
        }
        if (session == null)
        {
            session = newSession(hello.tenantId(), hello.accountId());
        }
        final List<SymbolAnswer> answers = new ArrayList<>(hello.symbols().size());
        for (final TerminalSymbol symbol : hello.symbols())
        {
            final InstrumentDirectory.Match match = directory.match(symbol);
            answers.add(new SymbolAnswer(match.instrumentId(), match.note()));
            if (match.instrumentId() == 0)
            {
                log("terminal " + hello.terminalId() + ": symbol " + symbol.brokerSymbol() + " refused: " +
                    match.note());
            }
        }
        stats.handshakes++;
        log("terminal " + hello.terminalId() + " connected for tenant " + hello.tenantId() + " account " +
            hello.accountId() + " from " + connection.describe() + " (" + hello + ")");
        session.attach(connection, hello, answers);
        return session;
    }

    /**
     * A connection ended before a session; its address is refused for a while once it has failed too often, which is
     * said once per block.
     */
    void onHandshakeFailed(final InetAddress remote)
    {
        stats.handshakesFailed++;
        if (handshakeLimiter.onFailure(remote))
        {
            stats.addressesBlocked++;
            log("refusing connections from " + remote.getHostAddress() + " for " + context.failedHandshakeBlockMs() +
                " ms: " + context.maxFailedHandshakes() + " failed handshakes within " +
                context.failedHandshakeWindowMs() + " ms");
        }
    }

    /**
     * Applies a changed terminals file to new handshakes and ends the sessions whose token it no longer allows; a
     * file that cannot be used leaves the tokens as they were.
     */
    private void reloadTerminals()
    {
        final TerminalsFile file = context.watchedTerminals();
        final TerminalCredentials reloaded;
        try
        {
            reloaded = file.reloadIfChanged();
            if (null == reloaded)
            {
                return;
            }
            context.checkTokens(reloaded);
        }
        catch (final IllegalArgumentException | IllegalStateException | UncheckedIOException ex)
        {
            // Said before it is counted: whoever sees the count also finds the line.
            log("terminals file " + file.path() + " not reloaded, the tokens stay as they were: " + ex.getMessage());
            stats.terminalsReloadsRefused++;
            return;
        }
        credentials = reloaded;
        stats.terminalsReloads++;
        log("terminals file " + file.path() + " reloaded: new handshakes use its tokens");
        for (final TerminalConnection connection : new ArrayList<>(connections))
        {
            connection.recheckToken(reloaded);
        }
    }

    void onDisconnected(final TerminalConnection connection, final TerminalSession session)
    {
        connections.remove(connection);
        pausedReaders.remove(connection);
        if (session != null && session.connection() == connection)
        {
            session.detach(connection);
            log("terminal " + session.terminalId() + " (account " + session.accountId() + ") disconnected; " +
                session.unacknowledgedOrders() + " orders unacknowledged, " + session.waitingOrders() + " waiting");
        }
    }

    boolean offerTick(final int instrumentId, final long timeMsc, final long bid, final long ask, final long last,
        final long volume, final int flags)
    {
        final int length = inputs.marketTick(inputScratch, 0, instrumentId, timeMsc, bid, ask, last, volume, flags);
        return ingressPort.offer(inputScratch, 0, length);
    }

    boolean offerExecution(final long orderId, final ExecType execType, final long venueOrderId, final long dealId,
        final long lastQuantity, final long lastPrice, final long commission, final int venueCode, final String text)
    {
        final int length = inputs.executionReport(inputScratch, 0, orderId, execType, venueOrderId, dealId,
            lastQuantity, lastPrice, commission, venueCode, text);
        return ingressPort.offer(inputScratch, 0, length);
    }

    /** A session of an account the bridge has not served before, stored before anything else of it is. */
    TerminalSession newSession(final int tenantId, final long accountId)
    {
        final TerminalSession session = new TerminalSession(this, tenantId, accountId);
        addSession(session);
        session.persist();
        return session;
    }

    void addSession(final TerminalSession session)
    {
        sessions.put(session.accountId(), session);
    }

    TerminalSession session(final long accountId)
    {
        return sessions.get(accountId);
    }

    SessionStore store()
    {
        return store;
    }

    /** The core's last sequence given to an input: anything offered after this call is journaled above it. */
    long lastSequenced()
    {
        return null == core ? 0 : core.lastSequenced();
    }

    /**
     * Stores where a restart must start looking for routed orders that were never written: at the oldest order
     * waiting for a terminal, or at the input of the last order handed over (its batch may hold more). Stored lazily,
     * which is safe: the floor only moves up, except when orders go back to waiting, which lower it at once.
     */
    private void storeRoutingFloor()
    {
        long floor = lastRoutedInput;
        for (final TerminalSession session : sessions.values())
        {
            floor = Math.min(floor, session.oldestWaitingInput());
        }
        if (floor != storedRoutingFloor)
        {
            store.putRoutingFloor(floor);
            storedRoutingFloor = floor;
        }
    }

    /** Orders at this input went back to waiting: a restart must look for them from there. */
    void lowerRoutingFloor(final long inputSequence)
    {
        if (inputSequence < storedRoutingFloor)
        {
            store.putRoutingFloor(inputSequence);
            storedRoutingFloor = inputSequence;
        }
    }

    /**
     * True when the core routed order {@code orderId} to {@code accountId}'s terminal and it is live, or ended among
     * the last {@value #ENDED_ORDER_WINDOW}: an execution for it goes to the core, which books a late fill.
     */
    boolean routedTo(final long orderId, final long accountId)
    {
        return routedOrderAccounts.get(orderId) == accountId || endedOrderAccounts.get(orderId) == accountId;
    }

    /** True while order {@code orderId} is live at the core: routed and not yet ended. */
    boolean isLive(final long orderId)
    {
        return routedOrderAccounts.containsKey(orderId);
    }

    /** The core's order ended: its executions are still taken for a while, as its late fills are booked. */
    private void onOrderDone(final long orderId)
    {
        final long accountId = routedOrderAccounts.remove(orderId);
        if (accountId != NONE && endedOrderAccounts.put(orderId, accountId) == NONE)
        {
            endedOrders.addLong(orderId);
            if (endedOrders.size() > ENDED_ORDER_WINDOW)
            {
                endedOrderAccounts.remove(endedOrders.pollLong());
            }
        }
    }

    /**
     * Tells the core, as a journaled input, that {@code accountId}'s terminal holds {@code terminalQuantity} of an
     * instrument where the core holds {@code coreQuantity}; the setting decides whether the core also halts the
     * account.
     */
    void reportPositionMismatch(final int tenantId, final long accountId, final int instrumentId,
        final long terminalQuantity, final long coreQuantity)
    {
        final boolean halt = context.positionMismatch() == PositionMismatchAction.HALT;
        stats.positionMismatches++;
        log("account " + accountId + ": its terminal holds " + FixedPoint.formatQuantity(terminalQuantity) +
            " lots of instrument " + instrumentId + ", the core " + FixedPoint.formatQuantity(coreQuantity) +
            (halt ? ": the core alerts and halts the account" : ": the core alerts"));
        final int length = inputs.positionMismatch(inputScratch, 0, tenantId, accountId, instrumentId,
            terminalQuantity, coreQuantity, halt);
        ingressPort.offer(inputScratch, 0, length);
    }

    /** Answers an order that never reached a terminal inside the core, so it ends cleanly in the journal. */
    void expire(final OutboundOrder outbound, final String reason)
    {
        stats.ordersExpired++;
        final String text = "undelivered: " + reason;
        log("order " + outbound.order.orderId() + " (" + actionName(outbound.order.action()) + ") " + text);
        offerExecution(outbound.order.orderId(), ExecType.REJECTED, 0, 0, 0, 0, 0, 0, text);
    }

    private static String actionName(final int action)
    {
        return action == Frame.ACTION_NEW ? "new" : action == Frame.ACTION_CANCEL ? "cancel" : "modify";
    }

    /**
     * The earliest tick time a new session may send for an instrument: after a restart, a terminal
     * replaying from before the journal's last tick of it must not repeat what is journaled.
     */
    long firstNewTickTime(final int instrumentId)
    {
        final long recovered = recoveredTickTimes.get(instrumentId);
        return recovered == NONE || recovered == 0 ? 0 : recovered + 1;
    }

    Long2LongHashMap corePositionsOf(final long accountId)
    {
        return corePositions.computeIfAbsent(accountId, id -> new Long2LongHashMap(NONE));
    }

    IngressPort ingressPort()
    {
        return ingressPort;
    }

    UnsafeBuffer scratch()
    {
        return scratch;
    }

    void resumeWhenDrained(final TerminalConnection connection)
    {
        if (!pausedReaders.contains(connection))
        {
            pausedReaders.add(connection);
        }
    }

    void log(final String line)
    {
        context.log().accept(line);
    }

    /** An error on the bridge's thread: to the context's error handler, counted. */
    void onError(final Throwable error)
    {
        errors.onError(error);
    }

    /** A timer's task that reports its errors instead of dying of them: Netty cancels a periodic task that throws. */
    private Runnable guarded(final Runnable task)
    {
        return () ->
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                errors.onError(ex);
            }
        };
    }

    private void flushAcks()
    {
        if (ingressPort.backedUp() && ingressPort.drain())
        {
            pausedReaders.forEach(TerminalConnection::resumeReading);
            pausedReaders.clear();
        }
        final long journaled = coreInputs.durablePosition();
        final long now = System.nanoTime();
        sessions.values().forEach(session -> session.journaledUpTo(journaled, now));
    }

    private void housekeeping()
    {
        final BridgeCounters counters = core == null ? null : core.bridgeCounters();
        if (counters != null)
        {
            counters.alive(sessions.size());
        }
        final long now = System.nanoTime();
        for (final TerminalConnection connection : new ArrayList<>(connections))
        {
            connection.housekeeping(now);
        }
        final long timeoutNs = context.orderTimeoutMs() * 1_000_000L;
        sessions.values().forEach(session -> session.expireWaiting(now, timeoutNs));
        handshakeLimiter.forgetExpired();
        storeRoutingFloor();
    }

    // ---------------------------------------------------------------- from the cluster (bridge thread)

    private void pollCluster()
    {
        for (int i = 0; i < CLUSTER_POLLS_PER_RUN && clusterClient.poll() > 0; i++)
        {
            continue;
        }
    }

    /**
     * One input's outputs as the cluster's egress brings them (the output journal's entry: input sequence, then each
     * message after its length), on the bridge's thread. Each message goes to {@link #onOutput}, and what that hands
     * over is read at once: the queue never holds more than one message, so it cannot fill while its reader is the
     * writer. Inputs are not on the egress: routed orders carry no cause tick time, and the instruments are the
     * context's.
     */
    private void onClusterOutputs(final long inputSequence, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (inputSequence < clusterOutputInput)
        {
            return;
        }
        clusterOutputInput = inputSequence;
        final int end = offset + length;
        for (int at = offset + OutputJournalWriter.HEADER_LENGTH; at + Integer.BYTES <= end; )
        {
            final int messageLength = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final int message = at + Integer.BYTES;
            if (messageLength < MessageHeaderDecoder.ENCODED_LENGTH || message + messageLength > end)
            {
                throw new IllegalStateException("output batch of input " + inputSequence + " is malformed at byte " +
                    (at - offset) + " of " + length);
            }
            onOutput(inputSequence, buffer, message, messageLength);
            handOff.drain();
            for (final CoreListener listener : clusterListeners)
            {
                listener.onOutput(inputSequence, buffer, message, messageLength);
            }
            at = message + messageLength;
        }
    }

    // ---------------------------------------------------------------- from the core (publisher thread)

    @Override
    public void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        header.wrap(buffer, offset);
        final int template = header.templateId();
        if (template == MarketTickDecoder.TEMPLATE_ID)
        {
            tick.wrapAndApplyHeader(buffer, offset, header);
            final int slot = (int)(sequence & (CAUSE_WINDOW - 1));
            causeSequences[slot] = sequence;
            causeTimes[slot] = tick.timeMsc();
            causeStamps[slot] = timeNs;
        }
        else if (template == DefineInstrumentDecoder.TEMPLATE_ID)
        {
            // Through the queue, not a task of its own, so that it reaches the loop in order with the outputs.
            final int index = handOff.claim(INSTRUMENT, length);
            if (index >= 0)
            {
                handOff.buffer().putBytes(index, buffer, offset, length);
                handOff.commit(index);
            }
        }
    }

    @Override
    public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case OrderRoutedDecoder.TEMPLATE_ID:
                onRouted(inputSequence, buffer, offset, length);
                break;
            case FillDecoder.TEMPLATE_ID:
                fill.wrapAndApplyHeader(buffer, offset, header);
                if (fill.leavesQuantity() == 0)
                {
                    forget(fill.orderId());
                }
                break;
            case OrderStatusChangedDecoder.TEMPLATE_ID:
                statusChanged.wrapAndApplyHeader(buffer, offset, header);
                final OrderStatus status = statusChanged.status();
                if (status == OrderStatus.CANCELLED || status == OrderStatus.EXPIRED || status == OrderStatus.FILLED ||
                    status == OrderStatus.REJECTED)
                {
                    forget(statusChanged.orderId());
                }
                break;
            case OrderRejectedDecoder.TEMPLATE_ID:
                rejected.wrapAndApplyHeader(buffer, offset, header);
                if (rejected.orderId() != 0)
                {
                    forget(rejected.orderId());
                }
                break;
            case PositionUpdateDecoder.TEMPLATE_ID:
                position.wrapAndApplyHeader(buffer, offset, header);
                onPosition(position.accountId(), position.instrumentId(), position.netQuantity());
                break;
            default:
                break;
        }
    }

    private void onRouted(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final int slot = (int)(inputSequence & (CAUSE_WINDOW - 1));
        final long cause = causeSequences[slot] == inputSequence ? causeTimes[slot] : 0;
        final long stamp = causeSequences[slot] == inputSequence ? causeStamps[slot] : 0;
        if (inputSequence != indexedInput)
        {
            indexedInput = inputSequence;
            nextRoutedIndex = 0;
        }
        final int routedIndex = nextRoutedIndex++;
        final int index = handOff.claim(ROUTED, ROUTED_MESSAGE_OFFSET + length);
        if (index >= 0)
        {
            final AtomicBuffer queue = handOff.buffer();
            queue.putLong(index + ROUTED_CAUSE_OFFSET, cause);
            queue.putInt(index + ROUTED_INDEX_OFFSET, routedIndex);
            queue.putLong(index + ROUTED_STAMP_OFFSET, stamp);
            queue.putBytes(index + ROUTED_MESSAGE_OFFSET, buffer, offset, length);
            handOff.commit(index);
        }
    }

    private void onPosition(final long accountId, final int instrumentId, final long netQuantity)
    {
        final int index = handOff.claim(POSITION, POSITION_LENGTH);
        if (index >= 0)
        {
            final AtomicBuffer queue = handOff.buffer();
            queue.putLong(index + POSITION_ACCOUNT_OFFSET, accountId);
            queue.putLong(index + POSITION_NET_OFFSET, netQuantity);
            queue.putInt(index + POSITION_INSTRUMENT_OFFSET, instrumentId);
            handOff.commit(index);
        }
    }

    private void forget(final long orderId)
    {
        final int index = handOff.claim(ORDER_DONE, Long.BYTES);
        if (index >= 0)
        {
            handOff.buffer().putLong(index, orderId);
            handOff.commit(index);
        }
    }

    // ---------------------------------------------------------------- handed over by the publisher (bridge thread)

    private void onHandedOver(
        final int messageType, final MutableDirectBuffer buffer, final int index, final int length)
    {
        switch (messageType)
        {
            case ROUTED -> routeHandedOver(buffer, index);
            case POSITION -> corePositionsOf(buffer.getLong(index + POSITION_ACCOUNT_OFFSET))
                .put(buffer.getInt(index + POSITION_INSTRUMENT_OFFSET), buffer.getLong(index + POSITION_NET_OFFSET));
            case ORDER_DONE -> onOrderDone(buffer.getLong(index));
            case INSTRUMENT ->
            {
                final DefineInstrumentDecoder defined =
                    handedOverInstrument.wrapAndApplyHeader(buffer, index, handedOverHeader);
                directory.add(new CoreInstrument(defined.instrumentId(), defined.symbol().trim(), defined.digits(),
                    defined.contractSize()));
            }
            default -> throw new IllegalStateException(
                "unknown message type " + messageType + " in the hand-off queue");
        }
    }

    private void routeHandedOver(final DirectBuffer buffer, final int index)
    {
        final OrderRoutedDecoder routed =
            handedOverOrder.wrapAndApplyHeader(buffer, index + ROUTED_MESSAGE_OFFSET, handedOverHeader);
        final RoutedOrder order = routedOrder(routed, buffer.getInt(index + ROUTED_INDEX_OFFSET),
            buffer.getLong(index + ROUTED_CAUSE_OFFSET));
        lastRoutedInput = order.inputSequence();
        route(order);
        final long stamp = buffer.getLong(index + ROUTED_STAMP_OFFSET);
        final BridgeCounters counters = core == null ? null : core.bridgeCounters();
        if (stamp != 0 && counters != null)
        {
            final long latencyNs = wallClock.nanoTime() - stamp;
            if (latencyNs >= 0 && latencyNs < LIVE_STAMP_WINDOW_NS)
            {
                counters.tickToOrder(latencyNs);
            }
        }
    }

    static RoutedOrder routedOrder(final OrderRoutedDecoder routed, final int routedIndex, final long causeTickTimeMsc)
    {
        return new RoutedOrder(routed.inputSequence(), routedIndex, routed.orderId(), routed.clientOrderId(),
            routed.tenantId(), routed.accountId(), routed.instrumentId(), routed.action().value(),
            routed.side().value(), routed.orderType().value(), routed.timeInForce().value(), routed.quantity(),
            routed.price(), routed.stopPrice(), routed.expiryTimeNs(), routed.venueOrderId(), causeTickTimeMsc);
    }

    /** Sends a routed order to its account's terminal, or keeps it until the terminal connects. */
    void route(final RoutedOrder order)
    {
        stats.ordersRouted++;
        routedOrderAccounts.put(order.orderId(), order.accountId());
        TerminalSession session = sessions.get(order.accountId());
        if (session == null)
        {
            session = newSession(order.tenantId(), order.accountId());
        }
        session.route(order, System.nanoTime());
    }

    /** The queue from the core's publisher thread: tests put in it what the core never would. */
    PublisherHandOff handOff()
    {
        return handOff;
    }

    /** The bridge's thread: tests look at its state there, or hold it up to fill the hand-off queue. */
    EventLoop loop()
    {
        return loop;
    }

    // ---------------------------------------------------------------- life cycle

    /** Tells every terminal the bridge is stopping, then closes. */
    @Override
    public void close()
    {
        handOff.close();
        if (!group.isShuttingDown())
        {
            try
            {
                onLoop(() ->
                {
                    for (final TerminalConnection connection : new ArrayList<>(connections))
                    {
                        connection.fail(ErrorCode.SHUTTING_DOWN, "the bridge is stopping");
                    }
                });
                if (serverChannel != null)
                {
                    serverChannel.close().await(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            // The loop is done, so no thread uses the client any more.
            CloseHelper.quietClose(clusterClient);
            store.close();
            context.close();
        }
    }

    private void onLoop(final Runnable task) throws InterruptedException
    {
        call(() ->
        {
            task.run();
            return null;
        });
    }

    private <T> T call(final Callable<T> task)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                result.complete(task.call());
            }
            catch (final Exception ex)
            {
                result.completeExceptionally(ex);
            }
        });
        try
        {
            return result.get(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the bridge thread", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("bridge thread: " + ex, ex);
        }
    }
}
