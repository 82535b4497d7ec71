package io.tradingcore.bridge.protocol;

/** A frame that breaks the protocol; the session answers with an ERROR of this code and closes. */
public final class ProtocolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public ProtocolException(final int errorCode, final String message)
    {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public int errorCode()
    {
        return errorCode;
    }
}
