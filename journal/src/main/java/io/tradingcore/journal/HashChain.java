package io.tradingcore.journal;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * The running hash chain every journal entry carries: {@code chain(n) = XXH64(payload(n), seed)} with
 * {@code seed = chain(n - 1) XOR sequence(n) * 0x9E3779B97F4A7C15}, and {@code chain(0) = }{@link #SEED}.
 * <p>
 * XXH64 because the journal appends millions of entries a second: in plain Java it costs a few nanoseconds on a
 * 64-byte payload, and its 64 bits make an accidental match after an edit practically impossible. It is not a
 * cryptographic hash: anyone who can write the files can recompute every chain value after an edit. What makes such a
 * full rewrite evident is the chain head (the last value) written down somewhere the editor cannot reach.
 */
final class HashChain
{
    /**
     * The chain value before the first entry ("tcjchain" in ASCII); also where the chain restarts after an entry
     * written before chains existed.
     */
    static final long SEED = 0x7463_6A63_6861_696EL;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long SEQUENCE_MIX = 0x9E3779B97F4A7C15L;
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    private HashChain()
    {
    }

    /**
     * @return the chain value of the entry with this sequence and payload, following {@code previous}.
     */
    static long next(
        final long previous, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        return xxh64(previous ^ (sequence * SEQUENCE_MIX), buffer, offset, length);
    }

    /**
     * XXH64 as specified by xxHash 0.8 (checked against the reference library in the tests). The payload's bounds are
     * checked once and its words then read without a check each: the per-read checks were a third of the hash's time
     * on the publisher's thread, which hashes every output batch.
     */
    static long xxh64(final long seed, final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        final int end = offset + length;
        int at = offset;
        long h;
        if (length >= 32)
        {
            long v1 = seed + PRIME64_1 + PRIME64_2;
            long v2 = seed + PRIME64_2;
            long v3 = seed;
            long v4 = seed - PRIME64_1;
            final int limit = end - 32;
            do
            {
                v1 = round(v1, longAt(array, address + at));
                v2 = round(v2, longAt(array, address + at + 8));
                v3 = round(v3, longAt(array, address + at + 16));
                v4 = round(v4, longAt(array, address + at + 24));
                at += 32;
            }
            while (at <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        }
        else
        {
            h = seed + PRIME64_5;
        }
        h += length;

        while (at + 8 <= end)
        {
            h ^= round(0, longAt(array, address + at));
            h = Long.rotateLeft(h, 27) * PRIME64_1 + PRIME64_4;
            at += 8;
        }
        if (at + 4 <= end)
        {
            h ^= (intAt(array, address + at) & 0xFFFF_FFFFL) * PRIME64_1;
            h = Long.rotateLeft(h, 23) * PRIME64_2 + PRIME64_3;
            at += 4;
        }
        while (at < end)
        {
            h ^= (UnsafeApi.getByte(array, address + at) & 0xFFL) * PRIME64_5;
            h = Long.rotateLeft(h, 11) * PRIME64_1;
            at++;
        }

        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        h ^= h >>> 32;
        return h;
    }

    /** A little-endian word of a buffer whose bounds were checked: {@code array} is null for direct memory. */
    private static long longAt(final byte[] array, final long address)
    {
        final long value = UnsafeApi.getLong(array, address);
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    private static int intAt(final byte[] array, final long address)
    {
        final int value = UnsafeApi.getInt(array, address);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    private static long round(final long accumulator, final long input)
    {
        return Long.rotateLeft(accumulator + input * PRIME64_2, 31) * PRIME64_1;
    }

    private static long mergeRound(final long accumulator, final long value)
    {
        return (accumulator ^ round(0, value)) * PRIME64_1 + PRIME64_4;
    }

    /**
     * @return the value as 16 lower-case hex digits, the way it is printed and written down.
     */
    static String hex(final long value)
    {
        return String.format("%016x", value);
    }
}
