package io.tradingcore.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own PostgreSQL, Redis and ClickHouse, started by {@code scripts/db start --data DIR --no-fsync} in a
 * temp folder and stopped at the end, so that the figures never share a server with the development ones. Each run of
 * a projection gets fresh storage on them: its own PostgreSQL database, ClickHouse database or Redis key prefix.
 */
final class DatabaseServers implements AutoCloseable
{
    private static final long SCRIPT_TIMEOUT_S = 120;

    private final Path folder;
    private final Properties env = new Properties();
    private final String startOutput;
    private int fresh;

    private DatabaseServers(final Path folder, final String startOutput) throws IOException
    {
        this.folder = folder;
        this.startOutput = startOutput;
        final Path file = folder.resolve("db").resolve("env");
        if (Files.isRegularFile(file))
        {
            try (Reader reader = Files.newBufferedReader(file))
            {
                env.load(reader);
            }
        }
    }

    /**
     * Starts the servers named ({@code postgres}, {@code redis}, {@code clickhouse}; all three when none is named) in
     * {@code folder}; a server that does not come up is absent (see {@link #up}).
     */
    static DatabaseServers start(final Path folder, final String... servers) throws IOException, InterruptedException
    {
        // The postgres user runs its server in DIR/db/postgres: the temp folder must be open to it.
        Files.setPosixFilePermissions(folder, EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE));
        final List<String> arguments = new ArrayList<>(List.of("start", "--data", folder.toString(), "--no-fsync"));
        arguments.addAll(List.of(servers));
        final Run run = script(folder, arguments.toArray(String[]::new));
        return new DatabaseServers(folder, run.output());
    }

    /** What {@code scripts/db start} printed, for the report when a server did not come up. */
    String startOutput()
    {
        return startOutput;
    }

    /** Whether the server of a projection ({@code postgres}, {@code dragonfly}, {@code clickhouse}) answered. */
    boolean up(final String sink)
    {
        return switch (sink)
        {
            case "postgres" -> env.containsKey("TC_POSTGRES_URL") && answers("postgres");
            case "dragonfly" -> env.containsKey("TC_REDIS_URL") && answers("redis");
            case "clickhouse" -> env.containsKey("TC_CLICKHOUSE_URL") && answers("clickhouse");
            default -> throw new IllegalArgumentException(sink);
        };
    }

    private boolean answers(final String server)
    {
        try
        {
            return script(folder, "status", "--data", folder.toString(), server).code() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String postgresUrl(final String database)
    {
        return env.getProperty("TC_POSTGRES_URL").replaceFirst("/[^/?]*$", "/" + database);
    }

    String postgresUser()
    {
        return env.getProperty("TC_POSTGRES_USER", "postgres");
    }

    String redisUrl()
    {
        return env.getProperty("TC_REDIS_URL");
    }

    String clickHouseUrl()
    {
        return env.getProperty("TC_CLICKHOUSE_URL");
    }

    /**
     * Fresh storage for one run of the projections: the {@code TC_*} settings (as the environment of
     * {@code scripts/projection}, or for {@code Sinks.create}) naming a new PostgreSQL database, a new ClickHouse
     * database and a new Redis key prefix.
     */
    Map<String, String> freshSettings() throws SQLException
    {
        fresh++;
        final String name = "bench" + fresh;
        final Map<String, String> settings = new HashMap<>();
        if (env.containsKey("TC_POSTGRES_URL"))
        {
            try (Connection connection = DriverManager.getConnection(postgresUrl("postgres"), postgresUser(), null);
                Statement statement = connection.createStatement())
            {
                statement.execute("CREATE DATABASE " + name);
            }
            catch (final SQLException ex)
            {
                System.out.println("cannot create PostgreSQL database " + name + ": " + ex.getMessage());
            }
            settings.put("TC_POSTGRES_URL", postgresUrl(name));
            settings.put("TC_POSTGRES_USER", postgresUser());
        }
        if (env.containsKey("TC_REDIS_URL"))
        {
            settings.put("TC_REDIS_URL", redisUrl());
            settings.put("TC_REDIS_PREFIX", name);
        }
        if (env.containsKey("TC_CLICKHOUSE_URL"))
        {
            settings.put("TC_CLICKHOUSE_URL", clickHouseUrl());
            settings.put("TC_CLICKHOUSE_DATABASE", name);
        }
        return settings;
    }

    @Override
    public void close()
    {
        try
        {
            script(folder, "stop", "--data", folder.toString());
        }
        catch (final IOException ex)
        {
            System.out.println("scripts/db stop failed: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private record Run(int code, String output)
    {
    }

    private static Run script(final Path folder, final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(TickFiles.home().resolve("scripts").resolve("db").toString());
        command.addAll(List.of(arguments));
        final Path log = Files.createTempFile(folder, "db-", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(SCRIPT_TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroy();
            throw new IOException("scripts/db " + arguments[0] + " did not finish in " + SCRIPT_TIMEOUT_S + " s");
        }
        final String output = Files.readString(log);
        Files.delete(log);
        return new Run(process.exitValue(), output);
    }
}
