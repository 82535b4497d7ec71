package io.tradingcore.gateway.http;

/** Sees each answered request, for metrics. Called on the thread that answered; must not block. */
@FunctionalInterface
public interface RequestObserver
{
    /**
     * @param method       the request's method.
     * @param route        the route's pattern (such as {@code /api/v1/orders/{clientOrderId}}), or {@code unmatched}.
     * @param status       the answer's status.
     * @param elapsedNanos from the request's arrival to its answer.
     */
    void onAnswered(String method, String route, int status, long elapsedNanos);

    /** Sees nothing. */
    RequestObserver NONE = (method, route, status, elapsedNanos) -> { };
}
