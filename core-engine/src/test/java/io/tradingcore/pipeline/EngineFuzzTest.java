package io.tradingcore.pipeline;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.RiskLimitValues;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded fuzz of the running core: one million random inputs of every kind, valid and invalid, admin commands
 * included, with random bytes and cut messages among them. No exception escapes the engine (no well-formed input is
 * answered by its last line of defence), the core never stops, and a replay of the journal gives the same outputs
 * and the same state hash.
 */
class EngineFuzzTest
{
    private static final long SEED = 20261206L;
    private static final int INPUTS = 1_000_000;
    private static final int KINDS = 16;
    private static final long TICK_MSC = 1_399_525_217_007L;
    private static final String REFERENCE_DATA = """
        tenant 1 name=one
        tenant 2 name=two
        account 11 tenant=1 currency=USD balance=100000.00 leverage=100
        account 12 tenant=1 currency=USD balance=5000.00 leverage=30
        account 21 tenant=2 currency=USD balance=100000.00 leverage=500
        instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 \
        volume-step=0.01 currency=USD
        instrument 2 XAUUSD digits=3 contract=100 tick=0.001 volume-min=0.01 volume-max=100 volume-step=0.01 \
        currency=USD
        limits account=11 tenant=1 max-order=5 max-position=10 max-open-orders=200 max-orders-per-second=5000 \
        daily-loss=20000
        strategy 1 ma-crossover account=11 tenant=1 symbol=EURUSD fast=5 slow=20 quantity=0.10
        engine account-state-interval-ms=100
        """;

