package io.tradingcore.replay;

import java.util.List;
import java.util.Locale;

/**
 * The ways an {@link AuditRecord} is written out: an aligned table for people, JSON lines and CSV
 * (RFC 4180) for outside tools. JSON keys come in a fixed order; ids are JSON numbers, decimals are
 * strings so that no reader turns a price into a binary floating point number.
 */
public final class AuditFormat
{
    private static final List<String> CSV_COLUMNS = List.of("kind", "seq", "time", "timeNs", "message", "tenant",
        "account", "instrument", "symbol", "orderId", "clientOrderId", "venueOrderId", "details");
    private static final int TIME_WIDTH = 24;
    private static final int MESSAGE_WIDTH = 18;
    private static final int ACCOUNT_WIDTH = 10;
    private static final int INSTRUMENT_WIDTH = 10;

    private final int sequenceWidth;

    /** @param lastSequence the highest sequence the table will show; sets the width of the first column */
    public AuditFormat(final long lastSequence)
    {
        this.sequenceWidth = Math.max(3, Long.toString(lastSequence).length());
    }

    public String tableHeader()
    {
        return row("seq", "time", "dir", "message", "account", "instrument", "details");
    }

    /** One aligned line: seq, time, in/out, message, account, instrument, then the rest as name=value. */
    public String tableRow(final AuditRecord record)
    {
        final String instrument = !record.symbol().isEmpty() ? record.symbol() :
            record.instrumentId() == 0 ? "" : Integer.toString(record.instrumentId());
        return row(Long.toString(record.sequence()), record.time(), record.kind(), record.message(),
            record.accountId() == 0 ? "" : Long.toString(record.accountId()), instrument, details(record));
    }

    private String row(
        final String sequence, final String time, final String kind, final String message, final String account,
        final String instrument, final String details)
    {
        return String.format(Locale.ROOT, "%" + sequenceWidth + "s  %-" + TIME_WIDTH + "s  %-3s  %-" + MESSAGE_WIDTH +
            "s  %" + ACCOUNT_WIDTH + "s  %-" + INSTRUMENT_WIDTH + "s  %s", sequence, time, kind, message, account,
            instrument, details).stripTrailing();
    }

    /** The record's order ids (when it has them) and its own fields, as {@code name=value} pairs. */
    public static String details(final AuditRecord record)
    {
        final StringBuilder text = new StringBuilder(96);
        appendId(text, "orderId", record.orderId());
        appendId(text, "clientOrderId", record.clientOrderId());
        appendId(text, "venueOrderId", record.venueOrderId());
        for (final AuditRecord.Field field : record.fields())
        {
            if (text.length() > 0)
            {
                text.append(' ');
            }
            text.append(field.name()).append('=').append(field.value().indexOf(' ') >= 0 || field.value().isEmpty() ?
                '"' + field.value() + '"' : field.value());
        }
        return text.toString();
    }

    private static void appendId(final StringBuilder text, final String name, final long id)
    {
        if (id != 0)
        {
            if (text.length() > 0)
            {
                text.append(' ');
            }
            text.append(name).append('=').append(id);
        }
    }

    /** One JSON object on one line; absent ids are {@code null}, the message's own fields are under "fields". */
    public static String json(final AuditRecord record)
    {
        final StringBuilder json = new StringBuilder(256);
        json.append("{\"kind\":\"").append(record.kind()).append('"')
            .append(",\"seq\":").append(record.sequence())
            .append(",\"time\":\"").append(record.time()).append('"')
            .append(",\"timeNs\":").append(record.timeNs())
            .append(",\"message\":");
        appendString(json, record.message());
        json.append(",\"tenant\":").append(idOrNull(record.tenantId()))
            .append(",\"account\":").append(idOrNull(record.accountId()))
            .append(",\"instrument\":").append(idOrNull(record.instrumentId()))
            .append(",\"symbol\":");
        if (record.symbol().isEmpty())
        {
            json.append("null");
        }
        else
        {
            appendString(json, record.symbol());
        }
        json.append(",\"orderId\":").append(idOrNull(record.orderId()))
            .append(",\"clientOrderId\":").append(idOrNull(record.clientOrderId()))
            .append(",\"venueOrderId\":").append(idOrNull(record.venueOrderId()))
            .append(",\"fields\":{");
        boolean first = true;
        for (final AuditRecord.Field field : record.fields())
        {
            if (!first)
            {
                json.append(',');
            }
            first = false;
            appendString(json, field.name());
            json.append(':');
            if (field.numeric())
            {
                json.append(field.value());
            }
            else
            {
                appendString(json, field.value());
            }
        }
        return json.append("}}").toString();
    }

    public static String csvHeader()
    {
        return String.join(",", CSV_COLUMNS);
    }

    /** One CSV row (no line end); fields with a comma, quote or line break are quoted as RFC 4180 says. */
    public static String csv(final AuditRecord record)
    {
        final List<String> values = List.of(record.kind(), Long.toString(record.sequence()), record.time(),
            Long.toString(record.timeNs()), record.message(), idOrEmpty(record.tenantId()),
            idOrEmpty(record.accountId()), idOrEmpty(record.instrumentId()), record.symbol(),
            idOrEmpty(record.orderId()), idOrEmpty(record.clientOrderId()), idOrEmpty(record.venueOrderId()),
            detailsWithoutIds(record));
        final StringBuilder row = new StringBuilder(200);
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                row.append(',');
            }
            appendCsv(row, values.get(i));
        }
        return row.toString();
    }

    private static String detailsWithoutIds(final AuditRecord record)
    {
        return details(new AuditRecord(record.input(), record.sequence(), record.timeNs(), record.message(),
            record.tenantId(), record.accountId(), record.instrumentId(), record.symbol(), 0, 0, 0, record.fields()));
    }

    private static void appendCsv(final StringBuilder row, final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0)
        {
            row.append(value);
            return;
        }
        row.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static String idOrNull(final long id)
    {
        return id == 0 ? "null" : Long.toString(id);
    }

    private static String idOrEmpty(final long id)
    {
        return id == 0 ? "" : Long.toString(id);
    }

    private static void appendString(final StringBuilder json, final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
