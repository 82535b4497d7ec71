package io.tradingcore.bridge.protocol;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds FrameAssembler and FrameDecoder over a million generated inputs: random bytes, valid frames of every
 * type with random mutations (bit flips, truncation, extension, huge counts and string lengths, swapped types,
 * bad seq and ack) and streams of valid frames cut into random chunks. Only ProtocolException may come out;
 * the assembler never holds more than maxFrameBytes; valid frames decode to exactly what was written. A mutated
 * frame is also decoded from a buffer that ends where the frame ends, so any read past the frame's end is an
 * IndexOutOfBoundsException here instead of a silent read of stale bytes. The seed is printed; rerun one with
 * {@code -Dfuzz.seed=<seed>}.
 */
class FrameDecoderFuzzTest
{
    private static final int INPUTS = 1_000_000;
    private static final int MAX_FRAME_BYTES = Frame.DEFAULT_MAX_FRAME_BYTES;
    private static final int[] TYPES = {FrameType.HELLO, FrameType.WELCOME, FrameType.TICKS, FrameType.EXECUTION,
        FrameType.ACCOUNT, FrameType.ORDER, FrameType.HEARTBEAT, FrameType.ERROR};

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_FRAME_BYTES * 2]);
    private final ByteBuffer stream = ByteBuffer.allocate(MAX_FRAME_BYTES * 24);
    private final FrameDecoder decoder = new FrameDecoder();
    private final Recorder recorder = new Recorder();
    private final List<Object> decoded = new ArrayList<>();
    private Random random;
    private long seed;
    private long inputs;
    private long valid;
    private long refused;

    @Test
    void onlyProtocolExceptionsBoundedMemoryAndExactRoundTrips()
    {
        seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FrameDecoderFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        random = new Random(seed);
        final long start = System.nanoTime();
        final FrameAssembler assembler = new FrameAssembler(MAX_FRAME_BYTES);
        while (inputs < INPUTS)
        {
            final int kind = random.nextInt(100);
            if (kind < 25)
            {
                roundTrip(assembler);
            }
            else if (kind < 70)
            {
                mutated(assembler);
            }
            else if (kind < 85)
            {
                randomBytes();
            }
            else if (kind < 95)
            {
                stream(assembler);
            }
            else
            {
                hugeLength();
            }
        }
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("FrameDecoderFuzzTest: " + inputs + " inputs (" + valid + " decoded, " + refused +
            " refused with ProtocolException) in " + millis + " ms, seed " + seed);
        assertTrue(valid > INPUTS / 10 && refused > INPUTS / 10, valid + " decoded, " + refused + " refused");
    }

    /** A valid frame, decoded whole and through the assembler in random chunks, gives back what was written. */
    private void roundTrip(final FrameAssembler assembler)
    {
        final List<Object> expected = new ArrayList<>();
        final byte[] frame = validFrame(expected);
        decoded.clear();
        decodeAtEnd(frame, true);
        assertEquals(expected, decoded, "direct decode, seed " + seed);
        decoded.clear();
        feedInChunks(assembler, frame, true);
        assertEquals(expected, decoded, "assembled decode, seed " + seed);
        assertEquals(0, assembler.pendingBytes());
    }

    private void mutated(final FrameAssembler assembler)
    {
        final byte[] frame = mutate(validFrame(new ArrayList<>()));
        decodeAtEnd(frame, false);
        feedInChunks(assembler, frame, false);
    }

    /** Pure noise into a fresh assembler: most die on the length, some reach the decoder. */
    private void randomBytes()
    {
        final byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        if (bytes.length >= 8 && random.nextBoolean())
        {
            // a plausible length and type, so the noise reaches the decoder's body checks
            putInt(bytes, 0, bytes.length - Frame.LENGTH_FIELD_SIZE);
            putShort(bytes, Frame.TYPE_OFFSET, TYPES[random.nextInt(TYPES.length)]);
        }
        feedInChunks(new FrameAssembler(random.nextBoolean() ? 256 : MAX_FRAME_BYTES), bytes, false);
        decodeAtEnd(bytes, false);
    }

    /** Several valid frames back to back, cut at random points: every frame comes out, in order, intact. */
    private void stream(final FrameAssembler assembler)
    {
        final List<Object> expected = new ArrayList<>();
        stream.clear();
        final int frames = 2 + random.nextInt(20);
        for (int i = 0; i < frames; i++)
        {
            stream.put(validFrame(expected));
        }
        final byte[] bytes = new byte[stream.position()];
        stream.flip().get(bytes);
        decoded.clear();
        feedInChunks(assembler, bytes, true);
        assertEquals(expected, decoded, "stream of " + frames + " frames, seed " + seed);
        assertEquals(0, assembler.pendingBytes());
    }

    /** A length beyond the limit (up to 4 GB) is refused after its 4 bytes, before any body is held. */
    private void hugeLength()
    {
        final FrameAssembler assembler = new FrameAssembler(MAX_FRAME_BYTES);
        final long length = random.nextBoolean() ? 0xFFFF_FFFFL - random.nextInt(1 << 20) :
            MAX_FRAME_BYTES - Frame.LENGTH_FIELD_SIZE + 1 + random.nextInt(1 << 20);
        final byte[] bytes = new byte[4];
        putInt(bytes, 0, (int)length);
        inputs++;
        try
        {
            assembler.feed(new UnsafeBuffer(bytes), 0, 4, (buffer, offset, frameLength) -> fail("accepted " + length));
            fail("length " + length + " was not refused, seed " + seed);
        }
        catch (final ProtocolException e)
        {
            refused++;
            assertEquals(ErrorCode.FRAME_TOO_LARGE, e.errorCode());
            assertTrue(assembler.pendingBytes() <= Frame.LENGTH_FIELD_SIZE);
        }
    }

    /** Decodes from a buffer that ends exactly where the frame ends, so an over-read cannot go unnoticed. */
    private void decodeAtEnd(final byte[] frame, final boolean mustDecode)
    {
        final byte[] backing = new byte[frame.length + 16];
        System.arraycopy(frame, 0, backing, 16, frame.length);
        inputs++;
        try
        {
            decoder.decode(new UnsafeBuffer(backing), 16, frame.length, recorder);
            valid++;
        }
        catch (final ProtocolException e)
        {
            refused++;
            if (mustDecode)
            {
                fail("valid frame refused: " + e.getMessage() + ", seed " + seed + ", frame " + hex(frame));
            }
        }
        catch (final RuntimeException | Error e)
        {
            throw new AssertionError("decoder threw " + e + " for " + hex(frame) + ", seed " + seed, e);
        }
    }

    private void feedInChunks(final FrameAssembler assembler, final byte[] bytes, final boolean mustDecode)
    {
        final UnsafeBuffer input = new UnsafeBuffer(bytes);
        int position = 0;
        inputs++;
        try
        {
            while (position < bytes.length)
            {
                // mostly large cuts, sometimes a byte at a time: both must give the same frames
                final int chunk = 1 + random.nextInt(random.nextInt(4) == 0 ? 8 : bytes.length - position);
                final int length = Math.min(chunk, bytes.length - position);
                assembler.feed(input, position, length, this::onFrame);
                position += length;
                assertTrue(assembler.pendingBytes() <= MAX_FRAME_BYTES, "assembler holds " + assembler.pendingBytes());
            }
            valid++;
        }
        catch (final ProtocolException e)
        {
            refused++;
            if (mustDecode)
            {
                fail("valid input refused: " + e.getMessage() + ", seed " + seed + ", bytes " + hex(bytes));
            }
            // a session ends at its first protocol error; the next one starts clean
            assembler.reset();
        }
        catch (final RuntimeException | Error e)
        {
            throw new AssertionError("assembler/decoder threw " + e + " for " + hex(bytes) + ", seed " + seed, e);
        }
        if (!mustDecode)
        {
            assembler.reset();
        }
    }

    private void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.decode(buffer, offset, length, recorder);
    }

    private byte[] mutate(final byte[] frame)
    {
        byte[] bytes = frame;
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++)
        {
            switch (random.nextInt(9))
            {
                case 0 ->
                {
                    final int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++)
                    {
                        final int bit = random.nextInt(bytes.length * 8);
                        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                    }
                }
                case 1 ->
                {
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                    fixLength(bytes);
                }
                case 2 ->
                {
                    final int old = bytes.length;
                    bytes = Arrays.copyOf(bytes, old + 1 + random.nextInt(64));
                    for (int i = old; i < bytes.length; i++)
                    {
                        bytes[i] = (byte)random.nextInt(256);
                    }
                    fixLength(bytes);
                }
                case 3 -> putShortAt(bytes, Frame.TICKS_COUNT_OFFSET + random.nextInt(Math.max(1, bytes.length - 24)),
                    new int[]{0xFFFF, 0x8000, 0x7FFF, 0, 1}[random.nextInt(5)]);
                case 4 -> putIntAt(bytes, Frame.HEADER_LENGTH + random.nextInt(Math.max(1, bytes.length - 24)),
                    new int[]{-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}[random.nextInt(4)]);
                case 5 ->
                {
                    // string length bytes pointing past the end
                    final int[] at = {Frame.HELLO_TERMINAL_ID_OFFSET, Frame.EXECUTION_TEXT_OFFSET,
                        Frame.WELCOME_SYMBOLS_OFFSET + 4, Frame.HEADER_LENGTH + random.nextInt(64)};
                    final int position = at[random.nextInt(at.length)];
                    if (position < bytes.length)
                    {
                        bytes[position] = (byte)(random.nextBoolean() ? 255 : bytes.length - position);
                    }
                }
                case 6 -> putShortAt(bytes, Frame.TYPE_OFFSET,
                    random.nextBoolean() ? TYPES[random.nextInt(TYPES.length)] : random.nextInt(0x10000));
                case 7 -> putLongAt(bytes, random.nextBoolean() ? Frame.SEQ_OFFSET : Frame.ACK_OFFSET,
                    new long[]{-1, 0, Long.MIN_VALUE, Long.MAX_VALUE, 1}[random.nextInt(5)]);
                default -> putShortAt(bytes, Frame.ERROR_TEXT_LENGTH_OFFSET,
                    new int[]{0xFFFF, Frame.MAX_ERROR_TEXT, Frame.MAX_ERROR_TEXT + 1}[random.nextInt(3)]);
            }
        }
        return bytes;
    }

    private static void fixLength(final byte[] bytes)
    {
        if (bytes.length >= Frame.LENGTH_FIELD_SIZE)
        {
            putInt(bytes, 0, bytes.length - Frame.LENGTH_FIELD_SIZE);
        }
    }

    /** Writes a random valid frame of a random type and adds what decoding it must give to {@code expected}. */
    private byte[] validFrame(final List<Object> expected)
    {
        final int type = TYPES[random.nextInt(TYPES.length)];
        final long ack = random.nextInt(4) == 0 ? 0 : random.nextLong() & Long.MAX_VALUE;
        final long seq = 1 + (random.nextLong() & (Long.MAX_VALUE - 1));
        final int length;
        switch (type)
        {
            case FrameType.HELLO ->
            {
                final List<TerminalSymbol> symbols = new ArrayList<>();
                final int count = random.nextInt(random.nextInt(50) == 0 ? 60 : 4);
                for (int i = 0; i < count; i++)
                {
                    symbols.add(new TerminalSymbol(string(20), string(20), random.nextInt(256), random.nextInt(256),
                        random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
                }
                final Hello hello = new Hello(random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(),
                    random.nextLong(), random.nextInt(), 1 + (random.nextLong() & (Long.MAX_VALUE - 1)), string(255),
                    string(255), List.copyOf(symbols), ack);
                length = FrameWriter.hello(scratch, 0, hello);
                expected.add(hello);
            }
            case FrameType.WELCOME ->
            {
                final List<SymbolAnswer> symbols = new ArrayList<>();
                final int count = random.nextInt(random.nextInt(50) == 0 ? 100 : 4);
                for (int i = 0; i < count; i++)
                {
                    symbols.add(new SymbolAnswer(random.nextInt(), string(40)));
                }
                final Welcome welcome = new Welcome(random.nextInt(0x10000), random.nextInt(), random.nextInt(),
                    random.nextInt(), random.nextInt(), List.copyOf(symbols), ack);
                length = FrameWriter.welcome(scratch, 0, welcome);
                expected.add(welcome);
            }
            case FrameType.TICKS ->
            {
                final int maxTicks = (MAX_FRAME_BYTES - Frame.TICKS_FIRST_OFFSET) / Frame.TICK_LENGTH;
                final int count = 1 + random.nextInt(random.nextInt(100) == 0 ? maxTicks : 16);
                length = FrameWriter.ticks(scratch, 0, seq, ack, count);
                final List<Long> values = new ArrayList<>(List.of((long)FrameType.TICKS, seq, ack, (long)count));
                for (int i = 0; i < count; i++)
                {
                    final int symbol = random.nextInt();
                    final long time = random.nextLong();
                    final long bid = random.nextLong();
                    final long ask = random.nextLong();
                    final long last = random.nextLong();
                    final long volume = random.nextLong();
                    final int flags = random.nextInt();
                    FrameWriter.tick(scratch, 0, i, symbol, time, bid, ask, last, volume, flags);
                    values.addAll(List.of((long)symbol, time, bid, ask, last, volume, (long)flags));
                }
                expected.add(values);
            }
            case FrameType.EXECUTION ->
            {
                final long orderId = random.nextLong();
                final int execType = random.nextInt(Frame.EXEC_EXPIRED + 1);
                final int retcode = random.nextInt();
                final long venue = random.nextLong();
                final long deal = random.nextLong();
                final long quantity = random.nextLong();
                final long price = random.nextLong();
                final long commission = random.nextLong();
                final String text = string(255);
                length = FrameWriter.execution(scratch, 0, seq, ack, orderId, execType, retcode, venue, deal, quantity,
                    price, commission, text);
                expected.add(List.of(FrameType.EXECUTION, seq, ack, orderId, execType, retcode, venue, deal, quantity,
                    price, commission, text));
            }
            case FrameType.ACCOUNT ->
            {
                final List<TerminalPosition> positions = new ArrayList<>();
                final int count = random.nextInt(random.nextInt(50) == 0 ? 500 : 4);
                for (int i = 0; i < count; i++)
                {
                    positions.add(new TerminalPosition(random.nextInt(), random.nextLong(), random.nextLong()));
                }
                final AccountSnapshot account = new AccountSnapshot(random.nextLong(), random.nextLong(),
                    random.nextLong(), random.nextInt(), List.copyOf(positions));
                length = FrameWriter.account(scratch, 0, seq, ack, account);
                expected.add(List.of(FrameType.ACCOUNT, seq, ack, account));
            }
            case FrameType.ORDER ->
            {
                final long orderId = random.nextLong();
                final long clientOrderId = random.nextLong();
                final int symbol = random.nextInt();
                final int action = random.nextInt(Frame.ACTION_MODIFY + 1);
                final int side = random.nextInt(2);
                final int orderType = random.nextInt(4);
                final int timeInForce = random.nextInt(4);
                final long quantity = random.nextLong();
                final long price = random.nextLong();
                final long stop = random.nextLong();
                final long expiry = random.nextLong();
                final long venue = random.nextLong();
                final long cause = random.nextLong();
                length = FrameWriter.order(scratch, 0, seq, ack, orderId, clientOrderId, symbol, action, side,
                    orderType,
                    timeInForce, quantity, price, stop, expiry, venue, cause);
                expected.add(List.of(FrameType.ORDER, seq, ack, orderId, clientOrderId, symbol, action, side, orderType,
                    timeInForce, quantity, price, stop, expiry, venue, cause));
            }
            case FrameType.HEARTBEAT ->
            {
                final long send = random.nextLong();
                final long echo = random.nextLong();
                length = FrameWriter.heartbeat(scratch, 0, ack, send, echo);
                expected.add(List.of(FrameType.HEARTBEAT, ack, send, echo));
            }
            default ->
            {
                final int code = random.nextInt(0x10000);
                final String text = string(random.nextInt(8) == 0 ? Frame.MAX_ERROR_TEXT : 60);
                length = FrameWriter.error(scratch, 0, code, text);
                expected.add(new BridgeError(code, text));
            }
        }
        final byte[] frame = new byte[length];
        scratch.getBytes(0, frame);
        return frame;
    }

    private String string(final int maxLength)
    {
        final char[] chars = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < chars.length; i++)
        {
            chars[i] = (char)(32 + random.nextInt(95));
        }
        return new String(chars);
    }

    private static void putInt(final byte[] bytes, final int at, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    private static void putShort(final byte[] bytes, final int at, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short)value);
    }

    private static void putShortAt(final byte[] bytes, final int at, final int value)
    {
        if (at + 2 <= bytes.length)
        {
            putShort(bytes, at, value);
        }
    }

    private static void putIntAt(final byte[] bytes, final int at, final int value)
    {
        if (at + 4 <= bytes.length)
        {
            putInt(bytes, at, value);
        }
    }

    private static void putLongAt(final byte[] bytes, final int at, final long value)
    {
        if (at + 8 <= bytes.length)
        {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        }
    }

    private static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 512)) + (bytes.length > 512 ? "…" : "");
    }

    /** Copies every decoded frame out of the flyweights into plain values, in the form validFrame expects. */
    private final class Recorder implements FrameHandler
    {
        @Override
        public void onHello(final Hello hello)
        {
            decoded.add(hello);
        }

        @Override
        public void onWelcome(final Welcome welcome)
        {
            decoded.add(welcome);
        }

        @Override
        public void onTicks(final long seq, final long ack, final TicksFrame ticks)
        {
            final List<Long> values = new ArrayList<>(List.of((long)FrameType.TICKS, seq, ack, (long)ticks.count()));
            for (int i = 0; i < ticks.count(); i++)
            {
                values.addAll(List.of((long)ticks.symbolIndex(i), ticks.timeMsc(i), ticks.bid(i), ticks.ask(i),
                    ticks.last(i), ticks.volume(i), (long)ticks.flags(i)));
            }
            decoded.add(values);
        }

        @Override
        public void onExecution(final long seq, final long ack, final ExecutionFrame e)
        {
            decoded.add(List.of(FrameType.EXECUTION, seq, ack, e.orderId(), e.execType(), e.retcode(), e.venueOrderId(),
                e.dealId(), e.lastQuantity(), e.lastPrice(), e.commission(), e.text()));
        }

        @Override
        public void onAccount(final long seq, final long ack, final AccountSnapshot account)
        {
            decoded.add(List.of(FrameType.ACCOUNT, seq, ack, account));
        }

        @Override
        public void onOrder(final long seq, final long ack, final OrderFrame o)
        {
            decoded.add(List.of(FrameType.ORDER, seq, ack, o.orderId(), o.clientOrderId(), o.symbolIndex(), o.action(),
                o.side(), o.orderType(), o.timeInForce(), o.quantity(), o.price(), o.stopPrice(), o.expiryTimeMsc(),
                o.venueOrderId(), o.causeTickTimeMsc()));
        }

        @Override
        public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
        {
            decoded.add(List.of(FrameType.HEARTBEAT, ack, sendTimeNs, echoTimeNs));
        }

        @Override
        public void onError(final BridgeError error)
        {
            decoded.add(error);
        }
    }
}
