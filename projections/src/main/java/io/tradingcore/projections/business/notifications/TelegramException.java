package io.tradingcore.projections.business.notifications;

/**
 * Telegram answered a call with {@code "ok": false}: nothing was done. Carries Telegram's {@code error_code} (its
 * HTTP status), its {@code description}, and for 429 how long to wait ({@code parameters.retry_after}).
 */
public final class TelegramException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final int retryAfterSeconds;

    public TelegramException(final int errorCode, final String description, final int retryAfterSeconds)
    {
        super(errorCode + " " + description);
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Telegram's error code, the HTTP status of its answer. */
    public int errorCode()
    {
        return errorCode;
    }

    /** Seconds to wait before the next call (429), else 0. */
    public int retryAfterSeconds()
    {
        return retryAfterSeconds;
    }

    /** Sending the same message again cannot succeed: a 4xx other than 429 (chat not found, bad HTML, blocked). */
    public boolean permanent()
    {
        return errorCode >= 400 && errorCode < 500 && errorCode != 429;
    }
}
