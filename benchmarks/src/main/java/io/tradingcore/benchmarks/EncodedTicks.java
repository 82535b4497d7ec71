package io.tradingcore.benchmarks;

import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MarketTickEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.marketdata.TickSink;
import io.tradingcore.messages.InputMessages;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Real ticks from an MT5 export, encoded once before anything is timed and laid out exactly as the
 * journaller appends an input: an 8-byte little-endian engine time stamp, then the SBE MarketTick
 * (header included). Every benchmark then moves the same bytes.
 *
 * <p>To make a run as long as asked, the file is repeated with its times shifted by whole days, so
 * ticks keep increasing (the engine rejects a tick older than the instrument's last) and keep their
 * time of day. The stamps are the ticks' own times, as the sequencer's data clock gives them. The
 * entries live off-heap so that Chronicle can copy them straight from their address.
 */
final class EncodedTicks
{
    static final int STAMP_LENGTH = Long.BYTES;
    static final int MESSAGE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + MarketTickEncoder.BLOCK_LENGTH;
    static final int ENTRY_LENGTH = STAMP_LENGTH + MESSAGE_LENGTH;
    private static final long DAY_MS = 86_400_000L;
    private static final long NANOS_PER_MS = 1_000_000L;

    private final Path file;
    private final InstrumentSpec instrument;
    private final int fileTicks;
    private final int repeats;
    private final long shiftMs;
    private final int count;
    private final UnsafeBuffer entries;
    private final MarketTickDecoder decoder = new MarketTickDecoder();

    private EncodedTicks(
        final Path file, final InstrumentSpec instrument, final TickColumns columns, final int repeats)
    {
        this.file = file;
        this.instrument = instrument;
        this.fileTicks = columns.size;
        this.repeats = repeats;
        final long spanMs = columns.timeMsc[columns.size - 1] - columns.timeMsc[0];
        this.shiftMs = (spanMs / DAY_MS + 1) * DAY_MS;
        final long total = (long)columns.size * repeats;
        if (total * ENTRY_LENGTH > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(total + " ticks do not fit one buffer; ask for fewer events");
        }
        this.count = (int)total;
        this.entries = new UnsafeBuffer(ByteBuffer.allocateDirect(count * ENTRY_LENGTH));
        final InputMessages messages = new InputMessages();
        int position = 0;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            final long shift = repeat * shiftMs;
            for (int i = 0; i < columns.size; i++)
            {
                final long timeMsc = columns.timeMsc[i] + shift;
                entries.putLong(position, timeMsc * NANOS_PER_MS, ByteOrder.LITTLE_ENDIAN);
                messages.marketTick(entries, position + STAMP_LENGTH, instrument.instrumentId(), timeMsc,
                    columns.bid[i], columns.ask[i], columns.last[i], columns.volume[i], columns.flags[i]);
                position += ENTRY_LENGTH;
            }
        }
    }

    /**
     * Reads {@code file} (its instrument from the file name, as MT5 names exports, and defined in
     * {@code reference}) and repeats it until there are at least {@code minimumTicks}.
     */
    static EncodedTicks load(final Path file, final ReferenceData reference, final long minimumTicks)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("tick file " + file + " not found");
        }
        final String symbol = Mt5TickFile.symbolFromFileName(file);
        final InstrumentSpec instrument = reference.instrumentsBySymbol().get(symbol);
        if (instrument == null)
        {
            throw new IllegalArgumentException("symbol " + symbol + " of " + file.getFileName() +
                " is not in the reference data (" + reference.instrumentsBySymbol().keySet() + ")");
        }
        final TickColumns columns = new TickColumns();
        try (Mt5TickReader reader = Mt5TickFile.builder(file).digits(instrument.digits()).symbol(symbol).build().open())
        {
            reader.readAll(columns);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (columns.size == 0)
        {
            throw new IllegalArgumentException(file + " holds no ticks");
        }
        final int repeats = (int)Math.max(1, (minimumTicks + columns.size - 1) / columns.size);
        return new EncodedTicks(file, instrument, columns, repeats);
    }

    /** How much later a further pass over all the entries must be for the ticks to keep increasing. */
    long periodMs()
    {
        return repeats * shiftMs;
    }

    /** The entries: {@link #count()} of {@link #ENTRY_LENGTH} bytes each. */
    UnsafeBuffer buffer()
    {
        return entries;
    }

    /** Address of the first entry, for copies that take raw memory. */
    long address()
    {
        return entries.addressOffset();
    }

    int count()
    {
        return count;
    }

    static int offset(final int index)
    {
        return index * ENTRY_LENGTH;
    }

    /** Where the SBE message of entry {@code index} starts; it is {@link #MESSAGE_LENGTH} bytes long. */
    static int messageOffset(final int index)
    {
        return index * ENTRY_LENGTH + STAMP_LENGTH;
    }

    long stampNs(final int index)
    {
        return entries.getLong(offset(index), ByteOrder.LITTLE_ENDIAN);
    }

    /** The MarketTick of entry {@code index}, read through one decoder that each call moves. */
    /** The bid of the first tick: the quote a run that sends only that tick trades against. */
    long firstBid()
    {
        return tick(0).bid();
    }

    MarketTickDecoder tick(final int index)
    {
        return decoder.wrap(entries, messageOffset(index) + MessageHeaderEncoder.ENCODED_LENGTH,
            MarketTickDecoder.BLOCK_LENGTH, MarketTickDecoder.SCHEMA_VERSION);
    }

    InstrumentSpec instrument()
    {
        return instrument;
    }

    Path file()
    {
        return file;
    }

    int fileTicks()
    {
        return fileTicks;
    }

    int repeats()
    {
        return repeats;
    }

    long shiftDays()
    {
        return shiftMs / DAY_MS;
    }

    /** The file's ticks as columns, grown as they are read. */
    private static final class TickColumns implements TickSink
    {
        long[] timeMsc = new long[1 << 16];
        long[] bid = new long[1 << 16];
        long[] ask = new long[1 << 16];
        long[] last = new long[1 << 16];
        long[] volume = new long[1 << 16];
        int[] flags = new int[1 << 16];
        int size;

        @Override
        public void onTick(final long timeMsc, final long bid, final long ask, final long last, final long volume,
            final int flags)
        {
            if (size == this.timeMsc.length)
            {
                final int capacity = size * 2;
                this.timeMsc = Arrays.copyOf(this.timeMsc, capacity);
                this.bid = Arrays.copyOf(this.bid, capacity);
                this.ask = Arrays.copyOf(this.ask, capacity);
                this.last = Arrays.copyOf(this.last, capacity);
                this.volume = Arrays.copyOf(this.volume, capacity);
                this.flags = Arrays.copyOf(this.flags, capacity);
            }
            this.timeMsc[size] = timeMsc;
            this.bid[size] = bid;
            this.ask[size] = ask;
            this.last[size] = last;
            this.volume[size] = volume;
            this.flags[size] = flags;
            size++;
        }
    }
}
