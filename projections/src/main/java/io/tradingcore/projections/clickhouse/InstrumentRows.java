package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.projections.EventBatch;

/**
 * A DefineInstrument input as a row of instruments. Its digits are learnt only when the engine would accept the
 * definition ({@link InstrumentSpec#validate}): the digits a price is written with are the engine's.
 */
final class InstrumentRows
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DefineInstrumentDecoder define = new DefineInstrumentDecoder();
    private final Instruments instruments;

    InstrumentRows(final Instruments instruments)
    {
        this.instruments = instruments;
    }

    void add(final TabSeparated rows, final EventBatch batch, final int index)
    {
        define.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
        final String symbol = define.symbol().trim();
        final String currency = define.profitCurrency().trim();
        final String invalid = InstrumentSpec.validate(define.instrumentId(), symbol, define.digits(),
            define.contractSize(), define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep());
        rows.add(batch.inputSequence(index)).dateTime(batch.timeNs(index)).add(define.instrumentId()).text(symbol)
            .add(define.digits()).add(define.contractSize()).add(define.tickSize()).text(currency)
            .add(invalid == null ? 1 : 0);
        rows.endRow();
        if (invalid == null)
        {
            instruments.define(define.instrumentId(), define.digits());
        }
    }
}
