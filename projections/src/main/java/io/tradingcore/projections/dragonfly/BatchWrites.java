package io.tradingcore.projections.dragonfly;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tradingcore.projections.Checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What one batch changes, conflated: the last value of each hash field (or its deletion), the dead letters to add
 * and remove, one publication per entity (its last state in the batch), and the checkpoint. Queued as one
 * MULTI ... EXEC: the hash writes first, then the lists, the publications, and the checkpoint last, so that a
 * subscriber is told of a change only when it is stored. Built whole before anything is queued, so that an event
 * found invalid while building leaves nothing on the connection.
 */
final class BatchWrites
{
    private record Publication(String channel, String message)
    {
    }

    private final Map<String, Map<String, String>> puts = new LinkedHashMap<>();
    private final Map<String, Set<String>> deletes = new LinkedHashMap<>();
    private final Map<String, List<String>> appends = new LinkedHashMap<>();
    private final Map<String, List<String>> removals = new LinkedHashMap<>();
    private final Map<String, Publication> publications = new LinkedHashMap<>();
    private final List<String> queued = new ArrayList<>();
    private final List<RedisFuture<?>> replies = new ArrayList<>();
    private String checkpointKey;
    private Checkpoint checkpoint;

    /** Sets a hash field; a later put or delete of the same field in the batch replaces it. */
    void put(final String key, final String field, final String value)
    {
        final Set<String> deleted = deletes.get(key);
        if (deleted != null)
        {
            deleted.remove(field);
        }
        puts.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(field, value);
    }

    void delete(final String key, final String field)
    {
        final Map<String, String> put = puts.get(key);
        if (put != null)
        {
            put.remove(field);
        }
        deletes.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(field);
    }

    /** The fields this batch sets in a hash so far. */
    Map<String, String> pending(final String key)
    {
        return Collections.unmodifiableMap(puts.getOrDefault(key, Map.of()));
    }

    /** Appends to a list (RPUSH). */
    void append(final String key, final String value)
    {
        appends.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** Removes every element of a list equal to the value (LREM 0). */
    void remove(final String key, final String value)
    {
        removals.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /**
     * Publishes a message about an entity; a later message about the same entity in the batch replaces it, and the
     * publications go out in the order of their entities' last changes.
     */
    void publish(final String channel, final String entity, final String message)
    {
        publications.remove(entity);
        publications.put(entity, new Publication(channel, message));
    }

    void checkpoint(final String key, final Checkpoint checkpoint)
    {
        this.checkpointKey = key;
        this.checkpoint = checkpoint;
    }

    private void queued(final RedisFuture<?> reply, final String command)
    {
        replies.add(reply);
        queued.add(command);
    }

    /** Queues MULTI, the commands and EXEC without flushing them. */
    RedisFuture<TransactionResult> queue(final RedisAsyncCommands<String, String> commands)
    {
        queued.clear();
        replies.clear();
        commands.multi();
        puts.forEach((key, fields) ->
        {
            if (!fields.isEmpty())
            {
                queued(commands.hset(key, fields), "HSET " + key);
            }
        });
        deletes.forEach((key, fields) ->
        {
            if (!fields.isEmpty())
            {
                queued(commands.hdel(key, fields.toArray(new String[0])), "HDEL " + key);
            }
        });
        appends.forEach((key, values) ->
            queued(commands.rpush(key, values.toArray(new String[0])), "RPUSH " + key));
        removals.forEach((key, values) -> values.forEach(value ->
            queued(commands.lrem(key, 0, value), "LREM " + key)));
        publications.values().forEach(publication ->
            queued(commands.publish(publication.channel(), publication.message()), "PUBLISH " + publication.channel()));
        if (checkpoint != null)
        {
            queued(commands.hset(checkpointKey, CheckpointHash.fields(checkpoint)), "HSET " + checkpointKey);
        }
        return commands.exec();
    }

    /**
     * Why the server refused to queue a command, which made it abort the whole transaction (EXECABORT): the error
     * of the first command it answered with one; null when none did.
     */
    Throwable queueError()
    {
        for (final RedisFuture<?> reply : replies)
        {
            final CompletableFuture<?> future = reply.toCompletableFuture();
            if (future.isCompletedExceptionally())
            {
                try
                {
                    future.join();
                }
                catch (final CompletionException | CancellationException ex)
                {
                    return ex.getCause() != null ? ex.getCause() : ex;
                }
            }
        }
        return null;
    }

    /** The commands of an EXEC's result that the server refused, described; null when none was. */
    String refused(final TransactionResult result)
    {
        final StringBuilder refused = new StringBuilder();
        for (int i = 0; i < result.size(); i++)
        {
            final Object reply = result.get(i);
            if (reply instanceof Throwable error)
            {
                refused.append(refused.length() == 0 ? "" : "; ")
                    .append(i < queued.size() ? queued.get(i) : "command " + i).append(": ").append(error.getMessage());
            }
        }
        return refused.length() == 0 ? null : refused.toString();
    }
}
