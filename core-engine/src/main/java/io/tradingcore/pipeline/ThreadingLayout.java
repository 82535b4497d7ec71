package io.tradingcore.pipeline;

/**
 * How the pipeline's stages share threads (DESIGN.md, threads on a small machine).
 * <ul>
 * <li>{@link #SHARED}: every stage and the Aeron driver on one thread.</li>
 * <li>{@link #SPLIT}: sequencer + journaller on one thread; engine, publisher, venue and the Aeron driver on a
 * second. The default: two threads for two cores. The engine went to the second thread because the first, which also
 * copies each input out of the ingress and into the journal, was the pipeline's limit while the second idled: on the
 * 2-core VM the pipeline took 25-30% more inputs a second that way, at the same latency (benchmarks/TARGETS.md, the
 * sixth round).</li>
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
