package io.tradingcore.projections.dragonfly;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;

/**
 * The reference data the Dragonfly tests start from: two tenants with an account each and two instruments, one
 * with a tick size above one price unit. Sequences 1..6; the next input is {@link #NEXT_SEQUENCE}.
 */
final class DragonflyFixture
{
    static final int ACME = 1;
    static final int GLOBEX = 2;
    static final long ACME_ACCOUNT = 1001;
    static final long GLOBEX_ACCOUNT = 2001;
    static final int EURUSD = 1;
    static final int XAUUSD = 2;
    static final long LOT = 10_000L;
    static final long MONEY = 1_000_000L;
    static final long NEXT_SEQUENCE = 7;

    private DragonflyFixture()
    {
    }

    /** Appends the reference data to the batch and sets its checkpoint to them. */
    static Checkpoint referenceData(final DragonflyEvents events, final EventBatch batch)
    {
        events.defineTenant(1, ACME, "Acme");
        events.defineTenant(2, GLOBEX, "Globex");
        events.defineInstrument(3, EURUSD, "EURUSD", 5, 1);
        events.defineInstrument(4, XAUUSD, "XAUUSD", 2, 5);
        events.accountUpdate(5, ACME, ACME_ACCOUNT, "USD", 10_000 * MONEY, 100);
        events.accountState(5, 1, ACME, ACME_ACCOUNT, 10_000 * MONEY, 0, 0, 0, 0, false);
        events.accountUpdate(6, GLOBEX, GLOBEX_ACCOUNT, "EUR", 5_000 * MONEY, 50);
        events.accountState(6, 1, GLOBEX, GLOBEX_ACCOUNT, 5_000 * MONEY, 0, 0, 0, 0, false);
        return DragonflyEvents.checkpointAfter(batch, Checkpoint.ZERO);
    }
}
