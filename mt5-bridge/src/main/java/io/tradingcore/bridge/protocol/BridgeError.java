package io.tradingcore.bridge.protocol;

/** An ERROR frame: the reason the sender closes the connection. */
public record BridgeError(int code, String text)
{
    @Override
    public String toString()
    {
        return ErrorCode.name(code) + ": " + text;
    }
}
