package io.tradingcore.gateway.ops;

import io.netty.handler.codec.http.HttpMethod;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tradingcore.gateway.http.RequestObserver;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.pipeline.CoreCounters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's Prometheus metrics ({@code GET /metrics}, the text format): its own requests, counted by method, route
 * and status with a latency histogram by route, and the platform's state read when scraped: the core's counters from
 * its CnC file ({@link CoreCountersReader}; engine throughput as {@code tradingcore_engine_inputs_total}, ring fill,
 * journal sizes, bridge sessions, tick-to-order buckets) and each projection's lag and liveness. Labels are bounded:
 * routes are patterns (or {@code unmatched}), methods outside HTTP's standard ones count as {@code OTHER}.
 */
public final class GatewayMetrics implements RequestObserver
{
    public static final String PATH = "/metrics";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CoreCountersReader core;
    private final ProjectionStatuses projections;
    private final LongSupplier epochClockMs;
    private final BooleanSupplier clusterUp;
    private final Counter requests;
    private final Histogram latency;
    private CoreCountersReader.Snapshot coreNow;
    private List<ProjectionStatuses.Entry> projectionsNow = List.of();
    private long scrapeMs;

    public GatewayMetrics(final CoreCountersReader core, final ProjectionStatuses projections)
    {
        this(core, projections, System::currentTimeMillis);
    }

    /**
     * @param clusterUp in cluster mode, whether the gateway's cluster session is open, which is then
     *                  {@code tradingcore_core_up} (the core's counters are absent); null for the single-process core.
     */
    public GatewayMetrics(
        final CoreCountersReader core, final ProjectionStatuses projections, final BooleanSupplier clusterUp)
    {
        this(core, projections, System::currentTimeMillis, clusterUp);
    }

    public GatewayMetrics(
        final CoreCountersReader core, final ProjectionStatuses projections, final LongSupplier epochClockMs)
    {
        this(core, projections, epochClockMs, null);
    }

    private GatewayMetrics(
        final CoreCountersReader core, final ProjectionStatuses projections, final LongSupplier epochClockMs,
        final BooleanSupplier clusterUp)
    {
        this.core = core;
        this.projections = projections;
        this.epochClockMs = epochClockMs;
        this.clusterUp = clusterUp;
        requests = Counter.builder().name("gateway_http_requests_total")
            .help("HTTP requests answered, by method, route pattern and status")
            .labelNames("method", "route", "status").register(registry);
        latency = Histogram.builder().name("gateway_http_request_duration_seconds")
            .help("From a request's arrival to its answer, by route pattern")
            .labelNames("route").classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
        registerCoreMetrics();
        registerProjectionMetrics();
    }

