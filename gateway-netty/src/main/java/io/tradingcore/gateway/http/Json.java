package io.tradingcore.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;

/**
 * The gateway's one JSON mapper. Strict on the way in: unknown fields, a string where a number belongs, a number
 * where a string belongs, a missing primitive and trailing text are refused with a one-line reason (400).
 */
public final class Json
{
    public static final ObjectMapper MAPPER = strictMapper();

    private Json()
    {
    }

    private static ObjectMapper strictMapper()
    {
        final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
        mapper.coercionConfigDefaults()
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Integer)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Boolean)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(32).maxStringLength(64 * 1024).maxNumberLength(40).build());
        return mapper;
    }

    /** Reads a request body as {@code type}; a body that does not fit answers 400 with one line saying why. */
    public static <T> T read(final byte[] body, final Class<T> type)
    {
        if (body == null || body.length == 0)
        {
            throw ApiException.badRequest("the request needs a JSON body");
        }
        try
        {
            final T value = MAPPER.readValue(body, type);
            if (value == null)
            {
                throw ApiException.badRequest("the request needs a JSON object, not null");
            }
            return value;
        }
        catch (final UnrecognizedPropertyException ex)
        {
            throw ApiException.badRequest("unknown field '" + ex.getPropertyName() + "'");
        }
        catch (final InvalidFormatException ex)
        {
            throw ApiException.badRequest("field '" + fieldPath(ex) + "' has the wrong type or value");
        }
        catch (final MismatchedInputException ex)
        {
            final String path = fieldPath(ex);
            throw ApiException.badRequest(path.isEmpty() ? "the body is not the expected JSON object" :
                "field '" + path + "' is missing or has the wrong type");
        }
        catch (final JsonProcessingException ex)
        {
            throw ApiException.badRequest("malformed JSON at line " + ex.getLocation().getLineNr() + ", column " +
                ex.getLocation().getColumnNr());
        }
        catch (final IOException ex)
        {
            throw ApiException.badRequest("the body could not be read");
        }
    }

    /** The value as JSON bytes. */
    public static byte[] write(final Object value)
    {
        try
        {
            return MAPPER.writeValueAsBytes(value);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("not writable as JSON: " + value.getClass().getName(), ex);
        }
    }

    private static String fieldPath(final MismatchedInputException ex)
    {
        final StringBuilder path = new StringBuilder();
        for (final com.fasterxml.jackson.databind.JsonMappingException.Reference ref : ex.getPath())
        {
            if (ref.getFieldName() != null)
            {
                if (path.length() > 0)
                {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
            else if (ref.getIndex() >= 0)
            {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
