package io.tradingcore.projections;

/**
 * A sink could not apply a batch. {@link Kind#UNAVAILABLE}: the server cannot be reached or answered with an error
 * of its own (down, restarting, out of connections); the same batch is tried again with backoff. {@link
 * Kind#REJECTED}: the server refused the data itself (a constraint, a type); trying again cannot help, so the event
 * at fault is parked. In both cases nothing of the batch was stored.
 */
public final class SinkException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** Whether trying again can help. */
    public enum Kind
    {
        UNAVAILABLE,
        REJECTED
    }

    private final Kind kind;

    public SinkException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    public static SinkException unavailable(final String message, final Throwable cause)
    {
        return new SinkException(Kind.UNAVAILABLE, message, cause);
    }

    public static SinkException rejected(final String message, final Throwable cause)
    {
        return new SinkException(Kind.REJECTED, message, cause);
    }

    public Kind kind()
    {
        return kind;
    }
}
