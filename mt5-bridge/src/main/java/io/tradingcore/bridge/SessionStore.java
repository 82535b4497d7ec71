package io.tradingcore.bridge;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the bridge must know after a restart and the core's journals do not hold: per account, the wire sequences
 * both ways, the ORDER frames written and not yet acknowledged, and the executions offered to the core and not yet
 * known to be journaled; and the input sequence from which the output journal holds routed orders the bridge may not
 * have written. Kept in a Chronicle Map file in the data folder ({@code bridge/sessions.dat}), written on the bridge's
 * thread only, each change a single put or remove: the file is memory-mapped, so what was put survives a SIGKILL of
 * the process (the page cache keeps it; a power cut is another matter, as for the journals).
 * <p>
 * Keys are 16 bytes: the account, then the kind of entry in the top byte over a sequence. Values are small byte
 * arrays, laid out below; nothing here is on the core's hot path.
 */
final class SessionStore implements AutoCloseable
{
    /** No routing floor stored: the store is new. */
    static final long NONE = Long.MIN_VALUE;

    private static final int KEY_LENGTH = 16;
    private static final int KIND_SHIFT = 56;
    private static final long SEQ_MASK = (1L << KIND_SHIFT) - 1;
    private static final long SESSION = 1;
    private static final long ORDER = 2;
    private static final long EXECUTION = 3;
    private static final long ROUTING = 4;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    // SESSION: the session's sequences and who its terminal is.
    private static final int SESSION_TENANT = 0;
    private static final int SESSION_RECEIVED = 8;
    private static final int SESSION_LAST_ORDER = 16;
    private static final int SESSION_ORDER_ACK = 24;
    private static final int SESSION_WRITTEN_INPUT = 32;
    private static final int SESSION_WRITTEN_INDEX = 40;
    private static final int SESSION_TERMINAL = 48;
    // ORDER: the routed order, from which its frame is written again under its seq.
    private static final int ORDER_INPUT = 0;
    private static final int ORDER_ID = 8;
    private static final int ORDER_CLIENT_ID = 16;
    private static final int ORDER_QUANTITY = 24;
    private static final int ORDER_PRICE = 32;
    private static final int ORDER_STOP_PRICE = 40;
    private static final int ORDER_EXPIRY = 48;
    private static final int ORDER_VENUE_ID = 56;
    private static final int ORDER_CAUSE_TICK = 64;
    private static final int ORDER_INDEX = 72;
    private static final int ORDER_TENANT = 76;
    private static final int ORDER_INSTRUMENT = 80;
    private static final int ORDER_ACTION = 84;
    private static final int ORDER_SIDE = 85;
    private static final int ORDER_TYPE = 86;
    private static final int ORDER_TIME_IN_FORCE = 87;
    private static final int ORDER_LENGTH = 88;
    // EXECUTION: the core's last sequence before it was offered, then what identifies it in the input journal.
    private static final int EXECUTION_SEQUENCED_BEFORE = 0;
    private static final int EXECUTION_ORDER = 8;
    private static final int EXECUTION_VENUE_ORDER = 16;
    private static final int EXECUTION_DEAL = 24;
    private static final int EXECUTION_QUANTITY = 32;
    private static final int EXECUTION_PRICE = 40;
    private static final int EXECUTION_TYPE = 48;
    private static final int EXECUTION_RETCODE = 52;
    private static final int EXECUTION_LENGTH = 56;

    /** One account's session as last stored. Positions in the output journal are (input sequence, index). */
    record SessionState(int tenantId, String terminalId, long receivedSeq, long lastOrderSeq, long orderAck,
        long writtenInput, long writtenIndex)
    {
    }

    /** The order of an ORDER frame written to the terminal and not acknowledged by it when stored. */
    record StoredOrder(long seq, RoutedOrder order)
    {
    }

