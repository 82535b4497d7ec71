package io.tradingcore.projections.business.payments;

/**
 * What became of one notification from Midtrans, and the HTTP status to answer it with: Midtrans delivers again what
 * is not answered with a 2xx, so only what must be retried, or was refused, answers otherwise.
 *
 * @param outcome what happened.
 * @param orderId the notification's order id; null when it could not be read.
 * @param status  the attempt's status afterwards; null when no attempt was touched.
 * @param reason  one line for the log and the answer.
 */
public record NotificationResult(Outcome outcome, String orderId, AttemptStatus status, String reason)
{
    /** What became of a notification. */
    public enum Outcome
    {
        /** The confirmed status moved the attempt on. 200. */
        APPLIED(200),
        /** The attempt already was in the confirmed status: a repeat delivery. 200. */
        ALREADY_APPLIED(200),
        /** The confirmed status comes too late to change the attempt (a pending after a settlement). 200. */
        IGNORED(200),
        /** The body is not a notification. 400. */
        MALFORMED(400),
        /** The signature_key does not match: not from Midtrans, or not with our key. 401. */
        BAD_SIGNATURE(401),
        /** A well-signed notification of an order we never made. 404. */
        UNKNOWN_ORDER(404),
        /** Get Status reports another amount than the attempt's; nothing is applied. 409. */
        AMOUNT_MISMATCH(409),
        /** Something of ours failed (the database, the listener); nothing is applied, Midtrans retries. 500. */
        NOT_APPLIED(500),
        /** Get Status could not confirm the status in time; nothing is applied, Midtrans retries. 503. */
        UNCONFIRMED(503);

        private final int httpStatus;

        Outcome(final int httpStatus)
        {
            this.httpStatus = httpStatus;
        }

        public int httpStatus()
        {
            return httpStatus;
        }

        /** The name in {@code business.payment_events}. */
        public String dbName()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The HTTP status to answer Midtrans with. */
    public int httpStatus()
    {
        return outcome.httpStatus();
    }
}
