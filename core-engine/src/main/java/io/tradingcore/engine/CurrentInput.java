package io.tradingcore.engine;

/**
 * The input the engine is processing: its sequence, the engine time it set, and its message type, which every part
 * of the engine reads when it stamps an event or names the input it rejects.
 */
final class CurrentInput
{
    /** Sequence of the input being processed (the last one processed between inputs), 0 before the first. */
    long sequence;
    /** Engine time, epoch nanoseconds: the latest input's stamp. It never goes back. */
    long timeNs;
    /** SBE template id of the input being processed, 0 until its header has been read. */
    int templateId;
}
