package io.tradingcore.projections;

import io.tradingcore.projections.arango.ArangoSink;
import io.tradingcore.projections.clickhouse.ClickHouseSink;
import io.tradingcore.projections.dragonfly.DragonflySink;
import io.tradingcore.projections.postgres.PostgresSink;
import io.tradingcore.projections.weaviate.WeaviateSink;

import java.net.URI;
import java.util.List;

/** The projections by name, each with the sink its settings describe. */
public final class Sinks
{
    /** The projections whose servers run on this machine, in the order the main job starts them. */
    public static final List<String> NAMES = List.of("postgres", "dragonfly", "clickhouse");

    /**
     * The projections into servers that cannot run here (no Debian package): they follow a server named in their
     * settings ({@code weaviate.url}, {@code arango.url}), and the main job starts them only when one is.
     */
    public static final List<String> EXTERNAL = List.of("weaviate", "arangodb");

    /** Every projection's name. */
    public static final List<String> ALL = java.util.stream.Stream.concat(NAMES.stream(), EXTERNAL.stream()).toList();

    private Sinks()
    {
    }

    public static Sink create(final String name, final SinkSettings settings)
    {
        return switch (name)
        {
            case "postgres" -> new PostgresSink(settings.require("postgres.url"),
                settings.get("postgres.user", "postgres"), settings.password("postgres"));
            case "dragonfly" -> new DragonflySink(settings.require("redis.url"), settings.get("redis.prefix", "tc"));
            case "clickhouse" -> new ClickHouseSink(URI.create(settings.require("clickhouse.url")),
                settings.get("clickhouse.user", "default"), settings.password("clickhouse"),
                settings.get("clickhouse.database", "tradingcore"));
            case "weaviate" -> WeaviateSink.create(settings);
            case "arangodb" -> ArangoSink.create(settings);
            default -> throw new IllegalArgumentException("no projection named " + name + "; there are " + ALL);
        };
    }
}
