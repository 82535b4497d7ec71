package io.tradingcore.gateway.trading;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.gateway.core.CommandResult;
import io.tradingcore.gateway.core.CoreLink;
import io.tradingcore.gateway.core.GatewayView;
import io.tradingcore.gateway.core.Instrument;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.RiskLimitValues;
import org.agrona.ExpandableArrayBuffer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Orders, queries of current state, and the admin's controls. Commands go to the engine through the core's command
 * ingress and are answered with the engine's accept or reject; state comes from the gateway's view, and every answer
 * says which engine sequence it reflects. A caller names only its own tenant's accounts: another tenant's account
 * answers 404, as an account that does not exist.
 */
public final class TradingRoutes
{
    private static final int MAX_REASON_LENGTH = 200;

    private final CoreLink core;
    private final GatewayView view;

    public TradingRoutes(final CoreLink core)
    {
        this.core = core;
        this.view = core.view();
    }

    public void register(final Router router)
    {
        router.async(HttpMethod.POST, "/api/v1/orders", Role.TRADER, this::placeOrder);
        router.async(HttpMethod.PATCH, "/api/v1/orders/{clientOrderId}", Role.TRADER, this::modifyOrder);
        router.async(HttpMethod.DELETE, "/api/v1/orders/{clientOrderId}", Role.TRADER, this::cancelOrder);
        router.async(HttpMethod.GET, "/api/v1/orders", Role.VIEWER,
            request -> list(view.openOrders(request.principal().tenantId())));
        router.async(HttpMethod.GET, "/api/v1/positions", Role.VIEWER,
            request -> list(view.positions(request.principal().tenantId())));
        router.async(HttpMethod.GET, "/api/v1/accounts", Role.VIEWER,
            request -> list(view.accounts(request.principal().tenantId())));
        router.async(HttpMethod.GET, "/api/v1/accounts/{accountId}", Role.VIEWER, this::account);
        router.async(HttpMethod.GET, "/api/v1/pnl", Role.VIEWER, this::pnl);
        router.async(HttpMethod.GET, "/api/v1/instruments", Role.VIEWER, this::instruments);
        router.async(HttpMethod.GET, "/api/v1/accounts/{accountId}/limits", Role.VIEWER, this::limits);
        router.async(HttpMethod.PUT, "/api/v1/accounts/{accountId}/limits", Role.ADMIN, this::setLimits);
        router.async(HttpMethod.POST, "/api/v1/accounts/{accountId}/halt", Role.ADMIN, request -> halt(request, true));
        router.async(HttpMethod.POST, "/api/v1/accounts/{accountId}/resume", Role.ADMIN,
            request -> halt(request, false));
        router.async(HttpMethod.POST, "/api/v1/kill-switch", Role.ADMIN, this::killSwitch);
    }

    private CompletionStage<Response> placeOrder(final Request request)
    {
        final Principal caller = request.principal();
        final OrderRequest order = request.json(OrderRequest.class);
        final long clientOrderId = positive("clientOrderId", order.clientOrderId());
        final long accountId = ownAccount(caller, order.accountId());
        final Instrument instrument = instrument(order.symbol());
        final Side side = parse("side", order.side(), Side.class, List.of("buy", "sell"));
        final OrderType type = parse("type", order.type(), OrderType.class,
            List.of("market", "limit", "stop", "stop_limit"));
        final TimeInForce timeInForce = order.timeInForce() == null ?
            (type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC) :
            parse("timeInForce", order.timeInForce(), TimeInForce.class, List.of("gtc", "ioc", "fok", "day"));
        final long quantity = instrument.quantity("quantity", order.quantity());
        final boolean limitPrice = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
        final boolean stopPrice = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
        if (!limitPrice && order.price() != null)
        {
            throw ApiException.badRequest("a " + order.type() + " order takes no 'price'");
        }
        if (!stopPrice && order.stopPrice() != null)
        {
            throw ApiException.badRequest("a " + order.type() + " order takes no 'stopPrice'");
        }
        final long price = limitPrice ? instrument.price("price", order.price()) : 0;
        final long stop = stopPrice ? instrument.price("stopPrice", order.stopPrice()) : 0;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = new InputMessages().newOrder(buffer, 0, clientOrderId, caller.tenantId(), accountId,
            instrument.id(), side, type, timeInForce, quantity, price, stop, 0);
        return send(buffer, length).thenApply(result -> orderAnswer(clientOrderId, result));
    }

