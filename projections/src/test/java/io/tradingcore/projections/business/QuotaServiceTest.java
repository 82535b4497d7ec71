package io.tradingcore.projections.business;

import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.pipeline.EngineClock;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.projections.business.quota.QuotaListener;
import io.tradingcore.projections.postgres.TestDatabase;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quota service against a real core and PostgreSQL: a Free tenant whose tier allows 10 orders a day is warned at
 * 8 and, at 10, its accounts take no new order for the rest of the day (the engine rejects them as halted, through
 * the core's command ingress); another tenant trades on; the next trading day they are resumed.
 */
class QuotaServiceTest
{
    private static final long DAY_NS = TimeUnit.DAYS.toNanos(1);
    private static final long T0_MS = 1_399_543_200_000L; // 2014-05-08 10:00 UTC
    static final String CONFIG = String.join("\n",
        "tenant 1 name=demo",
        "tenant 2 name=acme",
        "account 1001 tenant=1 currency=USD balance=100000.00 leverage=100",
        "account 1002 tenant=1 currency=USD balance=100000.00 leverage=100",
        "account 2001 tenant=2 currency=USD balance=100000.00 leverage=100",
        "instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01 " +
            "currency=USD", "");

    @TempDir
    Path data;

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @Test
    void aTenantOverItsDailyQuotaIsWarnedThenHaltedUntilTheNextDay() throws Exception
    {
        final Path tiersFile = data.resolve("tiers.properties");
        Files.writeString(tiersFile, "tier.free.ordersPerDay=10\n");
        final List<String> said = new CopyOnWriteArrayList<>();
        final List<String> alerts = new CopyOnWriteArrayList<>();
        final QuotaListener listener = new QuotaListener()
        {
            @Override
            public void onWarning(final Connection connection, final int tenantId, final LocalDate day,
                final long orders, final long limit)
            {
                said.add("warn " + tenantId + " " + day + " " + orders + "/" + limit);
            }

            @Override
            public void onLimited(final Connection connection, final int tenantId, final LocalDate day,
                final long orders, final long limit)
            {
                said.add("limit " + tenantId + " " + day + " " + orders + "/" + limit);
            }

            @Override
            public void onAlert(final Connection connection, final int tenantId, final String kind,
                final String eventKey, final String text)
            {
                alerts.add(kind + " " + eventKey);
            }
        };
        try (TestDatabase postgres = TestDatabase.create("quotas");
            TradingCore core = TradingCore.launch(new TradingCore.Context()
                .dataDirectory(data)
                .snapshotInterval(0)
                .clock(EngineClock.data())
                .referenceData(ReferenceData.parse(CONFIG, "QuotaServiceTest").inputs())))
        {
            final BusinessDatabase database = new BusinessDatabase(postgres.url(), null, null);
            try (BusinessService service = new BusinessService(data, database,
                SubscriptionTiers.load(tiersFile), listener, new PrintStream(java.io.OutputStream.nullOutputStream())))
            {
                tick(core, T0_MS);
                for (int i = 1; i <= 8; i++)
                {
                    order(core, i, i % 2 == 0 ? 1002 : 1001, 1);
                }
                await(() -> said.size() == 1, "the warning at 80%");
                assertEquals(0, commands(database, "pending") + commands(database, "done"), "a warning only");
                order(core, 9, 1001, 1);
                order(core, 10, 1002, 1);
                order(core, 100, 2001, 2);
                await(quietly(() -> commands(database, "done") == 2), "both of demo's accounts halted: " + said);
                assertEquals(List.of("warn 1 2014-05-08 8/10", "limit 1 2014-05-08 10/10"), said);

                order(core, 11, 1001, 1);
                order(core, 101, 2001, 2);
                await(() -> answers(core).containsKey(101L), "acme's order answered");
                assertEquals("rejected ACCOUNT_HALTED", answers(core).get(11L), "demo takes no new order today");
                assertEquals("accepted", answers(core).get(101L), "acme trades on");

                // The next trading day: the first order still meets the halt, and the service lifts it.
                tick(core, T0_MS + DAY_NS / 1_000_000);
                order(core, 12, 1001, 1);
                await(quietly(() -> commands(database, "done") == 4), "both accounts resumed");
                order(core, 13, 1001, 1);
                await(() -> answers(core).containsKey(13L), "the order after the resume answered");
                assertEquals("accepted", answers(core).get(13L));
                assertEquals(0, commands(database, "pending"), "every command done");
                assertTrue(alerts.contains("daily_pnl daily-pnl:1:1001:2014-05-08"), "the first day's P&L told: " +
                    alerts);
                assertEquals(4, alerts.stream().filter(alert -> alert.startsWith("risk_alert seq:")).count(),
                    "the engine's alerts of two halts and two resumes: " + alerts);
                assertTrue(service.quotas().applied().lastInput() > 0, "the quota service keeps its checkpoint");
            }
        }
    }

    private void tick(final TradingCore core, final long timeMs)
    {
        core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, timeMs, 108_000, 108_020, 0, 0, 6));
    }

    private void order(final TradingCore core, final long clientOrderId, final long accountId, final int tenantId)
    {
        core.offerBlocking(buffer, 0, messages.newOrder(buffer, 0, clientOrderId, tenantId, accountId, 1, Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, 1_000, 107_500, 0, 0));
    }

    static long commands(final BusinessDatabase database, final String status) throws Exception
    {
        try (Connection connection = database.connect();
            Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery(
                "SELECT count(*) FROM command_outbox WHERE status = '" + status + "'"))
        {
            row.next();
            return row.getLong(1);
        }
    }

    private Map<Long, String> answers(final TradingCore core)
    {
        return answers(data.resolve("journal").resolve("output"));
    }

    /** Each client order id's answer in the output journal. */
    static Map<Long, String> answers(final Path outputJournal)
    {
        final Map<Long, String> answers = new ConcurrentHashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
        final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
        try (Journal journal = Journal.open(new Journal.Context().directory(outputJournal).readOnly(true));
            JournalReader entries = journal.reader())
        {
            final OutputJournalReader batches = new OutputJournalReader(entries);
            while (batches.poll((inputSequence, batch, offset, length) -> OutputBatch.forEach(batch, offset, length,
                (message, at, messageLength) ->
                {
                    header.wrap(message, at);
                    if (header.templateId() == OrderAcceptedDecoder.TEMPLATE_ID)
                    {
                        answers.put(accepted.wrapAndApplyHeader(message, at, header).clientOrderId(), "accepted");
                    }
                    else if (header.templateId() == OrderRejectedDecoder.TEMPLATE_ID)
                    {
                        final OrderRejectedDecoder m = rejected.wrapAndApplyHeader(message, at, header);
                        final RejectReason reason = m.reason();
                        answers.put(m.clientOrderId(), "rejected " + reason);
                    }
                })))
            {
                // read to the end
            }
        }
        return answers;
    }

    static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    interface Check
    {
        boolean test() throws Exception;
    }

    static BooleanSupplier quietly(final Check check)
    {
        return () ->
        {
            try
            {
                return check.test();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        };
    }
}
