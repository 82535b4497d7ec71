package io.tradingcore.projections.business.payments;

import java.util.Locale;

/**
 * Where a payment attempt stands, from the transaction status Midtrans' Get Status confirms. The statuses only move
 * forwards, so a notification that arrives late, twice or out of order changes nothing: a {@code pending} after a
 * {@code settlement} does not un-pay an attempt, and a reversed attempt stays reversed.
 */
public enum AttemptStatus
{
    /** The Snap transaction is asked for; the customer has not chosen how to pay. */
    CREATED,
    /** The customer chose a way to pay and has not yet (a bank transfer waiting, say). */
    PENDING,
    /** A card payment captured but held by Midtrans' fraud check for review: not paid. */
    CHALLENGE,
    /** Paid: settlement, or a capture the fraud check accepted. */
    PAID,
    /** Denied, cancelled, expired or failed. */
    FAILED,
    /** Refunded or charged back, in whole or in part, after it was paid. */
    REVERSED;

    /** The name in the database. */
    public String dbName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttemptStatus fromDb(final String name)
    {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The status Midtrans' transaction status means for the attempt; null for one that means nothing to it (such as
     * {@code authorize}, a card pre-authorisation the merchant has to capture).
     */
    public static AttemptStatus of(final String transactionStatus, final String fraudStatus)
    {
        switch (transactionStatus)
        {
            case "settlement":
                return PAID;
            case "capture":
                if ("accept".equals(fraudStatus))
                {
                    return PAID;
                }
                // A capture the fraud check denied becomes a deny; until then any other capture waits for review.
                return "deny".equals(fraudStatus) ? FAILED : CHALLENGE;
            case "pending":
                return PENDING;
            case "deny":
            case "cancel":
            case "expire":
            case "failure":
                return FAILED;
            case "refund":
            case "partial_refund":
            case "chargeback":
            case "partial_chargeback":
                return REVERSED;
            default:
                return null;
        }
    }

    /**
     * Whether an attempt in this status takes {@code next}. Get Status is the truth at the moment it is asked, so a
     * failed attempt that Midtrans later reports settled is paid (the customer's money arrived); but nothing goes
     * back to waiting once decided, a paid attempt only ever becomes reversed, and a reversed one stays so.
     */
    public boolean mayBecome(final AttemptStatus next)
    {
        switch (this)
        {
            case CREATED:
                return next != CREATED;
            case PENDING:
                return next != CREATED && next != PENDING;
            case CHALLENGE:
                return next == PAID || next == FAILED || next == REVERSED;
            case PAID:
                return next == REVERSED;
            case FAILED:
                return next == PAID || next == REVERSED;
            default:
                return false;
        }
    }
}
