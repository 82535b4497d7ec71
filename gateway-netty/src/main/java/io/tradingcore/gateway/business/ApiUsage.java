package io.tradingcore.gateway.business;

import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.RequestGuard;
import io.tradingcore.projections.business.BusinessDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters the API calls of each tenant: a guard after the rate limits counts every call admitted, in memory, and
 * {@link #flush()} adds the counts to {@code business.api_usage} for the day. A crash loses at most the calls since the
 * last flush, which is metering, not money: billing charges orders, which come from the journal.
 */
public final class ApiUsage implements RequestGuard
{
    private final RequestGuard limits;
    private final BusinessDatabase database;
    private final Map<Integer, LongAdder> calls = new ConcurrentHashMap<>();

    /** @param limits the guard that runs first (the rate limits): only calls it admits are counted. */
    public ApiUsage(final RequestGuard limits, final BusinessDatabase database)
    {
        this.limits = limits;
        this.database = database;
    }

    @Override
    public void admit(final Request request, final Map<String, String> answerHeaders)
    {
        limits.admit(request, answerHeaders);
        final Principal caller = request.principalOrNull();
        if (caller != null)
        {
            calls.computeIfAbsent(caller.tenantId(), tenant -> new LongAdder()).increment();
        }
    }

    /** Adds the calls counted since the last flush to today's rows. */
    public void flush() throws SQLException
    {
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Connection connection = database.connect();
            PreparedStatement upsert = connection.prepareStatement("INSERT INTO api_usage (tenant_id, day, calls) " +
                "VALUES (?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET calls = api_usage.calls + excluded.calls"))
        {
            for (final Map.Entry<Integer, LongAdder> tenant : calls.entrySet())
            {
                final long counted = tenant.getValue().sumThenReset();
                if (counted > 0)
                {
                    upsert.setInt(1, tenant.getKey());
                    upsert.setObject(2, today);
                    upsert.setLong(3, counted);
                    upsert.executeUpdate();
                }
            }
        }
    }
}
