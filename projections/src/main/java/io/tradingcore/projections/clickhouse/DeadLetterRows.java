package io.tradingcore.projections.clickhouse;

import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.projections.ParkedEvent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;

/**
 * Parked events as rows of dead_letters, their SBE message in hex; and the rows that mark them replayed (the same
 * key, replayed = 1, a higher version).
 */
final class DeadLetterRows
{
    private static final HexFormat HEX = HexFormat.of();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);

    void add(final TabSeparated rows, final ParkedEvent event, final boolean replayed, final long version)
    {
        rows.add(event.inputSequence()).add(event.outputIndex()).add(event.input() ? 1 : 0).dateTime(event.timeNs())
            .add(event.timeNs()).add(event.tenantId()).add(event.accountId()).add(templateId(event.message()))
            .text(HEX.formatHex(event.message())).text(event.reason() == null ? "" : event.reason())
            .add(replayed ? 1 : 0).add(version);
        rows.endRow();
    }

    /** The message's template id, or 0 when it is too short to have a header. */
    private int templateId(final byte[] bytes)
    {
        if (bytes.length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0;
        }
        message.wrap(bytes);
        return header.wrap(message, 0).templateId();
    }

    static byte[] message(final String hex)
    {
        return HEX.parseHex(hex);
    }
}
