package io.tradingcore.bridge.protocol;

/** Frame types of the bridge protocol (PROTOCOL.md, "Frame"). */
public final class FrameType
{
    public static final int HELLO = 1;
    public static final int WELCOME = 2;
    public static final int TICKS = 10;
    public static final int EXECUTION = 11;
    public static final int ACCOUNT = 12;
    public static final int ORDER = 20;
    public static final int HEARTBEAT = 30;
    public static final int ERROR = 31;

    private FrameType()
    {
    }

    /** Sequenced frames carry a seq above 0 and are acknowledged and resent; the others carry 0. */
    public static boolean isSequenced(final int type)
    {
        return type == TICKS || type == EXECUTION || type == ACCOUNT || type == ORDER;
    }

    public static String name(final int type)
    {
        switch (type)
        {
            case HELLO: return "HELLO";
            case WELCOME: return "WELCOME";
            case TICKS: return "TICKS";
            case EXECUTION: return "EXECUTION";
            case ACCOUNT: return "ACCOUNT";
            case ORDER: return "ORDER";
            case HEARTBEAT: return "HEARTBEAT";
            case ERROR: return "ERROR";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
