package io.tradingcore.projections;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the databases are and how to log in, for real deployments and for the local servers of a data folder.
 * Each setting, such as {@code postgres.url}, is looked up in this order: the {@code --config} file (Java properties),
 * the environment ({@code TC_POSTGRES_URL}: upper case, dots as underscores, prefixed {@code TC_}), then the data
 * folder's {@code db/env}, which {@code scripts/db start} writes for the servers it runs. A password is never read from
 * the repository: it comes from the environment, or from a file named by {@code *.passwordFile} (mode 600 is the
 * operator's business), or it is absent (the local servers trust loopback).
 * <p>
 * Settings: {@code postgres.url}, {@code postgres.user}, {@code postgres.password}; {@code redis.url} (a Redis URI,
 * password possible in it) and {@code redis.prefix}; {@code clickhouse.url}, {@code clickhouse.user},
 * {@code clickhouse.password}, {@code clickhouse.database}.
 */
public final class SinkSettings
{
    private final Properties file;
    private final Map<String, String> environment;
    private final Properties dataFolder;

    private SinkSettings(final Properties file, final Map<String, String> environment, final Properties dataFolder)
    {
        this.file = file;
        this.environment = environment;
        this.dataFolder = dataFolder;
    }

    /**
     * @param configFile the {@code --config} file, or null
     * @param data       the data folder, whose {@code db/env} is read when present
     */
    public static SinkSettings load(final Path configFile, final Path data, final Map<String, String> environment)
    {
        return new SinkSettings(configFile == null ? new Properties() : read(configFile), environment,
            Files.isRegularFile(data.resolve("db").resolve("env")) ? read(data.resolve("db").resolve("env")) :
            new Properties());
    }

    /** The setting's value, or {@code defaultValue} when no source has it. */
    public String get(final String name, final String defaultValue)
    {
        final String fromFile = file.getProperty(name);
        if (fromFile != null)
        {
            return fromFile;
        }
        final String variable = environmentName(name);
        final String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null)
        {
            return fromEnvironment;
        }
        final String fromDataFolder = dataFolder.getProperty(variable);
        return fromDataFolder != null ? unquote(fromDataFolder) : defaultValue;
    }

    /** A required setting; the message says where it can be given. */
    public String require(final String name)
    {
        final String value = get(name, null);
        if (value == null)
        {
            throw new IllegalArgumentException("no " + name + ": give it in the --config file, as " +
                environmentName(name) + " in the environment, or start the data folder's servers: scripts/db start");
        }
        return value;
    }

    /** The password: {@code NAME.password} from the file or environment, else the file {@code NAME.passwordFile}. */
    public String password(final String prefix)
    {
        final String password = get(prefix + ".password", null);
        if (password != null)
        {
            return password;
        }
        final String passwordFile = get(prefix + ".passwordFile", null);
        if (passwordFile == null)
        {
            return null;
        }
        try
        {
            return Files.readString(Path.of(passwordFile)).strip();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + prefix + ".passwordFile " + passwordFile + ": " +
                ex.getMessage(), ex);
        }
    }

    static String environmentName(final String name)
    {
        return "TC_" + name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String unquote(final String value)
    {
        final String trimmed = value.strip();
        if (trimmed.length() >= 2 && (trimmed.startsWith("\"") && trimmed.endsWith("\"") ||
            trimmed.startsWith("'") && trimmed.endsWith("'")))
        {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static Properties read(final Path file)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return properties;
    }
}
