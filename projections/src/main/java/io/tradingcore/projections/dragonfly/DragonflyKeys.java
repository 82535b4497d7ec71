package io.tradingcore.projections.dragonfly;

/**
 * The names of the sink's keys and channels, all under one prefix ({@code tc} by default) so that several
 * projections, or tests, share a server and {@code drop()} finds exactly its own keys. A tenant's keys and channels
 * carry its id right after the prefix ({@code tc:7:...}): an ACL of {@code ~tc:7:*} and {@code &tc:7:*} gives a
 * tenant's readers its data and nothing else. Instruments and quotes belong to no tenant.
 */
final class DragonflyKeys
{
    static final String POSITIONS = "positions";
    static final String ACCOUNTS = "accounts";
    static final String OPEN_ORDERS = "open_orders";
    static final String QUOTES = "quotes";
    static final String TENANTS = "tenants";
    static final String INSTRUMENTS = "instruments";
    static final String DEAD_LETTERS = "dead_letters";
    static final String DEFAULT_PREFIX = "tc";

    private final String prefix;

    DragonflyKeys(final String prefix)
    {
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> "*?[]\\: \t\r\n".indexOf(c) >= 0))
        {
            // No glob characters: SCAN's MATCH pattern is the prefix itself. No colon: a key's family is read
            // from the parts after the prefix.
            throw new IllegalArgumentException("key prefix '" + prefix + "' must be non-empty, without ':', "
                + "blanks or glob characters");
        }
        this.prefix = prefix;
    }

    String prefix()
    {
        return prefix;
    }

    /** Hash: instrument id -> the account's position in it. */
    String positions(final int tenantId, final long accountId)
    {
        return prefix + ':' + tenantId + ":positions:" + accountId;
    }

    /** Hash: the account's balance, equity, P&amp;L, margin, open orders, halted, currency, leverage. */
    String account(final int tenantId, final long accountId)
    {
        return prefix + ':' + tenantId + ":account:" + accountId;
    }

    /** Hash: order id -> summary of each open order of the account. */
    String openOrders(final int tenantId, final long accountId)
    {
        return prefix + ':' + tenantId + ":orders:" + accountId;
    }

    /** Hash: the tenant's name. */
    String tenant(final int tenantId)
    {
        return prefix + ':' + tenantId + ":tenant";
    }

    /** Hash: the instrument's symbol, digits and last bid, ask, last price and time. */
    String quote(final int instrumentId)
    {
        return prefix + ":quote:" + instrumentId;
    }

    /** Hash: instrument id -> definition (symbol, digits, tick size): what the sink formats prices with. */
    String instruments()
    {
        return prefix + ":instruments";
    }

    /** Hash: the three fields of the checkpoint. */
    String checkpoint()
    {
        return prefix + ":checkpoint";
    }

    /** List: parked events in stream order. */
    String deadLetters()
    {
        return prefix + ":deadletters";
    }

    String positionsChannel(final int tenantId)
    {
        return prefix + ':' + tenantId + ":positions";
    }

    String accountsChannel(final int tenantId)
    {
        return prefix + ':' + tenantId + ":accounts";
    }

    String ordersChannel(final int tenantId)
    {
        return prefix + ':' + tenantId + ":orders";
    }

    String quotesChannel()
    {
        return prefix + ":quotes";
    }

    /** SCAN's pattern for every key of this sink. */
    String everyKey()
    {
        return prefix + ":*";
    }

    /** The family a key of this sink counts under in the row counts, or null for one that is not counted. */
    String family(final String key)
    {
        final String[] parts = key.substring(prefix.length() + 1).split(":");
        if (parts.length == 2 && parts[0].equals("quote"))
        {
            return QUOTES;
        }
        if (parts.length == 2 && parts[1].equals("tenant"))
        {
            return TENANTS;
        }
        if (parts.length != 3)
        {
            return null;
        }
        return switch (parts[1])
        {
            case "positions" -> POSITIONS;
            case "account" -> ACCOUNTS;
            case "orders" -> OPEN_ORDERS;
            default -> null;
        };
    }
}
