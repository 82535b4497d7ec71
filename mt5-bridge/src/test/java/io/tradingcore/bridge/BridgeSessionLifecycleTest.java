package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameType;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.RawTerminalConnection;
import io.tradingcore.bridge.simulator.ReceivedFrame;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.CoreListener;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dead terminals are cut off by heartbeat; orders for an absent terminal wait, then end with a clear reject. */
class BridgeSessionLifecycleTest
{
    private static final List<TerminalSymbol> EURUSD =
        List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100, 1_000_000));

    @Test
    void aSilentTerminalGetsHeartbeatsEveryIntervalThenIsClosedByTimeout() throws Exception
    {
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("silent"), ReferenceData.defaults(),
                new BridgeContext().heartbeatIntervalMs(100).heartbeatTimeoutMs(1_000));
             RawTerminalConnection connection = RawTerminalConnection.connect("127.0.0.1", rig.port(),
                 Duration.ofSeconds(5)))
        {
            connection.sendHello(new Hello(1, Frame.HELLO_FLAG_RESET, 1, 1001, 0, 1, "silent", "demo-token-change-me",
                EURUSD, 0));
            assertEquals(FrameType.WELCOME, connection.readFrame(Duration.ofSeconds(5)).type());
            final List<Long> gapsMs = new ArrayList<>();
            long previous = System.nanoTime();
            ReceivedFrame frame;
            while ((frame = connection.readFrame(Duration.ofSeconds(3))) != null && frame.type() == FrameType.HEARTBEAT)
            {
                final long now = System.nanoTime();
                gapsMs.add((now - previous) / 1_000_000);
                previous = now;
            }
            assertNotNull(frame, "the bridge closed with an ERROR first");
            assertEquals(ErrorCode.HEARTBEAT_TIMEOUT, frame.error().code());
            assertTrue(gapsMs.size() >= 3, "the bridge sent heartbeats while waiting: " + gapsMs);
            // The median shrugs off a stalled machine's one late timer, but not heartbeats every other interval.
            Collections.sort(gapsMs);
            assertTrue(gapsMs.get(gapsMs.size() / 2) < 150, "heartbeats every 100 ms, gaps were " + gapsMs);
            assertTrue(connection.awaitClosedByPeer(Duration.ofSeconds(2)));
        }
    }

    @Test
    void anOrderForAnAbsentTerminalExpiresWithAClearReject() throws Exception
    {
        final List<String> rejects = new CopyOnWriteArrayList<>();
        final CoreListener listener = new CoreListener()
        {
            private final MessageHeaderDecoder header = new MessageHeaderDecoder();
            private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();

            @Override
            public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset,
                final int length)
            {
                if (header.wrap(buffer, offset).templateId() == OrderRejectedDecoder.TEMPLATE_ID)
                {
                    rejected.wrapAndApplyHeader(buffer, offset, header);
                    rejects.add(rejected.clientOrderId() + " " + rejected.reason() + " " + rejected.text());
                }
            }
        };
        final ReferenceData reference = ReferenceData.parse("""
            tenant 1 name=demo
            account 1001 tenant=1 currency=USD balance=100000 leverage=100
            instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01
            limits account=1001 tenant=1 max-order=5 stale-ms=600000
            """, "test");
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("expiry"), reference,
            new BridgeContext().orderTimeoutMs(300), listener))
        {
            final InputMessages messages = new InputMessages();
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
            int length = messages.marketTick(buffer, 0, 1, 1_399_525_217_007L, 139147, 139148, 0, 0, 6);
            rig.core.offerBlocking(buffer, 0, length);
            length = messages.newOrder(buffer, 0, 42, 1, 1001, 1, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 1000, 0,
                0, 0);
            final long queued = System.nanoTime();
            rig.core.offerBlocking(buffer, 0, length);
            rig.await("the undelivered order's reject", Duration.ofSeconds(5), () -> !rejects.isEmpty());
            assertTrue((System.nanoTime() - queued) / 1_000_000 >= 300, "it waited for the timeout first");
            assertEquals(1, rejects.size(), rejects.toString());
            assertTrue(rejects.get(0).startsWith("42 VENUE_REJECTED"), rejects.get(0));
            assertTrue(rejects.get(0).contains("undelivered: no terminal connected for account 1001 within 300 ms"),
                rejects.get(0));
            assertEquals(1, rig.bridge.stats().ordersExpired());
            assertEquals(0, rig.bridge.terminals().get(0).waitingOrders());
        }
    }
}