    @Override
    public void onAnswered(final String method, final String route, final int status, final long elapsedNanos)
    {
        requests.labelValues(METHODS.contains(method) ? method : "OTHER", route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(elapsedNanos / NANOS_PER_SECOND);
    }

    /** Adds {@code GET /metrics} (public); it reads files, so it runs on the worker threads. */
    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, PATH, null, request ->
            Response.text(200, PrometheusTextFormatWriter.CONTENT_TYPE, scrape()));
    }

    /** Every metric now, in the Prometheus text format; reads the core's and the projections' counters once. */
    public synchronized String scrape()
    {
        coreNow = core.read();
        projectionsNow = projections.read();
        scrapeMs = epochClockMs.getAsLong();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            writer.write(out, registry.scrape());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void registerCoreMetrics()
    {
        GaugeWithCallback.builder().name("tradingcore_core_up")
            .help("1 while the core's heartbeat is fresh, else 0")
            .callback(callback -> callback.call(coreUp() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("tradingcore_engine_inputs_total")
            .help("Inputs the engine has processed and published (the engine's throughput as a rate)")
            .callback(callback -> coreValue(CoreCounters.INPUTS_PUBLISHED_TYPE_ID)
                .ifPresent(value -> callback.call(value))).register(registry);
        GaugeWithCallback.builder().name("tradingcore_input_journal_sequence")
            .help("The last input sequence in the input journal")
            .callback(callback -> coreValue(CoreCounters.INPUTS_JOURNALED_TYPE_ID)
                .ifPresent(value -> callback.call(value))).register(registry);
        gauge("tradingcore_ring_fill_entries", "Ring buffer entries sequenced but not yet published",
            CoreCounters.RING_FILL_TYPE_ID);
        gauge("tradingcore_ring_size_entries", "The ring buffer's size in entries", CoreCounters.RING_SIZE_TYPE_ID);
        GaugeWithCallback.builder().name("tradingcore_journal_size_bytes")
            .help("Bytes of the journal's files").labelNames("journal")
            .callback(callback ->
            {
                coreValue(CoreCounters.INPUT_JOURNAL_BYTES_TYPE_ID).ifPresent(value -> callback.call(value, "input"));
                coreValue(CoreCounters.OUTPUT_JOURNAL_BYTES_TYPE_ID)
                    .ifPresent(value -> callback.call(value, "output"));
            }).register(registry);
        gauge("tradingcore_bridge_sessions", "Terminals connected to the bridge", CoreCounters.BRIDGE_SESSIONS_TYPE_ID);
        gauge("tradingcore_ingress_sessions", "Client sessions open on the core's command ingress",
            CoreCounters.INGRESS_SESSIONS_TYPE_ID);
        CounterWithCallback.builder().name("tradingcore_ingress_refused_total")
            .help("Commands the core's ingress refused")
            .callback(callback -> coreValue(CoreCounters.INGRESS_REFUSED_TYPE_ID)
                .ifPresent(value -> callback.call(value))).register(registry);
        CounterWithCallback.builder().name("tradingcore_tick_to_order_orders_total")
            .help("Orders whose tick-to-order latency (bridge in to bridge out) was at most upper_us microseconds")
            .labelNames("upper_us")
            .callback(callback ->
            {
                final CoreCountersReader.Snapshot snapshot = coreNow;
                if (snapshot != null)
                {
                    for (final Map.Entry<Integer, Long> bucket : snapshot.tickToOrderBuckets().entrySet())
                    {
                        callback.call(bucket.getValue(), Integer.toString(bucket.getKey()));
                    }
                }
            }).register(registry);
    }

    private void registerProjectionMetrics()
    {
        GaugeWithCallback.builder().name("tradingcore_projection_up")
            .help("1 while the projection runs (fresh heartbeat, not stopped), else 0").labelNames("projection")
            .callback(callback ->
            {
                for (final ProjectionStatuses.Entry entry : projectionsNow)
                {
                    callback.call(entry.running(scrapeMs) ? 1 : 0, entry.name());
                }
            }).register(registry);
        GaugeWithCallback.builder().name("tradingcore_projection_lag_inputs")
            .help("Inputs the projection is behind the core").labelNames("projection")
            .callback(callback ->
            {
                for (final ProjectionStatuses.Entry entry : projectionsNow)
                {
                    if (entry.known())
                    {
                        callback.call(entry.lagInputs(), entry.name());
                    }
                }
            }).register(registry);
        GaugeWithCallback.builder().name("tradingcore_projection_parked_events")
            .help("Events the projection's database refused, parked for a replay").labelNames("projection")
            .callback(callback ->
            {
                for (final ProjectionStatuses.Entry entry : projectionsNow)
                {
                    if (entry.known())
                    {
                        callback.call(entry.parked(), entry.name());
                    }
                }
            }).register(registry);
    }

    private void gauge(final String name, final String help, final int typeId)
    {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(callback -> coreValue(typeId).ifPresent(value -> callback.call(value))).register(registry);
    }

    private OptionalLong coreValue(final int typeId)
    {
        final CoreCountersReader.Snapshot snapshot = coreNow;
        return snapshot == null ? OptionalLong.empty() : snapshot.value(typeId);
    }

    private boolean coreUp()
    {
        if (clusterUp != null)
        {
            return clusterUp.getAsBoolean();
        }
        final OptionalLong heartbeat = coreValue(CoreCounters.CORE_HEARTBEAT_TYPE_ID);
        return heartbeat.isPresent() && scrapeMs - heartbeat.getAsLong() < PlatformHealth.STALE_MS;
    }
}
