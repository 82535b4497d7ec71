package io.tradingcore.projections.dragonfly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.EventScript;
import io.tradingcore.projections.EventScript.Order;
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
    private final EventScript script = new EventScript(batch);
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
        final Order bought = acme(1, 11, Side.BUY, LOT, 108_130);
        DragonflyFixture.referenceData(script);
        script.venueTick(1_000, EURUSD, 108_120, 108_130).venueTick(1_000, XAUUSD, 203_010, 203_050)
            .newOrder(11, ACME, ACME_ACCOUNT, EURUSD, Side.BUY, LOT, 108_130)
            .orderAccepted(bought).riskAlert(ACME, ACME_ACCOUNT, AlertKind.MARGIN_CALL, 0, 0, "margin call")
            .skipTo(10).statusChanged(bought, OrderStatus.WORKING, LOT, 108_130)
            .endBatch();
        sink.apply(batch);

        batch.clear();
        script.skipTo(11).fill(bought, 4_000, 108_125, 6_000, 0, 0)
            .positionUpdate(ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_125, 0, -2 * MONEY)
            .accountState(ACME, ACME_ACCOUNT, 10_000 * MONEY, 9_998 * MONEY, 0, -2 * MONEY, 43_250_000, 1)
            .venueTick(2_000, EURUSD, 108_140, 108_150).venueTick(500, XAUUSD, 203_000, 203_050)
            .venueTick(3_000, XAUUSD, 203_011, 203_050);
        final Checkpoint last = script.endBatch();
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
        DragonflyFixture.referenceData(script);
        for (int order = 1; order <= 5; order++)
        {
            script.skipTo(6 + order).orderAccepted(sell(order))
                .statusChanged(sell(order), OrderStatus.WORKING, 2 * LOT, 108_200);
        }
        script.endBatch();
        sink.apply(batch);
        assertEquals(5, server.redis().hlen(prefix + ":1:orders:1001"));

        batch.clear();
        final Order sixth = acme(6, 16, Side.BUY, LOT, 108_300);
        script.skipTo(20).fill(sell(1), 2 * LOT, 108_200, 0, 0, 0)
            .skipTo(21).statusChanged(sell(2), OrderStatus.CANCELLED, 0, 108_200)
            .skipTo(22).orderRejected(sell(3), RejectReason.VENUE_REJECTED, "rejected")
            .skipTo(23).statusChanged(sell(4), OrderStatus.EXPIRED, 0, 108_200)
            .skipTo(24).fill(sell(5), LOT, 108_200, LOT, 0, 0)
            .skipTo(25).orderAccepted(sixth)
            .skipTo(26).fill(sixth, LOT, 108_300, 0, 0, 0)
            .skipTo(27).statusChanged(acme(7, 17, Side.BUY, LOT, 108_300), OrderStatus.WORKING, LOT, 108_300)
            .skipTo(28).orderRejected(acme(0, 18, Side.BUY, LOT, 108_300), RejectReason.MAX_POSITION, "rejected")
            .endBatch();
        sink.apply(batch);

        final Map<String, String> open = server.redis().hgetall(prefix + ":1:orders:1001");
        assertEquals(List.of("5"), List.copyOf(open.keySet()), "filled, cancelled, rejected, expired orders left");
        assertEquals("1.0000", json(open.get("5")).get("filledQuantity").asText());

        batch.clear();
        script.skipTo(30).statusChanged(sell(5), OrderStatus.CANCELLED, 0, 108_200).endBatch();
        sink.apply(batch);
        assertEquals(0, server.redis().exists(prefix + ":1:orders:1001"), "the last order gone, the hash is");
        assertEquals(0L, sink.rowCounts().get("open_orders"));
    }

    @Test
    void aTenantsChannelsCarryItsUpdatesOfABatchOnceEachAndNoOtherTenantsDo() throws Exception
    {
        DragonflyFixture.referenceData(script);
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
            final Order order = acme(1, 11, Side.BUY, LOT, 108_130);
            script.venueTick(1_000, EURUSD, 108_120, 108_130)
                .skipTo(8).orderAccepted(order)
                .skipTo(9).fill(order, 4_000, 108_130, 6_000, 0, 0)
                .positionUpdate(ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_130, 0, 0)
                .accountState(ACME, ACME_ACCOUNT, 10_000 * MONEY, 10_000 * MONEY, 0, 0, 10 * MONEY, 1)
                .venueTick(2_000, EURUSD, 108_110, 108_120)
                .positionUpdate(ACME, ACME_ACCOUNT, EURUSD, 4_000, 108_130, 0, -800_000)
                .accountState(ACME, ACME_ACCOUNT, 10_000 * MONEY, 10_000 * MONEY - 800_000, 0, -800_000, 10 * MONEY,
                    1)
                .endBatch();
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
        final Checkpoint first = DragonflyFixture.referenceData(script);
        sink.apply(batch);
        assertEquals(first, sink.checkpoint());
        assertEquals(Map.of("lastInput", "6", "outputInput", "6", "outputIndex", "1"),
            server.redis().hgetall(prefix + ":checkpoint"));

        batch.clear();
        script.venueTick(1_000, EURUSD, 108_120, 108_130).venueTick(1_001, EURUSD, 108_121, 108_131);
        final Checkpoint second = script.endBatch();
        assertEquals(new Checkpoint(8, 6, 1), second, "inputs alone move only the inputs' part");
        sink.apply(batch);
        assertEquals(second, sink.checkpoint());

        batch.clear();
        script.accountState(ACME, ACME_ACCOUNT, 9_000 * MONEY, 9_000 * MONEY, 0, 0, 0, 0, true);
        final Checkpoint third = script.endBatch();
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
        DragonflyFixture.referenceData(script);
        sink.apply(batch);

        batch.clear();
        script.skipTo(20).positionUpdate(ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0);
        final int parkedPosition = script.lastIndex();
        final long parkedTimeNs = script.timeNs();
        script.accountState(ACME, ACME_ACCOUNT, 10_000 * MONEY, 10_000 * MONEY, 0, 0, 0, 0);
        final int parkedState = script.lastIndex();
        script.positionUpdate(GLOBEX, GLOBEX_ACCOUNT, XAUUSD, -LOT, 203_000, 0, 0);
        batch.park(parkedPosition, "test: the position was refused");
        batch.park(parkedState, "behind a parked event of account 1001");
        final byte[] positionBytes = batch.toParked(parkedPosition).message();
        final Checkpoint checkpoint = script.endBatch();
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
        assertEquals(parkedTimeNs, first.timeNs());
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
        final Checkpoint reference = DragonflyFixture.referenceData(script);
        sink.apply(batch);

        batch.clear();
        script.venueTick(1_000, EURUSD, 108_120, 108_130).positionUpdate(ACME, ACME_ACCOUNT, 99, LOT, 100, 0, 0);
        final int unknown = script.lastIndex();
        script.endBatch();
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
        final Checkpoint reference = DragonflyFixture.referenceData(script);
        sink.apply(batch);
        server.redis().set(prefix + ":1:positions:1001", "not a hash");

        batch.clear();
        script.skipTo(7).positionUpdate(ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0)
            .skipTo(8).positionUpdate(GLOBEX, GLOBEX_ACCOUNT, XAUUSD, LOT, 203_000, 0, 0)
            .endBatch();
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
        DragonflyFixture.referenceData(script);
        script.venueTick(1_000, EURUSD, 108_120, 108_130).positionUpdate(ACME, ACME_ACCOUNT, EURUSD, LOT, 108_000, 0, 0)
            .positionUpdate(GLOBEX, GLOBEX_ACCOUNT, XAUUSD, LOT, 203_000, 0, 0);
        batch.park(script.lastIndex(), "test");
        script.endBatch();
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

    /** An order of Acme's account on EURUSD. */
    private static Order acme(final long orderId, final long clientOrderId, final Side side, final long quantity,
        final long price)
    {
        return Order.limit(orderId, clientOrderId, ACME, ACME_ACCOUNT, EURUSD, side, quantity, price);
    }

    /** The nth of five working sell orders of 2 lots at 1.08200. */
    private static Order sell(final int n)
    {
        return acme(n, 10 + n, Side.SELL, 2 * LOT, 108_200);
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
