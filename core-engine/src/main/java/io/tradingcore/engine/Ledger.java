package io.tradingcore.engine;

/**
 * Account figures derived from positions and the last quotes. Derived on demand rather than
 * stored, so they can never disagree with the positions they come from; each position remembers
 * its own figures for the inputs they were computed from, so a sum over unchanged positions costs
 * no division. Sums of longs do not depend on the order of the positions.
 */
final class Ledger
{
    private Ledger()
    {
    }

    static long unrealizedPnl(final Account account)
    {
        long sum = 0;
        for (int i = 0, size = account.positionCount(); i < size; i++)
        {
            sum += account.positionAt(i).unrealizedPnl();
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
        final int leverage = account.leverage;
        for (int i = 0, size = account.positionCount(); i < size; i++)
        {
            sum += account.positionAt(i).margin(leverage);
        }
        return sum;
    }

    static long grossExposure(final Account account)
    {
        long sum = 0;
        for (int i = 0, size = account.positionCount(); i < size; i++)
        {
            sum += account.positionAt(i).notional();
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
