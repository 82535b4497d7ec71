package io.tradingcore.marketdata;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings for reading one MT5 tick export ("Symbols &gt; Ticks &gt; Export"): the file, the
 * instrument's digits, the broker's server-time offset from UTC and whether malformed rows are
 * skipped. Immutable; build with {@link #builder(Path)} or {@link #of(Path, int)}, then
 * {@link #open()} a {@link Mt5TickReader}.
 */
public final class Mt5TickFile
{
    /** Largest supported number of price decimals. */
    public static final int MAX_DIGITS = 9;
    /** Largest supported server-time offset from UTC, either way (as {@link ZoneOffset}). */
    public static final Duration MAX_TIME_ZONE_OFFSET = Duration.ofHours(18);

    private static final long[] POW10 =
    {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
    };

    private final Path path;
    private final String symbol;
    private final int digits;
    private final Duration timeZoneOffset;
    private final boolean skipBadRows;

    private Mt5TickFile(final Builder b)
    {
        this.path = b.path;
        this.symbol = b.symbol != null ? b.symbol : symbolFromFileName(b.path);
        this.digits = b.digits;
        this.timeZoneOffset = b.timeZoneOffset;
        this.skipBadRows = b.skipBadRows;
    }

    /** Settings with the given digits, UTC rows (offset 0) and malformed rows rejected. */
    public static Mt5TickFile of(final Path file, final int digits)
    {
        return builder(file).digits(digits).build();
    }

    public static Builder builder(final Path file)
    {
        return new Builder(file);
    }

    /** Opens a reader on this file (detects gzip and the text encoding, checks the header). */
    public Mt5TickReader open() throws IOException
    {
        return Mt5TickReader.open(this);
    }

    public Path path()
    {
        return path;
    }

    /** The symbol: set on the builder, else {@link #symbolFromFileName(Path)}. */
    public String symbol()
    {
        return symbol;
    }

    /** The instrument's MT5 digits: prices are longs scaled by {@code 10^digits}. */
    public int digits()
    {
        return digits;
    }

    /** {@code 10^digits()}: the long value of a price of 1.0. */
    public long priceScale()
    {
        return POW10[digits];
    }

    /** Server time minus UTC; UTC = server time - offset. */
    public Duration timeZoneOffset()
    {
        return timeZoneOffset;
    }

    public long timeZoneOffsetMillis()
    {
        return timeZoneOffset.toMillis();
    }

    /** Whether malformed rows are counted and skipped instead of throwing. */
    public boolean skipBadRows()
    {
        return skipBadRows;
    }

    /** {@code 10^digits} for 0 &lt;= digits &lt;= {@link #MAX_DIGITS}. */
    public static long priceScale(final int digits)
    {
        checkDigits(digits);
        return POW10[digits];
    }

    /**
     * The symbol as MT5 writes it into export file names: the part before the {@code '_'} that
     * starts the date part, e.g. {@code "EURUSD_20140508.mt5.csv"} and
     * {@code "EURUSD_202401020000_202401312359.csv"} give {@code "EURUSD"},
     * {@code "XAUUSD.a_20140508.csv"} gives {@code "XAUUSD.a"}. The date part is the first
     * {@code '_'} followed by at least 8 digits and then {@code '_'}, {@code '.'} or the end of the
     * name, so a symbol with an underscore ({@code "GER40_cash_20240102.csv"}) stays whole; when
     * there is no such part, the symbol is the part before the first {@code '_'}; with no
     * {@code '_'} at all it is the name without its {@code .gz}, {@code .csv}, {@code .txt} and
     * {@code .mt5} extensions.
     *
     * @throws IllegalArgumentException if the path has no file name or the symbol would be empty
     */
    public static String symbolFromFileName(final Path file)
    {
        Objects.requireNonNull(file, "file");
        Path fileName = file.getFileName();
        if (fileName == null)
        {
            throw new IllegalArgumentException("path has no file name: " + file);
        }
        String name = fileName.toString();
        int cut = dateSeparatorIndex(name);
        if (cut < 0)
        {
            cut = name.indexOf('_');
        }
        String symbol = cut >= 0 ? name.substring(0, cut) : stripExtensions(name);
        if (symbol.isEmpty())
        {
            throw new IllegalArgumentException("no symbol in file name '" + name + "'");
        }
        return symbol;
    }

    private static int dateSeparatorIndex(final String name)
    {
        for (int i = name.indexOf('_'); i >= 0; i = name.indexOf('_', i + 1))
        {
            int j = i + 1;
            while (j < name.length() && name.charAt(j) >= '0' && name.charAt(j) <= '9')
            {
                j++;
            }
            if (j - (i + 1) >= 8 && (j == name.length() || name.charAt(j) == '_' || name.charAt(j) == '.'))
            {
                return i;
            }
        }
        return -1;
    }

    private static String stripExtensions(final String name)
    {
        String s = name;
        while (true)
        {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".gz"))
            {
                s = s.substring(0, s.length() - 3);
            }
            else if (lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".mt5"))
            {
                s = s.substring(0, s.length() - 4);
            }
            else
            {
                return s;
            }
        }
    }

    static void checkDigits(final int digits)
    {
        if (digits < 0 || digits > MAX_DIGITS)
        {
            throw new IllegalArgumentException("digits must be 0.." + MAX_DIGITS + ", was " + digits);
        }
    }

    @Override
    public String toString()
    {
        return "Mt5TickFile{" + path + ", symbol=" + symbol + ", digits=" + digits
            + ", timeZoneOffset=" + timeZoneOffset + ", skipBadRows=" + skipBadRows + '}';
    }

    /** Builder for {@link Mt5TickFile}; {@link #digits(int)} is required. */
    public static final class Builder
    {
        private final Path path;
        private String symbol;
        private int digits = -1;
        private Duration timeZoneOffset = Duration.ZERO;
        private boolean skipBadRows;

        private Builder(final Path path)
        {
            this.path = Objects.requireNonNull(path, "file");
        }

        /** The instrument's MT5 digits, 0..{@link #MAX_DIGITS} (5 for EURUSD, 3 for XAUUSD). */
        public Builder digits(final int digits)
        {
            checkDigits(digits);
            this.digits = digits;
            return this;
        }

        /**
         * The server time's offset from UTC (e.g. {@code Duration.ofHours(2)} for UTC+02:00);
         * UTC = server time - offset. Default 0. Whole milliseconds, at most 18 hours either way.
         */
        public Builder timeZoneOffset(final Duration offset)
        {
            Objects.requireNonNull(offset, "offset");
            if (offset.abs().compareTo(MAX_TIME_ZONE_OFFSET) > 0)
            {
                throw new IllegalArgumentException("time zone offset beyond +-18 hours: " + offset);
            }
            if (offset.getNano() % 1_000_000 != 0)
            {
                throw new IllegalArgumentException("time zone offset is not whole milliseconds: " + offset);
            }
            this.timeZoneOffset = offset;
            return this;
        }

        public Builder timeZoneOffset(final ZoneOffset offset)
        {
            return timeZoneOffset(Duration.ofSeconds(offset.getTotalSeconds()));
        }

        /** The offset as text accepted by {@link ZoneOffset#of(String)}: "+02:00", "-5", "Z". */
        public Builder timeZoneOffset(final String offset)
        {
            return timeZoneOffset(ZoneOffset.of(offset));
        }

        public Builder timeZoneOffsetMinutes(final int minutes)
        {
            return timeZoneOffset(Duration.ofMinutes(minutes));
        }

        /** Count and skip malformed rows instead of throwing {@link MalformedTickRowException}. */
        public Builder skipBadRows(final boolean skipBadRows)
        {
            this.skipBadRows = skipBadRows;
            return this;
        }

        /** Overrides the symbol taken from the file name. */
        public Builder symbol(final String symbol)
        {
            Objects.requireNonNull(symbol, "symbol");
            if (symbol.isEmpty())
            {
                throw new IllegalArgumentException("empty symbol");
            }
            this.symbol = symbol;
            return this;
        }

        public Mt5TickFile build()
        {
            if (digits < 0)
            {
                throw new IllegalStateException("digits not set for " + path);
            }
            return new Mt5TickFile(this);
        }
    }
}
