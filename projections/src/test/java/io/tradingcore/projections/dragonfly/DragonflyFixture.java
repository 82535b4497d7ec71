package io.tradingcore.projections.dragonfly;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventScript;

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

    /** Writes the reference data into the script's batch and ends the batch there. */
    static Checkpoint referenceData(final EventScript script)
    {
        return script.defineTenant(ACME, "Acme").defineTenant(GLOBEX, "Globex")
            .defineInstrument(EURUSD, "EURUSD", 5, 100_000, 1).defineInstrument(XAUUSD, "XAUUSD", 2, 100_000, 5)
            .fundAccount(ACME, ACME_ACCOUNT, "USD", 10_000 * MONEY, 100)
            .fundAccount(GLOBEX, GLOBEX_ACCOUNT, "EUR", 5_000 * MONEY, 50)
            .endBatch();
    }
}
