package io.tradingcore.projections.dragonfly;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tradingcore.projections.SinkException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks every key under the prefix with SCAN, a page at a time: never KEYS, which would hold the server, and its
 * other clients, for the whole keyspace at once.
 */
final class PrefixScan
{
    private static final int PAGE = 1000;

    private final DragonflyKeys keys;
    private final RedisLink link;

    PrefixScan(final DragonflyKeys keys, final RedisLink link)
    {
        this.keys = keys;
        this.link = link;
    }

    /** Deletes every key under the prefix, each page with one UNLINK (Redis frees the memory off its main thread). */
    void unlinkAll() throws SinkException
    {
        ScanCursor cursor = ScanCursor.INITIAL;
        do
        {
            final KeyScanCursor<String> page = page(cursor);
            if (!page.getKeys().isEmpty())
            {
                final RedisFuture<Long> unlinked = link.commands().unlink(page.getKeys().toArray(new String[0]));
                link.flush();
                link.await(unlinked, "deleting the keys under " + keys.prefix());
            }
            cursor = page;
        }
        while (!cursor.isFinished());
    }

    /**
     * Keys per family (positions, accounts, open_orders: one hash per account; quotes: one per instrument quoted;
     * tenants), then the instruments and dead letters stored.
     */
    Map<String, Long> counts() throws SinkException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final String family : List.of(DragonflyKeys.POSITIONS, DragonflyKeys.ACCOUNTS, DragonflyKeys.OPEN_ORDERS,
            DragonflyKeys.QUOTES, DragonflyKeys.TENANTS))
        {
            counts.put(family, 0L);
        }
        ScanCursor cursor = ScanCursor.INITIAL;
        do
        {
            final KeyScanCursor<String> page = page(cursor);
            for (final String key : page.getKeys())
            {
                final String family = keys.family(key);
                if (family != null)
                {
                    counts.merge(family, 1L, Long::sum);
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        final RedisAsyncCommands<String, String> commands = link.commands();
        final RedisFuture<Long> instruments = commands.hlen(keys.instruments());
        final RedisFuture<Long> deadLetters = commands.llen(keys.deadLetters());
        link.flush();
        counts.put(DragonflyKeys.INSTRUMENTS, link.await(instruments, "counting instruments"));
        counts.put(DragonflyKeys.DEAD_LETTERS, link.await(deadLetters, "counting dead letters"));
        return counts;
    }

    private KeyScanCursor<String> page(final ScanCursor cursor) throws SinkException
    {
        final RedisFuture<KeyScanCursor<String>> page =
            link.commands().scan(cursor, ScanArgs.Builder.matches(keys.everyKey()).limit(PAGE));
        link.flush();
        return link.await(page, "scanning the keys under " + keys.prefix());
    }
}
