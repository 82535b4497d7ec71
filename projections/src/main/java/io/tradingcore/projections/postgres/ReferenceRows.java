package io.tradingcore.projections.postgres;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants and instruments tables, from DefineTenant and DefineInstrument: a batch's last definition of each is
 * merged. An instrument's digits become known to the rest of the batch at once (prices of later events need them).
 */
final class ReferenceRows implements TableRows
{
    private static final String TENANT_COLUMNS = "tenant_id, name, input_sequence, defined_at";
    private static final String INSTRUMENT_COLUMNS = "tenant_id, instrument_id, symbol, digits, contract_size, " +
        "tick_size, volume_min, volume_max, volume_step, profit_currency, input_sequence, defined_at";
    private static final String MERGE_TENANTS = "INSERT INTO tenants (" + TENANT_COLUMNS + ") SELECT * FROM " +
        "unnest(%s) ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name, " +
        "input_sequence = EXCLUDED.input_sequence, defined_at = EXCLUDED.defined_at";
    private static final String MERGE_INSTRUMENTS = "INSERT INTO instruments (" + INSTRUMENT_COLUMNS + ") SELECT * " +
        "FROM unnest(%s) ON CONFLICT (instrument_id) DO UPDATE SET " +
        "tenant_id = EXCLUDED.tenant_id, symbol = EXCLUDED.symbol, digits = EXCLUDED.digits, " +
        "contract_size = EXCLUDED.contract_size, tick_size = EXCLUDED.tick_size, " +
        "volume_min = EXCLUDED.volume_min, volume_max = EXCLUDED.volume_max, " +
        "volume_step = EXCLUDED.volume_step, profit_currency = EXCLUDED.profit_currency, " +
        "input_sequence = EXCLUDED.input_sequence, defined_at = EXCLUDED.defined_at";

    private record Tenant(String name, long inputSequence, long timeNs)
    {
    }

    private record Instrument(
        int tenantId, String symbol, int digits, long contractSize, long tickSize, long volumeMin, long volumeMax,
        long volumeStep, String profitCurrency, long inputSequence, long timeNs)
    {
    }

    private final UnnestRows mergedTenants = new UnnestRows(MERGE_TENANTS, "integer", "text", "bigint",
        "timestamptz");
    private final UnnestRows mergedInstruments = new UnnestRows(MERGE_INSTRUMENTS, "integer", "integer",
        "text", "smallint", "bigint",
        "numeric", "numeric", "numeric", "numeric", "text", "bigint", "timestamptz");
    private final Map<Integer, Tenant> tenants = new HashMap<>();
    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final InstrumentDigits digits;

    ReferenceRows(final InstrumentDigits digits)
    {
        this.digits = digits;
    }

    @Override
    public void clear()
    {
        mergedTenants.clear();
        mergedInstruments.clear();
        tenants.clear();
        instruments.clear();
    }

    void onDefineTenant(final EventBatch batch, final int index, final DefineTenantDecoder tenant)
    {
        final int tenantId = tenant.tenantId();
        tenants.put(tenantId, new Tenant(tenant.name(), batch.inputSequence(index), batch.timeNs(index)));
    }

    void onDefineInstrument(final EventBatch batch, final int index, final DefineInstrumentDecoder instrument)
    {
        final int instrumentId = instrument.instrumentId();
        final int scale = instrument.digits();
        if (scale < 0 || scale > FixedPoint.MAX_DIGITS)
        {
            throw new UnstorableEvent("instrument " + instrumentId + " has " + scale + " digits");
        }
        instruments.put(instrumentId, new Instrument(batch.tenantId(index), instrument.symbol(), scale,
            instrument.contractSize(), instrument.tickSize(), instrument.volumeMin(), instrument.volumeMax(),
            instrument.volumeStep(), instrument.profitCurrency(), batch.inputSequence(index), batch.timeNs(index)));
        digits.define(instrumentId, scale);
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        for (final Map.Entry<Integer, Tenant> entry : tenants.entrySet())
        {
            final Tenant tenant = entry.getValue();
            mergedTenants.number(entry.getKey()).text(tenant.name()).number(tenant.inputSequence())
                .timestamp(tenant.timeNs()).endRow();
        }
        for (final Map.Entry<Integer, Instrument> entry : instruments.entrySet())
        {
            final Instrument instrument = entry.getValue();
            final int lots = FixedPoint.QUANTITY_DIGITS;
            mergedInstruments.number(instrument.tenantId()).number(entry.getKey()).text(instrument.symbol())
                .number(instrument.digits()).number(instrument.contractSize())
                .decimal(instrument.tickSize(), instrument.digits()).decimal(instrument.volumeMin(), lots)
                .decimal(instrument.volumeMax(), lots).decimal(instrument.volumeStep(), lots)
                .text(instrument.profitCurrency()).number(instrument.inputSequence()).timestamp(instrument.timeNs())
                .endRow();
        }
    }

    @Override
    public List<UnnestRows> merges()
    {
        return List.of(mergedTenants, mergedInstruments);
    }
}
