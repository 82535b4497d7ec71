package io.tradingcore.engine;

/**
 * Account figures derived from positions and the last quotes. Derived on demand rather than
 * stored, so they can never disagree with the positions they come from.
 */
final class Ledger
{
    private Ledger()
    {
    }

    static long unrealizedPnl(final Account account)
    {
        long sum = 0;
        for (final Position position : account.positions.values())
        {
            sum += position.unrealizedPnl();
        }
        return sum;
    }

    static long equity(final Account account)
    {
        return account.balance + unrealizedPnl(account);
    }

    static long marginUsed(final Account account)
    {
        long sum = 0;
        for (final Position position : account.positions.values())
        {
            sum += position.margin(account.leverage);
        }
        return sum;
    }

    static long grossExposure(final Account account)
    {
        long sum = 0;
        for (final Position position : account.positions.values())
        {
            sum += position.notional();
        }
        return sum;
    }

    static long grossExposure(final Tenant tenant)
    {
        long sum = 0;
        for (int i = 0, size = tenant.accounts.size(); i < size; i++)
        {
            sum += grossExposure(tenant.accounts.get(i));
        }
        return sum;
    }
}
