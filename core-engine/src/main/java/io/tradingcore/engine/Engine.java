package io.tradingcore.engine;

import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.EngineSettingsDecoder;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.PositionMismatchDecoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.TimerDueDecoder;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.DirectBuffer;

/**
 * The deterministic trading engine: orders, pre-trade risk, positions, P&L and strategies.
 *
 * <p>It is a pure function of its input sequence (ARCHITECTURE.md, engine rule 1): time comes only from the stamp
 * on each input, it does no I/O, starts no thread and iterates no map whose order could differ between two runs.
 * Anything it cannot accept is answered with a reject event; no input makes it throw (engine rule 5). It is
 * single-threaded: call it from one thread only.
 *
 * <p>This class only dispatches. Each concern is a part of its own, and each part writes its own section of the
 * snapshot: {@link Markets} (instruments and quotes), {@link Accounts} (tenants, accounts, limits, positions),
 * {@link LiveOrders} and {@link OrderLifecycle} (the order state machine), {@link RiskControls} (kill switch, halts,
 * daily loss), {@link StrategyHosting} (strategies and their timers).
 */
public final class Engine
{
    private final EngineOutput output;
    private final CurrentInput input = new CurrentInput();
    private final EngineEvents events = new EngineEvents();
    private final ReasonText text = new ReasonText();
    final Markets markets = new Markets(input, events, text);
    final Accounts accounts = new Accounts(input, events, text);
    final LiveOrders liveOrders = new LiveOrders(events);
    final RiskControls controls = new RiskControls(input, events, text, accounts, liveOrders);
    final StrategyHosting strategies;
    final ClientSessions clientSessions = new ClientSessions(input, events, text);
    private final OrderLifecycle orders;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final ModifyOrderDecoder modifyOrder = new ModifyOrderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final DefineInstrumentDecoder defineInstrument = new DefineInstrumentDecoder();
    private final DefineTenantDecoder defineTenant = new DefineTenantDecoder();
    private final SetRiskLimitsDecoder setRiskLimits = new SetRiskLimitsDecoder();
    private final HaltAccountDecoder haltAccount = new HaltAccountDecoder();
    private final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
    private final AttachStrategyDecoder attachStrategy = new AttachStrategyDecoder();
    private final EngineSettingsDecoder engineSettings = new EngineSettingsDecoder();
    private final PositionMismatchDecoder positionMismatch = new PositionMismatchDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final MessageHeaderDecoder commandHeader = new MessageHeaderDecoder();

    public Engine(final StrategyCatalog catalog, final EngineOutput output)
    {
        this.output = output;
        this.strategies = new StrategyHosting(catalog, input, events, text, markets, accounts);
        this.orders = new OrderLifecycle(input, events, text, markets, accounts, liveOrders, controls, strategies);
    }

    /** Sequence of the last input processed, 0 before the first. */
    public long lastSequence()
    {
        return input.sequence;
    }

    /** Engine time of the last input processed, epoch nanoseconds. */
    public long timeNs()
    {
        return input.timeNs;
    }

    /**
     * The deadline of the earliest pending strategy timer, epoch nanoseconds, {@link Long#MAX_VALUE} when none: a host
     * without inputs in between (the clustered engine) sets a timer of its own for it and then sends a
     * {@code TimerDue} input.
     */
    public long nextTimerDeadlineNs()
    {
        return strategies.nextTimerDeadlineNs();
    }

