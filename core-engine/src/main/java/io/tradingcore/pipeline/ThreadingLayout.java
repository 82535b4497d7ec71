package io.tradingcore.pipeline;

/**
 * How the pipeline's stages share threads (DESIGN.md, threads on a small machine).
 * <ul>
 * <li>{@link #SHARED}: every stage and the Aeron driver on one thread.</li>
 * <li>{@link #SPLIT}: sequencer + journaller + engine on one thread; publisher, venue and the
 * Aeron driver on a second. The default: two threads for two cores.</li>
 * <li>{@link #DEDICATED}: a thread per stage and one for the driver; for machines with cores to spare,
 * usually with a busy-spin idle strategy.</li>
 * </ul>
 */
public enum ThreadingLayout
{
    SHARED,
    SPLIT,
    DEDICATED
}
