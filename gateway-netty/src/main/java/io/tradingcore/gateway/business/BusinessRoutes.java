package io.tradingcore.gateway.business;

import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.PaymentEffects;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.business.Subscriptions;
import io.tradingcore.projections.business.billing.Billing;
import io.tradingcore.projections.business.billing.Invoice;
import io.tradingcore.projections.business.billing.InvoiceLine;
import io.tradingcore.projections.business.billing.InvoiceService;
import io.tradingcore.projections.business.billing.Invoices;
import io.tradingcore.projections.business.billing.UpgradeInvoices;
import io.tradingcore.projections.business.notifications.NotificationKind;
import io.tradingcore.projections.business.notifications.Notifications;
import io.tradingcore.projections.business.payments.MidtransClient;
import io.tradingcore.projections.business.payments.MidtransSettings;
import io.tradingcore.projections.business.payments.NotificationResult;
import io.tradingcore.projections.business.payments.Payments;
import io.tradingcore.projections.business.payments.SnapItem;

import java.io.PrintStream;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The business services' routes on the gateway, wired to their services in the business schema: the subscription
 * (an upgrade is an invoice paid through Midtrans), invoices, payments and Midtrans' notifications, and Telegram
 * links and preferences. Without a Midtrans server key (the environment's {@code TC_MIDTRANS_SERVER_KEY}, or
 * {@code tradingcore.midtrans.serverKeyFile}) paying is answered 503 and says so.
 */
public final class BusinessRoutes
{
    private final BusinessDatabase database;
    private final SubscriptionTiers tiers;
    private final Subscriptions subscriptions;
    private final Payments payments;
    private final String paymentsMissing;
    private final Billing.Context billing;

    public BusinessRoutes(final BusinessDatabase database, final SubscriptionTiers tiers, final PrintStream log)
    {
        this.database = database;
        this.tiers = tiers;
        this.subscriptions = new Subscriptions(database, tiers);
        this.billing = new Billing.Context().database(database).tiers(tiers).conclude();
        Payments configured = null;
        String missing = null;
        try
        {
            configured = new Payments(database, new MidtransClient(new MidtransSettings().conclude()),
                new PaymentEffects(subscriptions));
        }
        catch (final IllegalStateException ex)
        {
            missing = ex.getMessage();
            log.println("gateway: payments off: " + missing);
        }
        this.payments = configured;
        this.paymentsMissing = missing;
    }

    public void register(final Router router)
    {
        new SubscriptionRoutes(database, subscriptions, this::startUpgrade).register(router);
        final InvoiceService invoices = new InvoiceService(database);
        new InvoiceRoutes(new InvoiceSource()
        {
            @Override
            public List<Map<String, Object>> invoices(final int tenantId) throws Exception
            {
                return invoices.invoices(tenantId);
            }

            @Override
            public Map<String, Object> invoice(final int tenantId, final String number) throws Exception
            {
                return invoices.invoice(tenantId, number);
            }

            @Override
            public byte[] html(final int tenantId, final String number) throws Exception
            {
                return invoices.html(tenantId, number);
            }

            @Override
            public byte[] pdf(final int tenantId, final String number) throws Exception
            {
                return invoices.pdf(tenantId, number);
            }
        }).register(router);
        new PaymentRoutes(this::onNotification, this::pay).register(router);
        final Notifications notifications = new Notifications(database);
        new NotificationRoutes(
            (tenantId, userId) ->
            {
                final Notifications.LinkCode code = notifications.linkCode(tenantId, userId);
                return new NotificationRoutes.LinkCode(code.code(), code.expiresInSeconds());
            },
            new NotificationRoutes.PreferenceStore()
            {
                @Override
                public NotificationRoutes.Preferences read(final int tenantId, final long userId) throws Exception
                {
                    final Notifications.Preferences preferences = notifications.preferences(tenantId, userId);
                    final Map<String, Boolean> kinds = new LinkedHashMap<>();
                    preferences.enabled().forEach((kind, on) -> kinds.put(kind.apiName(), on));
                    return new NotificationRoutes.Preferences(preferences.linked(), kinds);
                }

                @Override
                public void write(final int tenantId, final long userId, final Map<String, Boolean> kinds)
                    throws Exception
                {
                    final Map<NotificationKind, Boolean> changes = new LinkedHashMap<>();
                    kinds.forEach((kind, on) -> changes.put(NotificationKind.of(kind), on));
                    notifications.setPreferences(tenantId, userId, changes);
                }
            },
            System.getenv("TC_TELEGRAM_BOT_USERNAME")).register(router);
    }

    private Payments payments()
    {
        if (payments == null)
        {
            throw ApiException.unavailable("payments are not configured on this gateway: " + paymentsMissing);
        }
        return payments;
    }

    /** An upgrade: its invoice (a month of the new tier), then the payment page for it. */
    private Map<String, Object> startUpgrade(final int tenantId, final String tier) throws Exception
    {
        final Payments payments = payments();
        final Invoice invoice;
        try (Connection connection = database.connect())
        {
            connection.setAutoCommit(false);
            final Subscriptions.Subscription current = Subscriptions.current(connection, tenantId,
                LocalDate.now(ZoneOffset.UTC));
            invoice = UpgradeInvoices.issue(connection, billing.issuer(), billing.taxBps(), tenantId,
                tiers.tier(current.tier()), tiers.tier(tier), Instant.now());
            connection.commit();
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("invoice", invoice.number());
        answer.put("totalIdr", invoice.total());
        answer.put("redirectUrl", payments.startPayment(tenantId, invoice.number(), invoice.total(), items(invoice)));
        return answer;
    }

    private String pay(final int tenantId, final String number) throws Exception
    {
        final Optional<Invoice> invoice;
        try (Connection connection = database.connect())
        {
            invoice = Invoices.find(connection, number, tenantId);
        }
        if (invoice.isEmpty())
        {
            return null;
        }
        if (!Invoice.OPEN.equals(invoice.get().status()))
        {
            throw ApiException.conflict("invoice " + number + " is " + invoice.get().status());
        }
        return payments().startPayment(tenantId, number, invoice.get().total(), items(invoice.get()));
    }

    private PaymentRoutes.NotificationAnswer onNotification(final String body) throws Exception
    {
        final NotificationResult result = payments().onNotification(body);
        return new PaymentRoutes.NotificationAnswer(result.outcome().httpStatus(),
            result.outcome().name().toLowerCase(java.util.Locale.ROOT) +
            (result.reason() == null ? "" : ": " + result.reason()));
    }

    /** The invoice's lines as Snap items; tax as one more item, so that they sum to the gross amount. */
    private static List<SnapItem> items(final Invoice invoice)
    {
        final List<SnapItem> items = new ArrayList<>();
        for (final InvoiceLine line : invoice.lines())
        {
            if (line.amount() > 0)
            {
                items.add(new SnapItem(invoice.number() + "-" + line.lineNo(), line.unitPrice(),
                    Math.toIntExact(line.quantity()), shorten(line.description())));
            }
        }
        if (invoice.tax() > 0)
        {
            items.add(new SnapItem(invoice.number() + "-tax", invoice.tax(), 1, "Tax"));
        }
        return items;
    }

    private static String shorten(final String text)
    {
        return text.length() <= SnapItem.MAX_NAME_LENGTH ? text : text.substring(0, SnapItem.MAX_NAME_LENGTH);
    }
}
