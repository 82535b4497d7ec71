package io.tradingcore.venue;

/** The venue's touch for one instrument, from the last tick the engine accepted. */
final class InstrumentQuote
{
    /** From DefineInstrument; 0 while the definition has not been seen (ticks are then only checked for sign). */
    long tickSize;
    boolean hasQuote;
    long bid;
    long ask;
    long timeMsc = Long.MIN_VALUE;
}
