package io.tradingcore.projections.business;

import io.tradingcore.projections.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant starts on Free for the month; an upgrade takes effect when paid, for a month from the day; a downgrade
 * waits for the period's end and then takes effect, once, as the period rolls on.
 */
class SubscriptionsTest
{
    @Test
    void aDowngradeWaitsForThePeriodsEnd() throws Exception
    {
        try (TestDatabase postgres = TestDatabase.create("subscriptions"))
        {
            final BusinessDatabase database = new BusinessDatabase(postgres.url(), null, null);
            final Subscriptions subscriptions = new Subscriptions(database, SubscriptionTiers.load(null));
            final LocalDate today = LocalDate.of(2026, 12, 7);

            final Subscriptions.Subscription free = subscriptions.current(7, today);
            assertEquals("free", free.tier());
            assertEquals(LocalDate.of(2026, 12, 1), free.periodStart());
            assertEquals(LocalDate.of(2027, 1, 1), free.periodEnd());
            assertTrue(subscriptions.isUpgrade(free, "pro"));

            try (java.sql.Connection connection = database.connect())
            {
                subscriptions.upgradePaid(connection, 7, "pro", today);
            }
            final Subscriptions.Subscription pro = subscriptions.current(7, today);
            assertEquals("pro", pro.tier());
            assertEquals(LocalDate.of(2027, 1, 7), pro.periodEnd(), "a month from the payment");
            assertFalse(subscriptions.isUpgrade(pro, "free"));

            assertEquals("free", subscriptions.downgradeAtPeriodEnd(7, "free", today).pendingTier());
            assertEquals(0, subscriptions.rollPeriods(LocalDate.of(2027, 1, 6)), "not before the period's end");
            assertEquals("pro", subscriptions.current(7, today).tier());
            assertEquals(1, subscriptions.rollPeriods(LocalDate.of(2027, 1, 7)));
            final Subscriptions.Subscription after = subscriptions.current(7, today);
            assertEquals("free", after.tier());
            assertNull(after.pendingTier());
            assertEquals(LocalDate.of(2027, 2, 7), after.periodEnd());
            assertEquals(0, subscriptions.rollPeriods(LocalDate.of(2027, 1, 7)), "once");
        }
    }
}
