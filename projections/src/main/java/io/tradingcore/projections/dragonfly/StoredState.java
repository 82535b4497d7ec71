package io.tradingcore.projections.dragonfly;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.dragonfly.DeadLetters.Letter;
import io.tradingcore.projections.dragonfly.Instruments.Instrument;
import io.tradingcore.projections.dragonfly.OrderWriter.OrderRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads of the sink's own keys: the checkpoint, the instruments, the open orders a batch updates, the dead
 * letters. Each is pipelined: its commands are queued and flushed together. Stored data this sink cannot parse
 * (written by someone else under its prefix) is {@code REJECTED}.
 */
final class StoredState
{
    private final DragonflyKeys keys;
    private final RedisLink link;

    StoredState(final DragonflyKeys keys, final RedisLink link)
    {
        this.keys = keys;
        this.link = link;
    }

    Checkpoint checkpoint() throws SinkException
    {
        final RedisFuture<Map<String, String>> fields = link.commands().hgetall(keys.checkpoint());
        link.flush();
        return parseCheckpoint(link.await(fields, "reading the checkpoint"));
    }

    /**
     * Loads the instruments and the time of each one's last quote into {@code instruments}, replacing what it held,
     * and returns the checkpoint: the state a batch is built on, read in two round trips.
     */
    Checkpoint load(final Instruments instruments) throws SinkException
    {
        final RedisAsyncCommands<String, String> commands = link.commands();
        final RedisFuture<Map<String, String>> instrumentsReply = commands.hgetall(keys.instruments());
        final RedisFuture<Map<String, String>> checkpointReply = commands.hgetall(keys.checkpoint());
        link.flush();
        final Map<String, String> definitions = link.await(instrumentsReply, "reading the instruments");
        final Checkpoint checkpoint = parseCheckpoint(link.await(checkpointReply, "reading the checkpoint"));
        instruments.clear();
        try
        {
            for (final Map.Entry<String, String> definition : definitions.entrySet())
            {
                instruments.load(Instrument.parse(Integer.parseInt(definition.getKey()), definition.getValue()));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            instruments.clear();
            throw SinkException.rejected("the instruments hash " + keys.instruments() + " holds "
                + ex.getMessage(), ex);
        }
        final Map<Integer, RedisFuture<String>> quoteTimes = new LinkedHashMap<>();
        for (final int instrumentId : instruments.ids())
        {
            quoteTimes.put(instrumentId, commands.hget(keys.quote(instrumentId), "timeMsc"));
        }
        link.flush();
        for (final Map.Entry<Integer, RedisFuture<String>> quoteTime : quoteTimes.entrySet())
        {
            final String timeMsc = link.await(quoteTime.getValue(), "reading quote times");
            if (timeMsc != null)
            {
                instruments.loadQuoteTime(quoteTime.getKey(), Long.parseLong(timeMsc));
            }
        }
        return checkpoint;
    }

    /** The stored summaries of the orders, in one round trip; an order not open is absent. */
    Map<OrderRef, String> openOrders(final Set<OrderRef> refs) throws SinkException
    {
        final Map<OrderRef, String> summaries = new HashMap<>();
        if (refs.isEmpty())
        {
            return summaries;
        }
        final Map<String, List<String>> fieldsByKey = new LinkedHashMap<>();
        for (final OrderRef ref : refs)
        {
            fieldsByKey.computeIfAbsent(ref.key(), k -> new ArrayList<>()).add(ref.field());
        }
        final RedisAsyncCommands<String, String> commands = link.commands();
        final Map<String, RedisFuture<List<KeyValue<String, String>>>> replies = new LinkedHashMap<>();
        fieldsByKey.forEach((key, fields) -> replies.put(key, commands.hmget(key, fields.toArray(new String[0]))));
        link.flush();
        for (final Map.Entry<String, RedisFuture<List<KeyValue<String, String>>>> reply : replies.entrySet())
        {
            for (final KeyValue<String, String> field : link.await(reply.getValue(), "reading open orders"))
            {
                if (field.hasValue())
                {
                    summaries.put(new OrderRef(reply.getKey(), field.getKey()), field.getValue());
                }
            }
        }
        return summaries;
    }

    /** The dead letters in stream order. */
    List<Letter> deadLetters() throws SinkException
    {
        final RedisFuture<List<String>> elements = link.commands().lrange(keys.deadLetters(), 0, -1);
        link.flush();
        final List<String> list = link.await(elements, "reading the dead letters");
        try
        {
            return DeadLetters.read(list);
        }
        catch (final IllegalArgumentException ex)
        {
            throw SinkException.rejected("the dead-letter list " + keys.deadLetters() + " holds " + ex.getMessage(),
                ex);
        }
    }

    private Checkpoint parseCheckpoint(final Map<String, String> fields) throws SinkException
    {
        try
        {
            return CheckpointHash.parse(fields);
        }
        catch (final IllegalArgumentException ex)
        {
            throw SinkException.rejected("the checkpoint " + keys.checkpoint() + ": " + ex.getMessage(), ex);
        }
    }
}
