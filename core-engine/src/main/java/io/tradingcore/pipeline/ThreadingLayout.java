package io.tradingcore.pipeline;

/**
 * How the pipeline's stages share threads (ARCHITECTURE.md, "Threads").
 * <ul>
 * <li>{@link #SHARED}: every stage and the Aeron driver on one thread.</li>
 * <li>{@link #SPLIT}: sequencer + journaller on one thread; engine, publisher, venue and the Aeron driver on a
 * second. The default: two threads for two cores. The engine is on the second thread because the first, which also
 * copies each input out of the ingress and into the journal, is the busier one (benchmarks/TARGETS.md has the
 * figures).</li>
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
