package io.tradingcore.projections.business;

/**
 * A subscription tier: what it costs a month and what it allows a tenant. A limit of 0 means none.
 *
 * @param name                 {@code free}, {@code pro}, {@code enterprise}.
 * @param priceIdr             per month, whole rupiah (Midtrans takes integer IDR).
 * @param priceUsdCents        per month, US cents.
 * @param terminals            MT5 terminals connected at once.
 * @param instruments          instruments traded.
 * @param ordersPerDay         orders a trading day (engine time, UTC).
 * @param apiCallsPerMinute    calls to the gateway's API a minute.
 * @param strategies           strategies attached.
 * @param historyRetentionDays how long history is kept.
 * @param overageIdrPerOrder   what an order over the day's quota costs, rupiah; 0: none are allowed.
 */
public record Tier(
    String name, long priceIdr, long priceUsdCents, int terminals, int instruments, long ordersPerDay,
    long apiCallsPerMinute, int strategies, int historyRetentionDays, long overageIdrPerOrder)
{
}
