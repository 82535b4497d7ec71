package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The small JSON objects the sink stores and publishes. Decimals are written as strings ({@code "1.08125"}): exact
 * for every reader, where a JSON number would reach many of them as a double.
 */
final class Json
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json()
    {
    }

    static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    /** @throws IllegalArgumentException when the text is not a JSON object */
    static ObjectNode parse(final String text)
    {
        try
        {
            final JsonNode node = MAPPER.readTree(text);
            if (node instanceof ObjectNode object)
            {
                return object;
            }
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not JSON: " + text, ex);
        }
    }

    /** A field's text, or the exception that says which field of which object is missing. */
    static String text(final ObjectNode object, final String field)
    {
        final JsonNode value = object.get(field);
        if (value == null || value.isNull())
        {
            throw new IllegalArgumentException("no " + field + " in " + object);
        }
        return value.asText();
    }
}