    /**
     * Processes one stamped input: an SBE message (header included) at {@code offset}. Outputs go
     * to the {@link EngineOutput} before this returns.
     */
    public void onInput(final long sequence, final long inputTimeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        events.beginInput(sequence, Math.max(inputTimeNs, input.timeNs));
        input.sequence = sequence;
        input.templateId = 0;
        try
        {
            if (inputTimeNs < input.timeNs)
            {
                text.clear().append("input time ").append(inputTimeNs).append(" ns is before engine time ")
                    .append(input.timeNs).append(" ns");
                events.inputRejected(0, RejectReason.TIME_BACKWARDS, text);
            }
            else
            {
                input.timeNs = inputTimeNs;
                controls.rollDayIfNeeded();
                strategies.fireDueTimers();
                dispatch(buffer, offset, length);
            }
            strategies.runQueued(orders);
        }
        catch (final RuntimeException ex)
        {
            // Last line of defence (engine rule 5): a message that slipped past validation is answered, not
            // allowed to stop the engine. Replays meet the same input and do the same.
            strategies.discardQueued();
            text.clear().append("input could not be processed: ").append(String.valueOf(ex.getClass().getSimpleName()))
                .append(": ").append(String.valueOf(ex.getMessage()));
            events.inputRejected(input.templateId, RejectReason.MALFORMED_MESSAGE, text);
        }
        if (events.length() > 0)
        {
            output.onOutputBatch(sequence, events.buffer(), 0, events.length());
        }
    }

    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            text.clear().append("input of ").append(length).append(" bytes is shorter than a message header");
            events.inputRejected(0, RejectReason.MALFORMED_MESSAGE, text);
            return;
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        input.templateId = templateId;
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            text.clear().append("schema ").append(header.schemaId()).append(" is not this engine's schema ")
                .append(MessageHeaderDecoder.SCHEMA_ID);
            events.inputRejected(templateId, RejectReason.UNKNOWN_MESSAGE, text);
            return;
        }
        if (MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            text.clear().append("message body of ").append(header.blockLength()).append(" bytes exceeds input of ")
                .append(length).append(" bytes");
            events.inputRejected(templateId, RejectReason.MALFORMED_MESSAGE, text);
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case MarketTickDecoder.TEMPLATE_ID:
                onTick(tick.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case NewOrderDecoder.TEMPLATE_ID:
                orders.onNewOrder(newOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case CancelOrderDecoder.TEMPLATE_ID:
                orders.onCancelOrder(cancelOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case ModifyOrderDecoder.TEMPLATE_ID:
                orders.onModifyOrder(modifyOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case ExecutionReportDecoder.TEMPLATE_ID:
                orders.onExecutionReport(executionReport.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case AccountUpdateDecoder.TEMPLATE_ID:
                accounts.onAccountUpdate(accountUpdate.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DefineInstrumentDecoder.TEMPLATE_ID:
                markets.onDefineInstrument(defineInstrument.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DefineTenantDecoder.TEMPLATE_ID:
                accounts.onDefineTenant(defineTenant.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case SetRiskLimitsDecoder.TEMPLATE_ID:
                accounts.onSetRiskLimits(setRiskLimits.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case HaltAccountDecoder.TEMPLATE_ID:
                controls.onHaltAccount(haltAccount.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case KillSwitchDecoder.TEMPLATE_ID:
                controls.onKillSwitch(killSwitch.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case AttachStrategyDecoder.TEMPLATE_ID:
                strategies.onAttachStrategy(attachStrategy.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case EngineSettingsDecoder.TEMPLATE_ID:
                accounts.onEngineSettings(engineSettings.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case PositionMismatchDecoder.TEMPLATE_ID:
                controls.onPositionMismatch(positionMismatch.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case TimerDueDecoder.TEMPLATE_ID:
                // The due timers fired before dispatch, at this input's time: nothing else to do.
                break;
            case ClientCommandDecoder.TEMPLATE_ID:
                onClientCommand(clientCommand.wrap(buffer, bodyOffset, blockLength, version), buffer, offset + length);
                break;
            default:
                text.clear().append("template ").append(templateId).append(" is not an input");
                events.inputRejected(templateId, RejectReason.UNKNOWN_MESSAGE, text);
        }
    }

    /**
     * A command from a client process: applied once per client session and sequence (a resend is answered as a
     * duplicate), then answered with {@code ClientCommandDone} after the command's own outputs.
     */
    private void onClientCommand(final ClientCommandDecoder command, final DirectBuffer buffer, final int inputEnd)
    {
        final int commandOffset = command.limit() + ClientCommandDecoder.commandHeaderLength();
        final int commandLength = command.commandLength();
        if (commandLength < MessageHeaderDecoder.ENCODED_LENGTH || commandOffset + commandLength > inputEnd)
        {
            text.clear().append("client command of ").append(commandLength).append(" bytes does not fit its input");
            events.inputRejected(ClientCommandDecoder.TEMPLATE_ID, RejectReason.MALFORMED_MESSAGE, text);
            return;
        }
        final int commandTemplateId = commandHeader.wrap(buffer, commandOffset).templateId();
        if (clientSessions.admit(command, commandTemplateId))
        {
            dispatch(buffer, commandOffset, commandLength);
            clientSessions.done(command, commandTemplateId);
        }
    }

    /**
     * A quote moves first the daily loss of the accounts holding the instrument, then their equity as the outputs
     * show it, then the strategies.
     */
    private void onTick(final MarketTickDecoder tick)
    {
        final InstrumentMarket market = markets.onTick(tick);
        if (market != null)
        {
            controls.onQuote(market);
            accounts.onQuote(market);
            strategies.onTick(market);
        }
    }

    /** The id the next accepted order gets: how many orders the engine has accepted, plus one. */
    long nextOrderId()
    {
        return liveOrders.nextOrderId();
    }

    /** A copy of the state for reports: positions, accounts, open orders. Not for the hot path. */
    public EngineStateReport report()
    {
        return EngineStateReport.of(this);
    }

    /** SHA-256 of the canonical snapshot encoding: equal hashes mean equal state. */
    public String stateHash()
    {
        return EngineSnapshot.hash(this);
    }

    /** Restores the engine's clock from a snapshot; each part restores its own section. */
    void restoreClock(final long sequence, final long timeNs)
    {
        input.sequence = sequence;
        input.timeNs = timeNs;
    }
}
