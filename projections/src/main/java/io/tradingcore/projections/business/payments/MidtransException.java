package io.tradingcore.projections.business.payments;

import java.util.List;

/**
 * Midtrans refused a call, or could not be asked. {@link #httpStatus()} is 0 when no answer came (timeout, refused
 * connection); {@link #unavailable()} says whether asking again later may work.
 */
public final class MidtransException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final transient List<String> messages;

    public MidtransException(final int httpStatus, final List<String> messages, final Throwable cause)
    {
        super((httpStatus == 0 ? "Midtrans did not answer" : "Midtrans answered " + httpStatus) +
            (messages.isEmpty() ? "" : ": " + String.join("; ", messages)), cause);
        this.httpStatus = httpStatus;
        this.messages = List.copyOf(messages);
    }

    /** The HTTP status (or the status_code of Get Status' body), 0 when no answer came. */
    public int httpStatus()
    {
        return httpStatus;
    }

    /** Midtrans' {@code error_messages} or {@code status_message}. */
    public List<String> messages()
    {
        return messages;
    }

    /** No answer, a 5xx or a 429: the call may succeed later. */
    public boolean unavailable()
    {
        return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
    }

    /** Get Status of an order Midtrans does not know (or on which no payment was started yet). */
    public boolean notFound()
    {
        return httpStatus == 404;
    }
}
