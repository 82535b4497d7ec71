package io.tradingcore.projections.business.payments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Midtrans that speaks, strictly, the two calls we use: Snap's create transaction
 * ({@code POST /snap/v1/transactions}) and Get Status ({@code GET /v2/{order_id}/status}), both behind Basic auth with
 * the server key and an empty password. It refuses what Midtrans documents it refuses: a wrong or missing key (401),
 * a missing or mistyped field, a gross_amount that is not a whole number, item details that do not sum to it, an
 * order_id over 50 characters or used before (400). It refuses unknown fields too, stricter than Midtrans may be, so
 * that our client sends only documented ones. It keeps the transactions it made; a test sets each one's payment
 * status (as a customer paying, a bank, a refund would) and builds the signed notification Midtrans would send.
 */
public final class MidtransContractServer implements AutoCloseable
{
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern STATUS_PATH = Pattern.compile("/v2/([^/]+)/status");
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._~-]{1,50}");
    private static final Set<String> TOP_LEVEL = Set.of("transaction_details", "item_details", "customer_details",
        "enabled_payments", "credit_card", "callbacks", "expiry", "page_expiry", "custom_field1", "custom_field2",
        "custom_field3");
    private static final Set<String> TRANSACTION_DETAILS = Set.of("order_id", "gross_amount");
    private static final Set<String> ITEM = Set.of("id", "price", "quantity", "name", "brand", "category",
        "merchant_name", "url");
    private static final Set<String> CUSTOMER = Set.of("first_name", "last_name", "email", "phone",
        "billing_address", "shipping_address");

    /** A transaction Snap created, and its payment status once the test set one. */
    private static final class Transaction
    {
        final long grossAmount;
        final String transactionId = UUID.randomUUID().toString();
        volatile String transactionStatus;
        volatile String fraudStatus;

        Transaction(final long grossAmount)
        {
            this.grossAmount = grossAmount;
        }
    }

    private final String serverKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final AtomicInteger statusRequests = new AtomicInteger();
    private volatile boolean statusDown;

    public MidtransContractServer(final String serverKey) throws IOException
    {
        this.serverKey = serverKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Both bases, Snap's and the API's: one server answers both. */
    public String baseUrl()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The customer paid (or the payment moved on): Get Status reports this from now on. */
    public void status(final String orderId, final String transactionStatus, final String fraudStatus)
    {
        final Transaction transaction = transactions.get(orderId);
        if (transaction == null)
        {
            throw new IllegalArgumentException("Snap never created " + orderId);
        }
        transaction.transactionStatus = transactionStatus;
        transaction.fraudStatus = fraudStatus;
    }

    /** Get Status answers 503 while down. */
    void statusDown(final boolean down)
    {
        statusDown = down;
    }

    int statusRequests()
    {
        return statusRequests.get();
    }

    public boolean knows(final String orderId)
    {
        return transactions.containsKey(orderId);
    }

    /** The notification Midtrans would send for the transaction's status now, signed with the server key. */
    public String notification(final String orderId)
    {
        final Transaction transaction = transactions.get(orderId);
        return notification(orderId, transaction.transactionStatus, transaction.fraudStatus,
            transaction.grossAmount, transaction.transactionId, serverKey);
    }

    /** A notification of the given status (a late or stale one, say), signed with {@code key}. */
    public static String notification(final String orderId, final String transactionStatus, final String fraudStatus,
        final long grossAmount, final String transactionId, final String key)
    {
        final String statusCode = statusCode(transactionStatus, fraudStatus);
        final String amount = grossAmount + ".00";
        final ObjectNode body = MAPPER.createObjectNode();
        body.put("transaction_time", "2026-12-07 10:00:00");
        body.put("transaction_status", transactionStatus);
        body.put("transaction_id", transactionId);
        body.put("status_message", "midtrans payment notification");
        body.put("status_code", statusCode);
        body.put("signature_key", Notification.signature(orderId, statusCode, amount, key));
        body.put("payment_type", fraudStatus == null ? "bank_transfer" : "credit_card");
        body.put("order_id", orderId);
        body.put("merchant_id", "G000000000");
        body.put("gross_amount", amount);
        if (fraudStatus != null)
        {
            body.put("fraud_status", fraudStatus);
        }
        body.put("currency", "IDR");
        return body.toPrettyString();
    }

    /** The status_code Midtrans gives each transaction status. */
    static String statusCode(final String transactionStatus, final String fraudStatus)
    {
        switch (transactionStatus)
        {
            case "pending":
                return "201";
            case "capture":
                return "challenge".equals(fraudStatus) ? "201" : "200";
            case "deny":
            case "failure":
                return "202";
            case "expire":
                return "407";
            default:
                return "200";
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/snap/v1/transactions"))
            {
                if (!exchange.getRequestMethod().equals("POST"))
                {
                    answer(exchange, 405, error("method not allowed"));
                    return;
                }
                create(exchange);
                return;
            }
            final Matcher status = STATUS_PATH.matcher(path);
            if (status.matches())
            {
                if (!exchange.getRequestMethod().equals("GET"))
                {
                    answer(exchange, 405, statusError(405, "method not allowed"));
                    return;
                }
                status(exchange, status.group(1));
                return;
            }
            answer(exchange, 404, error("not found"));
        }
    }

    private boolean authorized(final HttpExchange exchange)
    {
        final String expected = "Basic " + Base64.getEncoder()
            .encodeToString((serverKey + ":").getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void create(final HttpExchange exchange) throws IOException
    {
        if (!authorized(exchange))
        {
            answer(exchange, 401, error("Access denied due to unauthorized transaction, please check client or " +
                "server key"));
            return;
        }
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        final String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (contentType == null || !contentType.startsWith("application/json") || !"application/json".equals(accept))
        {
            answer(exchange, 400, error("Content-Type and Accept must be application/json"));
            return;
        }
        final JsonNode body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = MAPPER.readTree(in.readNBytes(64 * 1024));
        }
        catch (final JsonProcessingException ex)
        {
            answer(exchange, 400, error("invalid JSON"));
            return;
        }
        final List<String> errors = new ArrayList<>();
        final long grossAmount = checkCreate(body, errors);
        if (!errors.isEmpty())
        {
            answer(exchange, 400, error(errors.toArray(new String[0])));
            return;
        }
        final String orderId = body.get("transaction_details").get("order_id").textValue();
        if (transactions.putIfAbsent(orderId, new Transaction(grossAmount)) != null)
        {
            answer(exchange, 400, error("transaction_details.order_id sudah digunakan"));
            return;
        }
        final String token = UUID.randomUUID().toString();
        final ObjectNode created = MAPPER.createObjectNode();
        created.put("token", token);
        created.put("redirect_url", baseUrl() + "/snap/v4/redirection/" + token);
        answer(exchange, 201, created);
    }

    private static long checkCreate(final JsonNode body, final List<String> errors)
    {
        if (body == null || !body.isObject())
        {
            errors.add("the body must be a JSON object");
            return 0;
        }
        unknown(body, TOP_LEVEL, "", errors);
        final JsonNode details = body.get("transaction_details");
        if (details == null || !details.isObject())
        {
            errors.add("transaction_details is required");
            return 0;
        }
        unknown(details, TRANSACTION_DETAILS, "transaction_details.", errors);
        final JsonNode orderId = details.get("order_id");
        if (orderId == null || !orderId.isTextual() || orderId.textValue().isEmpty())
        {
            errors.add("transaction_details.order_id is required");
        }
        else if (orderId.textValue().length() > 50)
        {
            errors.add("transaction_details.order_id too long");
        }
        else if (!ORDER_ID.matcher(orderId.textValue()).matches())
        {
            errors.add("transaction_details.order_id contains invalid characters");
        }
        final JsonNode gross = details.get("gross_amount");
        long grossAmount = 0;
        if (gross == null || gross.isNull())
        {
            errors.add("transaction_details.gross_amount is required");
        }
        else if (!gross.isIntegralNumber() || !gross.canConvertToLong())
        {
            errors.add("transaction_details.gross_amount must be an integer");
        }
        else if (gross.longValue() < 1)
        {
            errors.add("transaction_details.gross_amount must be greater than or equal to 1");
        }
        else
        {
            grossAmount = gross.longValue();
        }
        final JsonNode items = body.get("item_details");
        if (items != null)
        {
            checkItems(items, grossAmount, errors);
        }
        final JsonNode customer = body.get("customer_details");
        if (customer != null)
        {
            if (!customer.isObject())
            {
                errors.add("customer_details must be an object");
            }
            else
            {
                unknown(customer, CUSTOMER, "customer_details.", errors);
                for (final String field : List.of("first_name", "last_name", "email", "phone"))
                {
                    if (customer.has(field) && !customer.get(field).isTextual())
                    {
                        errors.add("customer_details." + field + " must be a string");
                    }
                }
            }
        }
        return grossAmount;
    }

    private static void checkItems(final JsonNode items, final long grossAmount, final List<String> errors)
    {
        if (!items.isArray())
        {
            errors.add("item_details must be an array");
            return;
        }
        long sum = 0;
        boolean complete = true;
        for (int i = 0; i < items.size(); i++)
        {
            final JsonNode item = items.get(i);
            final String at = "item_details[" + i + "].";
            if (!item.isObject())
            {
                errors.add("item_details[" + i + "] must be an object");
                complete = false;
                continue;
            }
            unknown(item, ITEM, at, errors);
            final JsonNode price = item.get("price");
            final JsonNode quantity = item.get("quantity");
            final JsonNode name = item.get("name");
            final JsonNode id = item.get("id");
            if (price == null || !price.isIntegralNumber())
            {
                errors.add(at + "price is required and must be an integer");
                complete = false;
            }
            if (quantity == null || !quantity.isIntegralNumber() || quantity.longValue() < 1)
            {
                errors.add(at + "quantity is required and must be an integer of at least 1");
                complete = false;
            }
            if (name == null || !name.isTextual() || name.textValue().isEmpty())
            {
                errors.add(at + "name is required");
            }
            else if (name.textValue().length() > 50)
            {
                errors.add(at + "name too long");
            }
            if (id != null && !id.isTextual())
            {
                errors.add(at + "id must be a string");
            }
            if (complete)
            {
                sum += price.longValue() * quantity.longValue();
            }
        }
        if (complete && grossAmount > 0 && sum != grossAmount)
        {
            errors.add("transaction_details.gross_amount is not equal to the sum of item_details");
        }
    }

    private static void unknown(final JsonNode node, final Set<String> known, final String prefix,
        final List<String> errors)
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!known.contains(name))
            {
                errors.add(prefix + name + " is not a known field");
            }
        }
    }

    private void status(final HttpExchange exchange, final String orderId) throws IOException
    {
        statusRequests.incrementAndGet();
        if (!authorized(exchange))
        {
            answer(exchange, 401, statusError(401, "Unknown Merchant server_key/id"));
            return;
        }
        if (statusDown)
        {
            answer(exchange, 503, statusError(503, "Sorry. Our system is recovering from unexpected issues. " +
                "Please retry."));
            return;
        }
        final Transaction transaction = transactions.get(orderId);
        // A Snap transaction on which the customer has not yet chosen a way to pay is unknown to Get Status.
        if (transaction == null || transaction.transactionStatus == null)
        {
            answer(exchange, 404, statusError(404, "Transaction doesn't exist."));
            return;
        }
        final ObjectNode body = MAPPER.createObjectNode();
        final String statusCode = statusCode(transaction.transactionStatus, transaction.fraudStatus);
        final String amount = transaction.grossAmount + ".00";
        body.put("status_code", statusCode);
        body.put("status_message", "Success, transaction is found");
        body.put("transaction_id", transaction.transactionId);
        body.put("order_id", orderId);
        body.put("gross_amount", amount);
        body.put("currency", "IDR");
        body.put("payment_type", transaction.fraudStatus == null ? "bank_transfer" : "credit_card");
        body.put("transaction_time", "2026-12-07 10:00:00");
        body.put("transaction_status", transaction.transactionStatus);
        if (transaction.fraudStatus != null)
        {
            body.put("fraud_status", transaction.fraudStatus);
        }
        body.put("signature_key", Notification.signature(orderId, statusCode, amount, serverKey));
        answer(exchange, 200, body);
    }

    private static ObjectNode error(final String... messages)
    {
        final ObjectNode body = MAPPER.createObjectNode();
        final com.fasterxml.jackson.databind.node.ArrayNode list = body.putArray("error_messages");
        for (final String message : messages)
        {
            list.add(message);
        }
        return body;
    }

    private static ObjectNode statusError(final int code, final String message)
    {
        final ObjectNode body = MAPPER.createObjectNode();
        body.put("status_code", Integer.toString(code));
        body.put("status_message", message);
        return body;
    }

    private static void answer(final HttpExchange exchange, final int status, final JsonNode body) throws IOException
    {
        final byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
