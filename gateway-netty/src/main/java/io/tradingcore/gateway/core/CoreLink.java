package io.tradingcore.gateway.core;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.projections.Projection;
import io.tradingcore.projections.ProjectionState;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's two threads towards the core. {@code gateway-view} follows the core's journals and then its live
 * stream with the projections' runtime into the {@link GatewayView}; {@code gateway-commands} sends commands through
 * {@link CoreCommands}, and each command's future completes with what the engine answered: when the view sees the
 * engine's {@code ClientCommandDone} for it, or (in cluster mode) when the cluster's egress brings it, whichever is
 * first.
 *
 * <p>Two ways to the core. The single-process core: commands through its command ingress ({@link IngressCommands}),
 * the view on its journals and live stream. The clustered core: commands through the cluster ({@link ClusterCommands}),
 * answered from its egress, and the view on one member's journals ({@code DATA/cluster/node-N}), tailed: a member
 * publishes no live stream, so the view never goes {@code LIVE} there and {@link #live()} means read to the journals'
 * end.
 *
 * <p>The client session is new for each gateway process (a random id): within it, commands the core has not
 * acknowledged are resent after a reconnect (or a new leader) and the engine applies each once. A command that waits
 * longer than the timeout is answered 503 to its caller but stays queued: it is applied, once, when the core is back.
 */
public final class CoreLink implements GatewayView.Listener, AutoCloseable
{
    /** The most commands waiting for the engine; one more is answered 503 at once. */
    public static final int MAX_UNACKNOWLEDGED = 4096;

    private record Request(byte[] command, CompletableFuture<CommandResult> answer)
    {
    }

    private final GatewayView view = new GatewayView(this);
    private final Projection projection;
    private final CoreCommands client;
    private final boolean followsJournalsOnly;
    private final long commandTimeoutMs;
    private final ManyToOneConcurrentArrayQueue<Request> requests = new ManyToOneConcurrentArrayQueue<>(8192);
    private final Map<Long, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final Thread viewThread;
    private final Thread commandThread;
    private volatile GatewayView.Listener streamListener;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    /**
     * The link to the single-process core.
     *
     * @param dataDirectory     the core's data folder (its journals, and {@code aeron/} unless {@code aeronDirectory}).
     * @param aeronDirectory    the core's media driver's directory.
     * @param ingressChannel    the core's command ingress channel and stream, and its response channel and stream.
     * @param clientKeyFile     this gateway's ingress key, issued into the core's clients file on first use.
     * @param commandTimeoutMs  how long a caller waits for the engine's answer.
     */
    public CoreLink(
        final Path dataDirectory, final Path aeronDirectory, final String ingressChannel, final int ingressStreamId,
        final String responseChannel, final int responseStreamId, final Path clientsFile, final Path clientKeyFile,
        final long commandTimeoutMs, final PrintStream log)
    {
        this(dataDirectory, aeronDirectory, session -> new IngressCommands(aeronDirectory, ingressChannel,
            ingressStreamId, responseChannel, responseStreamId, clientsFile, clientKeyFile, session,
            MAX_UNACKNOWLEDGED, log), false, commandTimeoutMs, log);
    }

    /**
     * The link to the clustered core: commands through the cluster, the view on one member's journals.
     *
     * @param memberDirectory   the followed member's folder, {@code DATA/cluster/node-N}.
     * @param hosts             the members' hosts, comma-separated, in member order.
     * @param basePort          the cluster's first port.
     * @param clientsFile       the cluster's clients file, {@code DATA/cluster/ingress-clients} by default.
     * @param clientKeyFile     this gateway's key, issued into the clients file on first use.
     * @param commandTimeoutMs  how long a caller waits for the engine's answer.
     */
    public static CoreLink clustered(
        final Path memberDirectory, final String hosts, final int basePort, final Path clientsFile,
        final Path clientKeyFile, final long commandTimeoutMs, final PrintStream log)
    {
        // No aeron/ in a member's folder: the view tails the member's journals and never looks for a live stream.
        return new CoreLink(memberDirectory, memberDirectory.resolve("aeron"), session -> new ClusterCommands(hosts,
            basePort, clientsFile, clientKeyFile, session, MAX_UNACKNOWLEDGED, log), true, commandTimeoutMs, log);
    }

    private CoreLink(
        final Path dataDirectory, final Path aeronDirectory, final Function<Long, CoreCommands> commands,
        final boolean followsJournalsOnly, final long commandTimeoutMs, final PrintStream log)
    {
        this.commandTimeoutMs = commandTimeoutMs;
        this.followsJournalsOnly = followsJournalsOnly;
        final long session = 1 + (new SecureRandom().nextLong() >>> 2);
        client = commands.apply(session);
        projection = new Projection(view, new Projection.Context()
            .dataDirectory(dataDirectory)
            .aeronDirectory(aeronDirectory)
            .lingerMs(0)
            .maxIdleUs(100)
            .progress((applied, journalEnd) -> caughtUp = applied >= journalEnd)
            .log(log));
        viewThread = new Thread(() -> projection.run(() -> running), "gateway-view");
        commandThread = new Thread(this::sendCommands, "gateway-commands");
        viewThread.setDaemon(true);
        commandThread.setDaemon(true);
        viewThread.start();
        commandThread.start();
    }

    /** The view of the core. */
    public GatewayView view()
    {
        return view;
    }

    /** Where the view's events go next (the stream). */
    public void streamListener(final GatewayView.Listener listener)
    {
        this.streamListener = listener;
    }

    /**
     * True once the view follows the live stream (it has read the journals to their end); in cluster mode, where it
     * tails a member's journals, once it has read them to their end (as of its last status, every 100 ms).
     */
    public boolean live()
    {
        final ProjectionState state = projection.state();
        return state == ProjectionState.LIVE ||
            (followsJournalsOnly && state == ProjectionState.CATCHING_UP && caughtUp);
    }

    /** True when the core is the cluster. */
    public boolean clustered()
    {
        return client.clustered();
    }

    /** The cluster member leading as last heard; -1 before the first session, and for the single-process core. */
    public int leaderMemberId()
    {
        return client.leaderMemberId();
    }

    /** The view's state: starting, catching up, live. */
    public ProjectionState viewState()
    {
        return projection.state();
    }

    /** True while the command session with the core is open. */
    public boolean commandsOpen()
    {
        return client.isOpen();
    }

    /** How many times the command session was opened: once, plus once per reconnect to the core. */
    public long commandSessionOpens()
    {
        return client.opens();
    }

    /**
     * Sends a command (an SBE message, header included) and answers the engine's result.
     *
     * @return completes with the result, or with a 503 {@link ApiException} when the core does not answer in time or
     *         too many commands wait.
     */
    public CompletableFuture<CommandResult> submit(final byte[] command)
    {
        final CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        if (!requests.offer(new Request(command, answer)))
        {
            answer.completeExceptionally(ApiException.unavailable("too many commands wait for the core"));
            return answer;
        }
        return answer.orTimeout(commandTimeoutMs, TimeUnit.MILLISECONDS).exceptionallyCompose(failure ->
            CompletableFuture.failedFuture(failure instanceof java.util.concurrent.TimeoutException ?
            ApiException.unavailable("the core has not answered within " + commandTimeoutMs + " ms" +
                (client.isOpen() ? "" : " (it is not connected)") +
                "; the command stays queued and is applied once when the core is back") : failure));
    }

    private void sendCommands()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100));
        while (running)
        {
            int work = 0;
            Request request;
            while ((request = requests.poll()) != null)
            {
                final long sequence = client.nextSequence();
                waiting.put(sequence, request.answer());
                if (!client.offer(new UnsafeBuffer(request.command()), 0, request.command().length))
                {
                    waiting.remove(sequence);
                    request.answer().completeExceptionally(ApiException.unavailable(
                        MAX_UNACKNOWLEDGED + " commands wait for the core already"));
                }
                work++;
            }
            work += client.poll(acknowledged.get(), this::answer);
            idle.idle(work);
        }
        client.close();
    }

    @Override
    public void onEvent(final int tenantId, final long sequence, final int index, final Map<String, Object> json)
    {
        final GatewayView.Listener listener = streamListener;
        if (listener != null)
        {
            listener.onEvent(tenantId, sequence, index, json);
        }
    }

    @Override
    public void onQuote(final Instrument instrument, final long bid, final long ask, final long timeMs)
    {
        final GatewayView.Listener listener = streamListener;
        if (listener != null)
        {
            listener.onQuote(instrument, bid, ask, timeMs);
        }
    }

    @Override
    public void onCommandDone(final long clientSessionId, final long clientSequence, final CommandResult result)
    {
        if (clientSessionId != client.clientSessionId())
        {
            return;
        }
        acknowledged.accumulateAndGet(clientSequence, Math::max);
        answer(clientSequence, result);
    }

    private void answer(final long clientSequence, final CommandResult result)
    {
        final CompletableFuture<CommandResult> answer = waiting.remove(clientSequence);
        if (answer != null)
        {
            answer.complete(result);
        }
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            commandThread.join(5_000);
            viewThread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        projection.close();
    }
}
