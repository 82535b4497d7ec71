package io.tradingcore.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frame every journal entry is stored in, one Chronicle document per entry, and a reusable flyweight that
 * encodes and verifies it in a private scratch buffer.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    version    |     flags     |         header length         |  0
 *  +---------------+---------------+-------------------------------+
 *  |                        payload length                         |  4
 *  +---------------------------------------------------------------+
 *  |                                                               |  8
 *  +                       journal sequence                        +
 *  |                                                               | 12
 *  +---------------------------------------------------------------+
 *  |                            CRC32C                             | 16
 *  +---------------------------------------------------------------+
 *  |                     reserved (zero)                           | 20
 *  +---------------------------------------------------------------+
 *  |                                                               | 24
 *  +           hash chain (present when flags bit 0 is set)        +
 *  |                                                               | 28
 *  +---------------------------------------------------------------+
 *  |                   payload (header length onwards)            ...
 * </pre>
 * All fields little-endian. The CRC32C covers every header byte except the CRC field itself, then the payload, so
 * a damaged sequence or length is caught as surely as a damaged payload. Readers find the payload at
 * {@code header length}, not at a constant, so the header can grow and old frames stay readable: frames written before
 * the hash chain have flags 0 and a 24-byte header; every frame written now has flags bit 0 set and a 32-byte header
 * holding the {@link HashChain} value, which the CRC covers like any other header byte.
 * <p>
 * Appends build only the header here and checksum the payload where the caller holds it ({@link #encodeHeader}),
 * when the payload is in direct memory and {@link Crc32cOfMemory} is available; otherwise the whole entry is copied
 * into the scratch buffer and checksummed there with the JDK's intrinsic {@link CRC32C} over a direct
 * {@link ByteBuffer}. Reads always copy, so a reader's handler gets memory that stays valid even if Chronicle unmaps
 * the file chunk behind it. Both ways store the same bytes.
 */
final class EntryFrame
{
    static final byte VERSION = 1;
    static final int VERSION_OFFSET = 0;
    static final int FLAGS_OFFSET = 1;
    static final int HEADER_LENGTH_OFFSET = 2;
    static final int PAYLOAD_LENGTH_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int CRC_OFFSET = 16;
    static final int RESERVED_OFFSET = 20;
    static final int CHAIN_OFFSET = 24;
    /**
     * Header length of frames written before the hash chain (flags 0); still read.
     */
    static final int BASE_HEADER_LENGTH = 24;
    /**
     * Header length of every frame written now: the base header plus the chain value.
     */
    static final int HEADER_LENGTH = 32;
    static final byte FLAG_CHAIN = 0x01;

    /**
     * Hard ceiling on a payload: Chronicle needs a document to fit well inside one mapped chunk.
     */
    static final int MAX_PAYLOAD_LENGTH = 8 * 1024 * 1024;
    static final int MAX_FRAME_LENGTH = HEADER_LENGTH + MAX_PAYLOAD_LENGTH;

    static final int VALID = 0;
    static final int TOO_SHORT = 1;
    static final int TOO_LONG = 2;
    static final int UNSUPPORTED_VERSION = 3;
    static final int BAD_HEADER_LENGTH = 4;
    static final int LENGTH_MISMATCH = 5;
    static final int CHECKSUM_MISMATCH = 6;
    static final int BAD_SEQUENCE = 7;

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int frameLength;

    EntryFrame()
    {
        allocate(INITIAL_CAPACITY);
    }

    /**
     * Build a frame for an entry in the scratch buffer.
     *
     * @return the frame length, ready at {@link #address()}.
     */
    int encode(
        final long sequence, final long previousChain, final DirectBuffer payload, final int offset, final int length)
    {
        final int frameLength = HEADER_LENGTH + length;
        ensureCapacity(frameLength);
        buffer.putByte(VERSION_OFFSET, VERSION);
        buffer.putByte(FLAGS_OFFSET, FLAG_CHAIN);
        buffer.putShort(HEADER_LENGTH_OFFSET, (short)HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(PAYLOAD_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(CRC_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(RESERVED_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(HEADER_LENGTH, payload, offset, length);
        buffer.putLong(CHAIN_OFFSET, HashChain.next(previousChain, sequence, buffer, HEADER_LENGTH, length),
            ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(CRC_OFFSET, checksum(frameLength), ByteOrder.LITTLE_ENDIAN);
        this.frameLength = frameLength;
        return frameLength;
    }

    /**
     * Build only the header of an entry's frame in the scratch buffer, its chain value and CRC computed over the
     * payload where the caller holds it, so the payload is copied once, into the journal, rather than twice. Possible
     * for a payload in direct memory when {@link Crc32cOfMemory#AVAILABLE}; otherwise use {@link #encode}.
     *
     * @return true when the header is ready at {@link #address()} ({@link #HEADER_LENGTH} bytes) and the payload is to
     * be written right after it; false when nothing was done.
     */
    boolean encodeHeader(
        final long sequence, final long previousChain, final DirectBuffer payload, final int offset, final int length)
    {
        if (!Crc32cOfMemory.AVAILABLE || null != payload.byteArray())
        {
            return false;
        }
        payload.boundsCheck(offset, length);
        buffer.putByte(VERSION_OFFSET, VERSION);
        buffer.putByte(FLAGS_OFFSET, FLAG_CHAIN);
        buffer.putShort(HEADER_LENGTH_OFFSET, (short)HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(PAYLOAD_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(RESERVED_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(CHAIN_OFFSET, HashChain.next(previousChain, sequence, payload, offset, length),
            ByteOrder.LITTLE_ENDIAN);
        final long header = buffer.addressOffset();
        int crc = Crc32cOfMemory.start();
        crc = Crc32cOfMemory.update(crc, header, 0, CRC_OFFSET);
        crc = Crc32cOfMemory.update(crc, header, RESERVED_OFFSET, HEADER_LENGTH);
        crc = Crc32cOfMemory.update(crc, payload.addressOffset() + offset, 0, length);
        buffer.putInt(CRC_OFFSET, Crc32cOfMemory.finish(crc), ByteOrder.LITTLE_ENDIAN);
        this.frameLength = HEADER_LENGTH + length;
        return true;
    }

    /**
     * Copy the rest of a Chronicle document into the scratch buffer and verify it.
     *
     * @return {@link #VALID} or the reason the frame is damaged.
     */
    int readAndVerify(final Bytes<?> document)
    {
        final long remaining = document.readRemaining();
        if (remaining < BASE_HEADER_LENGTH)
        {
            frameLength = (int)remaining;
            return TOO_SHORT;
        }
        if (remaining > MAX_FRAME_LENGTH)
        {
            frameLength = MAX_FRAME_LENGTH;
            return TOO_LONG;
        }
        frameLength = (int)remaining;
        ensureCapacity(frameLength);
        document.unsafeRead(buffer.addressOffset(), frameLength);
        return verify();
    }

    private int verify()
    {
        if (buffer.getByte(VERSION_OFFSET) != VERSION)
        {
            return UNSUPPORTED_VERSION;
        }
        final int headerLength = headerLength();
        final int minimum = hasChain() ? HEADER_LENGTH : BASE_HEADER_LENGTH;
        if (headerLength < minimum || headerLength > frameLength)
        {
            return BAD_HEADER_LENGTH;
        }
        if (payloadLength() != frameLength - headerLength)
        {
            return LENGTH_MISMATCH;
        }
        if (checksum(frameLength) != buffer.getInt(CRC_OFFSET, ByteOrder.LITTLE_ENDIAN))
        {
            return CHECKSUM_MISMATCH;
        }
        if (sequence() <= 0)
        {
            return BAD_SEQUENCE;
        }
        return VALID;
    }

    private int checksum(final int frameLength)
    {
        final ByteBuffer bb = byteBuffer;
        crc.reset();
        bb.limit(CRC_OFFSET).position(0);
        crc.update(bb);
        bb.limit(frameLength).position(RESERVED_OFFSET);
        crc.update(bb);
        bb.clear();
        return (int)crc.getValue();
    }

    long address()
    {
        return buffer.addressOffset();
    }

    int frameLength()
    {
        return frameLength;
    }

    long sequence()
    {
        return buffer.getLong(SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int headerLength()
    {
        return buffer.getShort(HEADER_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    int payloadLength()
    {
        return buffer.getInt(PAYLOAD_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    int payloadOffset()
    {
        return headerLength();
    }

    /**
     * @return true when the frame carries a hash chain value (written since chains exist).
     */
    boolean hasChain()
    {
        return (buffer.getByte(FLAGS_OFFSET) & FLAG_CHAIN) != 0;
    }

    /**
     * @return the chain value stored in the frame; meaningful only when {@link #hasChain()}.
     */
    long storedChain()
    {
        return buffer.getLong(CHAIN_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the chain value this frame's sequence and payload give when following {@code previous}.
     */
    long computeChain(final long previous)
    {
        return HashChain.next(previous, sequence(), buffer, payloadOffset(), payloadLength());
    }

    /**
     * @return the chain value after this frame: its stored value, or {@link HashChain#SEED} for a frame written before
     * chains, after which the chain starts again.
     */
    long chainAfter()
    {
        return hasChain() ? storedChain() : HashChain.SEED;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    private void ensureCapacity(final int required)
    {
        if (required > buffer.capacity())
        {
            allocate(BitUtil.findNextPositivePowerOfTwo(required));
        }
    }

    private void allocate(final int capacity)
    {
        byteBuffer = ByteBuffer.allocateDirect(capacity);
        buffer.wrap(byteBuffer);
    }

    static String describe(final int status)
    {
        switch (status)
        {
            case VALID: return "valid";
            case TOO_SHORT: return "shorter than the entry header (truncated)";
            case TOO_LONG: return "longer than the largest possible entry";
            case UNSUPPORTED_VERSION: return "unknown frame version (not a journal entry, or overwritten)";
            case BAD_HEADER_LENGTH: return "impossible header length";
            case LENGTH_MISMATCH: return "payload length disagrees with the stored document length";
            case CHECKSUM_MISMATCH: return "CRC32C checksum mismatch";
            case BAD_SEQUENCE: return "impossible sequence number";
            default: return "unknown status " + status;
        }
    }
}
