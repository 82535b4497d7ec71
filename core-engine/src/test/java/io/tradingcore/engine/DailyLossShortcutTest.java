package io.tradingcore.engine;

import io.tradingcore.domain.InstrumentSpec;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick's shortcut past the daily-loss check never skips a check that would fire: over random accounts, positions
 * and quotes (EURUSD-like and gold-like instruments, near and far from the limit), whenever it says "certainly not
 * reached" the exact loss is below the limit; and it does skip most ticks of an account well clear of its limit.
 */
class DailyLossShortcutTest
{
    @Test
    void neverSkipsACheckThatWouldFire()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final InstrumentSpec[] specs = {
            new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD"),
            new InstrumentSpec(2, "XAUUSD", 3, 100, 1, 100, 1_000_000, 100, "USD"),
            new InstrumentSpec(3, "US30", 0, 1, 1, 100, 1_000_000, 100, "USD")
        };
        int skipped = 0;
        for (int trial = 0; trial < 200_000; trial++)
        {
            final Account account = new Account(new Tenant(1, "t"), 7);
            account.balance = random.nextLong(-1_000_000_000L, 10_000_000_000L);
            account.dayStartEquity = account.balance + random.nextLong(-5_000_000L, 5_000_000L);
            account.limits.dailyLossLimit = random.nextLong(1, 20_000_000L);
            final Position[] positions = new Position[specs.length];
            for (int i = 0; i < specs.length; i++)
            {
                final InstrumentMarket market = new InstrumentMarket(specs[i]);
                final long mid = specs[i].digits() == 5 ? 139_000 : specs[i].digits() == 3 ? 1_300_000 : 16_000;
                market.bid = mid + random.nextLong(-2_000, 2_000);
                market.ask = market.bid + random.nextLong(0, 30);
                market.hasQuote = true;
                positions[i] = new Position(account, market);
                account.addPosition(positions[i]);
                final long quantity = random.nextLong(-50_000, 50_000);
                if (quantity != 0)
                {
                    positions[i].applyFill(quantity, mid + random.nextLong(-3_000, 3_000));
                }
            }
            final Position ticked = positions[random.nextInt(specs.length)];
            if (ticked.netQuantity == 0)
            {
                continue;
            }
            final boolean safe = RiskControls.dailyLossCertainlyNotReached(ticked);
            final long loss = account.dayStartEquity - Ledger.equity(account);
            if (safe)
            {
                skipped++;
                assertTrue(loss < account.limits.dailyLossLimit, () -> "skipped a check that fires: loss " + loss +
                    " limit " + account.limits.dailyLossLimit);
            }
        }
        assertTrue(skipped > 10_000, "the shortcut skips checks clear of the limit: " + skipped);
    }

    @Test
    void aKilledOrUnlimitedAccountNeedsNoCheck()
    {
        final InstrumentMarket market = new InstrumentMarket(
            new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD"));
        market.bid = 139_000;
        market.ask = 139_002;
        market.hasQuote = true;
        final Account account = new Account(new Tenant(1, "t"), 7);
        final Position position = new Position(account, market);
        account.addPosition(position);
        position.applyFill(1_000, 140_000);
        assertTrue(RiskControls.dailyLossCertainlyNotReached(position), "no limit set");
        account.limits.dailyLossLimit = 1;
        account.dayStartEquity = 0;
        assertFalse(RiskControls.dailyLossCertainlyNotReached(position),
            "a loss against a limit of 0.01 must be checked");
        account.killed = true;
        assertTrue(RiskControls.dailyLossCertainlyNotReached(position), "already killed");
    }
}
