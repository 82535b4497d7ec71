package io.tradingcore.venue;

/** The MT5 trade server return codes the simulated venue answers with, so rejects read as a real server's. */
public final class Mt5ReturnCode
{
    /** TRADE_RETCODE_INVALID: invalid request, here an order the venue does not hold. */
    public static final int INVALID_REQUEST = 10013;
    /** TRADE_RETCODE_INVALID_VOLUME. */
    public static final int INVALID_VOLUME = 10014;
    /** TRADE_RETCODE_PRICE_OFF: no quotes to fill at. */
    public static final int PRICE_OFF = 10021;

    private Mt5ReturnCode()
    {
    }
}
