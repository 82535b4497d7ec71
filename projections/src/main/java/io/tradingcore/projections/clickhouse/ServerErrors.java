package io.tradingcore.projections.clickhouse;

import io.tradingcore.projections.SinkException;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a refusal of the data from a server that cannot serve, by the {@code Code: N} every ClickHouse error body
 * starts with ({@code Code: 69, e.displayText() = ...} on 18.16, {@code Code: 69. DB::Exception: ...} on current
 * versions). The HTTP status does not tell: 18.16 answers 500 for nearly everything, current versions map some codes
 * to 4xx.
 */
final class ServerErrors
{
    /**
     * The codes for a value a column cannot take: parsing it failed, it is out of the type's range, or it is not an
     * element of an Enum. Trying again cannot help; the event at fault is parked.
     */
    private static final Set<Integer> DATA_CODES = Set.of(
        6,      // CANNOT_PARSE_TEXT
        25,     // CANNOT_PARSE_ESCAPE_SEQUENCE
        26,     // CANNOT_PARSE_QUOTED_STRING
        27,     // CANNOT_PARSE_INPUT_ASSERTION_FAILED
        38,     // CANNOT_PARSE_DATE
        41,     // CANNOT_PARSE_DATETIME
        53,     // TYPE_MISMATCH
        69,     // ARGUMENT_OUT_OF_BOUND: "Decimal value is too big" on 18.16 and current versions
        70,     // CANNOT_CONVERT_TYPE
        72,     // CANNOT_PARSE_NUMBER
        117,    // INCORRECT_DATA
        131,    // TOO_LARGE_STRING_SIZE
        321,    // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
        349,    // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
        407,    // DECIMAL_OVERFLOW
        691);   // UNKNOWN_ELEMENT_OF_ENUM (current versions)

    /** 18.16 reports a name that is not an element of an Enum as a LOGICAL_ERROR with this text. */
    private static final int LOGICAL_ERROR = 49;
    private static final String UNKNOWN_ENUM_ELEMENT = "Unknown element";

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");
    private static final int MAX_MESSAGE = 500;

    private ServerErrors()
    {
    }

    /** The server's error code in an error body, or -1 when it names none. */
    static int code(final String body)
    {
        final Matcher matcher = CODE.matcher(body);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    static SinkException classify(final int status, final String body)
    {
        final int code = code(body);
        final String text = body.length() > MAX_MESSAGE ? body.substring(0, MAX_MESSAGE) + "..." : body.strip();
        final String message = "ClickHouse answered HTTP " + status + ": " + text;
        if (DATA_CODES.contains(code) || (code == LOGICAL_ERROR && body.contains(UNKNOWN_ENUM_ELEMENT)))
        {
            return SinkException.rejected(message, null);
        }
        return SinkException.unavailable(message, null);
    }
}
