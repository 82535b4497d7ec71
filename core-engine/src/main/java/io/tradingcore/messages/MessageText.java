package io.tradingcore.messages;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.EngineSettingsDecoder;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.PositionMismatchDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Turns any message of the schema into one readable line, for tools, errors and divergence reports. */
public final class MessageText
{
    private MessageText()
    {
    }

    public static String describe(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "<" + length + " bytes: too short for a message>";
        }
        final DirectBuffer view = new UnsafeBuffer(buffer, offset, length);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(view, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        try
        {
            final Object decoder = switch (header.templateId())
            {
                case MarketTickDecoder.TEMPLATE_ID -> new MarketTickDecoder().wrap(view, body, block, version);
                case NewOrderDecoder.TEMPLATE_ID -> new NewOrderDecoder().wrap(view, body, block, version);
                case CancelOrderDecoder.TEMPLATE_ID -> new CancelOrderDecoder().wrap(view, body, block, version);
                case ModifyOrderDecoder.TEMPLATE_ID -> new ModifyOrderDecoder().wrap(view, body, block, version);
                case ExecutionReportDecoder.TEMPLATE_ID -> new ExecutionReportDecoder().wrap(view, body, block,
                    version);
                case AccountUpdateDecoder.TEMPLATE_ID -> new AccountUpdateDecoder().wrap(view, body, block, version);
                case DefineInstrumentDecoder.TEMPLATE_ID -> new DefineInstrumentDecoder().wrap(view, body, block,
                    version);
                case DefineTenantDecoder.TEMPLATE_ID -> new DefineTenantDecoder().wrap(view, body, block, version);
                case SetRiskLimitsDecoder.TEMPLATE_ID -> new SetRiskLimitsDecoder().wrap(view, body, block, version);
                case HaltAccountDecoder.TEMPLATE_ID -> new HaltAccountDecoder().wrap(view, body, block, version);
                case KillSwitchDecoder.TEMPLATE_ID -> new KillSwitchDecoder().wrap(view, body, block, version);
                case AttachStrategyDecoder.TEMPLATE_ID -> new AttachStrategyDecoder().wrap(view, body, block, version);
                case EngineSettingsDecoder.TEMPLATE_ID -> new EngineSettingsDecoder().wrap(view, body, block, version);
                case PositionMismatchDecoder.TEMPLATE_ID ->
                    new PositionMismatchDecoder().wrap(view, body, block, version);
                case OrderAcceptedDecoder.TEMPLATE_ID -> new OrderAcceptedDecoder().wrap(view, body, block, version);
                case OrderRejectedDecoder.TEMPLATE_ID -> new OrderRejectedDecoder().wrap(view, body, block, version);
                case OrderRoutedDecoder.TEMPLATE_ID -> new OrderRoutedDecoder().wrap(view, body, block, version);
                case OrderStatusChangedDecoder.TEMPLATE_ID ->
                    new OrderStatusChangedDecoder().wrap(view, body, block, version);
                case FillDecoder.TEMPLATE_ID -> new FillDecoder().wrap(view, body, block, version);
                case PositionUpdateDecoder.TEMPLATE_ID -> new PositionUpdateDecoder().wrap(view, body, block, version);
                case AccountStateDecoder.TEMPLATE_ID -> new AccountStateDecoder().wrap(view, body, block, version);
                case RiskAlertDecoder.TEMPLATE_ID -> new RiskAlertDecoder().wrap(view, body, block, version);
                case KillSwitchEngagedDecoder.TEMPLATE_ID -> new KillSwitchEngagedDecoder().wrap(view, body, block,
                    version);
                case InputRejectedDecoder.TEMPLATE_ID -> new InputRejectedDecoder().wrap(view, body, block, version);
                default -> null;
            };
            return decoder == null ? "<template " + header.templateId() + ", " + length + " bytes>"
                : decoder.toString();
        }
        catch (final RuntimeException ex)
        {
            return "<template " + header.templateId() + ", " + length + " bytes, undecodable: " + ex.getMessage() + ">";
        }
    }
}
