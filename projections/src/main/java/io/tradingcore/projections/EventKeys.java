package io.tradingcore.projections;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionMismatchDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The tenant and account an event belongs to, read straight from its SBE block: what parking goes by (the events
 * after a parked one are parked too when they are the same account's) and what every row's tenant id comes from.
 * A message that names none (a tick, an instrument, an execution report that names only an order) belongs to 0.
 */
final class EventKeys
{
    private static final int NONE = -1;

    private EventKeys()
    {
    }

    static int templateId(final DirectBuffer buffer, final int offset)
    {
        final int at = offset + MessageHeaderDecoder.templateIdEncodingOffset();
        return buffer.getShort(at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    static int tenantId(final DirectBuffer buffer, final int offset, final int length)
    {
        final int field = tenantOffset(templateId(buffer, offset));
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH + field;
        return field == NONE || at + Integer.BYTES > offset + length ? 0 : buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
    }

    static long accountId(final DirectBuffer buffer, final int offset, final int length)
    {
        final int field = accountOffset(templateId(buffer, offset));
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH + field;
        return field == NONE || at + Long.BYTES > offset + length ? 0 : buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
    }

    private static int tenantOffset(final int templateId)
    {
        return switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID -> NewOrderDecoder.tenantIdEncodingOffset();
            case CancelOrderDecoder.TEMPLATE_ID -> CancelOrderDecoder.tenantIdEncodingOffset();
            case ModifyOrderDecoder.TEMPLATE_ID -> ModifyOrderDecoder.tenantIdEncodingOffset();
            case AccountUpdateDecoder.TEMPLATE_ID -> AccountUpdateDecoder.tenantIdEncodingOffset();
            case SetRiskLimitsDecoder.TEMPLATE_ID -> SetRiskLimitsDecoder.tenantIdEncodingOffset();
            case HaltAccountDecoder.TEMPLATE_ID -> HaltAccountDecoder.tenantIdEncodingOffset();
            case KillSwitchDecoder.TEMPLATE_ID -> KillSwitchDecoder.tenantIdEncodingOffset();
            case AttachStrategyDecoder.TEMPLATE_ID -> AttachStrategyDecoder.tenantIdEncodingOffset();
            case PositionMismatchDecoder.TEMPLATE_ID -> PositionMismatchDecoder.tenantIdEncodingOffset();
            case OrderAcceptedDecoder.TEMPLATE_ID -> OrderAcceptedDecoder.tenantIdEncodingOffset();
            case OrderRejectedDecoder.TEMPLATE_ID -> OrderRejectedDecoder.tenantIdEncodingOffset();
            case OrderRoutedDecoder.TEMPLATE_ID -> OrderRoutedDecoder.tenantIdEncodingOffset();
            case OrderStatusChangedDecoder.TEMPLATE_ID -> OrderStatusChangedDecoder.tenantIdEncodingOffset();
            case FillDecoder.TEMPLATE_ID -> FillDecoder.tenantIdEncodingOffset();
            case PositionUpdateDecoder.TEMPLATE_ID -> PositionUpdateDecoder.tenantIdEncodingOffset();
            case AccountStateDecoder.TEMPLATE_ID -> AccountStateDecoder.tenantIdEncodingOffset();
            case RiskAlertDecoder.TEMPLATE_ID -> RiskAlertDecoder.tenantIdEncodingOffset();
            case KillSwitchEngagedDecoder.TEMPLATE_ID -> KillSwitchEngagedDecoder.tenantIdEncodingOffset();
            case DefineTenantDecoder.TEMPLATE_ID -> DefineTenantDecoder.tenantIdEncodingOffset();
            default -> NONE;
        };
    }

    private static int accountOffset(final int templateId)
    {
        return switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID -> NewOrderDecoder.accountIdEncodingOffset();
            case CancelOrderDecoder.TEMPLATE_ID -> CancelOrderDecoder.accountIdEncodingOffset();
            case ModifyOrderDecoder.TEMPLATE_ID -> ModifyOrderDecoder.accountIdEncodingOffset();
            case AccountUpdateDecoder.TEMPLATE_ID -> AccountUpdateDecoder.accountIdEncodingOffset();
            case SetRiskLimitsDecoder.TEMPLATE_ID -> SetRiskLimitsDecoder.accountIdEncodingOffset();
            case HaltAccountDecoder.TEMPLATE_ID -> HaltAccountDecoder.accountIdEncodingOffset();
            case KillSwitchDecoder.TEMPLATE_ID -> KillSwitchDecoder.accountIdEncodingOffset();
            case AttachStrategyDecoder.TEMPLATE_ID -> AttachStrategyDecoder.accountIdEncodingOffset();
            case PositionMismatchDecoder.TEMPLATE_ID -> PositionMismatchDecoder.accountIdEncodingOffset();
            case OrderAcceptedDecoder.TEMPLATE_ID -> OrderAcceptedDecoder.accountIdEncodingOffset();
            case OrderRejectedDecoder.TEMPLATE_ID -> OrderRejectedDecoder.accountIdEncodingOffset();
            case OrderRoutedDecoder.TEMPLATE_ID -> OrderRoutedDecoder.accountIdEncodingOffset();
            case OrderStatusChangedDecoder.TEMPLATE_ID -> OrderStatusChangedDecoder.accountIdEncodingOffset();
            case FillDecoder.TEMPLATE_ID -> FillDecoder.accountIdEncodingOffset();
            case PositionUpdateDecoder.TEMPLATE_ID -> PositionUpdateDecoder.accountIdEncodingOffset();
            case AccountStateDecoder.TEMPLATE_ID -> AccountStateDecoder.accountIdEncodingOffset();
            case RiskAlertDecoder.TEMPLATE_ID -> RiskAlertDecoder.accountIdEncodingOffset();
            case KillSwitchEngagedDecoder.TEMPLATE_ID -> KillSwitchEngagedDecoder.accountIdEncodingOffset();
            default -> NONE;
        };
    }
}
