package io.tradingcore.config;

import io.tradingcore.codec.LimitScope;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.RiskLimitValues;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference data from a config file, turned into the admin inputs that put it into the journal:
 * a journal alone then rebuilds everything, and the file is only read at the first start.
 *
 * <p>One record a line, {@code #} starts a comment; decimals are plain decimals:
 * <pre>
 * tenant 1 name=demo
 * account 1001 tenant=1 currency=USD balance=100000.00 leverage=100
 * instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01
 * currency=USD
 * limits account=1001 tenant=1 max-order=5 max-position=10 max-exposure=2000000 max-open-orders=100
 *        max-orders-per-second=200 price-band-bps=300 stale-ms=5000 daily-loss=5000   (one line)
 * limits tenant=1 max-open-orders=1000
 * strategy 1 ma-crossover account=1001 tenant=1 symbol=EURUSD bar=300 fast=12 slow=48 band=5 quantity=0.10
 * engine account-state-interval-ms=100
 * </pre>
 * Quantities are in lots, money in the account currency; a limit left out means no limit.
 */
public final class ReferenceData
{
    private final List<byte[]> inputs;
    private final Map<String, InstrumentSpec> instrumentsBySymbol;
    private final String source;

    private ReferenceData(final List<byte[]> inputs, final Map<String, InstrumentSpec> instruments, final String source)
    {
        this.inputs = Collections.unmodifiableList(inputs);
        this.instrumentsBySymbol = Collections.unmodifiableMap(instruments);
        this.source = source;
    }

    /** The admin inputs, in file order. */
    public List<byte[]> inputs()
    {
        return inputs;
    }

    public Map<String, InstrumentSpec> instrumentsBySymbol()
    {
        return instrumentsBySymbol;
    }

    public String source()
    {
        return source;
    }

    /** The config shipped with the core: the instruments of the sample data, one demo account and strategy. */
    public static ReferenceData defaults()
    {
        return parse(defaultsText(), "default-core.conf");
    }

    /** The text of the shipped config ({@link #defaults()}). */
    public static String defaultsText()
    {
        try (InputStream in = ReferenceData.class.getResourceAsStream("/config/default-core.conf"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the built-in config", ex);
        }
    }

    /**
     * The shipped config's text with the example strategy's parameters (those between its symbol and its quantity)
     * replaced, such as {@code bar=0 fast=20 slow=100} for a strategy that trades on every tick: what tests and
     * benchmarks use for journals full of orders and fills.
     *
     * @throws IllegalStateException when the shipped strategy line no longer has that shape.
     */
    public static String defaultsWithStrategyParameters(final String parameters)
    {
        final String config = defaultsText();
        final String changed = config.replaceAll("(?m)^(strategy 1 ma-crossover .* symbol=EURUSD) .*( quantity=\\S+)$",
            "$1 " + parameters + "$2");
        if (changed.equals(config))
        {
            throw new IllegalStateException("the built-in config no longer has strategy 1 ma-crossover on EURUSD " +
                "with a quantity: " + config);
        }
        return changed;
    }

    public static ReferenceData load(final Path file)
    {
        try
        {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read config " + file + ": " + ex.getMessage(), ex);
        }
    }

    public static ReferenceData parse(final String text, final String source)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final List<byte[]> inputs = new ArrayList<>();
        final Map<String, InstrumentSpec> instruments = new LinkedHashMap<>();
        final String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++)
        {
            final String line = stripComment(lines[i]).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final Line parsed = new Line(source, i + 1, line);
            final int length;
            switch (parsed.kind)
            {
                case "tenant" ->
                {
                    parsed.allow("name");
                    length = messages.defineTenant(buffer, 0, parsed.intPositional(0, "tenant id"),
                        parsed.value("name", "tenant " + parsed.positional(0)));
                }
                case "account" ->
                {
                    parsed.allow("tenant", "currency", "balance", "leverage");
                    length = messages.accountUpdate(buffer, 0, parsed.intValue("tenant"),
                        parsed.longPositional(0, "account id"), parsed.value("currency", "USD"),
                        parsed.fixed("balance", FixedPoint.MONEY_DIGITS, 0), parsed.intValue("leverage", 100));
                }
                case "instrument" ->
                {
                    parsed.allow("digits", "contract", "tick", "volume-min", "volume-max", "volume-step", "currency");
                    final int digits = parsed.intValue("digits");
                    final InstrumentSpec spec = new InstrumentSpec(parsed.intPositional(0, "instrument id"),
                        parsed.positional(1), digits, parsed.fixed("contract", 0, 100_000),
                        parsed.fixed("tick", digits, 1),
                        parsed.fixed("volume-min", FixedPoint.QUANTITY_DIGITS, 100),
                        parsed.fixed("volume-max", FixedPoint.QUANTITY_DIGITS, 1_000_000),
                        parsed.fixed("volume-step", FixedPoint.QUANTITY_DIGITS, 100),
                        parsed.value("currency", "USD"));
                    final String invalid = InstrumentSpec.validate(spec.instrumentId(), spec.symbol(), digits,
                        spec.contractSize(), spec.tickSize(), spec.volumeMin(), spec.volumeMax(), spec.volumeStep());
                    if (invalid != null)
                    {
                        throw parsed.error(invalid);
                    }
                    instruments.put(spec.symbol(), spec);
                    length = messages.defineInstrument(buffer, 0, spec);
                }
                case "limits" ->
                {
                    parsed.allow("account", "tenant", "max-order", "max-position", "max-exposure", "max-open-orders",
                        "max-orders-per-second", "price-band-bps", "stale-ms", "daily-loss");
                    final boolean forAccount = parsed.has("account");
                    final RiskLimitValues values = new RiskLimitValues(
                        parsed.fixed("max-order", FixedPoint.QUANTITY_DIGITS, 0),
                        parsed.fixed("max-position", FixedPoint.QUANTITY_DIGITS, 0),
                        parsed.fixed("max-exposure", FixedPoint.MONEY_DIGITS, 0),
                        parsed.intValue("max-open-orders", 0), parsed.intValue("max-orders-per-second", 0),
                        parsed.intValue("price-band-bps", 0), parsed.intValue("stale-ms", 0),
                        parsed.fixed("daily-loss", FixedPoint.MONEY_DIGITS, 0));
                    length = messages.setRiskLimits(buffer, 0, forAccount ? LimitScope.ACCOUNT : LimitScope.TENANT,
                        parsed.intValue("tenant"), forAccount ? parsed.longValue("account") : 0, values);
                }
                case "strategy" ->
                {
                    final StringBuilder parameters = new StringBuilder();
                    parsed.values.forEach((key, value) ->
                    {
                        if (!key.equals("account") && !key.equals("tenant"))
                        {
                            parameters.append(parameters.length() == 0 ? "" : ";").append(key).append('=')
                                .append(value);
                        }
                    });
                    length = messages.attachStrategy(buffer, 0, parsed.intPositional(0, "strategy id"),
                        parsed.intValue("tenant"), parsed.longValue("account"), parsed.positional(1),
                        parameters.toString());
                }
                case "engine" ->
                {
                    parsed.allow("account-state-interval-ms");
                    final long intervalMs = parsed.longValue("account-state-interval-ms");
                    if (intervalMs < 0)
                    {
                        throw parsed.error("account-state-interval-ms cannot be negative (0 turns it off)");
                    }
                    length = messages.engineSettings(buffer, 0, intervalMs);
                }
                default -> throw parsed.error("unknown record '" + parsed.kind +
                    "' (expected tenant, account, instrument, limits, strategy or engine)");
            }
            final byte[] input = new byte[length];
            buffer.getBytes(0, input);
            inputs.add(input);
        }
        return new ReferenceData(inputs, instruments, source);
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** One record: a kind, positional words, then key=value pairs. */
    private static final class Line
    {
        final String source;
        final int number;
        final String kind;
        final List<String> positional = new ArrayList<>();
        final Map<String, String> values = new LinkedHashMap<>();

        Line(final String source, final int number, final String text)
        {
            this.source = source;
            this.number = number;
            final String[] words = text.split("\\s+");
            kind = words[0];
            for (int i = 1; i < words.length; i++)
            {
                final int equals = words[i].indexOf('=');
                if (equals > 0)
                {
                    values.put(words[i].substring(0, equals), words[i].substring(equals + 1));
                }
                else if (values.isEmpty())
                {
                    positional.add(words[i]);
                }
                else
                {
                    throw error("'" + words[i] + "' is not key=value");
                }
            }
        }

        IllegalArgumentException error(final String message)
        {
            return new IllegalArgumentException(source + ":" + number + ": " + message);
        }

        void allow(final String... keys)
        {
            final Set<String> allowed = Set.of(keys);
            for (final String key : values.keySet())
            {
                if (!allowed.contains(key))
                {
                    throw error("unknown key '" + key + "' for " + kind + " (known: " + String.join(", ", keys) + ")");
                }
            }
        }

        boolean has(final String key)
        {
            return values.containsKey(key);
        }

        String positional(final int index)
        {
            if (index >= positional.size())
            {
                throw error(kind + " needs " + (index + 1) + " leading value(s)");
            }
            return positional.get(index);
        }

        int intPositional(final int index, final String what)
        {
            try
            {
                return Integer.parseInt(positional(index));
            }
            catch (final NumberFormatException ex)
            {
                throw error(what + " '" + positional(index) + "' is not a whole number");
            }
        }

        long longPositional(final int index, final String what)
        {
            try
            {
                return Long.parseLong(positional(index));
            }
            catch (final NumberFormatException ex)
            {
                throw error(what + " '" + positional(index) + "' is not a whole number");
            }
        }

        String value(final String key, final String defaultValue)
        {
            return values.getOrDefault(key, defaultValue);
        }

        String required(final String key)
        {
            final String value = values.get(key);
            if (value == null)
            {
                throw error(kind + " needs " + key + "=");
            }
            return value;
        }

        int intValue(final String key)
        {
            return (int)longValue(key);
        }

        int intValue(final String key, final int defaultValue)
        {
            return has(key) ? intValue(key) : defaultValue;
        }

        long longValue(final String key)
        {
            try
            {
                return Long.parseLong(required(key));
            }
            catch (final NumberFormatException ex)
            {
                throw error(key + " '" + values.get(key) + "' is not a whole number");
            }
        }

        long fixed(final String key, final int digits, final long defaultValue)
        {
            if (!has(key))
            {
                return defaultValue;
            }
            try
            {
                return FixedPoint.parse(values.get(key), digits);
            }
            catch (final NumberFormatException | ArithmeticException ex)
            {
                throw error(key + ": " + ex.getMessage());
            }
        }
    }
}
