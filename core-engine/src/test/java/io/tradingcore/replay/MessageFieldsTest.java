package io.tradingcore.replay;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.RiskAlertEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit shows a risk alert's two figures as what its kind makes them: money, quantities or an order. */
class MessageFieldsTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    private AuditRecord alert(final AlertKind kind, final long value, final long threshold)
    {
        final RiskAlertEncoder alert = new RiskAlertEncoder();
        alert.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).inputSequence(7).timeNs(1).tenantId(1)
            .accountId(1001).kind(kind).value(value).threshold(threshold).text("why");
        return new MessageFields().output(7, 1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + alert.encodedLength());
    }

    private static String field(final AuditRecord record, final String name)
    {
        return record.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void lateFillsNameTheOrderAndMismatchesTheQuantities()
    {
        final AuditRecord late = alert(AlertKind.LATE_FILL, 42, 1_000);
        assertEquals("42", field(late, "orderId"));
        assertEquals("0.1000", field(late, "quantity"));

        final AuditRecord mismatch = alert(AlertKind.POSITION_MISMATCH, 3_000, -1_000);
        assertEquals("0.3000", field(mismatch, "terminalQuantity"));
        assertEquals("-0.1000", field(mismatch, "coreQuantity"));

        final AuditRecord loss = alert(AlertKind.DAILY_LOSS_LIMIT, 5_000_000_000L, 4_000_000_000L);
        assertEquals("5000.000000", field(loss, "value"), "money as the audit prints it");
    }
}
