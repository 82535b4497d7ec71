package io.tradingcore.gateway.business;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Paying invoices through Midtrans Snap. {@code POST /api/v1/invoices/{number}/pay} (admin) starts a payment of one of
 * the caller's tenant's invoices and answers the payment page, {@code {"redirectUrl": ...}}.
 * {@code POST /api/v1/payments/midtrans/notification} is Midtrans' HTTP notification: public, since Midtrans does not
 * hold our tokens; the notification's signature is its authentication, checked by the handler with the body exactly
 * as received. The work is the payments service's (projections, {@code io.tradingcore.projections.business.payments});
 * the routes reach it through the two interfaces here, which the gateway's wiring implements.
 */
public final class PaymentRoutes
{
    public static final String NOTIFICATION_PATH = "/api/v1/payments/midtrans/notification";
    public static final String PAY_PATH = "/api/v1/invoices/{number}/pay";

    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Za-z0-9._~-]{1,47}");

    /** Handles one Midtrans notification, its body as received; answers the HTTP status and a one-line outcome. */
    @FunctionalInterface
    public interface NotificationHandler
    {
        NotificationAnswer handle(String rawBody) throws Exception;
    }

    /**
     * What to answer Midtrans: 200 when the status is applied or was already; 401 for a bad signature, 400 for a
     * malformed body, 503 when Get Status could not confirm it (Midtrans then delivers again).
     *
     * @param status  the HTTP status.
     * @param outcome one line: {@code {"status": outcome}} on a 2xx, {@code {"error": outcome}} otherwise.
     */
    public record NotificationAnswer(int status, String outcome)
    {
    }

    /** Starts a payment of a tenant's invoice. */
    @FunctionalInterface
    public interface PaymentStarter
    {
        /**
         * @return the Snap payment page's URL; null when the tenant has no such invoice (404).
         * @throws ApiException for other refusals, such as 409 for an invoice paid already.
         */
        String start(int tenantId, String invoiceNumber) throws Exception;
    }

    private final NotificationHandler notifications;
    private final PaymentStarter starter;

    public PaymentRoutes(final NotificationHandler notifications, final PaymentStarter starter)
    {
        this.notifications = notifications;
        this.starter = starter;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.POST, NOTIFICATION_PATH, null, this::notification);
        router.blocking(HttpMethod.POST, PAY_PATH, Role.ADMIN, this::pay);
    }

    private Response notification(final Request request) throws Exception
    {
        final String body;
        try
        {
            body = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(request.body()))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw ApiException.badRequest("the body is not UTF-8");
        }
        if (body.isEmpty())
        {
            throw ApiException.badRequest("the notification has no body");
        }
        final NotificationAnswer answer = notifications.handle(body);
        if (answer.status() >= 200 && answer.status() < 300)
        {
            return Response.json(answer.status(), Map.of("status", answer.outcome()));
        }
        // Not ApiException.unauthorized: a bad signature is not a missing bearer token, so no WWW-Authenticate.
        return Response.json(answer.status(), Map.of("error", answer.outcome()));
    }

    private Response pay(final Request request) throws Exception
    {
        final byte[] body = request.body();
        if (body != null && body.length > 0 && !new String(body, StandardCharsets.UTF_8).trim().equals("{}"))
        {
            throw ApiException.badRequest("the request takes no body, or {}");
        }
        final String number = request.pathParameter("number");
        if (!INVOICE_NUMBER.matcher(number).matches())
        {
            throw ApiException.notFound("no invoice " + number);
        }
        final String redirectUrl = starter.start(request.principal().tenantId(), number);
        if (redirectUrl == null)
        {
            throw ApiException.notFound("no invoice " + number);
        }
        return Response.json(Map.of("redirectUrl", redirectUrl));
    }
}
