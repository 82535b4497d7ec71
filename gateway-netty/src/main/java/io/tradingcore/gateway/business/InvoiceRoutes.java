package io.tradingcore.gateway.business;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tenant's invoices for its admins: the list, one as JSON, and one as an HTML page or a PDF to read or keep. Only
 * the caller's tenant's invoices are found; another tenant's number answers 404, as one that does not exist.
 */
public final class InvoiceRoutes
{
    public static final String HTML = "text/html; charset=utf-8";
    public static final String PDF = "application/pdf";
    /** An invoice number, {@code ISSUER-YYYY-NNNNNN}: anything else cannot be one and is not looked up. */
    private static final Pattern NUMBER = Pattern.compile("[A-Z0-9]{1,12}-[0-9]{4}-[0-9]{6,}");
    /** The page has no scripts and loads nothing: a browser is told to allow it none. */
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private final InvoiceSource invoices;

    public InvoiceRoutes(final InvoiceSource invoices)
    {
        this.invoices = invoices;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, "/api/v1/invoices", Role.ADMIN, request ->
            Response.json(Map.of("items", invoices.invoices(request.principal().tenantId()))));
        router.blocking(HttpMethod.GET, "/api/v1/invoices/{number}", Role.ADMIN, request ->
            Response.json(found(invoices.invoice(request.principal().tenantId(), number(request)))));
        router.blocking(HttpMethod.GET, "/api/v1/invoices/{number}/html", Role.ADMIN, request ->
            new Response(200, HTML, found(invoices.html(request.principal().tenantId(), number(request))))
                .header("Content-Security-Policy", PAGE_POLICY));
        router.blocking(HttpMethod.GET, "/api/v1/invoices/{number}/pdf", Role.ADMIN, request ->
        {
            final String number = number(request);
            return new Response(200, PDF, found(invoices.pdf(request.principal().tenantId(), number)))
                .header("Content-Disposition", "inline; filename=\"" + number + ".pdf\"");
        });
    }

    private static String number(final Request request)
    {
        final String number = request.pathParameter("number");
        if (!NUMBER.matcher(number).matches())
        {
            throw notFound();
        }
        return number;
    }

    private static <T> T found(final T invoice)
    {
        if (invoice == null)
        {
            throw notFound();
        }
        return invoice;
    }

    private static ApiException notFound()
    {
        return ApiException.notFound("no such invoice");
    }
}
