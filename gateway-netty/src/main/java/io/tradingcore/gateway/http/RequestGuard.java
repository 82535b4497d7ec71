package io.tradingcore.gateway.http;

/**
 * Checks each request before its route runs, such as rate limits. A guard refuses by throwing an
 * {@link ApiException} (429 with {@code Retry-After}); it may add headers to the answer, such as {@code RateLimit-*}.
 */
@FunctionalInterface
public interface RequestGuard
{
    /**
     * Called once per request after authentication (the principal is null on public routes).
     *
     * @param request the request.
     * @param answerHeaders headers to add to the answer, whatever it is.
     */
    void admit(Request request, java.util.Map<String, String> answerHeaders);

    /** Admits everything. */
    RequestGuard NONE = (request, answerHeaders) -> { };
}
