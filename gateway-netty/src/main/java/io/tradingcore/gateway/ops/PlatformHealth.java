package io.tradingcore.gateway.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tradingcore.pipeline.CoreCounters;
import io.tradingcore.projections.ProjectionState;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The platform's health from what its parts publish for other processes: the core and the bridge in the core's Aeron
 * CnC file ({@link CoreCountersReader}), each projection in its counters file ({@link ProjectionStatuses}). A part is
 * up while its heartbeat is fresh (under {@value #STALE_MS} ms old). The whole is {@code down} when the core is (no
 * order can be taken), {@code degraded} when any other part is not {@code ok}. {@code /health} answers it
 * ({@link HealthRoute}); the WebSocket's status frames reuse {@link #components()}.
 */
public final class PlatformHealth
{
    /** A heartbeat older than this means its part is not running. */
    public static final long STALE_MS = 3_000;
    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";

    /** One part's health; {@code lag} (inputs behind the core) and {@code lastSeenMs} (epoch ms) when known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String name, String status, Long lag, Long lastSeenMs, String detail)
    {
    }

    /** The whole and its parts, the body of {@code /health}. */
    public record Report(String status, List<Component> components)
    {
    }

    /**
     * The clustered core as the gateway sees it: whether its cluster session is open, the leader it last heard of, and
     * the member whose journals its view follows and whether the view has read them to their end.
     */
    public record Cluster(boolean connected, int leaderMemberId, int followedMember, boolean viewCurrent)
    {
    }

    private final CoreCountersReader core;
    private final ProjectionStatuses projections;
    private final LongSupplier epochClockMs;
    private final Supplier<Cluster> cluster;

    public PlatformHealth(final CoreCountersReader core, final ProjectionStatuses projections)
    {
        this(core, projections, System::currentTimeMillis);
    }

    /**
     * In cluster mode: the core's health is the cluster's ({@link Cluster}), and the core's counters (its heartbeat,
     * the bridge's) are not there to read, so the bridge is not listed.
     */
    public PlatformHealth(
        final CoreCountersReader core, final ProjectionStatuses projections, final Supplier<Cluster> cluster)
    {
        this.core = core;
        this.projections = projections;
        this.epochClockMs = System::currentTimeMillis;
        this.cluster = cluster;
    }

    /** @param epochClockMs the wall clock that the heartbeats' epoch milliseconds are compared with. */
    public PlatformHealth(
        final CoreCountersReader core, final ProjectionStatuses projections, final LongSupplier epochClockMs)
    {
        this.core = core;
        this.projections = projections;
        this.epochClockMs = epochClockMs;
        this.cluster = null;
    }

    /** The core, the bridge, then each projection by name. */
    public List<Component> components()
    {
        final long nowMs = epochClockMs.getAsLong();
        final List<Component> components = new ArrayList<>();
        if (cluster != null)
        {
            components.add(clusterCore(cluster.get()));
            for (final ProjectionStatuses.Entry entry : projections.read())
            {
                components.add(journalFollowing(projection(entry, nowMs), entry));
            }
            return components;
        }
        final CoreCountersReader.Snapshot counters = core.read();
        final Component coreHealth = core(counters, nowMs);
        components.add(coreHealth);
        components.add(bridge(counters, nowMs, coreHealth));
        for (final ProjectionStatuses.Entry entry : projections.read())
        {
            components.add(projection(entry, nowMs));
        }
        return components;
    }

    /** The components and the whole's status. */
    public Report report()
    {
        return report(components());
    }

    /** The whole's status for these components: the core decides down, anything else not ok degrades. */
    public static Report report(final List<Component> components)
    {
        String status = OK;
        for (final Component component : components)
        {
            if (component.name().equals("core") && component.status().equals(DOWN))
            {
                status = DOWN;
                break;
            }
            if (!component.status().equals(OK))
            {
                status = DEGRADED;
            }
        }
        return new Report(status, components);
    }

    private static Component core(final CoreCountersReader.Snapshot counters, final long nowMs)
    {
        if (!counters.cncPresent())
        {
            return new Component("core", DOWN, null, null, counters.detail());
        }
        final OptionalLong heartbeat = counters.value(CoreCounters.CORE_HEARTBEAT_TYPE_ID);
        if (heartbeat.isEmpty())
        {
            return new Component("core", DOWN, null, null, "the core's Aeron driver has no core heartbeat counter");
        }
        final long ageMs = nowMs - heartbeat.getAsLong();
        if (ageMs >= STALE_MS)
        {
            return new Component("core", DOWN, null, heartbeat.getAsLong(), "no heartbeat for " + ageMs / 1000 + " s");
        }
        final OptionalLong journaled = counters.value(CoreCounters.INPUTS_JOURNALED_TYPE_ID);
        final OptionalLong published = counters.value(CoreCounters.INPUTS_PUBLISHED_TYPE_ID);
        final Long lag = journaled.isPresent() && published.isPresent() ?
            Math.max(0, journaled.getAsLong() - published.getAsLong()) : null;
        return new Component("core", OK, lag, heartbeat.getAsLong(),
            published.isPresent() ? "input " + published.getAsLong() + " published" : null);
    }

    /**
     * In cluster mode a projection tails a member's journals (a member publishes no live stream), so its state stays
     * "catching up": with no lag it is as current as a live one.
     */
    private static Component journalFollowing(final Component component, final ProjectionStatuses.Entry entry)
    {
        if (component.status().equals(DEGRADED) && entry.state() == ProjectionState.CATCHING_UP &&
            entry.parked() == 0 && entry.lagInputs() == 0)
        {
            return new Component(component.name(), OK, component.lag(), component.lastSeenMs(),
                "following the member's journals");
        }
        return component;
    }

    private static Component clusterCore(final Cluster cluster)
    {
        final String view = "; the view follows member " + cluster.followedMember() + "'s journals (" +
            (cluster.viewCurrent() ? "read to their end" : "catching up") + ")" +
            "; cluster mode: the core's and the bridge's counters (CnC) are not read";
        if (!cluster.connected())
        {
            return new Component("core", DOWN, null, null, "no cluster session (no leader reached yet, or an " +
                "election is on)" + view);
        }
        return new Component("core", OK, null, null, "cluster session open, leader member " +
            cluster.leaderMemberId() + view);
    }

    private static Component bridge(
        final CoreCountersReader.Snapshot counters, final long nowMs, final Component coreHealth)
    {
        final OptionalLong heartbeat = counters.value(CoreCounters.BRIDGE_HEARTBEAT_TYPE_ID);
        // The core makes the bridge's counters whenever it publishes on Aeron; a heartbeat of 0 is a bridge never run.
        if (heartbeat.isEmpty() || heartbeat.getAsLong() == 0)
        {
            return new Component("bridge", DOWN, null, null,
                coreHealth.status().equals(DOWN) ? "the core is down" : "the core runs without the bridge");
        }
        final long ageMs = nowMs - heartbeat.getAsLong();
        if (ageMs >= STALE_MS)
        {
            return new Component("bridge", DOWN, null, heartbeat.getAsLong(),
                "no heartbeat for " + ageMs / 1000 + " s");
        }
        final long sessions = counters.value(CoreCounters.BRIDGE_SESSIONS_TYPE_ID).orElse(0);
        // Up but no terminal: no ticks and no way to an account's broker, so the platform is not whole.
        return new Component("bridge", sessions > 0 ? OK : DEGRADED, null, heartbeat.getAsLong(),
            sessions == 1 ? "1 terminal connected" : sessions + " terminals connected");
    }

    private static Component projection(final ProjectionStatuses.Entry entry, final long nowMs)
    {
        final String name = "projection:" + entry.name();
        if (!entry.known())
        {
            return new Component(name, DOWN, null, null, "no status yet");
        }
        final Long lastSeen = entry.heartbeatMs() > 0 ? entry.heartbeatMs() : null;
        if (!entry.running(nowMs))
        {
            return new Component(name, DOWN, entry.lagInputs(), lastSeen, entry.state() == ProjectionState.STOPPED ?
                "stopped" : "not running (no heartbeat for " + (nowMs - entry.heartbeatMs()) / 1000 + " s)");
        }
        if (entry.parked() > 0)
        {
            return new Component(name, DEGRADED, entry.lagInputs(), lastSeen,
                entry.state().label() + ", " + entry.parked() + " events parked");
        }
        return new Component(name, entry.state() == ProjectionState.LIVE ? OK : DEGRADED, entry.lagInputs(),
            lastSeen, entry.state().label());
    }
}
