package io.tradingcore.bridge.protocol;

/**
 * The frame layout of PROTOCOL.md: a 24-byte header (length, type, flags, seq, ack) and the body
 * offsets of each type. Offsets here are from the start of the frame, so they are what the Expert
 * Advisor uses too; the layout test compares them with the EA's source and PROTOCOL.md.
 */
public final class Frame
{
    public static final int PROTOCOL_VERSION = 1;

    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int SEQ_OFFSET = 8;
    public static final int ACK_OFFSET = 16;
    public static final int HEADER_LENGTH = 24;
    /** The length field counts the bytes after itself. */
    public static final int LENGTH_FIELD_SIZE = 4;
    public static final int MIN_LENGTH_VALUE = HEADER_LENGTH - LENGTH_FIELD_SIZE;
    public static final int DEFAULT_MAX_FRAME_BYTES = 65_536;

    public static final int HELLO_VERSION_OFFSET = HEADER_LENGTH;
    public static final int HELLO_FLAGS_OFFSET = HEADER_LENGTH + 2;
    public static final int HELLO_TENANT_OFFSET = HEADER_LENGTH + 4;
    public static final int HELLO_ACCOUNT_OFFSET = HEADER_LENGTH + 8;
    public static final int HELLO_SERVER_OFFSET_OFFSET = HEADER_LENGTH + 16;
    public static final int HELLO_RESUME_OFFSET = HEADER_LENGTH + 20;
    public static final int HELLO_TERMINAL_ID_OFFSET = HEADER_LENGTH + 28;
    public static final int HELLO_FLAG_RESET = 1;
    /** Per symbol after its two strings: digits, filling modes, contract size, volume min, step, max. */
    public static final int SYMBOL_FIXED_LENGTH = 1 + 1 + 8 + 8 + 8 + 8;

    public static final int WELCOME_VERSION_OFFSET = HEADER_LENGTH;
    public static final int WELCOME_HEARTBEAT_INTERVAL_OFFSET = HEADER_LENGTH + 4;
    public static final int WELCOME_HEARTBEAT_TIMEOUT_OFFSET = HEADER_LENGTH + 8;
    public static final int WELCOME_MAX_FRAME_BYTES_OFFSET = HEADER_LENGTH + 12;
    public static final int WELCOME_MAX_FRAMES_PER_SECOND_OFFSET = HEADER_LENGTH + 16;
    public static final int WELCOME_SYMBOL_COUNT_OFFSET = HEADER_LENGTH + 20;
    public static final int WELCOME_SYMBOLS_OFFSET = HEADER_LENGTH + 22;

    public static final int TICKS_COUNT_OFFSET = HEADER_LENGTH;
    public static final int TICKS_FIRST_OFFSET = HEADER_LENGTH + 4;
    public static final int TICK_LENGTH = 48;
    public static final int TICK_SYMBOL_OFFSET = 0;
    public static final int TICK_TIME_OFFSET = 4;
    public static final int TICK_BID_OFFSET = 12;
    public static final int TICK_ASK_OFFSET = 20;
    public static final int TICK_LAST_OFFSET = 28;
    public static final int TICK_VOLUME_OFFSET = 36;
    public static final int TICK_FLAGS_OFFSET = 44;

    public static final int EXECUTION_ORDER_ID_OFFSET = HEADER_LENGTH;
    public static final int EXECUTION_TYPE_OFFSET = HEADER_LENGTH + 8;
    public static final int EXECUTION_RETCODE_OFFSET = HEADER_LENGTH + 12;
    public static final int EXECUTION_VENUE_ORDER_ID_OFFSET = HEADER_LENGTH + 16;
    public static final int EXECUTION_DEAL_ID_OFFSET = HEADER_LENGTH + 24;
    public static final int EXECUTION_QUANTITY_OFFSET = HEADER_LENGTH + 32;
    public static final int EXECUTION_PRICE_OFFSET = HEADER_LENGTH + 40;
    public static final int EXECUTION_COMMISSION_OFFSET = HEADER_LENGTH + 48;
    public static final int EXECUTION_TEXT_OFFSET = HEADER_LENGTH + 56;

    public static final int ACCOUNT_BALANCE_OFFSET = HEADER_LENGTH;
    public static final int ACCOUNT_EQUITY_OFFSET = HEADER_LENGTH + 8;
    public static final int ACCOUNT_MARGIN_OFFSET = HEADER_LENGTH + 16;
    public static final int ACCOUNT_LEVERAGE_OFFSET = HEADER_LENGTH + 24;
    public static final int ACCOUNT_POSITION_COUNT_OFFSET = HEADER_LENGTH + 28;
    public static final int ACCOUNT_POSITIONS_OFFSET = HEADER_LENGTH + 32;
    public static final int POSITION_LENGTH = 20;

    public static final int ORDER_ID_OFFSET = HEADER_LENGTH;
    public static final int ORDER_CLIENT_ORDER_ID_OFFSET = HEADER_LENGTH + 8;
    public static final int ORDER_SYMBOL_OFFSET = HEADER_LENGTH + 16;
    public static final int ORDER_ACTION_OFFSET = HEADER_LENGTH + 20;
    public static final int ORDER_SIDE_OFFSET = HEADER_LENGTH + 21;
    public static final int ORDER_TYPE_OFFSET = HEADER_LENGTH + 22;
    public static final int ORDER_TIME_IN_FORCE_OFFSET = HEADER_LENGTH + 23;
    public static final int ORDER_QUANTITY_OFFSET = HEADER_LENGTH + 24;
    public static final int ORDER_PRICE_OFFSET = HEADER_LENGTH + 32;
    public static final int ORDER_STOP_PRICE_OFFSET = HEADER_LENGTH + 40;
    public static final int ORDER_EXPIRY_OFFSET = HEADER_LENGTH + 48;
    public static final int ORDER_VENUE_ORDER_ID_OFFSET = HEADER_LENGTH + 56;
    public static final int ORDER_CAUSE_TICK_TIME_OFFSET = HEADER_LENGTH + 64;
    public static final int ORDER_LENGTH = HEADER_LENGTH + 72;

    public static final int HEARTBEAT_SEND_TIME_OFFSET = HEADER_LENGTH;
    public static final int HEARTBEAT_ECHO_TIME_OFFSET = HEADER_LENGTH + 8;
    public static final int HEARTBEAT_LENGTH = HEADER_LENGTH + 16;

    public static final int ERROR_CODE_OFFSET = HEADER_LENGTH;
    public static final int ERROR_TEXT_LENGTH_OFFSET = HEADER_LENGTH + 2;
    public static final int ERROR_TEXT_OFFSET = HEADER_LENGTH + 4;
    public static final int MAX_ERROR_TEXT = 1024;

    public static final int MAX_STRING = 255;

    public static final int ACTION_NEW = 0;
    public static final int ACTION_CANCEL = 1;
    public static final int ACTION_MODIFY = 2;

    public static final int EXEC_ACCEPTED = 0;
    public static final int EXEC_PARTIAL_FILL = 1;
    public static final int EXEC_FILL = 2;
    public static final int EXEC_REJECTED = 3;
    public static final int EXEC_CANCELLED = 4;
    public static final int EXEC_EXPIRED = 5;

    public static final int FILLING_FOK = 1;
    public static final int FILLING_IOC = 2;

    private Frame()
    {
    }
}
