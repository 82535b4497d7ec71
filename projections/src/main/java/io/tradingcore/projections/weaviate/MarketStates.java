package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Market states per instrument and UTC minute, a pure function of the input journal's MarketTick inputs (and the
 * DefineInstrument inputs, for symbols). A minute is the tick's {@code timeMsc} floored to the minute; a minute
 * closes when the first tick of a later minute arrives (a tick whose time goes backwards counts in the open
 * minute). Prices are mids, {@code (bid + ask) / 2}; a minute's close is the mid of its last tick, and the close "at"
 * a minute that had no tick is the close of the latest earlier minute that had one.
 * <p>
 * The vector of a closed minute {@code m}, seven numbers, each normalised to a fixed scale and clipped, so that vectors
 * of different days and instruments compare under cosine distance:
 * <ol>
 * <li>to 4. the log return of the close over 1, 5, 15 and 60 minutes, in basis points, divided by
 * {@code 10 * sqrt(k)} bps for k minutes (about one standard deviation of EURUSD over k minutes), clipped to [-3, 3];
 * 0 when no close that far back is known;</li>
 * <li>the realised volatility of the last 15 one-minute log returns (minutes {@code m-14..m}), the square root of
 * their sum of squares in bps, divided by {@code 10 * sqrt(15)}, clipped to [0, 3];</li>
 * <li>the mean spread of the minute's ticks in bps of their mid, divided by 2 bps, clipped to [0, 3];</li>
 * <li>the tick rate, {@code ln(1 + ticks in the minute) / ln(101)}, clipped to [0, 3].</li>
 * </ol>
 * The forward returns, in bps of the minute's close, are of the close at {@code m+5} and {@code m+15}; each is
 * filled in when the first tick of a minute after {@code m+5} (or {@code m+15}) arrives, and the state is then handed
 * over again.
 * <p>
 * The in-flight state (closes of the last 76 minutes, the open minute, states whose forward returns are not known
 * yet, the symbols) is {@link #snapshot()}: the sink stores it with its checkpoint and {@link #restore}s it on open,
 * so a restart continues exactly where the stored checkpoint is. Not thread-safe.
 */
public final class MarketStates
{
    /** Number of components of a vector. */
    public static final int DIMENSIONS = 7;
    static final long MINUTE_MS = 60_000;
    private static final int[] HORIZONS = {1, 5, 15, 60};
    private static final int VOLATILITY_MINUTES = 15;
    private static final int FORWARD_SHORT = 5;
    private static final int FORWARD_LONG = 15;
    /** Closes kept: enough for the 60-minute return of a minute and the 15-minute forward return of older ones. */
    private static final int HISTORY_MINUTES = 76;
    private static final double BPS = 10_000.0;
    private static final double RETURN_SCALE_BPS = 10.0;
    private static final double SPREAD_SCALE_BPS = 2.0;
    private static final double CLIP = 3.0;
    private static final double TICK_RATE_SCALE = Math.log(101);

    /**
     * A closed minute.
     *
     * @param minuteMs      the minute's start, epoch ms UTC
     * @param closeMid2     the close as {@code bid + ask} (twice the mid, in price units)
     * @param forward5mBps  null until known
     * @param forward15mBps null until known
     */
    public record State(
        int instrumentId, String symbol, long minuteMs, double[] vector, long closeMid2, int ticks,
        Double forward5mBps, Double forward15mBps)
    {
        public boolean forwardKnown()
        {
            return forward5mBps != null && forward15mBps != null;
        }

        /** The Weaviate object's id: name-based on {@code instrument:minuteMs}, so a rewrite replaces it. */
        public UUID id()
        {
            return idOf(instrumentId, minuteMs);
        }

        State withForward(final Double five, final Double fifteen)
        {
            return new State(instrumentId, symbol, minuteMs, vector, closeMid2, ticks, five, fifteen);
        }
    }

    private static final class Instrument
    {
        final int id;
        /** {minute, closeMid2}, oldest first. */
        final ArrayDeque<long[]> closes = new ArrayDeque<>();
        final List<State> pending = new ArrayList<>();
        long openMinute = Long.MIN_VALUE;
        int openTicks;
        double openSpreadBps;
        long openMid2;

        Instrument(final int id)
        {
            this.id = id;
        }

        /** The close of the latest minute at or before {@code minute}; 0 when none is kept. */
        long closeAt(final long minute)
        {
            long found = 0;
            for (final long[] close : closes)
            {
                if (close[0] > minute)
                {
                    break;
                }
                found = close[1];
            }
            return found;
        }
    }

    private final Map<Integer, String> symbols = new TreeMap<>();
    private final Map<Integer, Instrument> instruments = new TreeMap<>();

    /** The object id of an instrument's minute. */
    public static UUID idOf(final int instrumentId, final long minuteMs)
    {
        return UUID.nameUUIDFromBytes((instrumentId + ":" + minuteMs).getBytes(StandardCharsets.UTF_8));
    }

    /** The symbol given by the first definition of the id holds, as in the engine. */
    public void define(final int instrumentId, final String symbol)
    {
        symbols.putIfAbsent(instrumentId, symbol);
    }

    /** The defined symbol, or {@code #id} for an instrument never defined. */
    public String symbol(final int instrumentId)
    {
        return symbols.getOrDefault(instrumentId, "#" + instrumentId);
    }

    /** The instrument id of a symbol, or -1. */
    public int instrumentOf(final String symbol)
    {
        for (final Map.Entry<Integer, String> entry : symbols.entrySet())
        {
            if (entry.getValue().equals(symbol))
            {
                return entry.getKey();
            }
        }
        return -1;
    }

    /**
     * One tick. Hands over the state of the minute it closes, if any, then every earlier state whose forward returns
     * it completes. A tick without a positive bid and ask is not counted.
     */
    public void tick(
        final int instrumentId, final long timeMsc, final long bid, final long ask, final Consumer<State> updated)
    {
        if (bid <= 0 || ask <= 0)
        {
            return;
        }
        final Instrument instrument = instruments.computeIfAbsent(instrumentId, Instrument::new);
        final long minute = Math.floorDiv(timeMsc, MINUTE_MS);
        if (instrument.openMinute == Long.MIN_VALUE)
        {
            instrument.openMinute = minute;
        }
        else if (minute > instrument.openMinute)
        {
            close(instrument, updated);
            fillForward(instrument, minute - 1, updated);
            instrument.openMinute = minute;
        }
        final long mid2 = bid + ask;
        instrument.openTicks++;
        instrument.openSpreadBps += (ask - bid) * 2.0 * BPS / mid2;
        instrument.openMid2 = mid2;
    }

    private void close(final Instrument instrument, final Consumer<State> updated)
    {
        final long minute = instrument.openMinute;
        instrument.closes.addLast(new long[] {minute, instrument.openMid2});
        while (instrument.closes.size() > 1 && secondMinute(instrument) <= minute - HISTORY_MINUTES)
        {
            instrument.closes.removeFirst();
        }
        final double[] vector = new double[DIMENSIONS];
        final double close = instrument.openMid2;
        for (int i = 0; i < HORIZONS.length; i++)
        {
            final long before = instrument.closeAt(minute - HORIZONS[i]);
            final double bps = before == 0 ? 0 : Math.log(close / before) * BPS;
            vector[i] = clip(bps / (RETURN_SCALE_BPS * Math.sqrt(HORIZONS[i])), -CLIP, CLIP);
        }
        double squares = 0;
        for (long m = minute - VOLATILITY_MINUTES + 1; m <= minute; m++)
        {
            final long to = instrument.closeAt(m);
            final long from = instrument.closeAt(m - 1);
            if (to != 0 && from != 0)
            {
                final double bps = Math.log((double)to / from) * BPS;
                squares += bps * bps;
            }
        }
        vector[4] = clip(Math.sqrt(squares) / (RETURN_SCALE_BPS * Math.sqrt(VOLATILITY_MINUTES)), 0, CLIP);
        vector[5] = clip(instrument.openSpreadBps / instrument.openTicks / SPREAD_SCALE_BPS, 0, CLIP);
        vector[6] = clip(Math.log1p(instrument.openTicks) / TICK_RATE_SCALE, 0, CLIP);
        final State state = new State(instrument.id, symbol(instrument.id), minute * MINUTE_MS, vector,
            instrument.openMid2, instrument.openTicks, null, null);
        instrument.pending.add(state);
        updated.accept(state);
        instrument.openTicks = 0;
        instrument.openSpreadBps = 0;
    }

    private static long secondMinute(final Instrument instrument)
    {
        final Iterator<long[]> closes = instrument.closes.iterator();
        closes.next();
        return closes.next()[0];
    }

    /** Every close up to {@code knownMinute} is final: fills the forward returns that reach no further. */
    private static void fillForward(final Instrument instrument, final long knownMinute, final Consumer<State> updated)
    {
        for (int i = 0; i < instrument.pending.size(); i++)
        {
            final State state = instrument.pending.get(i);
            final long minute = state.minuteMs() / MINUTE_MS;
            Double five = state.forward5mBps();
            Double fifteen = state.forward15mBps();
            if (five == null && minute + FORWARD_SHORT <= knownMinute)
            {
                five = forward(instrument, state, minute + FORWARD_SHORT);
            }
            if (fifteen == null && minute + FORWARD_LONG <= knownMinute)
            {
                fifteen = forward(instrument, state, minute + FORWARD_LONG);
            }
            if (five != state.forward5mBps() || fifteen != state.forward15mBps())
            {
                final State filled = state.withForward(five, fifteen);
                instrument.pending.set(i, filled);
                updated.accept(filled);
            }
        }
        instrument.pending.removeIf(State::forwardKnown);
    }

    private static Double forward(final Instrument instrument, final State state, final long minute)
    {
        return Math.log((double)instrument.closeAt(minute) / state.closeMid2()) * BPS;
    }

    private static double clip(final double value, final double low, final double high)
    {
        return Math.max(low, Math.min(high, value));
    }

    /** The whole in-flight state as JSON; {@link #restore} gives back an equal one. */
    public ObjectNode snapshot()
    {
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        final ObjectNode root = nodes.objectNode();
        final ObjectNode symbolNodes = root.putObject("symbols");
        symbols.forEach((id, symbol) -> symbolNodes.put(String.valueOf(id), symbol));
        final ArrayNode instrumentNodes = root.putArray("instruments");
        for (final Instrument instrument : instruments.values())
        {
            final ObjectNode node = instrumentNodes.addObject();
            node.put("id", instrument.id).put("openMinute", instrument.openMinute)
                .put("openTicks", instrument.openTicks).put("openSpreadBps", instrument.openSpreadBps)
                .put("openMid2", instrument.openMid2);
            final ArrayNode closes = node.putArray("closes");
            for (final long[] close : instrument.closes)
            {
                closes.addArray().add(close[0]).add(close[1]);
            }
            final ArrayNode pending = node.putArray("pending");
            for (final State state : instrument.pending)
            {
                final ObjectNode stateNode = pending.addObject();
                stateNode.put("minuteMs", state.minuteMs()).put("closeMid2", state.closeMid2())
                    .put("ticks", state.ticks()).put("symbol", state.symbol());
                final ArrayNode vector = stateNode.putArray("vector");
                for (final double value : state.vector())
                {
                    vector.add(value);
                }
                if (state.forward5mBps() != null)
                {
                    stateNode.put("forward5mBps", state.forward5mBps().doubleValue());
                }
            }
        }
        return root;
    }

    /** The states as {@link #snapshot()} left them; an empty or missing node gives a fresh one. */
    public static MarketStates restore(final JsonNode snapshot)
    {
        final MarketStates states = new MarketStates();
        if (snapshot == null || snapshot.isMissingNode() || snapshot.isNull())
        {
            return states;
        }
        for (final Map.Entry<String, JsonNode> entry : snapshot.path("symbols").properties())
        {
            states.symbols.put(Integer.parseInt(entry.getKey()), entry.getValue().asText());
        }
        for (final JsonNode node : snapshot.path("instruments"))
        {
            final Instrument instrument = new Instrument(node.get("id").asInt());
            instrument.openMinute = node.get("openMinute").asLong();
            instrument.openTicks = node.get("openTicks").asInt();
            instrument.openSpreadBps = node.get("openSpreadBps").asDouble();
            instrument.openMid2 = node.get("openMid2").asLong();
            for (final JsonNode close : node.get("closes"))
            {
                instrument.closes.addLast(new long[] {close.get(0).asLong(), close.get(1).asLong()});
            }
            for (final JsonNode stateNode : node.get("pending"))
            {
                final double[] vector = new double[DIMENSIONS];
                for (int i = 0; i < DIMENSIONS; i++)
                {
                    vector[i] = stateNode.get("vector").get(i).asDouble();
                }
                final JsonNode five = stateNode.get("forward5mBps");
                instrument.pending.add(new State(instrument.id, stateNode.get("symbol").asText(),
                    stateNode.get("minuteMs").asLong(), vector, stateNode.get("closeMid2").asLong(),
                    stateNode.get("ticks").asInt(), five == null ? null : five.asDouble(), null));
            }
            states.instruments.put(instrument.id, instrument);
        }
        return states;
    }
}
