package io.tradingcore.strategy;

/** A market tick as the engine saw it. The object is reused: read it inside the callback. */
public interface Quote
{
    int instrumentId();

    long timeMsc();

    long bid();

    long ask();

    long last();

    long volume();
}
