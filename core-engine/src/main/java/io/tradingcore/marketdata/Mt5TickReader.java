package io.tradingcore.marketdata;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads an MT5 tick export ("Symbols &gt; Ticks &gt; Export") and delivers fixed-point ticks.
 *
 * <p>Format: one header row {@value #HEADER}, then tab-separated rows {@code YYYY.MM.DD},
 * {@code HH:MM:SS.mmm} (or {@code HH:MM:SS}), BID, ASK, LAST, VOLUME, FLAGS. An empty field, or
 * {@code 0}, in BID/ASK/LAST means "unchanged": the last value is carried forward (LAST starts at
 * 0). An empty or {@code 0} VOLUME is a volume of 0 for that tick. Line ends may be CRLF or LF;
 * the file may be plain or gzip (detected by its magic bytes, whatever its name), UTF-8 with or
 * without BOM, or UTF-16LE/BE (with BOM, or recognised without one from the header's zero
 * bytes).
 *
 * <p>Prices are parsed digit by digit into longs scaled by {@code 10^digits}; more decimals than
 * digits is malformed unless the extra decimals are zeros. Volume has 4 decimals (1 lot =
 * 10000). Times become epoch milliseconds UTC: UTC = server time - {@code timeZoneOffset}.
 *
 * <p>A row with an unparsable field, too few (or extra non-empty) fields, a bad date or time, or
 * a first tick without bid or ask (nothing to carry forward) is malformed: it throws
 * {@link MalformedTickRowException} naming the file and line, or with
 * {@link Mt5TickFile#skipBadRows()} is counted in {@link #rowsSkipped()} and dropped whole (the
 * carried-forward state is not touched). After an exception the reader stays usable: the next
 * {@link #read} continues with the following row. Times going backwards are delivered as is.
 *
 * <p>Lines are read into one reused char buffer and fields are parsed by index; no object is
 * allocated per row. Not thread-safe.
 */
public final class Mt5TickReader implements AutoCloseable
{
    /** The header row MT5 writes (fields separated by tabs). */
    public static final String HEADER = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>";
    /** Decimals of the fixed-point volume. */
    public static final int VOLUME_DECIMALS = 4;
    /** Fixed-point volume of 1 lot. */
    public static final long VOLUME_SCALE = 10_000L;
    /** Longest accepted line, in chars; a longer line is malformed. */
    public static final int MAX_LINE_CHARS = 1 << 16;

    private static final int FIELDS = 7;
    private static final int IO_BUFFER = 1 << 16;
    private static final long MS_PER_DAY = 86_400_000L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    private static final long BAD = Long.MIN_VALUE;
    private static final long MAX_DIV_10 = Long.MAX_VALUE / 10;
    private static final int MAX_SHOWN_CHARS = 40;

    // parseFixed error kinds
    private static final int ERR_NOT_NUMBER = 1;
    private static final int ERR_DECIMALS = 2;
    private static final int ERR_RANGE = 3;

    private final Mt5TickFile file;
    private final String fileName;
    private final int digits;
    private final long offsetMs;
    private final boolean skipBadRows;
    private final long sizeBytes;
    private final CountingInputStream counter;
    private final Reader reader;
    private final Charset charset;
    private final boolean gzip;

    private final char[] buf = new char[MAX_LINE_CHARS];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean closed;

    // the current line: buf[lineStart, lineEnd), CR stripped
    private int lineStart;
    private int lineEnd;
    private boolean lineOverlong;

    private final int[] fieldStart = new int[FIELDS];
    private final int[] fieldEnd = new int[FIELDS];

    private long lineNumber;
    private long rowsRead;
    private long rowsSkipped;
    private long ticksDelivered;
    private String lastSkipReason;

    // carried-forward state
    private boolean haveQuote;
    private long bid;
    private long ask;
    private long last;

    // the row being parsed
    private long rowTime;
    private long rowBid;
    private long rowAsk;
    private long rowLast;
    private long rowVolume;
    private int rowFlags;
    private String error;
    private int errKind;

    // date cache: most rows repeat the previous row's date
    private final char[] cachedDate = new char[10];
    private boolean haveCachedDate;
    private long cachedDateMs;

    private Mt5TickReader(final Mt5TickFile file, final long sizeBytes, final CountingInputStream counter,
        final Reader reader,
                          final Charset charset, final boolean gzip)
                          {
        this.file = file;
        this.fileName = String.valueOf(file.path().getFileName());
        this.digits = file.digits();
        this.offsetMs = file.timeZoneOffsetMillis();
        this.skipBadRows = file.skipBadRows();
        this.sizeBytes = sizeBytes;
        this.counter = counter;
        this.reader = reader;
        this.charset = charset;
        this.gzip = gzip;
    }

    /**
     * Opens the file, detects gzip and the encoding, and checks the header row.
     *
     * @throws MalformedTickRowException if the file is empty or its first row is not the MT5 header
     * @throws IOException if the file cannot be read
     */
    public static Mt5TickReader open(final Mt5TickFile file) throws IOException
    {
        Objects.requireNonNull(file, "file");
        Path path = file.path();
        long size = Files.size(path);
        CountingInputStream counter = new CountingInputStream(Files.newInputStream(path));
        try
        {
            BufferedInputStream in = new BufferedInputStream(counter, IO_BUFFER);
            boolean gz = startsWith(in, 0x1f, 0x8b);
            if (gz)
            {
                in = new BufferedInputStream(new GZIPInputStream(in, IO_BUFFER), IO_BUFFER);
            }
            Charset cs = detectCharset(in);
            Mt5TickReader r = new Mt5TickReader(file, size, counter, new InputStreamReader(in, cs), cs, gz);
            r.readHeader();
            return r;
        }
        catch (IOException | RuntimeException e)
        {
            try
            {
                counter.close();
            }
            catch (IOException suppressed)
            {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Opens {@code path} with the given digits, UTC rows and malformed rows rejected. */
    public static Mt5TickReader open(final Path path, final int digits) throws IOException
    {
        return open(Mt5TickFile.of(path, digits));
    }

    private static boolean startsWith(final BufferedInputStream in, final int b0, final int b1) throws IOException
    {
        in.mark(2);
        int c0 = in.read();
        int c1 = in.read();
        in.reset();
        return c0 == b0 && c1 == b1;
    }

    /** Reads the BOM (skipping it) or guesses UTF-16 from zero bytes; default UTF-8. */
    private static Charset detectCharset(final BufferedInputStream in) throws IOException
    {
        in.mark(3);
        int c0 = in.read();
        int c1 = in.read();
        int c2 = in.read();
        in.reset();
        if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF)
        {
            skipFully(in, 3);
            return StandardCharsets.UTF_8;
        }
        if (c0 == 0xFF && c1 == 0xFE)
        {
            skipFully(in, 2);
            return StandardCharsets.UTF_16LE;
        }
        if (c0 == 0xFE && c1 == 0xFF)
        {
            skipFully(in, 2);
            return StandardCharsets.UTF_16BE;
        }
        if (c0 > 0 && c1 == 0)
        {
            return StandardCharsets.UTF_16LE;
        }
        if (c0 == 0 && c1 > 0)
        {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    private static void skipFully(final InputStream in, final int n) throws IOException
    {
        for (int i = 0; i < n; i++)
        {
            if (in.read() < 0)
            {
                throw new IOException("unexpected end of stream");
            }
        }
    }

    private void readHeader() throws IOException
    {
        if (!nextLine())
        {
            throw new MalformedTickRowException(fileName, 1, "empty file: no MT5 header row");
        }
        int end = lineEnd;
        while (end > lineStart && (buf[end - 1] == '\t' || buf[end - 1] == ' '))
        {
            end--;
        }
        boolean ok = !lineOverlong && end - lineStart == HEADER.length();
        for (int i = 0; ok && i < HEADER.length(); i++)
        {
            ok = buf[lineStart + i] == HEADER.charAt(i);
        }
        if (!ok)
        {
            throw new MalformedTickRowException(fileName, lineNumber,
                "not an MT5 tick export header: expected '" + HEADER.replace("\t", "\\t") + "', found '"
                    + (lineOverlong ? "(a line longer than " + MAX_LINE_CHARS + " characters)"
                                    : shown(lineStart, lineEnd).replace("\t", "\\t"))
                    + "'");
        }
    }

    /**
     * Parses rows until {@code limit} ticks were delivered to {@code sink} or the file ends.
     * Skipped rows (with {@code skipBadRows}) and blank lines do not count toward the limit.
     *
     * @return the number of ticks delivered; 0 only at the end of the file
     * @throws MalformedTickRowException on a malformed row unless {@code skipBadRows}
     * @throws UncheckedIOException if reading fails (e.g. a truncated gzip file)
     */
    public int read(final TickSink sink, final int limit)
    {
        Objects.requireNonNull(sink, "sink");
        if (limit <= 0)
        {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (closed)
        {
            throw new IllegalStateException(fileName + ": reader is closed");
        }
        int delivered = 0;
        try
        {
            while (delivered < limit && nextLine())
            {
                if (lineStart == lineEnd && !lineOverlong)
                {
                    continue; // blank line
                }
                rowsRead++;
                if (lineOverlong)
                {
                    error = "line is longer than " + MAX_LINE_CHARS + " characters";
                }
                else if (parseRow())
                {
                    bid = rowBid;
                    ask = rowAsk;
                    last = rowLast;
                    haveQuote = true;
                    ticksDelivered++;
                    delivered++;
                    sink.onTick(rowTime, rowBid, rowAsk, rowLast, rowVolume, rowFlags);
                    continue;
                }
                if (!skipBadRows)
                {
                    throw new MalformedTickRowException(fileName, lineNumber, error);
                }
                rowsSkipped++;
                lastSkipReason = fileName + ":" + lineNumber + ": " + error;
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(fileName + ": " + e.getMessage(), e);
        }
        return delivered;
    }

    /** Reads the rest of the file into {@code sink}; returns the number of ticks delivered. */
    public long readAll(final TickSink sink)
    {
        long total = 0;
        int n;
        while ((n = read(sink, Integer.MAX_VALUE)) > 0)
        {
            total += n;
        }
        return total;
    }

    /** Finds the next line; false at end of file. Strips one trailing CR. */
    private boolean nextLine() throws IOException
    {
        lineOverlong = false;
        int scan = pos;
        while (true)
        {
            char[] b = buf;
            for (int i = scan; i < lim; i++)
            {
                if (b[i] == '\n')
                {
                    setLine(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof)
            {
                if (pos < lim || lineOverlong)
                {
                    setLine(pos, lim);
                    pos = lim;
                    return true;
                }
                return false;
            }
            if (pos > 0)
            {
                System.arraycopy(b, pos, b, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            if (lim == b.length)
            {
                // no newline in a full buffer: drop what we have and look for the line's end
                lineOverlong = true;
                lim = 0;
            }
            scan = lim;
            int n = reader.read(b, lim, b.length - lim);
            if (n < 0)
            {
                eof = true;
            }
            else
            {
                lim += n;
            }
        }
    }

    private void setLine(final int start, final int end)
    {
        lineStart = start;
        lineEnd = end > start && buf[end - 1] == '\r' ? end - 1 : end;
        lineNumber++;
    }

    /** Parses the current line into the row fields; false with {@link #error} set if malformed. */
    private boolean parseRow()
    {
        final char[] b = buf;
        final int[] fs = fieldStart;
        final int[] fe = fieldEnd;
        final int end = lineEnd;
        int n = 0;
        int start = lineStart;
        int i = lineStart;
        for (; i < end; i++)
        {
            if (b[i] == '\t')
            {
                fs[n] = start;
                fe[n] = i;
                start = i + 1;
                if (++n == FIELDS)
                {
                    break;
                }
            }
        }
        if (n < FIELDS)
        {
            fs[n] = start;
            fe[n] = end;
            n++;
            if (n < FIELDS)
            {
                error = "too few fields: expected " + FIELDS + " tab-separated fields, found " + n;
                return false;
            }
        }
        else
        {
            // 7 tabs seen: the 7th field ended at a tab; any further fields must be empty
            for (int j = i + 1; j < end; j++)
            {
                if (b[j] != '\t')
                {
                    error = "too many fields: expected " + FIELDS + " tab-separated fields";
                    return false;
                }
            }
        }

        long dayMs = parseDate(b, fs[0], fe[0]);
        if (dayMs == BAD)
        {
            error = "date '" + shown(fs[0], fe[0]) + "' is not a valid YYYY.MM.DD date";
            return false;
        }
        long timeOfDay = parseTime(b, fs[1], fe[1]);
        if (timeOfDay < 0)
        {
            error = "time '" + shown(fs[1], fe[1]) + "' is not a valid HH:MM:SS[.mmm] time";
            return false;
        }

        long v;
        if (fs[2] == fe[2] || (v = parseFixed(b, fs[2], fe[2], digits)) == 0)
        {
            if (!haveQuote)
            {
                error = "first tick has no bid: nothing to carry forward";
                return false;
            }
            rowBid = bid;
        }
        else if (v == BAD)
        {
            return fieldError("bid", 2, digits);
        }
        else
        {
            rowBid = v;
        }
        if (fs[3] == fe[3] || (v = parseFixed(b, fs[3], fe[3], digits)) == 0)
        {
            if (!haveQuote)
            {
                error = "first tick has no ask: nothing to carry forward";
                return false;
            }
            rowAsk = ask;
        }
        else if (v == BAD)
        {
            return fieldError("ask", 3, digits);
        }
        else
        {
            rowAsk = v;
        }
        if (fs[4] == fe[4] || (v = parseFixed(b, fs[4], fe[4], digits)) == 0)
        {
            rowLast = last;
        }
        else if (v == BAD)
        {
            return fieldError("last", 4, digits);
        }
        else
        {
            rowLast = v;
        }
        if (fs[5] == fe[5])
        {
            rowVolume = 0;
        }
        else if ((v = parseFixed(b, fs[5], fe[5], VOLUME_DECIMALS)) == BAD)
        {
            return fieldError("volume", 5, VOLUME_DECIMALS);
        }
        else if (v < 0)
        {
            error = "volume '" + shown(fs[5], fe[5]) + "' is negative";
            return false;
        }
        else
        {
            rowVolume = v;
        }
        int flags = parseFlags(b, fs[6], fe[6]);
        if (flags < 0)
        {
            error = "flags '" + shown(fs[6], fe[6]) + "' is not a non-negative integer";
            return false;
        }
        rowFlags = flags;
        rowTime = dayMs + timeOfDay - offsetMs;
        return true;
    }

    private boolean fieldError(final String name, final int field, final int decimals)
    {
        String text = shown(fieldStart[field], fieldEnd[field]);
        switch (errKind)
        {
            case ERR_DECIMALS:
                error = name + " '" + text + "' has more than " + decimals + " decimals";
                break;
            case ERR_RANGE:
                error = name + " '" + text + "' is out of range";
                break;
            default:
                error = name + " '" + text + "' is not a number";
                break;
        }
        return false;
    }

    /**
     * Parses {@code [-]digits[.digits]} into a long scaled by {@code 10^decimals}. Returns
     * {@link #BAD} with {@link #errKind} set if it is not a number, has non-zero decimals beyond
     * {@code decimals}, or does not fit a long.
     */
    private long parseFixed(final char[] b, final int start, final int e, final int decimals)
    {
        final boolean negative = b[start] == '-';
        final int s = negative ? start + 1 : start;
        long v = 0;
        int i = s;
        for (; i < e; i++)
        {
            int d = b[i] - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            if (v > MAX_DIV_10 || (v == MAX_DIV_10 && d > 7))
            {
                errKind = ERR_RANGE;
                return BAD;
            }
            v = v * 10 + d;
        }
        int intDigits = i - s;
        int frac = 0;
        int fracDigits = 0;
        boolean extra = false;
        if (i < e)
        {
            if (b[i] != '.')
            {
                errKind = ERR_NOT_NUMBER;
                return BAD;
            }
            for (i++; i < e; i++)
            {
                int d = b[i] - '0';
                if (d < 0 || d > 9)
                {
                    errKind = ERR_NOT_NUMBER;
                    return BAD;
                }
                fracDigits++;
                if (frac < decimals)
                {
                    if (v > MAX_DIV_10 || (v == MAX_DIV_10 && d > 7))
                    {
                        errKind = ERR_RANGE;
                        return BAD;
                    }
                    v = v * 10 + d;
                    frac++;
                }
                else if (d != 0)
                {
                    extra = true;
                }
            }
        }
        if (intDigits == 0 && fracDigits == 0)
        {
            errKind = ERR_NOT_NUMBER;
            return BAD;
        }
        if (extra)
        {
            errKind = ERR_DECIMALS;
            return BAD;
        }
        for (; frac < decimals; frac++)
        {
            if (v > MAX_DIV_10)
            {
                errKind = ERR_RANGE;
                return BAD;
            }
            v *= 10;
        }
        return negative ? -v : v;
    }

    /** {@code YYYY.MM.DD} to epoch milliseconds of its midnight, or {@link #BAD}. */
    private long parseDate(final char[] b, final int s, final int e)
    {
        if (e - s != 10)
        {
            return BAD;
        }
        final char[] c = cachedDate;
        if (haveCachedDate
            && b[s + 9] == c[9] && b[s + 8] == c[8] && b[s + 6] == c[6] && b[s + 5] == c[5]
            && b[s + 3] == c[3] && b[s + 2] == c[2] && b[s + 1] == c[1] && b[s] == c[0]
            && b[s + 4] == '.' && b[s + 7] == '.')
            {
            return cachedDateMs;
        }
        if (b[s + 4] != '.' || b[s + 7] != '.')
        {
            return BAD;
        }
        int y = digits4(b, s);
        int m = digits2(b, s + 5);
        int d = digits2(b, s + 8);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
        {
            return BAD;
        }
        long ms = epochDay(y, m, d) * MS_PER_DAY;
        System.arraycopy(b, s, c, 0, 10);
        haveCachedDate = true;
        cachedDateMs = ms;
        return ms;
    }

    /** {@code HH:MM:SS} or {@code HH:MM:SS.f[f[f]]} to milliseconds of the day, or -1. */
    private static long parseTime(final char[] b, final int s, final int e)
    {
        int len = e - s;
        if (len != 8 && (len < 10 || len > 12))
        {
            return -1;
        }
        if (b[s + 2] != ':' || b[s + 5] != ':')
        {
            return -1;
        }
        int h = digits2(b, s);
        int m = digits2(b, s + 3);
        int sec = digits2(b, s + 6);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
        {
            return -1;
        }
        int ms = 0;
        if (len > 8)
        {
            if (b[s + 8] != '.')
            {
                return -1;
            }
            for (int i = s + 9; i < s + 12; i++)
            {
                int d;
                if (i < e)
                {
                    d = b[i] - '0';
                    if (d < 0 || d > 9)
                    {
                        return -1;
                    }
                }
                else
                {
                    d = 0;
                }
                ms = ms * 10 + d;
            }
        }
        return ((h * 60L + m) * 60L + sec) * 1000L + ms;
    }

    private static int parseFlags(final char[] b, final int s, final int e)
    {
        if (s == e || e - s > 10)
        {
            return -1;
        }
        long v = 0;
        for (int i = s; i < e; i++)
        {
            int d = b[i] - '0';
            if (d < 0 || d > 9)
            {
                return -1;
            }
            v = v * 10 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static int digits2(final char[] b, final int s)
    {
        int d0 = b[s] - '0';
        int d1 = b[s + 1] - '0';
        if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9)
        {
            return -1;
        }
        return d0 * 10 + d1;
    }

    private static int digits4(final char[] b, final int s)
    {
        int hi = digits2(b, s);
        int lo = digits2(b, s + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    private static boolean isLeap(final int y)
    {
        return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    private static int daysInMonth(final int y, final int m)
    {
        switch (m)
        {
            case 2:
                return isLeap(y) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date, year &gt;= 0 (as LocalDate.toEpochDay). */
    static long epochDay(final int y, final int m, final int d)
    {
        long total = 365L * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * m - 362) / 12;
        total += d - 1;
        if (m > 2)
        {
            total--;
            if (!isLeap(y))
            {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }

    private String shown(final int s, final int e)
    {
        if (e - s > MAX_SHOWN_CHARS)
        {
            return new String(buf, s, MAX_SHOWN_CHARS) + "...";
        }
        return new String(buf, s, e - s);
    }

    /** The settings this reader was opened with. */
    public Mt5TickFile file()
    {
        return file;
    }

    public String symbol()
    {
        return file.symbol();
    }

    public int digits()
    {
        return digits;
    }

    /** The detected text encoding (UTF-8, UTF-16LE or UTF-16BE). */
    public Charset charset()
    {
        return charset;
    }

    /** Whether the file is gzip-compressed (by its magic bytes). */
    public boolean isGzip()
    {
        return gzip;
    }

    /** Data rows consumed so far (header and blank lines excluded): delivered, skipped or rejected. */
    public long rowsRead()
    {
        return rowsRead;
    }

    /** Malformed rows skipped (only with {@code skipBadRows}). */
    public long rowsSkipped()
    {
        return rowsSkipped;
    }

    /** Ticks delivered to sinks so far. */
    public long ticksDelivered()
    {
        return ticksDelivered;
    }

    /** The 1-based number of the last line read (the header is line 1; 0 before any). */
    public long lineNumber()
    {
        return lineNumber;
    }

    /** "file:line: reason" of the last skipped row, or null if none was skipped. */
    public String lastSkipReason()
    {
        return lastSkipReason;
    }

    /**
     * Bytes of the underlying file consumed so far (compressed bytes for gzip); runs ahead of the
     * parsed rows by at most the read buffers. Equals {@link #sizeBytes()} at end of file.
     */
    public long bytesRead()
    {
        return counter.count;
    }

    /** Size of the underlying file in bytes, taken when opened. */
    public long sizeBytes()
    {
        return sizeBytes;
    }

    /** Closes the file; idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            reader.close();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(fileName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString()
    {
        return "Mt5TickReader{" + fileName + ", line=" + lineNumber + ", rows=" + rowsRead
            + ", skipped=" + rowsSkipped + '}';
    }

    /** Counts the bytes read from the file, for progress reporting. */
    private static final class CountingInputStream extends FilterInputStream
    {
        long count;

        CountingInputStream(final InputStream in)
        {
            super(in);
        }

        @Override
        public int read() throws IOException
        {
            int c = in.read();
            if (c >= 0)
            {
                count++;
            }
            return c;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            int n = in.read(b, off, len);
            if (n > 0)
            {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(final long n) throws IOException
        {
            long k = in.skip(n);
            count += k;
            return k;
        }

        @Override
        public boolean markSupported()
        {
            return false;
        }
    }
}
