package io.tradingcore.engine;

import io.tradingcore.domain.InstrumentSpec;

/**
 * One account holding one position in one instrument, outside any engine: fills and quotes go in, and the P&L,
 * equity and margin come out computed by the engine's own fixed-point arithmetic. For tools that need the engine's
 * figures without running an engine (what-if margin, benchmarks of the position arithmetic alone). Not state of any
 * engine, never journaled.
 */
public final class PositionCalculator
{
    private final Account account;
    private final InstrumentMarket market;
    private final Position position;

    /**
     * @param instrument what the position trades.
     * @param balance    the account's balance, in its currency's cents (the engine's money scale).
     * @param leverage   the account's leverage, e.g. 100 for 1:100.
     */
    public PositionCalculator(final InstrumentSpec instrument, final long balance, final int leverage)
    {
        market = new InstrumentMarket(instrument);
        account = new Account(new Tenant(1, "calculator"), 1);
        account.balance = balance;
        account.leverage = leverage;
        position = new Position(account, market);
        account.addPosition(position);
    }

    /** The instrument's quote moves: the position is revalued at it. Prices in the instrument's tick scale. */
    public void quote(final long bid, final long ask)
    {
        market.bid = bid;
        market.ask = ask;
        market.hasQuote = true;
    }

    /**
     * Applies a fill, positive quantity to buy, negative to sell (lots x 10^4), and returns the money it realized.
     * Throws ArithmeticException on overflow, before changing anything.
     */
    public long fill(final long signedQuantity, final long price)
    {
        return position.applyFill(signedQuantity, price);
    }

    /** Signed net quantity, lots x 10^4: positive is long. */
    public long netQuantity()
    {
        return position.netQuantity;
    }

    public long unrealizedPnl()
    {
        return position.unrealizedPnl();
    }

    /** Balance plus unrealized P&L. */
    public long equity()
    {
        return Ledger.equity(account);
    }

    public long marginUsed()
    {
        return Ledger.marginUsed(account);
    }
}
