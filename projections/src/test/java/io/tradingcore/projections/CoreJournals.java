package io.tradingcore.projections;

import java.nio.file.Path;

/** {@link CoreRun} for the tests of other packages: a real core's journals of the busy sample day. */
public final class CoreJournals
{
    private CoreJournals()
    {
    }

    /** Runs a core over the first {@code ticks} ticks of the sample day, its journals in {@code data}. */
    public static void busyDay(final Path data, final long ticks) throws Exception
    {
        try (CoreRun core = new CoreRun(data, CoreRun.SECOND_TENANT))
        {
            core.feed(ticks);
            core.settle();
        }
    }
}
