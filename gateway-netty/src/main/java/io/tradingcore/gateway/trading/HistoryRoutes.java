package io.tradingcore.gateway.trading;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.core.GatewayView;
import io.tradingcore.gateway.core.Instrument;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * History from PostgreSQL, as the postgres projection keeps it: fills and order events over a time range, oldest
 * first, in pages. A page's {@code next} is the cursor of the following page (absent on the last), and every answer
 * says up to which engine sequence the projection had applied ({@code sequence}). Only the caller's tenant's rows are
 * read.
 */
public final class HistoryRoutes
{
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;
    private static final Set<String> PARAMETERS = Set.of("from", "to", "limit", "after", "accountId");

    private final DataSource database;
    private final GatewayView view;

    public HistoryRoutes(final DataSource database, final GatewayView view)
    {
        this.database = database;
        this.view = view;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.GET, "/api/v1/fills", Role.VIEWER, request -> page(request,
            "SELECT input_sequence, output_index, account_id, time_ns, order_id, client_order_id, instrument_id, " +
            "side, quantity, price, leaves_quantity, commission, realized_pnl FROM fills", this::fill));
        router.blocking(HttpMethod.GET, "/api/v1/order-events", Role.VIEWER, request -> page(request,
            "SELECT input_sequence, output_index, account_id, time_ns, type, order_id, client_order_id, status, " +
            "action, reason, text FROM order_events", this::orderEvent));
    }

    @FunctionalInterface
    private interface RowReader
    {
        Map<String, Object> read(ResultSet row) throws SQLException;
    }

    private Response page(final Request request, final String select, final RowReader reader) throws SQLException
    {
        for (final String name : request.queryNames())
        {
            if (!PARAMETERS.contains(name))
            {
                throw ApiException.badRequest("unknown query parameter '" + name + "'");
            }
        }
        final long fromMs = request.queryNumber("from", 0);
        final long toMs = request.queryNumber("to", Long.MAX_VALUE / 1_000_000);
        final long limit = request.queryNumber("limit", DEFAULT_LIMIT);
        final long accountId = request.queryNumber("accountId", 0);
        if (limit < 1 || limit > MAX_LIMIT)
        {
            throw ApiException.badRequest("'limit' must be 1 to " + MAX_LIMIT);
        }
        if (fromMs < 0 || toMs < fromMs)
        {
            throw ApiException.badRequest("'from' and 'to' must be epoch milliseconds with from <= to");
        }
        final long[] after = cursor(request.queryParameter("after", null));
        final String sql = select + " WHERE tenant_id = ? AND time_ns >= ? AND time_ns < ?" +
            (accountId > 0 ? " AND account_id = ?" : "") +
            " AND (input_sequence, output_index) > (?, ?) ORDER BY input_sequence, output_index LIMIT ?";
        final Map<String, Object> answer = new LinkedHashMap<>();
        try (Connection connection = database.getConnection())
        {
            connection.setReadOnly(true);
            answer.put("sequence", projectedSequence(connection));
            try (PreparedStatement statement = connection.prepareStatement(sql))
            {
                int parameter = 1;
                statement.setInt(parameter++, request.principal().tenantId());
                statement.setLong(parameter++, fromMs * 1_000_000);
                statement.setLong(parameter++, toMs >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : toMs * 1_000_000);
                if (accountId > 0)
                {
                    statement.setLong(parameter++, accountId);
                }
                statement.setLong(parameter++, after[0]);
                statement.setLong(parameter++, after[1]);
                statement.setLong(parameter, limit + 1);
                final List<Map<String, Object>> items = new ArrayList<>();
                String next = null;
                try (ResultSet rows = statement.executeQuery())
                {
                    while (rows.next())
                    {
                        if (items.size() == limit)
                        {
                            next = items.get(items.size() - 1).get("sequence") + "." +
                                items.get(items.size() - 1).get("index");
                            break;
                        }
                        items.add(reader.read(rows));
                    }
                }
                answer.put("items", items);
                if (next != null)
                {
                    answer.put("next", next);
                }
            }
        }
        catch (final SQLException ex)
        {
            if ("42P01".equals(ex.getSQLState()))
            {
                throw ApiException.unavailable("history is not there yet: the postgres projection has not created " +
                    "its tables (scripts/projection postgres)");
            }
            if (ex.getSQLState() != null && ex.getSQLState().startsWith("08"))
            {
                throw ApiException.unavailable("history is unavailable: PostgreSQL cannot be reached");
            }
            throw ex;
        }
        return Response.json(answer);
    }

    private static long projectedSequence(final Connection connection) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT last_input FROM checkpoint");
            ResultSet row = statement.executeQuery())
        {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static long[] cursor(final String after)
    {
        if (after == null)
        {
            return new long[] {0, 0};
        }
        final String[] parts = after.split("\\.", -1);
        try
        {
            if (parts.length == 2)
            {
                return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            }
        }
        catch (final NumberFormatException ex)
        {
            // answered below
        }
        throw ApiException.badRequest("'after' must be a cursor from a page's 'next'");
    }

    private Map<String, Object> fill(final ResultSet row) throws SQLException
    {
        final Map<String, Object> fill = start(row);
        final Instrument instrument = view.instrument(row.getInt("instrument_id"));
        fill.put("kind", "fill");
        fill.put("orderId", row.getLong("order_id"));
        fill.put("clientOrderId", row.getLong("client_order_id"));
        fill.put("symbol", instrument == null ? "#" + row.getInt("instrument_id") : instrument.symbol());
        fill.put("side", row.getString("side").toLowerCase(java.util.Locale.ROOT));
        fill.put("quantity", plain(row.getBigDecimal("quantity"), 2));
        fill.put("price", instrument == null ? row.getBigDecimal("price").toPlainString() :
            plain(row.getBigDecimal("price"), instrument.digits()));
        fill.put("leaves", plain(row.getBigDecimal("leaves_quantity"), 2));
        fill.put("commission", plain(row.getBigDecimal("commission"), 2));
        fill.put("realizedPnl", plain(row.getBigDecimal("realized_pnl"), 2));
        return fill;
    }

    private Map<String, Object> orderEvent(final ResultSet row) throws SQLException
    {
        final Map<String, Object> event = start(row);
        event.put("kind", row.getString("type"));
        final long orderId = row.getLong("order_id");
        event.put("orderId", row.wasNull() ? null : orderId);
        event.put("clientOrderId", row.getLong("client_order_id"));
        event.put("status", row.getString("status"));
        event.put("action", row.getString("action"));
        event.put("reason", row.getString("reason"));
        event.put("text", row.getString("text"));
        return event;
    }

    private static Map<String, Object> start(final ResultSet row) throws SQLException
    {
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("sequence", row.getLong("input_sequence"));
        item.put("index", row.getInt("output_index"));
        item.put("accountId", row.getLong("account_id"));
        item.put("timeMs", row.getLong("time_ns") / 1_000_000);
        return item;
    }

    private static String plain(final BigDecimal value, final int scale)
    {
        return value.setScale(Math.max(scale, value.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY)
            .toPlainString();
    }
}
