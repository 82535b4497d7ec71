package io.tradingcore.venue;

import org.agrona.DirectBuffer;

/**
 * Receives the venue's answers: each call carries one encoded ExecutionReport input message (SBE,
 * header included), ready to be stamped and journaled like any other input. The buffer is reused
 * after the call returns.
 */
@FunctionalInterface
public interface ExecutionReportSink
{
    void onReport(DirectBuffer buffer, int offset, int length);
}