    private CompletionStage<Response> modifyOrder(final Request request)
    {
        final Principal caller = request.principal();
        final long clientOrderId = request.pathNumber("clientOrderId");
        final long accountId = ownAccount(caller, request.queryNumber("accountId", 0));
        final ModifyRequest change = request.json(ModifyRequest.class);
        final Map<String, Object> open = openOrder(caller, accountId, clientOrderId);
        final Instrument instrument = instrument((String)open.get("symbol"));
        if (change.quantity() == null && change.price() == null && change.stopPrice() == null)
        {
            throw ApiException.badRequest("nothing to change: give 'quantity', 'price' or 'stopPrice'");
        }
        // The engine takes the whole order as it should be: what the caller left out stays as it is.
        final long quantity = instrument.quantity("quantity",
            change.quantity() != null ? change.quantity() : (String)open.get("quantity"));
        final long price = change.price() != null ? instrument.price("price", change.price()) :
            currentPrice(instrument, open);
        final long stop = change.stopPrice() == null ? 0 : instrument.price("stopPrice", change.stopPrice());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = new InputMessages().modifyOrder(buffer, 0, clientOrderId, caller.tenantId(), accountId,
            quantity, price, stop);
        return send(buffer, length).thenApply(result -> orderAnswer(clientOrderId, result));
    }

    private static long currentPrice(final Instrument instrument, final Map<String, Object> open)
    {
        final Object price = open.get("price");
        return price instanceof String text && !text.isEmpty() && !text.equals(instrument.formatPrice(0)) ?
            instrument.price("price", text) : 0;
    }

    private CompletionStage<Response> cancelOrder(final Request request)
    {
        final Principal caller = request.principal();
        final long clientOrderId = request.pathNumber("clientOrderId");
        final long accountId = ownAccount(caller, request.queryNumber("accountId", 0));
        openOrder(caller, accountId, clientOrderId);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = new InputMessages().cancelOrder(buffer, 0, clientOrderId, caller.tenantId(), accountId);
        return send(buffer, length).thenApply(result -> orderAnswer(clientOrderId, result));
    }

    private CompletionStage<Response> account(final Request request)
    {
        final Principal caller = request.principal();
        final long accountId = ownAccount(caller, request.pathNumber("accountId"));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", view.sequence());
        answer.put("account", view.account(caller.tenantId(), accountId));
        return CompletableFuture.completedFuture(Response.json(answer));
    }

