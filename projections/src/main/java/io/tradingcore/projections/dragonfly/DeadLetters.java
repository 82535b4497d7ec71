package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.projections.ParkedEvent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * A parked event as an element of the dead-letter list: JSON with its place in the streams, tenant, account,
 * template id, the SBE message in base64 and the reason. Its place identifies it: {@code applyParked} removes the
 * elements of the events it applied by their place.
 */
final class DeadLetters
{
    /** An element of the list and the event it holds. */
    record Letter(String element, ParkedEvent event)
    {
        boolean isAt(final long inputSequence, final int outputIndex)
        {
            return event.inputSequence() == inputSequence && event.outputIndex() == outputIndex;
        }
    }

    private static final int TEMPLATE_ID_OFFSET = MessageHeaderDecoder.templateIdEncodingOffset();

    private DeadLetters()
    {
    }

    static String encode(final ParkedEvent event)
    {
        final ObjectNode json = Json.object();
        json.put("input", event.input());
        json.put("inputSequence", event.inputSequence());
        json.put("outputIndex", event.outputIndex());
        json.put("timeNs", event.timeNs());
        json.put("tenantId", event.tenantId());
        json.put("accountId", event.accountId());
        json.put("templateId", templateId(event.message()));
        json.put("message", Base64.getEncoder().encodeToString(event.message()));
        json.put("reason", event.reason());
        return json.toString();
    }

    /** @throws IllegalArgumentException when the element is not a dead letter of this sink */
    static ParkedEvent decode(final String element)
    {
        final ObjectNode json = Json.parse(element);
        return new ParkedEvent(
            Boolean.parseBoolean(Json.text(json, "input")),
            Long.parseLong(Json.text(json, "inputSequence")),
            Integer.parseInt(Json.text(json, "outputIndex")),
            Long.parseLong(Json.text(json, "timeNs")),
            Integer.parseInt(Json.text(json, "tenantId")),
            Long.parseLong(Json.text(json, "accountId")),
            Base64.getDecoder().decode(Json.text(json, "message")),
            Json.text(json, "reason"));
    }

    /**
     * The list's elements, decoded, in stream order. The list is appended in stream order already; sorting keeps
     * the order should a retried write ever have appended out of it.
     */
    static List<Letter> read(final List<String> elements)
    {
        final List<Letter> letters = new ArrayList<>(elements.size());
        for (final String element : elements)
        {
            letters.add(new Letter(element, decode(element)));
        }
        letters.sort(Comparator.comparingLong((Letter l) -> l.event().inputSequence())
            .thenComparingInt(l -> l.event().outputIndex()));
        return letters;
    }

    private static int templateId(final byte[] message)
    {
        return message.length < TEMPLATE_ID_OFFSET + 2 ? 0 :
            (message[TEMPLATE_ID_OFFSET] & 0xFF) | (message[TEMPLATE_ID_OFFSET + 1] & 0xFF) << 8;
    }
}
