package io.tradingcore.engine;

import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.strategy.Quote;

import java.util.ArrayList;

/** The last quote of an instrument and the open positions that its ticks revalue. */
final class InstrumentMarket implements Quote
{
    final InstrumentSpec spec;
    long timeMsc;
    long bid;
    long ask;
    long last;
    long volume;
    /** Engine time of the last accepted tick, for the stale-market guard. */
    long lastTickTimeNs;
    boolean hasQuote;
    final ArrayList<Position> openPositions = new ArrayList<>();

    InstrumentMarket(final InstrumentSpec spec)
    {
        this.spec = spec;
    }

    @Override
    public int instrumentId()
    {
        return spec.instrumentId();
    }

    @Override
    public long timeMsc()
    {
        return timeMsc;
    }

    @Override
    public long bid()
    {
        return bid;
    }

    @Override
    public long ask()
    {
        return ask;
    }

    @Override
    public long last()
    {
        return last;
    }

    @Override
    public long volume()
    {
        return volume;
    }
}
