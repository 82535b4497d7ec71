package io.tradingcore.bridge.protocol;

/** Codes of an ERROR frame (PROTOCOL.md, "ERROR"); the sender closes the connection after it. */
public final class ErrorCode
{
    public static final int MALFORMED_FRAME = 1;
    public static final int FRAME_TOO_LARGE = 2;
    public static final int UNSUPPORTED_VERSION = 3;
    public static final int AUTHENTICATION_FAILED = 4;
    public static final int RATE_LIMITED = 5;
    public static final int HANDSHAKE_REQUIRED = 6;
    public static final int SEQUENCE_GAP = 7;
    public static final int ACCOUNT_IN_USE = 8;
    public static final int SESSION_REPLACED = 9;
    public static final int HEARTBEAT_TIMEOUT = 10;
    public static final int SHUTTING_DOWN = 11;
    public static final int SLOW_CONSUMER = 12;

    private ErrorCode()
    {
    }

    public static String name(final int code)
    {
        switch (code)
        {
            case MALFORMED_FRAME: return "MALFORMED_FRAME";
            case FRAME_TOO_LARGE: return "FRAME_TOO_LARGE";
            case UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
            case AUTHENTICATION_FAILED: return "AUTHENTICATION_FAILED";
            case RATE_LIMITED: return "RATE_LIMITED";
            case HANDSHAKE_REQUIRED: return "HANDSHAKE_REQUIRED";
            case SEQUENCE_GAP: return "SEQUENCE_GAP";
            case ACCOUNT_IN_USE: return "ACCOUNT_IN_USE";
            case SESSION_REPLACED: return "SESSION_REPLACED";
            case HEARTBEAT_TIMEOUT: return "HEARTBEAT_TIMEOUT";
            case SHUTTING_DOWN: return "SHUTTING_DOWN";
            case SLOW_CONSUMER: return "SLOW_CONSUMER";
            default: return "UNKNOWN(" + code + ")";
        }
    }
}
