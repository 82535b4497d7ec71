package io.tradingcore.gateway.business;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Json;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's Telegram notifications: {@code POST /api/v1/notifications/telegram/link} makes a one-time code the user
 * sends the bot ({@code /start CODE}, or the link {@code https://t.me/<bot>?start=CODE}), and
 * {@code GET|PUT /api/v1/notifications/preferences} reads and sets which kinds the user's chat receives. Every caller
 * acts on its own user only. The work is the projections' notifications package's, reached through the two
 * interfaces here (the gateway does not compile against it).
 */
public final class NotificationRoutes
{
    /** The kinds of notification there are, as the API names them. */
    public static final List<String> KINDS = List.of("risk_alert", "kill_switch", "late_fill", "position_mismatch",
        "daily_pnl", "invoice", "payment");

    /** A new link code for a user: the projections' {@code Notifications.linkCode}. */
    @FunctionalInterface
    public interface LinkCodes
    {
        /** @return the code and how many seconds it is good for */
        LinkCode create(int tenantId, long userId) throws Exception;
    }

    /** A one-time code and its lifetime. */
    public record LinkCode(String code, long expiresInSeconds)
    {
    }

    /** A user's settings: whether a chat is linked, and each kind on or off. */
    public record Preferences(boolean linked, Map<String, Boolean> kinds)
    {
    }

    /** The projections' {@code Notifications.preferences} and {@code setPreferences}. */
    public interface PreferenceStore
    {
        Preferences read(int tenantId, long userId) throws Exception;

        /** Sets the kinds given (API names, already checked); kinds left out keep their setting. */
        void write(int tenantId, long userId, Map<String, Boolean> kinds) throws Exception;
    }

    private final LinkCodes codes;
    private final PreferenceStore preferences;
    private final String botUsername;

    /** @param botUsername the bot's username for the answer's {@code botUsername}, or null when not configured */
    public NotificationRoutes(final LinkCodes codes, final PreferenceStore preferences, final String botUsername)
    {
        this.codes = codes;
        this.preferences = preferences;
        this.botUsername = botUsername;
    }

    public void register(final Router router)
    {
        router.blocking(HttpMethod.POST, "/api/v1/notifications/telegram/link", Role.VIEWER, request ->
        {
            if (request.body().length > 0)
            {
                throw ApiException.badRequest("this takes no body");
            }
            final Principal caller = request.principal();
            final LinkCode code = codes.create(caller.tenantId(), caller.userId());
            final Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("code", code.code());
            if (botUsername != null)
            {
                answer.put("botUsername", botUsername);
                answer.put("link", "https://t.me/" + botUsername + "?start=" + code.code());
            }
            answer.put("expiresInSeconds", code.expiresInSeconds());
            return Response.json(answer);
        });
        router.blocking(HttpMethod.GET, "/api/v1/notifications/preferences", Role.VIEWER, request ->
            Response.json(answer(preferences.read(request.principal().tenantId(), request.principal().userId()))));
        router.blocking(HttpMethod.PUT, "/api/v1/notifications/preferences", Role.VIEWER, request ->
        {
            final Map<String, Boolean> kinds = kinds(request.body());
            final Principal caller = request.principal();
            preferences.write(caller.tenantId(), caller.userId(), kinds);
            return Response.json(answer(preferences.read(caller.tenantId(), caller.userId())));
        });
    }

    /** {@code {"kinds": {"daily_pnl": false, ...}}}: known kinds, booleans only. */
    private static Map<String, Boolean> kinds(final byte[] body)
    {
        final com.fasterxml.jackson.databind.JsonNode tree;
        try
        {
            tree = Json.MAPPER.readTree(body);
        }
        catch (final IOException ex)
        {
            throw ApiException.badRequest("the body is not JSON");
        }
        if (tree == null || !tree.isObject() || tree.size() != 1 || !tree.path("kinds").isObject())
        {
            throw ApiException.badRequest("the body must be {\"kinds\": {\"<kind>\": true|false, ...}}");
        }
        final Map<String, Boolean> kinds = new LinkedHashMap<>();
        for (final Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field : tree.get("kinds").properties())
        {
            if (!KINDS.contains(field.getKey()))
            {
                throw ApiException.badRequest("no notification kind '" + field.getKey() + "'; there are " +
                    String.join(", ", KINDS));
            }
            if (!field.getValue().isBoolean())
            {
                throw ApiException.badRequest("'" + field.getKey() + "' must be true or false");
            }
            kinds.put(field.getKey(), field.getValue().booleanValue());
        }
        return kinds;
    }

    private static Map<String, Object> answer(final Preferences preferences)
    {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("linked", preferences.linked());
        answer.put("kinds", preferences.kinds());
        return answer;
    }
}
