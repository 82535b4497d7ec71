package io.tradingcore.projections.business.payments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One HTTP notification from Midtrans, the fields we act on as the strings it sent. Read strictly: one JSON object,
 * no duplicate keys, no trailing text, and each field we use present and a string (the signature is over the strings
 * as sent, so a number in their place is not Midtrans'). The many other fields, which differ per payment type, are
 * kept in the raw body only.
 *
 * @param orderId           {@code order_id}.
 * @param statusCode        {@code status_code}.
 * @param grossAmount       {@code gross_amount}, such as {@code "10000.00"}.
 * @param signatureKey      {@code signature_key}: hex SHA-512 of order_id + status_code + gross_amount + server key.
 * @param transactionStatus {@code transaction_status}.
 * @param fraudStatus       {@code fraud_status}, null when absent.
 */
public record Notification(
    String orderId, String statusCode, String grossAmount, String signatureKey, String transactionStatus,
    String fraudStatus)
{
    private static final ObjectMapper MAPPER = strictMapper();
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{128}");

    private static ObjectMapper strictMapper()
    {
        final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(16).maxStringLength(64 * 1024).maxNumberLength(40).build());
        return mapper;
    }

    /** Thrown for a body that is not a notification, with one line saying why. */
    public static final class MalformedException extends Exception
    {
        private static final long serialVersionUID = 1L;

        MalformedException(final String reason)
        {
            super(reason, null, false, false);
        }
    }

    /** Reads a notification's body. */
    public static Notification parse(final String body) throws MalformedException
    {
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(body);
        }
        catch (final JsonProcessingException ex)
        {
            throw new MalformedException("not valid JSON: " + ex.getOriginalMessage());
        }
        if (root == null || !root.isObject())
        {
            throw new MalformedException("not a JSON object");
        }
        final Notification notification = new Notification(required(root, "order_id"),
            required(root, "status_code"), required(root, "gross_amount"), required(root, "signature_key"),
            required(root, "transaction_status"), optional(root, "fraud_status"));
        if (!SIGNATURE.matcher(notification.signatureKey).matches())
        {
            throw new MalformedException("signature_key is not 128 hex digits");
        }
        return notification;
    }

    private static String required(final JsonNode root, final String field) throws MalformedException
    {
        final String value = optional(root, field);
        if (value == null || value.isEmpty())
        {
            throw new MalformedException("field '" + field + "' is missing");
        }
        return value;
    }

    private static String optional(final JsonNode root, final String field) throws MalformedException
    {
        final JsonNode value = root.get(field);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isTextual())
        {
            throw new MalformedException("field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    /** Whether {@code signature_key} is Midtrans' signature of this notification with {@code serverKey}. */
    public boolean signedWith(final String serverKey)
    {
        final byte[] expected = signature(orderId, statusCode, grossAmount, serverKey)
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] given = signatureKey.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** Hex SHA-512 of the four strings one after the other, as Midtrans signs. */
    public static String signature(
        final String orderId, final String statusCode, final String grossAmount, final String serverKey)
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(digest.digest(
                (orderId + statusCode + grossAmount + serverKey).getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-512", ex);
        }
    }
}
