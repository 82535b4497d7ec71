package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.SinkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tradingcore.projections.dragonfly.DragonflyFixture.ACME;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.ACME_ACCOUNT;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.EURUSD;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.GLOBEX;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.GLOBEX_ACCOUNT;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.LOT;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.MONEY;
import static io.tradingcore.projections.dragonfly.DragonflyFixture.XAUUSD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DragonflySinkTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisTestServer server;

    private final EventBatch batch = new EventBatch();
    private final DragonflyEvents events = new DragonflyEvents(batch);
    private String prefix;
    private DragonflySink sink;

    @BeforeAll
    static void connect()
    {
        server = RedisTestServer.connect();
    }

    @AfterAll
    static void disconnect()
    {
        server.close();
    }

    @BeforeEach
    void openSink() throws SinkException
    {
        prefix = RedisTestServer.randomPrefix();
        sink = new DragonflySink(RedisTestServer.URL, prefix);
        sink.open();
    }

    @AfterEach
    void closeSink()
    {
        sink.close();
        server.deleteKeys(prefix + ":*");
    }

    @Test
    void aTradingSequenceLeavesTheLatestStateOfEachFamily() throws Exception
    {
        final Checkpoint reference = DragonflyFixture.referenceData(events, batch);
        events.tick(7, EURUSD, 1_000, 108_120, 108_130);
        events.tick(8, XAUUSD, 1_000, 203_010, 203_050);
        events.newOrder(9, 11, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_130);
        events.orderAccepted(9, 1, 1, 11, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_130);
        events.riskAlert(9, 2, ACME, ACME_ACCOUNT);
        events.orderStatus(10, 1, 1, ACME, ACME_ACCOUNT, OrderStatus.WORKING, LOT, 108_130);
        DragonflyEvents.checkpointAfter(batch, reference);
        sink.apply(batch);

        batch.clear();
        events.fill(11, 1, 1, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, 4_000, 108_125, 6_000, 0);
        events.positionUpdate(11, 2, ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_125, 0, -2 * MONEY);
        events.accountState(11, 3, ACME, ACME_ACCOUNT, 10_000 * MONEY, 0, -2 * MONEY, 43_250_000, 1, false);
        events.tick(12, EURUSD, 2_000, 108_140, 108_150);
        events.tick(13, XAUUSD, 500, 203_000, 203_050);
        events.tick(14, XAUUSD, 3_000, 203_011, 203_050);
        final Checkpoint last = DragonflyEvents.checkpointAfter(batch, batch.checkpoint());
        sink.apply(batch);

        final JsonNode position = json(server.redis().hget(prefix + ":1:positions:1001", "1"));
        assertEquals("EURUSD", position.get("symbol").asText());
        assertEquals("0.4000", position.get("netQuantity").asText());
        assertEquals("1.08125", position.get("averagePrice").asText());
        assertEquals("0.000000", position.get("realizedPnl").asText());
        assertEquals("-2.000000", position.get("unrealizedPnl").asText());

        final Map<String, String> account = server.redis().hgetall(prefix + ":1:account:1001");
        assertEquals("10000.000000", account.get("balance"));
        assertEquals("9998.000000", account.get("equity"));
        assertEquals("-2.000000", account.get("unrealized"));
        assertEquals("43.250000", account.get("margin"));
        assertEquals("1", account.get("openOrders"));
        assertEquals("false", account.get("halted"));
        assertEquals("USD", account.get("currency"));
        assertEquals("100", account.get("leverage"));
        assertEquals("EUR", server.redis().hget(prefix + ":2:account:2001", "currency"));
        assertEquals("5000.000000", server.redis().hget(prefix + ":2:account:2001", "balance"));

        final Map<String, String> euro = server.redis().hgetall(prefix + ":quote:1");
        assertEquals(Map.of("symbol", "EURUSD", "digits", "5", "bid", "1.08140", "ask", "1.08150", "last",
            "0.00000", "volume", "0", "timeMsc", "2000"), euro);
        final Map<String, String> gold = server.redis().hgetall(prefix + ":quote:2");
        assertEquals("2030.10", gold.get("bid"), "a tick earlier than the last and one off the tick size are skipped");
        assertEquals("1000", gold.get("timeMsc"));

        final Map<String, String> orders = server.redis().hgetall(prefix + ":1:orders:1001");
        assertEquals(List.of("1"), List.copyOf(orders.keySet()));
        final JsonNode order = json(orders.get("1"));
        assertEquals("PARTIALLY_FILLED", order.get("status").asText());
        assertEquals("1.0000", order.get("quantity").asText());
        assertEquals("0.4000", order.get("filledQuantity").asText());
        assertEquals("0.6000", order.get("leavesQuantity").asText());
        assertEquals("1.08130", order.get("price").asText());
        assertEquals("1.08125", order.get("lastFillPrice").asText());
        assertEquals("BUY", order.get("side").asText());
        assertEquals(5001, order.get("venueOrderId").asLong());

        assertEquals("Acme", server.redis().hget(prefix + ":1:tenant", "name"));
        assertEquals("Globex", server.redis().hget(prefix + ":2:tenant", "name"));
        assertEquals("0.05", json(server.redis().hget(prefix + ":instruments", "2")).get("tickSize").asText());
        assertEquals(last, sink.checkpoint());
        assertEquals(new Checkpoint(14, 11, 3), last);
        assertEquals(List.of("1:account:1001", "1:orders:1001", "1:positions:1001", "1:tenant", "2:account:2001",
            "2:tenant", "checkpoint", "instruments", "quote:1", "quote:2"),
            server.keys(prefix + ":*").stream().map(key -> key.substring(prefix.length() + 1)).sorted().toList());
        assertEquals(Map.of("positions", 1L, "accounts", 2L, "open_orders", 1L, "quotes", 2L, "tenants", 2L,
            "instruments", 2L, "dead_letters", 0L), sink.rowCounts());
    }

    @Test
    void anOrderLeavesTheOpenOrdersWhenItEnds() throws Exception
    {
        Checkpoint checkpoint = DragonflyFixture.referenceData(events, batch);
        for (int order = 1; order <= 5; order++)
        {
            events.orderAccepted(6 + order, 1, order, 10 + order, ACME, ACME_ACCOUNT, EURUSD, Side.SELL, 2 * LOT,
                108_200);
            events.orderStatus(6 + order, 2, order, ACME, ACME_ACCOUNT, OrderStatus.WORKING, 2 * LOT, 108_200);
        }
        checkpoint = DragonflyEvents.checkpointAfter(batch, checkpoint);
        sink.apply(batch);
        assertEquals(5, server.redis().hlen(prefix + ":1:orders:1001"));

        batch.clear();
        events.fill(20, 1, 1, ACME, ACME_ACCOUNT, EURUSD, Side.SELL, 2 * LOT, 108_200, 0, 0);
        events.orderStatus(21, 1, 2, ACME, ACME_ACCOUNT, OrderStatus.CANCELLED, 0, 108_200);
        events.orderRejected(22, 1, 3, 13, ACME, ACME_ACCOUNT, RejectReason.VENUE_REJECTED);
        events.orderStatus(23, 1, 4, ACME, ACME_ACCOUNT, OrderStatus.EXPIRED, 0, 108_200);
        events.fill(24, 1, 5, ACME, ACME_ACCOUNT, EURUSD, Side.SELL, LOT, 108_200, LOT, 0);
        events.orderAccepted(25, 1, 6, 16, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_300);
        events.fill(26, 1, 6, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_300, 0, 0);
        events.orderStatus(27, 1, 7, ACME, ACME_ACCOUNT, OrderStatus.WORKING, LOT, 108_300);
        events.orderRejected(28, 1, 0, 18, ACME, ACME_ACCOUNT, RejectReason.MAX_POSITION);
        checkpoint = DragonflyEvents.checkpointAfter(batch, checkpoint);
        sink.apply(batch);

        final Map<String, String> open = server.redis().hgetall(prefix + ":1:orders:1001");
        assertEquals(List.of("5"), List.copyOf(open.keySet()), "filled, cancelled, rejected, expired orders left");
        assertEquals("1.0000", json(open.get("5")).get("filledQuantity").asText());

        batch.clear();
        events.orderStatus(30, 1, 5, ACME, ACME_ACCOUNT, OrderStatus.CANCELLED, 0, 108_200);
        DragonflyEvents.checkpointAfter(batch, checkpoint);
        sink.apply(batch);
        assertEquals(0, server.redis().exists(prefix + ":1:orders:1001"), "the last order gone, the hash is");
        assertEquals(0L, sink.rowCounts().get("open_orders"));
    }

    @Test
    void aTenantsChannelsCarryItsUpdatesOfABatchOnceEachAndNoOtherTenantsDo() throws Exception
    {
        final Checkpoint reference = DragonflyFixture.referenceData(events, batch);
        sink.apply(batch);

        final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        final String marker = prefix + ":marker";
        try (StatefulRedisPubSubConnection<String, String> subscriber = server.client().connectPubSub())
        {
            subscriber.addListener(new RedisPubSubAdapter<>()
            {
                @Override
                public void message(final String channel, final String message)
                {
                    received.add(new String[] {channel, message});
                }
            });
            subscriber.sync().subscribe(prefix + ":1:positions", prefix + ":1:accounts", prefix + ":1:orders",
                prefix + ":2:positions", prefix + ":2:accounts", prefix + ":2:orders", prefix + ":quotes", marker);

            batch.clear();
            events.tick(7, EURUSD, 1_000, 108_120, 108_130);
            events.orderAccepted(8, 1, 1, 11, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_130);
            events.fill(9, 1, 1, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, 4_000, 108_130, 6_000, 0);
            events.positionUpdate(9, 2, ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_130, 0, 0);
            events.accountState(9, 3, ACME, ACME_ACCOUNT, 10_000 * MONEY, 0, 0, 10 * MONEY, 1, false);
            events.tick(10, EURUSD, 2_000, 108_110, 108_120);
            events.positionUpdate(10, 1, ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_130, 0, -800_000);
            events.accountState(10, 2, ACME, ACME_ACCOUNT, 10_000 * MONEY, 0, -800_000, 10 * MONEY, 1, false);
            DragonflyEvents.checkpointAfter(batch, reference);
            sink.apply(batch);
            server.redis().publish(marker, "end");

            final List<String[]> messages = new ArrayList<>();
            String[] message;
            while ((message = received.poll(5, TimeUnit.SECONDS)) != null && !message[0].equals(marker))
            {
                messages.add(message);
            }
            assertNotNull(message, "the marker published after the batch arrived");

            assertEquals(List.of(server.redis().hget(prefix + ":1:positions:1001", "1")),
                on(messages, prefix + ":1:positions"), "one message per position, as stored");
            assertEquals("-0.800000", json(on(messages, prefix + ":1:positions").get(0)).get("unrealizedPnl")
                .asText());
            assertEquals(List.of(server.redis().hget(prefix + ":1:orders:1001", "1")),
                on(messages, prefix + ":1:orders"));
            assertEquals(1, on(messages, prefix + ":1:accounts").size());
            final JsonNode account = json(on(messages, prefix + ":1:accounts").get(0));
            assertEquals(1001, account.get("accountId").asLong());
            assertEquals("9999.200000", account.get("equity").asText());
            assertEquals(1, on(messages, prefix + ":quotes").size());
            assertEquals("1.08110", json(on(messages, prefix + ":quotes").get(0)).get("bid").asText());
            assertEquals(List.of(), on(messages, prefix + ":2:positions"));
            assertEquals(List.of(), on(messages, prefix + ":2:accounts"));
            assertEquals(List.of(), on(messages, prefix + ":2:orders"));
            assertEquals(4, messages.size());
        }
    }

    @Test
    void theCheckpointMovesWithEachBatchAndAnotherSinkReadsIt() throws Exception
    {
        assertEquals(Checkpoint.ZERO, sink.checkpoint());
        final Checkpoint first = DragonflyFixture.referenceData(events, batch);
        sink.apply(batch);
        assertEquals(first, sink.checkpoint());
        assertEquals(Map.of("lastInput", "6", "outputInput", "6", "outputIndex", "1"),
            server.redis().hgetall(prefix + ":checkpoint"));

        batch.clear();
        events.tick(7, EURUSD, 1_000, 108_120, 108_130);
        events.tick(8, EURUSD, 1_001, 108_121, 108_131);
        final Checkpoint second = DragonflyEvents.checkpointAfter(batch, first);
        assertEquals(new Checkpoint(8, 6, 1), second, "inputs alone move only the inputs' part");
        sink.apply(batch);
        assertEquals(second, sink.checkpoint());

        batch.clear();
        events.accountState(8, 1, ACME, ACME_ACCOUNT, 9_000 * MONEY, 0, 0, 0, 0, true);
        final Checkpoint third = DragonflyEvents.checkpointAfter(batch, second);
        sink.apply(batch);
        try (DragonflySink other = new DragonflySink(RedisTestServer.URL, prefix))
        {
            other.open();
            assertEquals(third, other.checkpoint());
            assertEquals(new Checkpoint(8, 8, 1), third);
        }
        assertEquals("true", server.redis().hget(prefix + ":1:account:1001", "halted"));
    }

    @Test
    void parkedEventsGoToTheDeadLettersAndApplyParkedAppliesAndRemovesThem() throws Exception
    {
        Checkpoint checkpoint = DragonflyFixture.referenceData(events, batch);
        sink.apply(batch);

        batch.clear();
        final int parkedPosition = events.positionUpdate(20, 1, ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0);
        final int parkedState = events.accountState(20, 2, ACME, ACME_ACCOUNT, 10_000 * MONEY, 0, 0, 0, 0, false);
        events.positionUpdate(20, 3, GLOBEX, GLOBEX_ACCOUNT, XAUUSD, -LOT, 203_000, 0, 0);
        batch.park(parkedPosition, "test: the position was refused");
        batch.park(parkedState, "behind a parked event of account 1001");
        final byte[] positionBytes = batch.toParked(parkedPosition).message();
        checkpoint = DragonflyEvents.checkpointAfter(batch, checkpoint);
        sink.apply(batch);

        assertEquals(checkpoint, sink.checkpoint(), "the checkpoint moves past parked events");
        assertNull(server.redis().hget(prefix + ":1:positions:1001", "1"));
        assertEquals("-1.0000", json(server.redis().hget(prefix + ":2:positions:2001", "2")).get("netQuantity")
            .asText());
        final List<ParkedEvent> parked = sink.parked();
        assertEquals(2, parked.size());
        assertEquals(List.of(1, 2), parked.stream().map(ParkedEvent::outputIndex).toList());
        final ParkedEvent first = parked.get(0);
        assertEquals("test: the position was refused", first.reason());
        assertEquals(20, first.inputSequence());
        assertEquals(ACME, first.tenantId());
        assertEquals(ACME_ACCOUNT, first.accountId());
        assertFalse(first.input());
        assertEquals(DragonflyEvents.timeNs(20, 1), first.timeNs());
        assertArrayEquals(positionBytes, first.message());
        assertEquals(55, json(server.redis().lindex(prefix + ":deadletters", 0)).get("templateId").asInt());
        assertEquals(2L, sink.rowCounts().get("dead_letters"));

        final EventBatch replay = new EventBatch();
        parked.forEach(replay::add);
        replay.park(1, "still refused");
        sink.applyParked(replay);
        assertEquals("1.0000", json(server.redis().hget(prefix + ":1:positions:1001", "1")).get("netQuantity")
            .asText());
        assertEquals(List.of("behind a parked event of account 1001"),
            sink.parked().stream().map(ParkedEvent::reason).toList(), "an event parked again keeps its letter");
        assertEquals(checkpoint, sink.checkpoint(), "applying parked events leaves the checkpoint");

        replay.clear();
        replay.add(sink.parked().get(0));
        sink.applyParked(replay);
        assertEquals(List.of(), sink.parked());
        assertEquals(0, server.redis().exists(prefix + ":deadletters"));
        assertEquals(checkpoint, sink.checkpoint());
    }

    @Test
    void anEventThatCannotBeProjectedRejectsTheBatchBeforeAnythingIsSent() throws Exception
    {
        final Checkpoint reference = DragonflyFixture.referenceData(events, batch);
        sink.apply(batch);

        batch.clear();
        events.tick(7, EURUSD, 1_000, 108_120, 108_130);
        final int unknown = events.positionUpdate(7, 1, ACME, ACME_ACCOUNT, 99, LOT, 100, 0, 0);
        DragonflyEvents.checkpointAfter(batch, reference);
        final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));
        assertEquals(SinkException.Kind.REJECTED, refused.kind());
        assertTrue(refused.getMessage().contains("instrument 99 is not defined"), refused.getMessage());
        assertEquals(reference, sink.checkpoint());
        assertEquals(0, server.redis().exists(prefix + ":quote:1"), "nothing of the batch is stored");

        batch.park(unknown, "instrument 99 is not defined");
        sink.apply(batch);
        assertEquals(batch.checkpoint(), sink.checkpoint());
        assertEquals("1.08120", server.redis().hget(prefix + ":quote:1", "bid"));
        assertEquals(1, sink.parked().size());
    }

    @Test
    void aCommandTheServerRefusesInsideExecIsRejectedAndTheCheckpointPutBack() throws Exception
    {
        final Checkpoint reference = DragonflyFixture.referenceData(events, batch);
        sink.apply(batch);
        server.redis().set(prefix + ":1:positions:1001", "not a hash");

        batch.clear();
        events.positionUpdate(7, 1, ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0);
        events.positionUpdate(8, 1, GLOBEX, GLOBEX_ACCOUNT, XAUUSD, LOT, 203_000, 0, 0);
        DragonflyEvents.checkpointAfter(batch, reference);
        final SinkException refused = assertThrows(SinkException.class, () -> sink.apply(batch));
        assertEquals(SinkException.Kind.REJECTED, refused.kind());
        assertTrue(refused.getMessage().contains("WRONGTYPE"), refused.getMessage());
        assertEquals(reference, sink.checkpoint(), "the checkpoint is put back after a partly refused EXEC");
        assertNotNull(server.redis().hget(prefix + ":2:positions:2001", "2"),
            "Redis has no rollback: the commands that could run did");

        server.redis().del(prefix + ":1:positions:1001");
        sink.apply(batch);
        assertEquals(batch.checkpoint(), sink.checkpoint());
        assertEquals("1.0000", json(server.redis().hget(prefix + ":1:positions:1001", "1")).get("netQuantity")
            .asText());
    }

    @Test
    void dropDeletesExactlyThePrefixsKeys() throws Exception
    {
        DragonflyFixture.referenceData(events, batch);
        events.tick(7, EURUSD, 1_000, 108_120, 108_130);
        events.positionUpdate(7, 1, ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0);
        final int parked = events.positionUpdate(7, 2, GLOBEX, GLOBEX_ACCOUNT, XAUUSD, LOT, 203_000, 0, 0);
        batch.park(parked, "test");
        DragonflyEvents.checkpointAfter(batch, Checkpoint.ZERO);
        sink.apply(batch);
        final String longerPrefix = prefix + "x:1:positions:1001";
        final String bare = prefix;
        try
        {
            server.redis().set(longerPrefix, "another prefix's");
            server.redis().set(bare, "no colon");
            assertTrue(server.keys(prefix + ":*").size() >= 9);

            sink.drop();

            assertEquals(List.of(), server.keys(prefix + ":*"));
            assertEquals("another prefix's", server.redis().get(longerPrefix));
            assertEquals("no colon", server.redis().get(bare));
            assertEquals(Checkpoint.ZERO, sink.checkpoint());
            assertTrue(sink.rowCounts().values().stream().allMatch(count -> count == 0), sink.rowCounts().toString());
        }
        finally
        {
            server.redis().del(longerPrefix, bare);
        }
    }

    @Test
    void itAsksForTheInputsItKeepsAndNamesItself()
    {
        assertEquals("dragonfly", sink.name());
        assertTrue(sink.wantsInput(MarketTickDecoder.TEMPLATE_ID));
        assertTrue(sink.wantsInput(DefineInstrumentDecoder.TEMPLATE_ID));
        assertTrue(sink.wantsInput(DefineTenantDecoder.TEMPLATE_ID));
        assertTrue(sink.wantsInput(AccountUpdateDecoder.TEMPLATE_ID));
        assertFalse(sink.wantsInput(NewOrderDecoder.TEMPLATE_ID));
        assertThrows(IllegalArgumentException.class, () -> new DragonflySink(RedisTestServer.URL, "tc:*"));
    }

    private static List<String> on(final List<String[]> messages, final String channel)
    {
        return messages.stream().filter(m -> m[0].equals(channel)).map(m -> m[1]).toList();
    }

    private static JsonNode json(final String text) throws Exception
    {
        assertNotNull(text);
        return JSON.readTree(text);
    }
}