    private CompletionStage<Response> pnl(final Request request)
    {
        final List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (final Map<String, Object> account : view.accounts(request.principal().tenantId()))
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            for (final String field : List.of("accountId", "currency", "balance", "equity", "realizedPnl",
                "unrealizedPnl", "sequence"))
            {
                row.put(field, account.get(field));
            }
            items.add(row);
        }
        return list(items);
    }

    private CompletionStage<Response> instruments(final Request request)
    {
        final List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (final Instrument instrument : view.instruments())
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("symbol", instrument.symbol());
            row.put("digits", instrument.digits());
            row.put("tickSize", instrument.formatPrice(instrument.tickSize()));
            row.put("volumeMin", FixedPoint.formatQuantity(instrument.volumeMin()));
            row.put("volumeMax", FixedPoint.formatQuantity(instrument.volumeMax()));
            row.put("volumeStep", FixedPoint.formatQuantity(instrument.volumeStep()));
            items.add(row);
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", view.sequence());
        answer.put("items", items);
        answer.put("quotes", view.quotes());
        return CompletableFuture.completedFuture(Response.json(answer));
    }

    private CompletionStage<Response> limits(final Request request)
    {
        final Principal caller = request.principal();
        final long accountId = ownAccount(caller, request.pathNumber("accountId"));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", view.sequence());
        answer.put("limits", view.limits(caller.tenantId(), accountId));
        return CompletableFuture.completedFuture(Response.json(answer));
    }

    private CompletionStage<Response> setLimits(final Request request)
    {
        final Principal caller = request.principal();
        final long accountId = ownAccount(caller, request.pathNumber("accountId"));
        final LimitsRequest limits = request.json(LimitsRequest.class);
        final RiskLimitValues values = new RiskLimitValues(
            decimal("maxOrderQuantity", limits.maxOrderQuantity(), FixedPoint.QUANTITY_DIGITS),
            decimal("maxPosition", limits.maxPosition(), FixedPoint.QUANTITY_DIGITS),
            decimal("maxGrossExposure", limits.maxGrossExposure(), FixedPoint.MONEY_DIGITS),
            count("maxOpenOrders", limits.maxOpenOrders()), count("maxOrdersPerSecond", limits.maxOrdersPerSecond()),
            count("priceBandBps", limits.priceBandBps()), count("staleMarketMs", limits.staleMarketMs()),
            decimal("dailyLossLimit", limits.dailyLossLimit(), FixedPoint.MONEY_DIGITS));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = new InputMessages().setRiskLimits(buffer, 0, LimitScope.ACCOUNT, caller.tenantId(),
            accountId, values);
        return send(buffer, length).thenApply(TradingRoutes::commandAnswer);
    }

    private CompletionStage<Response> halt(final Request request, final boolean halted)
    {
        final Principal caller = request.principal();
        final long accountId = ownAccount(caller, request.pathNumber("accountId"));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = new InputMessages().haltAccount(buffer, 0, caller.tenantId(), accountId, halted);
        return send(buffer, length).thenApply(TradingRoutes::commandAnswer);
    }

    private CompletionStage<Response> killSwitch(final Request request)
    {
        final Principal caller = request.principal();
        final KillSwitchRequest kill = request.json(KillSwitchRequest.class);
        if (kill.engage() == null)
        {
            throw ApiException.badRequest("'engage' (true or false) is required");
        }
        final String reason = kill.reason() == null ? "" : kill.reason();
        if (reason.length() > MAX_REASON_LENGTH)
        {
            throw ApiException.badRequest("'reason' is longer than " + MAX_REASON_LENGTH + " characters");
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final int length = new InputMessages().killSwitch(buffer, 0, KillScope.TENANT, caller.tenantId(), 0,
            kill.engage(), reason + " (by " + caller.username() + ")");
        return send(buffer, length).thenApply(TradingRoutes::commandAnswer);
    }

    private CompletableFuture<CommandResult> send(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] command = new byte[length];
        buffer.getBytes(0, command);
        return core.submit(command);
    }

    private static Response orderAnswer(final long clientOrderId, final CommandResult result)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", result.accepted() ? "accepted" : "rejected");
        answer.put("orderId", result.orderId());
        answer.put("clientOrderId", clientOrderId);
        if (!result.accepted())
        {
            answer.put("reason", result.reason());
            answer.put("text", result.text());
        }
        answer.put("sequence", result.sequence());
        return Response.json(answer);
    }

    private static Response commandAnswer(final CommandResult result)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", result.accepted() ? "accepted" : "rejected");
        if (!result.accepted())
        {
            answer.put("reason", result.reason());
            answer.put("text", result.text());
        }
        answer.put("sequence", result.sequence());
        return Response.json(answer);
    }

    private CompletionStage<Response> list(final List<Map<String, Object>> items)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", view.sequence());
        answer.put("items", items);
        return CompletableFuture.completedFuture(Response.json(answer));
    }

    private long ownAccount(final Principal caller, final Long accountId)
    {
        final long id = positive("accountId", accountId);
        if (view.account(caller.tenantId(), id) == null)
        {
            throw ApiException.notFound("no account " + id);
        }
        return id;
    }

    private Map<String, Object> openOrder(final Principal caller, final long accountId, final long clientOrderId)
    {
        final Map<String, Object> open = view.openOrder(caller.tenantId(), accountId, clientOrderId);
        if (open == null)
        {
            throw ApiException.notFound("no open order " + clientOrderId + " on account " + accountId);
        }
        return open;
    }

    private Instrument instrument(final String symbol)
    {
        if (symbol == null)
        {
            throw ApiException.badRequest("'symbol' is required");
        }
        final Instrument instrument = view.instrument(symbol);
        if (instrument == null)
        {
            throw ApiException.badRequest("unknown symbol '" + (symbol.length() > 16 ? symbol.substring(0, 16) :
                symbol) + "'");
        }
        return instrument;
    }

    private static long positive(final String field, final Long value)
    {
        if (value == null)
        {
            throw ApiException.badRequest("'" + field + "' is required");
        }
        if (value <= 0)
        {
            throw ApiException.badRequest("'" + field + "' must be positive");
        }
        return value;
    }

    private static <E extends Enum<E>> E parse(
        final String field, final String value, final Class<E> type, final List<String> allowed)
    {
        if (value == null || !allowed.contains(value))
        {
            throw ApiException.badRequest("'" + field + "' must be one of " + allowed);
        }
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    private static long decimal(final String field, final String value, final int digits)
    {
        if (value == null)
        {
            return 0;
        }
        if (!value.matches("\\d{1,15}(\\.\\d{1," + digits + "})?"))
        {
            throw ApiException.badRequest("'" + field + "' must be a non-negative decimal string with at most " +
                digits + " decimals");
        }
        return FixedPoint.parse(value, digits);
    }

    private static int count(final String field, final Integer value)
    {
        if (value == null)
        {
            return 0;
        }
        if (value < 0)
        {
            throw ApiException.badRequest("'" + field + "' must not be negative");
        }
        return value;
    }
}