    /**
     * An execution offered to the core, stored before the offer, until the core journaled it; {@code sequencedBefore}
     * is the core's last sequence before the offer, so a journaled copy can only be after it.
     */
    record InFlightExecution(long accountId, long seq, long sequencedBefore, long orderId, int execType, int retcode,
        long venueOrderId, long dealId, long lastQuantity, long lastPrice)
    {
        /** The same report as an ExecutionReport input carries it. */
        boolean matches(final long orderId, final int execType, final int retcode, final long venueOrderId,
            final long dealId, final long lastQuantity, final long lastPrice)
        {
            return this.orderId == orderId && this.execType == execType && this.retcode == retcode &&
                this.venueOrderId == venueOrderId && this.dealId == dealId && this.lastQuantity == lastQuantity &&
                this.lastPrice == lastPrice;
        }
    }

    /** Everything stored, by account, each account's entries in sequence order. */
    record Contents(Map<Long, SessionState> sessions, Map<Long, List<StoredOrder>> orders,
        Map<Long, List<InFlightExecution>> executions, long routingFloor)
    {
    }

    private final ChronicleMap<byte[], byte[]> map;
    private final Path file;
    private final boolean created;
    private final byte[] key = new byte[KEY_LENGTH];
    private final UnsafeBuffer keyView = new UnsafeBuffer(key);

    private SessionStore(final ChronicleMap<byte[], byte[]> map, final Path file, final boolean created)
    {
        this.map = map;
        this.file = file;
        this.created = created;
    }

    /** Keeps nothing: the store of a bridge not started on a core's data folder (tests of the bridge alone). */
    static SessionStore unpersisted()
    {
        return new SessionStore(null, null, true);
    }

