package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void helloAndWelcomeRoundTrip()
    {
        final Hello hello = new Hello(1, Frame.HELLO_FLAG_RESET, 7, 5_001_234L, 7200, 42, "5001234@Broker-Demo",
            "s3cret", List.of(new TerminalSymbol("EURUSDm", "EURUSD", 5, Frame.FILLING_FOK | Frame.FILLING_IOC,
            100_000, 100, 100, 1_000_000)), 17);
        final int length = FrameWriter.hello(buffer, 0, hello);
        final List<Object> seen = new ArrayList<>();
        decoder.decode(buffer, 0, length, new FrameHandler()
        {
            @Override
            public void onHello(final Hello decoded)
            {
                seen.add(decoded);
            }
        });
        assertEquals(List.of(hello), seen);

        final Welcome welcome = new Welcome(1, 1000, 5000, 65_536, 2000,
            List.of(new SymbolAnswer(1, ""), new SymbolAnswer(0, "no instrument XAUUSD in the core")), 99);
        final int welcomeLength = FrameWriter.welcome(buffer, 0, welcome);
        decoder.decode(buffer, 0, welcomeLength, new FrameHandler()
        {
            @Override
            public void onWelcome(final Welcome decoded)
            {
                seen.add(decoded);
            }
        });
        assertEquals(welcome, seen.get(1));
    }

    @Test
    void ticksExecutionOrderAndHeartbeatRoundTrip()
    {
        final int ticks = FrameWriter.ticks(buffer, 0, 3, 2, 2);
        FrameWriter.tick(buffer, 0, 0, 0, 1_399_525_217_007L, 139147, 139148, 0, 0, 6);
        FrameWriter.tick(buffer, 0, 1, 1, 1_399_525_217_100L, 129_301, 129_335, 1, 20_000, 2);
        final long[] got = new long[4];
        decoder.decode(buffer, 0, ticks, new FrameHandler()
        {
            @Override
            public void onTicks(final long seq, final long ack, final TicksFrame frame)
            {
                got[0] = seq;
                got[1] = frame.count();
                got[2] = frame.ask(1);
                got[3] = frame.volume(1) + frame.flags(0) + frame.timeMsc(0);
            }
        });
        assertArrayEquals(new long[]{3, 2, 129_335, 20_000 + 6 + 1_399_525_217_007L}, got);

        final int execution = FrameWriter.execution(buffer, 0, 4, 2, 77, Frame.EXEC_FILL, 10009, 900, 901, 1000,
            139150, 3_500_000, "done");
        decoder.decode(buffer, 0, execution, new FrameHandler()
        {
            @Override
            public void onExecution(final long seq, final long ack, final ExecutionFrame frame)
            {
                assertEquals(77, frame.orderId());
                assertEquals(Frame.EXEC_FILL, frame.execType());
                assertEquals(10009, frame.retcode());
                assertEquals(901, frame.dealId());
                assertEquals(139150, frame.lastPrice());
                assertEquals(3_500_000, frame.commission());
                assertEquals("done", frame.text());
                got[0] = seq;
            }
        });
        assertEquals(4, got[0]);

        final int order = FrameWriter.order(buffer, 0, 9, 5, 12, 34, 0, Frame.ACTION_NEW, 1, 1, 0, 1000, 139200, 0, 0,
            0, 1_399_525_217_007L);
        assertEquals(Frame.ORDER_LENGTH, order);
        decoder.decode(buffer, 0, order, new FrameHandler()
        {
            @Override
            public void onOrder(final long seq, final long ack, final OrderFrame frame)
            {
                assertEquals(12, frame.orderId());
                assertEquals(34, frame.clientOrderId());
                assertEquals(1, frame.side());
                assertEquals(139200, frame.price());
                assertEquals(1_399_525_217_007L, frame.causeTickTimeMsc());
                got[0] = seq + ack;
            }
        });
        assertEquals(14, got[0]);

        final int heartbeat = FrameWriter.heartbeat(buffer, 0, 8, 111, 222);
        decoder.decode(buffer, 0, heartbeat, new FrameHandler()
        {
            @Override
            public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
            {
                got[0] = ack + sendTimeNs + echoTimeNs;
            }
        });
        assertEquals(341, got[0]);
    }

    @Test
    void aSideRefusesFramesOnlyTheOtherSideSends()
    {
        final int order = FrameWriter.order(buffer, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0);
        final ProtocolException refused = assertThrows(ProtocolException.class,
            () -> decoder.decode(buffer, 0, order, new FrameHandler()
            {
            }));
        assertEquals(ErrorCode.MALFORMED_FRAME, refused.errorCode());
        assertTrue(refused.getMessage().contains("ORDER"), refused.getMessage());
    }

    @Test
    void assemblerCutsAStreamFedOneByteAtATimeAndRefusesAHugeLengthAtOnce()
    {
        final int first = FrameWriter.heartbeat(buffer, 0, 1, 2, 3);
        final int second = FrameWriter.error(buffer, first, ErrorCode.RATE_LIMITED, "slow down");
        final FrameAssembler assembler = new FrameAssembler(Frame.DEFAULT_MAX_FRAME_BYTES);
        final List<Integer> types = new ArrayList<>();
        final UnsafeBuffer oneByte = new UnsafeBuffer(new byte[1]);
        for (int i = 0; i < first + second; i++)
        {
            oneByte.putByte(0, buffer.getByte(i));
            assembler.feed(oneByte, 0, 1, (DirectBuffer frame, int offset, int length) ->
                types.add(decoder.decode(frame, offset, length, new FrameHandler()
                {
                })));
        }
        assertEquals(List.of(FrameType.HEARTBEAT, FrameType.ERROR), types);

        final UnsafeBuffer huge = new UnsafeBuffer(new byte[4]);
        huge.putInt(0, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        final ProtocolException refused = assertThrows(ProtocolException.class,
            () -> assembler.feed(huge, 0, 4, (frame, offset, length) ->
            {
            }));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, refused.errorCode());
    }
}
