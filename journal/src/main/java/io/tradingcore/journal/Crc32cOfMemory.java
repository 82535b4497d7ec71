package io.tradingcore.journal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.zip.CRC32C;

/**
 * CRC32C over memory at an address, in pieces, with the JDK's intrinsic: the same value {@link CRC32C} gives for the
 * same bytes. The JDK reaches the intrinsic only through a direct {@code ByteBuffer} or a {@code byte[]}; its private
 * {@code updateDirectByteBuffer(int crc, long address, int off, int end)} takes any address, so an entry's payload
 * is checksummed where the caller holds it instead of being copied into a buffer first. It needs
 * {@code --add-opens java.base/java.util.zip=ALL-UNNAMED} (in scripts/jvm-flags, which the tests' argLine reads too);
 * without it {@link #AVAILABLE} is false and the journal copies the entry first, storing the same bytes.
 */
final class Crc32cOfMemory
{
    static final boolean AVAILABLE;
    private static final MethodHandle UPDATE;
    private static final int INITIAL = 0xFFFF_FFFF;

    static
    {
        MethodHandle update = null;
        try
        {
            final Method method = CRC32C.class.getDeclaredMethod(
                "updateDirectByteBuffer", int.class, long.class, int.class, int.class);
            method.setAccessible(true);
            update = MethodHandles.lookup().unreflect(method)
                .asType(MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            update = null;
        }
        UPDATE = update;
        AVAILABLE = null != update;
    }

    private Crc32cOfMemory()
    {
    }

    /**
     * @return the running value to pass to the first {@link #update}.
     */
    static int start()
    {
        return INITIAL;
    }

    /**
     * @return the running value after the bytes {@code [address + from, address + to)}.
     */
    static int update(final int running, final long address, final int from, final int to)
    {
        try
        {
            return (int)UPDATE.invokeExact(running, address, from, to);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("CRC32C over memory failed", ex);
        }
    }

    /**
     * @return the checksum of everything passed to {@link #update}, as {@link CRC32C#getValue()} gives it
     *     (low 32 bits).
     */
    static int finish(final int running)
    {
        return ~running;
    }
}
