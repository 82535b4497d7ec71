package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.messages.RiskLimitValues;
import io.tradingcore.strategy.FillView;
import io.tradingcore.strategy.OrderView;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A strategy sees ticks, timers in engine time, order updates and fills; its orders pass risk. */
class StrategyHostTest
{
    /** Records what it sees; buys {@code quantity} on its first tick and again on its timer. */
    static class Probe implements Strategy
    {
        static Probe last;
        final List<String> seen = new ArrayList<>();
        final long quantity;
        StrategyContext context;

        Probe(final long quantity)
        {
            this.quantity = quantity;
            last = this;
        }

        @Override
        public void onStart(final StrategyContext context)
        {
            this.context = context;
        }

        @Override
        public void onTick(final Quote quote)
        {
            seen.add("tick " + quote.bid());
            if (seen.size() == 1)
            {
                context.submitOrder(EURUSD, Side.BUY, OrderType.MARKET, TimeInForce.IOC, quantity, 0, 0);
                context.scheduleTimer(7, context.timeNs() + 1_000_000_000L);
            }
        }

        @Override
        public void onTimer(final long timerId, final long timeNs)
        {
            seen.add("timer " + timerId);
            context.submitOrder(EURUSD, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 2 * quantity, 0, 0);
        }

        @Override
        public void onOrderUpdate(final OrderView order)
        {
            seen.add(order.status() + (order.rejectReason() == RejectReason.NONE ? "" : " " + order.rejectReason()));
        }

        @Override
        public void onFill(final FillView fill)
        {
            seen.add("fill " + fill.quantity() + " at " + fill.price());
        }

        @Override
        public void saveState(final StateWriter state)
        {
        }

        @Override
        public void loadState(final StateReader state)
        {
        }
    }

    @Test
    void strategySeesItsOrdersFillsAndTimersAndPassesRiskChecks()
    {
        final StrategyCatalog catalog = new StrategyCatalog().register("probe",
            parameters -> new Probe(parameters.fixed("quantity", 4, 1_000)));
        final EngineFixture fixture = new EngineFixture(catalog);
        fixture.limits(new RiskLimitValues(1_000, 0, 0, 0, 0, 0, 0, 0));
        fixture.send(fixture.inputs.attachStrategy(fixture.buffer, 0, 5, TENANT, ACCOUNT, "probe", "quantity=0.1"));
        final Probe probe = Probe.last;

        fixture.tick(EURUSD, 139_147, 139_149);
        assertEquals(List.of("tick 139147", "PENDING_NEW"), probe.seen, "its order was accepted and routed");
        fixture.report(fixture.lastRoutedOrderId(), ExecType.FILL, 1_000, 139_149);
        assertEquals("FILLED", probe.seen.get(probe.seen.size() - 1));
        assertTrue(probe.seen.contains("fill 1000 at 139149"));
        assertEquals(1_000, probe.context.position(EURUSD));

        fixture.advanceMs(999);
        fixture.tick(EURUSD, 139_150, 139_152);
        assertTrue(probe.seen.stream().noneMatch(s -> s.startsWith("timer")), "not yet: 999 ms of engine time");
        fixture.advanceMs(1);
        fixture.tick(EURUSD, 139_151, 139_153);
        assertTrue(probe.seen.contains("timer 7"), "fires at the first input at its deadline: " + probe.seen);
        assertEquals(OrderStatus.REJECTED + " " + RejectReason.MAX_ORDER_QUANTITY, probe.seen.get(
            probe.seen.size() - 1),
            "0.2 lots exceed the account's 0.1 limit for strategies too");
    }

    @Test
    void unknownStrategyAndFailingStrategyAreAnsweredNotThrown()
    {
        final StrategyCatalog catalog = new StrategyCatalog().register("broken", parameters -> new Probe(1_000)
        {
            @Override
            public void onTick(final Quote quote)
            {
                throw new IllegalStateException("bug in strategy");
            }
        });
        final EngineFixture fixture = new EngineFixture(catalog);
        fixture.send(fixture.inputs.attachStrategy(fixture.buffer, 0, 1, TENANT, ACCOUNT, "nope", ""));
        assertEquals(RejectReason.UNKNOWN_STRATEGY, fixture.lastInputReject().reason());

        fixture.send(fixture.inputs.attachStrategy(fixture.buffer, 0, 2, TENANT, ACCOUNT, "broken", ""));
        fixture.tick(EURUSD, 139_147, 139_149);
        final RiskAlertDecoder alert = fixture.lastOf(RiskAlertDecoder.TEMPLATE_ID,
            (b, h) -> new RiskAlertDecoder().wrapAndApplyHeader(b, 0, h));
        final String text = alert.text(); // var data is read once: SBE decoders are single-pass
        assertTrue(text.contains("bug in strategy"), text);
        fixture.tick(EURUSD, 139_148, 139_150);
        assertTrue(fixture.lastTemplates().isEmpty(), "a stopped strategy is not called again");
    }
}