    @TempDir
    Path data;

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @Test
    void aMillionRandomInputsNeverStopTheCoreAndReplayIdentical() throws Exception
    {
        final RandomInputs inputs = new RandomInputs(new Random(SEED));
        final LastDefence lastDefence = new LastDefence();
        final String liveHash;
        final long lastSequence;
        final int referenceInputs;
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .clock(EngineClock.data())
            .snapshotInterval(250_000)
            .referenceData(ReferenceData.parse(REFERENCE_DATA, "fuzz").inputs())
            .listener(lastDefence)))
        {
            core.start();
            referenceInputs = ReferenceData.parse(REFERENCE_DATA, "fuzz").inputs().size();
            for (int i = 0; i < INPUTS; i++)
            {
                if ((i & 255) == 0)
                {
                    core.awaitBacklogBelow(1024, 64 * 1024);
                    core.checkHealthy();
                }
                final int length = inputs.next(i);
                core.offerBlocking(inputs.buffer, 0, length);
            }
            core.awaitQuiescent(java.time.Duration.ofSeconds(120), () -> true);
            core.checkHealthy();
            core.close();
            liveHash = core.stateHash();
            lastSequence = core.report().lastSequence();
        }
        assertEquals(referenceInputs + INPUTS, lastSequence, "every input was processed");
        assertTrue(inputs.kindsSent.cardinality() == KINDS, "every kind of input was sent: " + inputs.kindsSent);

        final List<Long> wellFormedCaught = new ArrayList<>();
        for (final long sequence : lastDefence.sequences)
        {
            final long index = sequence - referenceInputs - 1;
            if (index >= 0 && !inputs.garbage.get((int)index))
            {
                wellFormedCaught.add(sequence);
            }
        }
        assertEquals(List.of(), wellFormedCaught, "well-formed inputs that reached the engine's last line of " +
            "defence instead of a reasoned reject (first texts: " + lastDefence.texts + ")");

        final ReplayVerifier.Result replay = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), "replay diverged: " + replay.divergence());
        assertEquals(lastSequence, replay.inputs());
        assertEquals(liveHash, replay.stateHash());
    }

    /** The inputs the engine answered from its catch-all: a runtime exception inside {@code onInput}. */
    private static final class LastDefence implements CoreListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final InputRejectedDecoder rejected = new InputRejectedDecoder();
        private final List<Long> sequences = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();

        @Override
        public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == InputRejectedDecoder.TEMPLATE_ID &&
                rejected.wrapAndApplyHeader(buffer, offset, header).reason() == RejectReason.MALFORMED_MESSAGE)
            {
                final String text = rejected.text();
                if (text.startsWith("input could not be processed"))
                {
                    sequences.add(inputSequence);
                    if (texts.size() < 5)
                    {
                        texts.add(inputSequence + ": " + text);
                    }
                }
            }
        }
    }

    /** Random inputs of every kind; about one in three is deliberately wrong in some field. */
    private static final class RandomInputs
    {
        private static final long[] ACCOUNTS = {11, 12, 21, 99};
        private static final int[] TENANTS = {1, 2, 3};
        private static final String[] STRATEGIES = {"ma-crossover", "mean-reversion", "no-such-strategy", ""};

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final BitSet garbage = new BitSet();
        final BitSet kindsSent = new BitSet();
        private final InputMessages messages = new InputMessages();
        private final Random random;
        private long tickMsc = TICK_MSC;
        private long eurusd = 139_000;
        private long xauusd = 1_290_000;
        private long clientOrderId;
        private int strategyId = 1;

        RandomInputs(final Random random)
        {
            this.random = random;
        }

        int next(final int index)
        {
            final int kind = weightedKind();
            kindsSent.set(kind);
            switch (kind)
            {
                case 0:
                    return tick();
                case 1:
                    return messages.newOrder(buffer, 0, clientOrderId(), tenant(), account(), instrument(), side(),
                        orderType(), timeInForce(), quantity(), price(), stopPrice(), expiry());
                case 2:
                    return messages.cancelOrder(buffer, 0, recentClientOrderId(), tenant(), account());
                case 3:
                    return messages.modifyOrder(buffer, 0, recentClientOrderId(), tenant(), account(), quantity(),
                        price(), stopPrice());
                case 4:
                    return messages.executionReport(buffer, 0, orderId(), execType(), random.nextInt(1000),
                        random.nextLong(), quantity(), price(), oneIn(10) ? -1 : random.nextInt(10_000_000),
                        random.nextInt(20_000), oneIn(2) ? "" : "venue says " + random.nextInt());
                case 5:
                    return messages.accountUpdate(buffer, 0, tenant(), account(), oneIn(5) ? "EUR" : "USD",
                        random.nextInt(1_000_000) * 1_000_000L, oneIn(10) ? -5 : 1 + random.nextInt(500));
                case 6:
                    return messages.defineInstrument(buffer, 0, instrumentSpec());
                case 7:
                    return messages.defineTenant(buffer, 0, oneIn(5) ? -1 : random.nextInt(5), "t" + random.nextInt());
                case 8:
                    return messages.setRiskLimits(buffer, 0, oneIn(10) ? LimitScope.NULL_VAL :
                        oneIn(2) ? LimitScope.ACCOUNT : LimitScope.TENANT, tenant(), account(), limits());
                case 9:
                    return messages.haltAccount(buffer, 0, tenant(), account(), oneIn(3));
                case 10:
                    return messages.killSwitch(buffer, 0, killScope(), tenant(), account(), oneIn(2),
                        "fuzz " + random.nextInt());
                case 11:
                    return messages.attachStrategy(buffer, 0, oneIn(5) ? strategyId : ++strategyId, tenant(),
                        account(), STRATEGIES[random.nextInt(STRATEGIES.length)],
                        "symbol=" + (oneIn(4) ? "GBPUSD" : "EURUSD") + ";fast=" + random.nextInt(30) + ";slow=" +
                        random.nextInt(60) + ";quantity=0." + random.nextInt(3));
                case 12:
                    return messages.engineSettings(buffer, 0, oneIn(5) ? -random.nextInt(100) : random.nextInt(1000));
                case 13:
                    return messages.positionMismatch(buffer, 0, tenant(), account(), instrument(), quantity(),
                        quantity(), oneIn(4));
                case 14:
                    garbage.set(index);
                    return randomBytes();
                default:
                    garbage.set(index);
                    return cutMessage();
            }
        }

        /** Mostly ticks, orders and reports, as a live core sees them. */
        private int weightedKind()
        {
            final int roll = random.nextInt(100);
            if (roll < 40)
            {
                return 0;
            }
            if (roll < 60)
            {
                return 1;
            }
            if (roll < 65)
            {
                return 2;
            }
            if (roll < 68)
            {
                return 3;
            }
            if (roll < 83)
            {
                return 4;
            }
            return 5 + random.nextInt(KINDS - 5);
        }

        private boolean oneIn(final int n)
        {
            return random.nextInt(n) == 0;
        }

        private int tick()
        {
            tickMsc += oneIn(50) ? -random.nextInt(1000) : random.nextInt(200);
            if (oneIn(2))
            {
                eurusd = Math.max(100_000, eurusd + random.nextInt(41) - 20);
                return messages.marketTick(buffer, 0, oneIn(100) ? 7 : 1, tickMsc, oneIn(200) ? 0 : eurusd,
                    eurusd + 1 + random.nextInt(3), 0, 0, 6);
            }
            xauusd = Math.max(1_000_000, xauusd + random.nextInt(201) - 100);
            return messages.marketTick(buffer, 0, 2, tickMsc, xauusd, xauusd + random.nextInt(400), 0, 0, 6);
        }

        private long clientOrderId()
        {
            return oneIn(20) ? random.nextInt(100) : ++clientOrderId;
        }

        private long recentClientOrderId()
        {
            return Math.max(0, clientOrderId - random.nextInt(300));
        }

        private long orderId()
        {
            return oneIn(20) ? random.nextLong() : Math.max(0, clientOrderId / 2 - random.nextInt(400));
        }

        private int tenant()
        {
            return TENANTS[random.nextInt(oneIn(10) ? TENANTS.length : 2)];
        }

        private long account()
        {
            return ACCOUNTS[random.nextInt(oneIn(10) ? ACCOUNTS.length : 3)];
        }

        private int instrument()
        {
            return oneIn(50) ? 9 : 1 + random.nextInt(2);
        }

        private Side side()
        {
            return oneIn(100) ? Side.NULL_VAL : random.nextBoolean() ? Side.BUY : Side.SELL;
        }

        private OrderType orderType()
        {
            final OrderType[] types = {OrderType.MARKET, OrderType.MARKET, OrderType.LIMIT, OrderType.STOP,
                OrderType.STOP_LIMIT, OrderType.NULL_VAL};
            return types[random.nextInt(oneIn(20) ? types.length : types.length - 1)];
        }

        private TimeInForce timeInForce()
        {
            final TimeInForce[] values = TimeInForce.values();
            return values[random.nextInt(values.length)];
        }

        private ExecType execType()
        {
            final ExecType[] values = ExecType.values();
            return values[random.nextInt(values.length)];
        }

        private KillScope killScope()
        {
            final KillScope[] values = {KillScope.ACCOUNT, KillScope.ACCOUNT, KillScope.TENANT, KillScope.ALL,
                KillScope.NULL_VAL};
            return values[random.nextInt(values.length)];
        }

        private long quantity()
        {
            if (oneIn(20))
            {
                return oneIn(2) ? -random.nextInt(1000) : random.nextLong();
            }
            return 100 * (1 + random.nextInt(oneIn(10) ? 2000 : 20));
        }

        private long price()
        {
            if (oneIn(20))
            {
                return oneIn(2) ? -1 : random.nextLong();
            }
            return oneIn(3) ? 0 : eurusd + random.nextInt(2001) - 1000;
        }

        private long stopPrice()
        {
            return oneIn(4) ? eurusd + random.nextInt(2001) - 1000 : 0;
        }

        private long expiry()
        {
            return oneIn(10) ? (tickMsc + random.nextInt(100_000) - 10_000) * 1_000_000L : 0;
        }

        private InstrumentSpec instrumentSpec()
        {
            final int digits = oneIn(10) ? 12 : random.nextInt(6);
            return new InstrumentSpec(oneIn(3) ? 1 : 3 + random.nextInt(50), "F" + random.nextInt(1000), digits,
                oneIn(10) ? 0 : 100_000, oneIn(10) ? 0 : 1, 100, oneIn(10) ? 10 : 1_000_000, 100, "USD");
        }

        private RiskLimitValues limits()
        {
            final boolean negative = oneIn(10);
            return new RiskLimitValues(negative ? -1 : 10_000 * random.nextInt(20), 10_000 * random.nextInt(50),
                random.nextInt(10) * 10_000_000_000L, random.nextInt(500), random.nextInt(10_000),
                random.nextInt(500), random.nextInt(60_000), random.nextInt(100_000) * 1_000_000L);
        }

        private int randomBytes()
        {
            final int length = 1 + random.nextInt(200); // the ingress refuses an empty input before the ring
            for (int i = 0; i < length; i++)
            {
                buffer.putByte(i, (byte)random.nextInt());
            }
            return length;
        }

        private int cutMessage()
        {
            final int length = messages.newOrder(buffer, 0, ++clientOrderId, 1, 11, 1, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, 100, eurusd - 500, 0, 0);
            if (oneIn(2))
            {
                buffer.putShort(2 + random.nextInt(6), (short)random.nextInt()); // a header field gone wrong
                return length;
            }
            return 1 + random.nextInt(length - 1);
        }
    }
}
