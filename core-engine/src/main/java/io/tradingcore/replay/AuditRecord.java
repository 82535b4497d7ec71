package io.tradingcore.replay;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One journaled message, input or output, flattened into named fields for people and outside
 * tools. Ids the filters look at are columns of their own, 0 when the message has none; everything
 * else is in {@link #fields}, already formatted (prices at the instrument's digits, quantities in
 * lots, money in the account currency), never through a double.
 *
 * @param input         true for an input, false for an output the engine emitted
 * @param sequence      the input sequence: the input's own, or the one that caused the output
 * @param timeNs        engine time, epoch nanoseconds
 * @param message       the SBE message name, e.g. {@code OrderAccepted}
 * @param symbol        the instrument's symbol when known, else empty
 */
public record AuditRecord(
    boolean input,
    long sequence,
    long timeNs,
    String message,
    int tenantId,
    long accountId,
    int instrumentId,
    String symbol,
    long orderId,
    long clientOrderId,
    long venueOrderId,
    List<Field> fields)
{
    private static final DateTimeFormatter UTC_MILLIS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One named value. {@code numeric} values are integers written bare in JSON; all others
     * (decimals, enums, text) are written as strings so no reader turns a price into a double.
     */
    public record Field(String name, String value, boolean numeric)
    {
    }

    /** Engine time as UTC ISO-8601 with milliseconds, e.g. {@code 2014-05-08T10:00:00.123Z}. */
    public String time()
    {
        return formatTime(timeNs);
    }

    public String kind()
    {
        return input ? "in" : "out";
    }

    public static String formatTime(final long epochNanos)
    {
        return UTC_MILLIS.format(Instant.ofEpochSecond(0, epochNanos));
    }
}
