package io.tradingcore.pipeline;

/** A pipeline agent that can tell, without doing it, whether it would make progress now: asked before a park. */
interface PendingWork
{
    boolean hasWork();
}