    /**
     * Opens the store at {@code file}, creating it (and its folder) when missing. An existing file is opened in
     * Chronicle Map's recovery mode, which releases the locks of a process that was killed while it held them.
     */
    static SessionStore open(final Path file, final Consumer<String> log)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            final File path = file.toFile();
            final boolean exists = path.exists();
            final ChronicleMapBuilder<byte[], byte[]> builder = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name("mt5-bridge-sessions")
                .constantKeySizeBySample(new byte[KEY_LENGTH])
                .averageValueSize(128)
                .entries(65_536)
                .maxBloatFactor(16);
            final ChronicleMap<byte[], byte[]> map = exists ?
                builder.recoverPersistedTo(path, true,
                    corruption -> log.accept("session store " + file + ": repaired: " + corruption.message())) :
                builder.createPersistedTo(path);
            return new SessionStore(map, file, !exists);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the bridge's session store " + file, ex);
        }
    }

    /** True when this open created the file: nothing was stored before. */
    boolean created()
    {
        return created;
    }

    Path file()
    {
        return file;
    }

    void putSession(final long accountId, final SessionState state)
    {
        if (map == null)
        {
            return;
        }
        final byte[] id = state.terminalId() == null ? new byte[0] :
            state.terminalId().getBytes(StandardCharsets.US_ASCII);
        final byte[] value = new byte[SESSION_TERMINAL + 1 + Math.min(255, id.length)];
        final UnsafeBuffer buffer = new UnsafeBuffer(value);
        buffer.putInt(SESSION_TENANT, state.tenantId(), LE);
        buffer.putLong(SESSION_RECEIVED, state.receivedSeq(), LE);
        buffer.putLong(SESSION_LAST_ORDER, state.lastOrderSeq(), LE);
        buffer.putLong(SESSION_ORDER_ACK, state.orderAck(), LE);
        buffer.putLong(SESSION_WRITTEN_INPUT, state.writtenInput(), LE);
        buffer.putLong(SESSION_WRITTEN_INDEX, state.writtenIndex(), LE);
        buffer.putByte(SESSION_TERMINAL, (byte)(value.length - SESSION_TERMINAL - 1));
        buffer.putBytes(SESSION_TERMINAL + 1, id, 0, value.length - SESSION_TERMINAL - 1);
        map.put(key(accountId, SESSION, 0), value);
    }

    void putOrder(final long seq, final RoutedOrder order)
    {
        if (map == null)
        {
            return;
        }
        final byte[] value = new byte[ORDER_LENGTH];
        final UnsafeBuffer buffer = new UnsafeBuffer(value);
        buffer.putLong(ORDER_INPUT, order.inputSequence(), LE);
        buffer.putLong(ORDER_ID, order.orderId(), LE);
        buffer.putLong(ORDER_CLIENT_ID, order.clientOrderId(), LE);
        buffer.putLong(ORDER_QUANTITY, order.quantity(), LE);
        buffer.putLong(ORDER_PRICE, order.price(), LE);
        buffer.putLong(ORDER_STOP_PRICE, order.stopPrice(), LE);
        buffer.putLong(ORDER_EXPIRY, order.expiryTimeNs(), LE);
        buffer.putLong(ORDER_VENUE_ID, order.venueOrderId(), LE);
        buffer.putLong(ORDER_CAUSE_TICK, order.causeTickTimeMsc(), LE);
        buffer.putInt(ORDER_INDEX, order.routedIndex(), LE);
        buffer.putInt(ORDER_TENANT, order.tenantId(), LE);
        buffer.putInt(ORDER_INSTRUMENT, order.instrumentId(), LE);
        buffer.putByte(ORDER_ACTION, (byte)order.action());
        buffer.putByte(ORDER_SIDE, (byte)order.side());
        buffer.putByte(ORDER_TYPE, (byte)order.orderType());
        buffer.putByte(ORDER_TIME_IN_FORCE, (byte)order.timeInForce());
        map.put(key(order.accountId(), ORDER, seq), value);
    }

    void removeOrder(final long accountId, final long seq)
    {
        if (map == null)
        {
            return;
        }
        map.remove(key(accountId, ORDER, seq));
    }

    void putExecution(final InFlightExecution execution)
    {
        if (map == null)
        {
            return;
        }
        final byte[] value = new byte[EXECUTION_LENGTH];
        final UnsafeBuffer buffer = new UnsafeBuffer(value);
        buffer.putLong(EXECUTION_SEQUENCED_BEFORE, execution.sequencedBefore(), LE);
        buffer.putLong(EXECUTION_ORDER, execution.orderId(), LE);
        buffer.putLong(EXECUTION_VENUE_ORDER, execution.venueOrderId(), LE);
        buffer.putLong(EXECUTION_DEAL, execution.dealId(), LE);
        buffer.putLong(EXECUTION_QUANTITY, execution.lastQuantity(), LE);
        buffer.putLong(EXECUTION_PRICE, execution.lastPrice(), LE);
        buffer.putInt(EXECUTION_TYPE, execution.execType(), LE);
        buffer.putInt(EXECUTION_RETCODE, execution.retcode(), LE);
        map.put(key(execution.accountId(), EXECUTION, execution.seq()), value);
    }

    void removeExecution(final long accountId, final long seq)
    {
        if (map == null)
        {
            return;
        }
        map.remove(key(accountId, EXECUTION, seq));
    }

    /** Every routed order at or after this input sequence may still be unwritten: rebuild them from there. */
    void putRoutingFloor(final long inputSequence)
    {
        if (map == null)
        {
            return;
        }
        final byte[] value = new byte[Long.BYTES];
        new UnsafeBuffer(value).putLong(0, inputSequence, LE);
        map.put(key(0, ROUTING, 0), value);
    }

    /** Drops every ORDER and EXECUTION entry of an account: its terminal started new streams. */
    void removeStreams(final long accountId)
    {
        if (map == null)
        {
            return;
        }
        final List<byte[]> keys = new ArrayList<>();
        map.forEachEntry(entry ->
        {
            final byte[] stored = entry.key().get();
            final UnsafeBuffer view = new UnsafeBuffer(stored);
            final long kind = view.getLong(8, LE) >>> KIND_SHIFT;
            if (view.getLong(0, LE) == accountId && (kind == ORDER || kind == EXECUTION))
            {
                keys.add(stored.clone());
            }
        });
        keys.forEach(map::remove);
    }

    /** Reads everything stored; once, when the bridge starts. */
    Contents read()
    {
        if (map == null)
        {
            return new Contents(Map.of(), Map.of(), Map.of(), NONE);
        }
        final Map<Long, SessionState> sessions = new HashMap<>();
        final Map<Long, List<StoredOrder>> orders = new HashMap<>();
        final Map<Long, List<InFlightExecution>> executions = new HashMap<>();
        final long[] floor = {NONE};
        map.forEachEntry(entry ->
        {
            final UnsafeBuffer keyBuffer = new UnsafeBuffer(entry.key().get());
            final long accountId = keyBuffer.getLong(0, LE);
            final long kindAndSeq = keyBuffer.getLong(8, LE);
            final long seq = kindAndSeq & SEQ_MASK;
            final UnsafeBuffer buffer = new UnsafeBuffer(entry.value().get());
            switch ((int)(kindAndSeq >>> KIND_SHIFT))
            {
                case (int)SESSION ->
                {
                    final int idLength = buffer.getByte(SESSION_TERMINAL) & 0xFF;
                    final String terminalId = idLength == 0 ? null :
                        buffer.getStringWithoutLengthAscii(SESSION_TERMINAL + 1, idLength);
                    sessions.put(accountId, new SessionState(buffer.getInt(SESSION_TENANT, LE), terminalId,
                        buffer.getLong(SESSION_RECEIVED, LE), buffer.getLong(SESSION_LAST_ORDER, LE),
                        buffer.getLong(SESSION_ORDER_ACK, LE), buffer.getLong(SESSION_WRITTEN_INPUT, LE),
                        buffer.getLong(SESSION_WRITTEN_INDEX, LE)));
                }
                case (int)ORDER -> orders.computeIfAbsent(accountId, id -> new ArrayList<>()).add(new StoredOrder(seq,
                    new RoutedOrder(buffer.getLong(ORDER_INPUT, LE), buffer.getInt(ORDER_INDEX, LE),
                        buffer.getLong(ORDER_ID, LE), buffer.getLong(ORDER_CLIENT_ID, LE),
                        buffer.getInt(ORDER_TENANT, LE), accountId, buffer.getInt(ORDER_INSTRUMENT, LE),
                        buffer.getByte(ORDER_ACTION), buffer.getByte(ORDER_SIDE), buffer.getByte(ORDER_TYPE),
                        buffer.getByte(ORDER_TIME_IN_FORCE), buffer.getLong(ORDER_QUANTITY, LE),
                        buffer.getLong(ORDER_PRICE, LE), buffer.getLong(ORDER_STOP_PRICE, LE),
                        buffer.getLong(ORDER_EXPIRY, LE), buffer.getLong(ORDER_VENUE_ID, LE),
                        buffer.getLong(ORDER_CAUSE_TICK, LE))));
                case (int)EXECUTION -> executions.computeIfAbsent(accountId, id -> new ArrayList<>()).add(
                    new InFlightExecution(accountId, seq, buffer.getLong(EXECUTION_SEQUENCED_BEFORE, LE),
                        buffer.getLong(EXECUTION_ORDER, LE), buffer.getInt(EXECUTION_TYPE, LE),
                        buffer.getInt(EXECUTION_RETCODE, LE), buffer.getLong(EXECUTION_VENUE_ORDER, LE),
                        buffer.getLong(EXECUTION_DEAL, LE), buffer.getLong(EXECUTION_QUANTITY, LE),
                        buffer.getLong(EXECUTION_PRICE, LE)));
                case (int)ROUTING -> floor[0] = buffer.getLong(0, LE);
                default -> throw new IllegalStateException("session store " + file +
                    " holds an entry of unknown kind " + (kindAndSeq >>> KIND_SHIFT));
            }
        });
        orders.values().forEach(list -> list.sort(Comparator.comparingLong(StoredOrder::seq)));
        executions.values().forEach(list -> list.sort(Comparator.comparingLong(InFlightExecution::seq)));
        return new Contents(sessions, orders, executions, floor[0]);
    }

    private byte[] key(final long accountId, final long kind, final long seq)
    {
        keyView.putLong(0, accountId, LE);
        keyView.putLong(8, kind << KIND_SHIFT | (seq & SEQ_MASK), LE);
        return key;
    }

    @Override
    public void close()
    {
        if (map != null)
        {
            map.close();
        }
    }
}
