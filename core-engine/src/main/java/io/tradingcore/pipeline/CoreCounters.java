package io.tradingcore.pipeline;

/**
 * The core's counters in its Aeron media driver's CnC file, where any process on the host reads them the way
 * AeronStat does ({@code CountersReader}): the gateway's health and metrics, a person's tools. Each counter has one of
 * these type ids and a label; they are live values, updated by the core's threads without locks.
 */
public final class CoreCounters
{
    /** Epoch milliseconds of the core's last sign of life, updated about every 100 ms while it runs. */
    public static final int CORE_HEARTBEAT_TYPE_ID = 3001;
    /** The last input sequence given out by the sequencer (journaled a moment later). */
    public static final int INPUTS_JOURNALED_TYPE_ID = 3002;
    /** The last input sequence whose outputs are published. */
    public static final int INPUTS_PUBLISHED_TYPE_ID = 3003;
    /** Ring entries in use: sequenced but not yet published. */
    public static final int RING_FILL_TYPE_ID = 3004;
    /** The ring's size in entries. */
    public static final int RING_SIZE_TYPE_ID = 3005;
    /** Bytes of the input journal's files. */
    public static final int INPUT_JOURNAL_BYTES_TYPE_ID = 3006;
    /** Bytes of the output journal's files. */
    public static final int OUTPUT_JOURNAL_BYTES_TYPE_ID = 3007;
    /** Terminals connected to the bridge now. */
    public static final int BRIDGE_SESSIONS_TYPE_ID = 3010;
    /** Epoch milliseconds of the bridge's last sign of life. */
    public static final int BRIDGE_HEARTBEAT_TYPE_ID = 3011;
    /**
     * One bucket of the tick-to-order latency histogram (from a tick's arrival at the bridge to the ORDER frame it
     * caused leaving it): the count of orders at or below the bucket's upper bound in microseconds, which is the
     * counter's key (a little-endian int) and in its label.
     */
    public static final int TICK_TO_ORDER_BUCKET_TYPE_ID = 3020;
    /** Client sessions open on the command ingress. */
    public static final int INGRESS_SESSIONS_TYPE_ID = 3030;
    /** Commands the ingress refused (no open session, wrong session, not a command), each also logged. */
    public static final int INGRESS_REFUSED_TYPE_ID = 3031;

    private CoreCounters()
    {
    }
}
