package io.tradingcore.projections.postgres;

import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.projections.EventBatch;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;

/** The risk_events table: every RiskAlert, KillSwitchEngaged and InputRejected, appended. */
final class RiskEventRows implements TableRows
{
    private final CopyRows rows = new CopyRows("risk_events", EventColumns.PLACE +
        ", type, kind, value, threshold, cancelled_orders, rejected_template_id, text");

    @Override
    public void clear()
    {
        rows.clear();
    }

    void onRiskAlert(final EventBatch batch, final int index, final RiskAlertDecoder alert)
    {
        final long value = alert.value();
        final long threshold = alert.threshold();
        EventColumns.place(rows, batch, index).text("RiskAlert").text(alert.kind().name()).int8(value)
            .int8(threshold).nul().nul().text(alert.text()).endRow();
    }

    void onKillSwitchEngaged(final EventBatch batch, final int index, final KillSwitchEngagedDecoder engaged)
    {
        final int cancelled = engaged.cancelledOrders();
        EventColumns.place(rows, batch, index).text("KillSwitchEngaged").text(engaged.scope().name()).nul().nul()
            .int4(cancelled).nul().text(engaged.reason()).endRow();
    }

    void onInputRejected(final EventBatch batch, final int index, final InputRejectedDecoder rejected)
    {
        final int templateId = rejected.templateId();
        EventColumns.place(rows, batch, index).text("InputRejected").text(rejected.reason().name()).nul().nul()
            .nul().int4(templateId).text(rejected.text()).endRow();
    }

    @Override
    public void copy(final CopyManager copy) throws SQLException
    {
        rows.copy(copy);
    }
}
