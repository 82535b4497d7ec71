package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameDecoder;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.OrderFrame;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.protocol.Welcome;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.marketdata.Mt5TickReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeSmokeTest
{
    @Test
    void ticksInOrdersOutFillsBack() throws Exception
    {
        final io.tradingcore.cli.RunTally tally = new io.tradingcore.cli.RunTally();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("smoke"), BridgeRig.busyStrategyReferenceData(),
            new BridgeContext(), tally);
             Socket socket = new Socket("127.0.0.1", rig.port()))
        {
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65_536]);
            int length = FrameWriter.hello(buffer, 0, new Hello(1, Frame.HELLO_FLAG_RESET, 1, 1001, 0, 1, "smoke",
                "demo-token-change-me", List.of(new TerminalSymbol("EURUSD", "EURUSD", 5, 3, 100_000, 100, 100,
                1_000_000)), 0));
            out.write(buffer.byteArray(), 0, length);
            final FrameAssembler assembler = new FrameAssembler(65_536);
            final FrameDecoder decoder = new FrameDecoder();
            final List<Welcome> welcomes = new ArrayList<>();
            final List<long[]> orders = new ArrayList<>();
            final long[] bridgeAck = new long[1];
            final FrameHandler handler = new FrameHandler()
            {
                @Override
                public void onWelcome(final Welcome welcome)
                {
                    welcomes.add(welcome);
                }

                @Override
                public void onOrder(final long seq, final long ack, final OrderFrame order)
                {
                    bridgeAck[0] = ack;
                    orders.add(new long[]{seq, order.orderId(), order.side(), order.quantity(),
                        order.causeTickTimeMsc()});
                }

                @Override
                public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
                {
                    bridgeAck[0] = ack;
                }
            };
            final byte[] readBytes = new byte[65_536];
            final UnsafeBuffer read = new UnsafeBuffer(readBytes);
            socket.setSoTimeout(5_000);
            while (welcomes.isEmpty())
            {
                final int n = in.read(readBytes);
                assembler.feed(read, 0, n, (frame, offset, frameLength) -> decoder.decode(frame, offset, frameLength,
                    handler));
            }
            assertEquals(1, welcomes.get(0).symbols().get(0).instrumentId());

            long seq = 0;
            long executed = 0;
            long net = 0;
            long dealId = 0;
            int ticks = 0;
            long lastBid = 0;
            long lastAsk = 0;
            final long[] tick = new long[3];
            try (Mt5TickReader reader = Mt5TickFile.builder(Path.of("../samples/EURUSD_20140508.mt5.csv.gz")).digits(5)
                .build().open())
            {
                final List<long[]> batch = new ArrayList<>();
                while (reader.read((time, bid, ask, last, volume, flags) ->
                    batch.add(new long[]{time, bid, ask}), 64) > 0)
                {
                    length = FrameWriter.ticks(buffer, 0, ++seq, executed, batch.size());
                    for (int i = 0; i < batch.size(); i++)
                    {
                        FrameWriter.tick(buffer, 0, i, 0, batch.get(i)[0], batch.get(i)[1], batch.get(i)[2], 0, 0, 6);
                    }
                    lastBid = batch.get(batch.size() - 1)[1];
                    lastAsk = batch.get(batch.size() - 1)[2];
                    ticks += batch.size();
                    batch.clear();
                    out.write(buffer.byteArray(), 0, length);
                    while (in.available() > 0 || seq - bridgeAck[0] > 4)
                    {
                        final int n = in.read(readBytes);
                        assembler.feed(read, 0, n, (frame, offset, frameLength) ->
                            decoder.decode(frame, offset, frameLength, handler));
                    }
                    while (executed < orders.size())
                    {
                        final long[] order = orders.get((int)executed++);
                        final boolean buy = order[2] == 0;
                        net += buy ? order[3] : -order[3];
                        length = FrameWriter.execution(buffer, 0, ++seq, executed, order[1], Frame.EXEC_FILL, 10009,
                            order[1], ++dealId, order[3], buy ? lastAsk : lastBid, 0, "");
                        out.write(buffer.byteArray(), 0, length);
                    }
                }
            }
            final long sent = seq;
            rig.await("every frame journaled and acknowledged", Duration.ofSeconds(10), () ->
            {
                try
                {
                    while (in.available() > 0)
                    {
                        final int n = in.read(readBytes);
                        assembler.feed(read, 0, n, (frame, offset, frameLength) ->
                            decoder.decode(frame, offset, frameLength, handler));
                    }
                }
                catch (final java.io.IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
                return bridgeAck[0] == sent;
            });
            assertTrue(orders.size() > 5, "the strategy traded: " + orders.size());
            assertEquals(ticks, rig.bridge.stats().ticksForwarded());
            final EngineStateReport report = rig.stop();
            final long finalNet = net;
            assertEquals(finalNet, report.positions().stream().mapToLong(EngineStateReport.PositionLine::netQuantity)
                .sum());
            assertEquals(orders.size(), orders.stream().filter(o -> o[4] != 0).count(), "every order names its tick");
        }
    }
}
