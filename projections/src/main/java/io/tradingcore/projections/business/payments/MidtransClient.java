package io.tradingcore.projections.business.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Midtrans over HTTPS with the JDK's client: Snap's create transaction and the API's Get Status, both with Basic auth
 * (the server key, an empty password). It sends what it is given; {@link Payments} checks order ids and amounts
 * before, so that the contract tests can show what Midtrans itself refuses.
 */
public final class MidtransClient
{
    /** What an order id may hold: it is a path segment of Get Status. */
    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._~-]+");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MidtransSettings settings;
    private final HttpClient http;
    private final String authorization;

    public MidtransClient(final MidtransSettings settings)
    {
        this.settings = settings.conclude();
        this.http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(settings.connectTimeoutMs()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        this.authorization = "Basic " + Base64.getEncoder()
            .encodeToString((settings.serverKey() + ":").getBytes(StandardCharsets.UTF_8));
    }

    public MidtransSettings settings()
    {
        return settings;
    }

    /**
     * Creates a Snap transaction ({@code POST /snap/v1/transactions}).
     *
     * @param customer null to leave {@code customer_details} out.
     * @throws MidtransException when Midtrans refuses it or does not answer.
     */
    public SnapTransaction createTransaction(
        final String orderId, final long grossAmountIdr, final List<SnapItem> items, final CustomerDetails customer)
    {
        final ObjectNode body = MAPPER.createObjectNode();
        final ObjectNode details = body.putObject("transaction_details");
        details.put("order_id", orderId);
        details.put("gross_amount", grossAmountIdr);
        final ArrayNode lines = body.putArray("item_details");
        for (final SnapItem item : items)
        {
            final ObjectNode line = lines.addObject();
            line.put("id", item.id());
            line.put("price", item.price());
            line.put("quantity", item.quantity());
            line.put("name", item.name());
        }
        if (customer != null)
        {
            final ObjectNode who = body.putObject("customer_details");
            putIfSet(who, "first_name", customer.firstName());
            putIfSet(who, "last_name", customer.lastName());
            putIfSet(who, "email", customer.email());
            putIfSet(who, "phone", customer.phone());
        }
        return createRaw(body.toString());
    }

    private static void putIfSet(final ObjectNode node, final String name, final String value)
    {
        if (value != null)
        {
            node.put(name, value);
        }
    }

    /** Posts a create-transaction body as given: the contract tests send what the typed call cannot. */
    SnapTransaction createRaw(final String json)
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(settings.snapBaseUrl() + "/snap/v1/transactions"))
            .timeout(Duration.ofMillis(settings.createTimeoutMs()))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
        final HttpResponse<String> response = send(request);
        final JsonNode answer = parse(response);
        if (response.statusCode() != 201 && response.statusCode() != 200)
        {
            throw new MidtransException(response.statusCode(), messages(answer), null);
        }
        final String token = text(answer, "token");
        final String redirectUrl = text(answer, "redirect_url");
        if (token == null || redirectUrl == null)
        {
            throw new MidtransException(502, List.of("Snap's answer has no token or redirect_url"), null);
        }
        return new SnapTransaction(token, redirectUrl);
    }

    /**
     * Get Status ({@code GET /v2/{order_id}/status}): the transaction as Midtrans has it now.
     *
     * @throws MidtransException when it is refused ({@link MidtransException#notFound()} for an unknown order), or
     *                           Midtrans does not answer within the status timeout.
     */
    public TransactionStatus status(final String orderId)
    {
        if (!ORDER_ID.matcher(orderId).matches())
        {
            throw new IllegalArgumentException("not an order id we make: " + orderId);
        }
        final HttpRequest request = HttpRequest.newBuilder(
                URI.create(settings.apiBaseUrl() + "/v2/" + orderId + "/status"))
            .timeout(Duration.ofMillis(settings.statusTimeoutMs()))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .GET()
            .build();
        final HttpResponse<String> response = send(request);
        final JsonNode answer = parse(response);
        // Get Status puts its own code in the body, and older API versions answer HTTP 200 with a 404 in it.
        final String statusCode = text(answer, "status_code");
        final int code = statusCode != null && statusCode.matches("\\d{3}") ? Integer.parseInt(statusCode) : 0;
        if (response.statusCode() != 200 || code == 401 || code == 404 || code >= 500)
        {
            throw new MidtransException(response.statusCode() != 200 ? response.statusCode() : code,
                messages(answer), null);
        }
        final String transactionStatus = text(answer, "transaction_status");
        final String grossAmount = text(answer, "gross_amount");
        if (transactionStatus == null || grossAmount == null || statusCode == null)
        {
            throw new MidtransException(502, List.of("Get Status' answer lacks transaction_status, status_code " +
                "or gross_amount"), null);
        }
        final String answeredOrder = text(answer, "order_id");
        if (answeredOrder != null && !answeredOrder.equals(orderId))
        {
            throw new MidtransException(502, List.of("Get Status answered for order " + answeredOrder), null);
        }
        return new TransactionStatus(orderId, transactionStatus, statusCode, grossAmount,
            text(answer, "fraud_status"));
    }

    private HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new MidtransException(0, List.of(request.method() + " " + request.uri().getPath() + ": " + ex),
                ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new MidtransException(0, List.of("interrupted"), ex);
        }
    }

    private static JsonNode parse(final HttpResponse<String> response)
    {
        try
        {
            final JsonNode node = MAPPER.readTree(response.body());
            if (node != null && node.isObject())
            {
                return node;
            }
        }
        catch (final JsonProcessingException ex)
        {
            // Not JSON: a proxy's error page, say. The status says what happened; the body is summarised below.
            return MAPPER.createObjectNode().put("status_message", "not JSON: " + abbreviate(response.body()));
        }
        return MAPPER.createObjectNode().put("status_message", "not a JSON object: " + abbreviate(response.body()));
    }

    private static String abbreviate(final String body)
    {
        final String line = body == null ? "" : body.replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static String text(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static List<String> messages(final JsonNode answer)
    {
        final List<String> messages = new ArrayList<>();
        final JsonNode errors = answer.get("error_messages");
        if (errors != null && errors.isArray())
        {
            errors.forEach(message -> messages.add(message.asText()));
        }
        final String statusMessage = text(answer, "status_message");
        if (statusMessage != null)
        {
            messages.add(statusMessage);
        }
        return messages;
    }
}
