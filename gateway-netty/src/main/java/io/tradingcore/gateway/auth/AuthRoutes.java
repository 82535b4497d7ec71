package io.tradingcore.gateway.auth;

import io.netty.handler.codec.http.HttpMethod;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Request;
import io.tradingcore.gateway.http.Response;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.gateway.http.Router;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The routes of logins and users: {@code /api/v1/auth/login}, {@code refresh} and {@code logout}, {@code /api/v1/me},
 * and an admin's management of its own tenant's users under {@code /api/v1/users}. A user of another tenant is never
 * found (404), as if it did not exist.
 */
public final class AuthRoutes
{
    record LoginBody(String tenant, String username, String password)
    {
    }

    record RefreshBody(String refreshToken)
    {
    }

    record NewUserBody(String username, String password, String role)
    {
    }

    record UserChangeBody(String role, Boolean disabled)
    {
    }

    record Me(String tenant, int tenantId, String username, String role)
    {
    }

    record UserView(String username, String role, boolean disabled)
    {
        static UserView of(final User user)
        {
            return new UserView(user.username(), user.role().apiName(), user.disabled());
        }
    }

    private final UserStore users;
    private final Sessions sessions;
    private final Revocations revocations;
    private final LoginLimiter limiter;

    public AuthRoutes(
        final UserStore users, final Sessions sessions, final Revocations revocations, final LoginLimiter limiter)
    {
        this.users = users;
        this.sessions = sessions;
        this.revocations = revocations;
        this.limiter = limiter;
    }

    /** Adds the routes to the router. */
    public void register(final Router router)
    {
        router.blocking(HttpMethod.POST, "/api/v1/auth/login", null, this::login);
        router.blocking(HttpMethod.POST, "/api/v1/auth/refresh", null, this::refresh);
        router.blocking(HttpMethod.POST, "/api/v1/auth/logout", Role.VIEWER, this::logout);
        router.async(HttpMethod.GET, "/api/v1/me", Role.VIEWER,
            request -> CompletableFuture.completedFuture(me(request.principal())));
        router.blocking(HttpMethod.GET, "/api/v1/users", Role.ADMIN, this::listUsers);
        router.blocking(HttpMethod.POST, "/api/v1/users", Role.ADMIN, this::createUser);
        router.blocking(HttpMethod.PATCH, "/api/v1/users/{username}", Role.ADMIN, this::changeUser);
    }

    private Response login(final Request request) throws Exception
    {
        final LoginBody body = request.json(LoginBody.class);
        required("tenant", body.tenant());
        required("username", body.username());
        required("password", body.password());
        limiter.admit(body.tenant(), body.username(), request.remoteAddress());
        return Response.json(sessions.login(body.tenant(), body.username(), body.password()));
    }

    private Response refresh(final Request request) throws Exception
    {
        final RefreshBody body = request.json(RefreshBody.class);
        required("refreshToken", body.refreshToken());
        return Response.json(sessions.refresh(body.refreshToken()));
    }

    private Response logout(final Request request) throws Exception
    {
        final RefreshBody body = request.json(RefreshBody.class);
        required("refreshToken", body.refreshToken());
        sessions.logout(request.principal(), body.refreshToken());
        return Response.noContent();
    }

    private static Response me(final Principal caller)
    {
        return Response.json(new Me(caller.tenant(), caller.tenantId(), caller.username(), caller.role().apiName()));
    }

    private Response listUsers(final Request request) throws Exception
    {
        final List<UserView> items = users.users(request.principal().tenantId()).stream().map(UserView::of).toList();
        return Response.json(Map.of("items", items));
    }

    private Response createUser(final Request request) throws Exception
    {
        final NewUserBody body = request.json(NewUserBody.class);
        required("username", body.username());
        required("password", body.password());
        required("role", body.role());
        final User user = users.createUser(request.principal().tenantId(), body.username(), body.password(),
            role(body.role()));
        return Response.json(201, UserView.of(user));
    }

    private Response changeUser(final Request request) throws Exception
    {
        final UserChangeBody body = request.json(UserChangeBody.class);
        if (body.role() == null && body.disabled() == null)
        {
            throw ApiException.badRequest("nothing to change: give 'role', 'disabled' or both");
        }
        final Role role = body.role() == null ? null : role(body.role());
        final User user = users.updateUser(request.principal().tenantId(), request.pathParameter("username"), role,
            body.disabled());
        revocations.userChanged(user);
        return Response.json(UserView.of(user));
    }

    private static Role role(final String name)
    {
        final Role role = Role.parse(name);
        if (role == null)
        {
            throw ApiException.badRequest("field 'role' must be viewer, trader or admin");
        }
        return role;
    }

    private static void required(final String field, final String value)
    {
        if (value == null)
        {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
    }
}
