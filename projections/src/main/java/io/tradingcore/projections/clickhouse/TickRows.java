package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.SinkException;

/** A MarketTick input as a row of ticks; its bid and ask become the instrument's touch. */
final class TickRows
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final Instruments instruments;

    TickRows(final Instruments instruments)
    {
        this.instruments = instruments;
    }

    void add(final TabSeparated rows, final EventBatch batch, final int index) throws SinkException
    {
        tick.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
        final int instrumentId = tick.instrumentId();
        rows.add(batch.inputSequence(index)).dateTime(batch.timeNs(index)).add(batch.timeNs(index))
            .add(tick.timeMsc()).add(instrumentId);
        Prices.add(rows, tick.bid(), instrumentId, instruments, batch, index);
        Prices.add(rows, tick.ask(), instrumentId, instruments, batch, index);
        Prices.add(rows, tick.last(), instrumentId, instruments, batch, index);
        rows.add(tick.volume()).add(tick.flags());
        rows.endRow();
        instruments.tick(instrumentId, batch.inputSequence(index), tick.bid(), tick.ask());
    }
}
