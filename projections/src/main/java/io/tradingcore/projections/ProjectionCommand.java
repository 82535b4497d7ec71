package io.tradingcore.projections;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import io.tradingcore.cli.Progress;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code scripts/projection NAME --data DIR}: runs one projection as its own process until stopped (SIGTERM or
 * Ctrl-C end it after its current write); {@code --once}, {@code --rebuild} and {@code --replay-parked} do one job
 * and exit. {@code scripts/projection status --data DIR} prints every projection's published status. Exit 0 when
 * fine, 1 when events stay parked after {@code --replay-parked}, 2 on a bad command line or data.
 */
@Command(name = "scripts/projection", sortOptions = false, subcommands = AutoComplete.GenerateCompletion.class,
    description = {"Runs one projection (postgres, dragonfly, clickhouse; weaviate or arangodb, whose servers " +
        "cannot run here) as its own process: it catches up from the journals, follows the core's Aeron stream, " +
        "and stores each batch with its checkpoint in one write.",
        "'scripts/projection status --data DIR' prints each projection's state, position and lag."},
    footer = {"%nConnection settings: --config FILE (Java properties: postgres.url, postgres.user, " +
        "postgres.password or postgres.passwordFile, redis.url, redis.prefix, clickhouse.url, clickhouse.user, " +
        "clickhouse.password, clickhouse.database), else TC_POSTGRES_URL and the like in the environment, else the " +
        "data folder's own servers (scripts/db start --data DIR).",
        "Exit codes: 0 ok, 1 events still parked after --replay-parked, 2 bad command line or data."})
public final class ProjectionCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME",
        description = "postgres, dragonfly, clickhouse, weaviate, arangodb; or status, or summary (rows per sink)")
    private String name;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "the core's data folder (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "connection settings (Java properties)")
    private Path config;

    @Option(names = "--once", description = "catch up to the journals' ends, then exit")
    private boolean once;

    @Option(names = "--rebuild", description = "drop the sink's data and rebuild it from sequence 0, then exit")
    private boolean rebuild;

    @Option(names = "--replay-parked", description = "apply the parked events again after a fix, then exit")
    private boolean replayParked;

    private final PrintStream out;
    private final PrintStream err;

    ProjectionCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(final PrintStream out, final PrintStream err, final String... args)
    {
        return CommandLines.execute(new ProjectionCommand(out, err), "scripts/projection", out, err, args);
    }

    @Override
    public Integer call()
    {
        if ("status".equals(name))
        {
            StatusReport.print(out, data, System.currentTimeMillis());
            return 0;
        }
        if ("summary".equals(name))
        {
            PlatformSummary.print(out, data, SinkSettings.load(config, data, System.getenv()));
            return 0;
        }
        if (!Sinks.ALL.contains(name))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "no projection named " + name +
                "; there are " + Sinks.ALL + ", status and summary");
        }
        if (!Files.isDirectory(data))
        {
            throw new IllegalArgumentException("no data folder " + data + " (run the core first: scripts/run)");
        }
        final Path folder = data.resolve("projections").resolve(name);
        final AtomicBoolean running = new AtomicBoolean(true);
        final ProjectionLock lock = ProjectionLock.acquire(folder, name);
        try (lock; Sink sink = Sinks.create(name, SinkSettings.load(config, data, System.getenv())))
        {
            final Projection.Context ctx = new Projection.Context().dataDirectory(data).log(err)
                .once(once || rebuild);
            final Progress progress = rebuild ? new Progress(err, "rebuilding " + name) : null;
            if (progress != null)
            {
                ctx.progress((applied, total) -> progress.update(total == 0 ? 1 : (double)applied / total, applied));
            }
            try (Projection projection = new Projection(sink, ctx))
            {
                if (replayParked)
                {
                    final int replayed = projection.replayParked();
                    final int left = projection.parkedCount();
                    out.printf("%s: %d parked events applied, %d still parked%n", name, replayed, left);
                    return left == 0 ? 0 : 1;
                }
                if (rebuild)
                {
                    projection.rebuild();
                }
                // SIGTERM or Ctrl-C: finish the current write, then exit.
                final CountDownLatch finished = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() ->
                {
                    running.set(false);
                    try
                    {
                        finished.await(10, TimeUnit.SECONDS);
                    }
                    catch (final InterruptedException ignored)
                    {
                        Thread.currentThread().interrupt();
                    }
                }, "projection-stop"));
                projection.run(running::get);
                finished.countDown();
                if (progress != null)
                {
                    progress.finish(projection.applied().lastInput());
                }
                out.printf("%s: %s (%s)%n", name, projection.applied(), projection.state().label());
            }
        }
        return 0;
    }
}
