package io.tradingcore.engine;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The engine's whole state in a canonical byte form: every collection is written sorted by id,
 * so two engines in the same state write the same bytes whatever order their maps hold. The same
 * bytes serve as the snapshot for recovery and as the input of the state hash.
 *
 * <p>After a short header (magic, version, last sequence, engine time) each part of the engine writes its own
 * section, in this order: markets, accounts, live orders, risk controls, strategies with their timers.
 */
public final class EngineSnapshot
{
    private static final int MAGIC = 0x54434553; // "TCES"
    /**
     * Version 4 adds the command ingress's client sessions after the strategies. Version 3 lets each part write its
     * own section. Version 2 kept the next order id, the trading day, the count of
     * timers set and the global kill switch in the header; version 1 also kept each order rate window's whole ring.
     */
    private static final int VERSION = 4;

    private EngineSnapshot()
    {
    }

    /** Writes the engine's state into the buffer from offset 0; returns the length. */
    public static int write(final Engine engine, final ExpandableArrayBuffer buffer)
    {
        final CanonicalWriter out = new CanonicalWriter(buffer);
        out.putInt(MAGIC);
        out.putInt(VERSION);
        out.putLong(engine.lastSequence());
        out.putLong(engine.timeNs());
        engine.markets.writeSnapshot(out);
        engine.accounts.writeSnapshot(out);
        engine.liveOrders.writeSnapshot(out);
        engine.controls.writeSnapshot(out);
        engine.strategies.writeSnapshot(out);
        engine.clientSessions.writeSnapshot(out);
        return out.position();
    }

    /** Restores a snapshot into a new engine, which must not have processed any input yet. */
    public static void restore(final Engine engine, final DirectBuffer buffer, final int offset, final int length)
    {
        if (engine.lastSequence() != 0 || !engine.markets.isEmpty())
        {
            throw new IllegalStateException("restore needs a fresh engine");
        }
        if (length < 2 * Integer.BYTES || buffer.getInt(offset) != MAGIC)
        {
            throw new IllegalArgumentException("not an engine snapshot");
        }
        final int version = buffer.getInt(offset + Integer.BYTES);
        if (version < 1 || version > VERSION)
        {
            throw new IllegalArgumentException("engine snapshot version " + version + " is not supported");
        }
        final CanonicalReader in = new CanonicalReader(buffer, offset, length, version);
        in.getInt();
        in.getInt();
        engine.restoreClock(in.getLong(), in.getLong());
        if (version >= 3)
        {
            engine.markets.readSnapshot(in);
            engine.accounts.readSnapshot(in, engine.markets);
            engine.liveOrders.readSnapshot(in, engine.accounts, engine.markets);
            engine.controls.readSnapshot(in);
            engine.strategies.readSnapshot(in);
            if (version >= 4)
            {
                engine.clientSessions.readSnapshot(in);
            }
        }
        else
        {
            final long nextOrderId = in.getLong();
            final long currentDay = in.getLong();
            final long timersSet = in.getLong();
            final boolean globalKill = in.getBoolean();
            engine.markets.readSnapshot(in);
            engine.accounts.readSnapshot(in, engine.markets);
            engine.liveOrders.readOrders(in, engine.accounts, engine.markets);
            engine.liveOrders.restoreNextOrderId(nextOrderId);
            engine.controls.restore(currentDay, globalKill);
            engine.strategies.readLegacySnapshot(in, timersSet);
        }
        engine.markets.sortOpenPositions();
    }

    public static String hash(final Engine engine)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final int length = write(engine, buffer);
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(buffer.byteArray(), 0, length);
            final StringBuilder hex = new StringBuilder(64);
            for (final byte b : digest.digest())
            {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
