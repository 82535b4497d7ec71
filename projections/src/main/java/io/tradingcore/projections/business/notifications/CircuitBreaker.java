package io.tradingcore.projections.business.notifications;

/**
 * Stops calling Telegram while it keeps failing: after {@code threshold} failures in a row the breaker opens and no
 * call is made for {@code openNs}; then it half-opens and lets one call through, which closes it when it succeeds and
 * opens it again when it fails. Refusals of one message (a chat not found) are not failures of Telegram and do not
 * count.
 */
final class CircuitBreaker
{
    enum State
    {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final long openNs;
    private State state = State.CLOSED;
    private int failures;
    private long openUntilNs;
    private int opened;

    CircuitBreaker(final int threshold, final long openNs)
    {
        this.threshold = threshold;
        this.openNs = openNs;
    }

    /** Whether a call may be made now; an open breaker whose time is up half-opens for one call. */
    boolean allow(final long nowNs)
    {
        if (state == State.OPEN && nowNs - openUntilNs >= 0)
        {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    /** Nanoseconds until an open breaker half-opens (0 unless open). */
    long waitNs(final long nowNs)
    {
        return state == State.OPEN ? Math.max(0, openUntilNs - nowNs) : 0;
    }

    void success()
    {
        state = State.CLOSED;
        failures = 0;
    }

    void failure(final long nowNs)
    {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold)
        {
            state = State.OPEN;
            openUntilNs = nowNs + openNs;
            opened++;
        }
    }

    State state()
    {
        return state;
    }

    /** How many times it has opened, for the log and tests. */
    int timesOpened()
    {
        return opened;
    }
}
