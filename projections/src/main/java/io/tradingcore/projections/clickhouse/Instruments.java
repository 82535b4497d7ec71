package io.tradingcore.projections.clickhouse;

import java.util.HashMap;
import java.util.Map;

/**
 * What the sink must know of each instrument to write its rows: its digits (a price is a long at the instrument's
 * digits) and its last touch (the bid and ask of its latest tick, kept with an accepted order for slippage).
 * <p>
 * Changes made while a batch's rows are built are staged and kept only when the batch is stored: a batch that fails,
 * or an event that the runtime then parks, leaves what the sink knows as it was.
 */
final class Instruments
{
    /** A tick's bid and ask and the input sequence of that tick. */
    record Touch(long inputSequence, long bid, long ask)
    {
    }

    static final int UNKNOWN = -1;

    private final Map<Integer, Integer> digits = new HashMap<>();
    private final Map<Integer, Touch> touches = new HashMap<>();
    private final Map<Integer, Integer> stagedDigits = new HashMap<>();
    private final Map<Integer, Touch> stagedTouches = new HashMap<>();

    /** The instrument's digits, or {@link #UNKNOWN} when no valid definition of it was seen. */
    int digits(final int instrumentId)
    {
        final Integer staged = stagedDigits.get(instrumentId);
        if (staged != null)
        {
            return staged;
        }
        return digits.getOrDefault(instrumentId, UNKNOWN);
    }

    /** Like the engine, the first valid definition of an id holds; a later one is refused by the engine. */
    void define(final int instrumentId, final int instrumentDigits)
    {
        if (digits(instrumentId) == UNKNOWN)
        {
            stagedDigits.put(instrumentId, instrumentDigits);
        }
    }

    /** The latest tick's touch, or null before the first tick. */
    Touch touch(final int instrumentId)
    {
        final Touch staged = stagedTouches.get(instrumentId);
        return staged != null ? staged : touches.get(instrumentId);
    }

    /** A tick older than the touch known (a parked tick replayed) leaves it. */
    void tick(final int instrumentId, final long inputSequence, final long bid, final long ask)
    {
        final Touch current = touch(instrumentId);
        if (current == null || current.inputSequence() < inputSequence)
        {
            stagedTouches.put(instrumentId, new Touch(inputSequence, bid, ask));
        }
    }

    void commit()
    {
        digits.putAll(stagedDigits);
        touches.putAll(stagedTouches);
        discard();
    }

    void discard()
    {
        stagedDigits.clear();
        stagedTouches.clear();
    }

    void clear()
    {
        digits.clear();
        touches.clear();
        discard();
    }
}
