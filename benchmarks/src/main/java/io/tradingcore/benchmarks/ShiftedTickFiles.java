package io.tradingcore.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Copies of a real MT5 tick export with every date moved by a whole number of weeks, so that a
 * backtest over the original and its copies sees one long, increasing run of real ticks on the same
 * weekdays (weekends stay weekends). Only the date column changes; the rest of each row is copied
 * byte for byte, so the copies parse exactly as the original does.
 */
final class ShiftedTickFiles
{
    private static final DateTimeFormatter MT5_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
    private static final int DATE_LENGTH = 10;

    private ShiftedTickFiles()
    {
    }

    /**
     * Writes {@code file} shifted by {@code weeks} into {@code folder} as an uncompressed {@code SYMBOL_...mt5.csv}.
     *
     */
    static Path write(final Path file, final String symbol, final long weeks, final Path folder) throws IOException
    {
        final Path copy = folder.resolve(symbol + "_plus" + weeks + "w.mt5.csv");
        final Map<String, String> shifted = new HashMap<>();
        // ISO-8859-1 maps every byte to one char and back, so rows are copied unchanged whatever they hold.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.ISO_8859_1));
            BufferedWriter out = Files.newBufferedWriter(copy, StandardCharsets.ISO_8859_1))
        {
            out.write(in.readLine());
            out.write('\n');
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                if (line.length() > DATE_LENGTH)
                {
                    final String date = line.substring(0, DATE_LENGTH);
                    out.write(shifted.computeIfAbsent(date, d ->
                        LocalDate.parse(d, MT5_DATE).plusWeeks(weeks).format(MT5_DATE)));
                    out.write(line, DATE_LENGTH, line.length() - DATE_LENGTH);
                }
                else
                {
                    out.write(line);
                }
                out.write('\n');
            }
        }
        return copy;
    }

    /** Whole weeks that cover a span of ticks: copies shifted by multiples of it never overlap. */
    static long weeksCovering(final long firstTimeMsc, final long lastTimeMsc)
    {
        final long weekMs = 7L * 86_400_000L;
        return Math.max(1, (lastTimeMsc - firstTimeMsc) / weekMs + 1);
    }

    private static InputStream open(final Path file) throws IOException
    {
        final InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
