package io.tradingcore.gateway.business;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.projections.business.BusinessDatabase;
import io.tradingcore.projections.business.SubscriptionTiers;
import io.tradingcore.projections.business.Subscriptions;
import io.tradingcore.projections.business.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant admin's subscription: its tier, period, limits and today's usage, and the change of tier. A downgrade
 * takes effect at the period's end; an upgrade is paid first ({@link UpgradeStarter}: an invoice and a payment page)
 * and takes effect when the payment is confirmed.
 */
public final class SubscriptionRoutes
{
    /** Starts the payment of an upgrade; answers the page where the admin pays. */
    @FunctionalInterface
    public interface UpgradeStarter
    {
        Map<String, Object> start(int tenantId, String tier) throws Exception;
    }

    /** {@code POST /api/v1/subscription}. */
    public record ChangeRequest(String tier)
    {
    }

    private final BusinessDatabase database;
    private final Subscriptions subscriptions;
    private final UpgradeStarter upgrades;

    public SubscriptionRoutes(final BusinessDatabase database, final Subscriptions subscriptions,
        final UpgradeStarter upgrades)
    {
        this.database = database;
        this.subscriptions = subscriptions;
        this.upgrades = upgrades;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, "/api/v1/subscription", Role.ADMIN, this::show);
        router.blocking(HttpMethod.POST, "/api/v1/subscription", Role.ADMIN, this::change);
    }

    private Response show(final Request request) throws SQLException
    {
        final Principal caller = request.principal();
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final Subscriptions.Subscription subscription = subscriptions.current(caller.tenantId(), today);
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tier", subscription.tier());
        answer.put("periodStart", subscription.periodStart().toString());
        answer.put("periodEnd", subscription.periodEnd().toString());
        answer.put("pendingTier", subscription.pendingTier());
        answer.put("limits", tierJson(subscriptions.tiers().tier(subscription.tier())));
        answer.put("usage", usage(caller.tenantId()));
        final List<Map<String, Object>> tiers = new ArrayList<>();
        subscriptions.tiers().all().forEach(tier -> tiers.add(tierJson(tier)));
        answer.put("tiers", tiers);
        return Response.json(answer);
    }

    private Response change(final Request request) throws Exception
    {
        final Principal caller = request.principal();
        final ChangeRequest change = request.json(ChangeRequest.class);
        if (change.tier() == null || !SubscriptionTiers.NAMES.contains(change.tier()))
        {
            throw ApiException.badRequest("'tier' must be one of " + SubscriptionTiers.NAMES);
        }
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final Subscriptions.Subscription current = subscriptions.current(caller.tenantId(), today);
        if (subscriptions.isUpgrade(current, change.tier()))
        {
            final Map<String, Object> payment = new LinkedHashMap<>(upgrades.start(caller.tenantId(), change.tier()));
            payment.put("status", "payment_required");
            payment.put("tier", change.tier());
            return Response.json(202, payment);
        }
        final Subscriptions.Subscription after = subscriptions.downgradeAtPeriodEnd(caller.tenantId(), change.tier(),
            today);
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", after.pendingTier() == null ? "unchanged" : "at_period_end");
        answer.put("tier", after.tier());
        answer.put("pendingTier", after.pendingTier());
        answer.put("periodEnd", after.periodEnd().toString());
        return Response.json(answer);
    }

    private Map<String, Object> usage(final int tenantId) throws SQLException
    {
        final Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("ordersToday", 0L);
        usage.put("warnedToday", false);
        usage.put("limitedToday", false);
        usage.put("apiCallsToday", 0L);
        try (Connection connection = database.connect();
            PreparedStatement calls = connection.prepareStatement(
                "SELECT calls FROM api_usage WHERE tenant_id = ? AND day = ?"))
        {
            calls.setInt(1, tenantId);
            calls.setObject(2, LocalDate.now(ZoneOffset.UTC));
            try (ResultSet row = calls.executeQuery())
            {
                if (row.next())
                {
                    usage.put("apiCallsToday", row.getLong(1));
                }
            }
        }
        try (Connection connection = database.connect();
            PreparedStatement select = connection.prepareStatement("SELECT day, orders, warned, limited FROM " +
                "daily_orders WHERE tenant_id = ? ORDER BY day DESC LIMIT 1"))
        {
            select.setInt(1, tenantId);
            try (ResultSet row = select.executeQuery())
            {
                if (row.next())
                {
                    usage.put("day", row.getObject(1, LocalDate.class).toString());
                    usage.put("ordersToday", row.getLong(2));
                    usage.put("warnedToday", row.getBoolean(3));
                    usage.put("limitedToday", row.getBoolean(4));
                }
            }
        }
        return usage;
    }

    private static Map<String, Object> tierJson(final Tier tier)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", tier.name());
        json.put("priceIdr", tier.priceIdr());
        json.put("priceUsd", String.format(java.util.Locale.ROOT, "%d.%02d", tier.priceUsdCents() / 100,
            tier.priceUsdCents() % 100));
        json.put("terminals", tier.terminals());
        json.put("instruments", tier.instruments());
        json.put("ordersPerDay", tier.ordersPerDay());
        json.put("apiCallsPerMinute", tier.apiCallsPerMinute());
        json.put("strategies", tier.strategies());
        json.put("historyRetentionDays", tier.historyRetentionDays());
        return json;
    }
}
