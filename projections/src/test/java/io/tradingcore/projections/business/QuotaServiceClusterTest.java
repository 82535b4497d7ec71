package io.tradingcore.projections.business;

import io.tradingcore.cluster.ClusterClient;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.cluster.TestCluster;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.projections.business.quota.QuotaListener;
import io.tradingcore.projections.postgres.TestDatabase;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tradingcore.projections.business.QuotaServiceTest.answers;
import static io.tradingcore.projections.business.QuotaServiceTest.await;
import static io.tradingcore.projections.business.QuotaServiceTest.commands;
import static io.tradingcore.projections.business.QuotaServiceTest.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quota service against the clustered core (three members in this JVM): it follows member 0's journals and halts
 * the tenant over its quota through the cluster, as {@code scripts/run --cluster} runs it; the engine on every member
 * then rejects the tenant's next order as halted, and another tenant trades on.
 */
class QuotaServiceClusterTest
{
    @TempDir
    Path data;

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @Test
    void aTenantOverItsDailyQuotaIsHaltedThroughTheCluster() throws Exception
    {
        final Path tiersFile = data.resolve("tiers.properties");
        Files.writeString(tiersFile, "tier.free.ordersPerDay=10\n");
        final List<String> said = new CopyOnWriteArrayList<>();
        final QuotaListener listener = new QuotaListener()
        {
            @Override
            public void onWarning(final Connection connection, final int tenantId, final LocalDate day,
                final long orders, final long limit)
            {
                said.add("warn " + tenantId + " " + orders + "/" + limit);
            }

            @Override
            public void onLimited(final Connection connection, final int tenantId, final LocalDate day,
                final long orders, final long limit)
            {
                said.add("limit " + tenantId + " " + orders + "/" + limit);
            }

            @Override
            public void onAlert(final Connection connection, final int tenantId, final String kind,
                final String eventKey, final String text)
            {
            }
        };
        TestCluster cluster = null;
        try (TestDatabase postgres = TestDatabase.create("quotas_cluster"))
        {
            cluster = TestCluster.started(data.resolve("cluster"));
            System.setProperty(BusinessService.CLUSTER_PROP_NAME, "true");
            System.setProperty(ClusterNode.Context.BASE_PORT_PROP_NAME, Integer.toString(cluster.basePort()));
            cluster.sendReferenceData(ReferenceData.parse(QuotaServiceTest.CONFIG, "QuotaServiceClusterTest"));
            final ClusterClient traderClient = cluster.client("trader", 0);

            final BusinessDatabase database = new BusinessDatabase(postgres.url(), null, null);
            try (BusinessService service = new BusinessService(data, database, SubscriptionTiers.load(tiersFile),
                listener, new PrintStream(OutputStream.nullOutputStream())))
            {
                traderClient.offer(buffer, 0, messages.marketTick(buffer, 0, 1, System.currentTimeMillis(), 108_000,
                    108_020, 0, 0, 6));
                for (int i = 1; i <= 8; i++)
                {
                    order(traderClient, i, i % 2 == 0 ? 1002 : 1001, 1);
                }
                await(() -> traderClient.poll() >= 0 && said.size() == 1, "the warning at 80%");
                order(traderClient, 9, 1001, 1);
                order(traderClient, 10, 1002, 1);
                order(traderClient, 100, 2001, 2);
                await(quietly(() -> traderClient.poll() >= 0 && commands(database, "done") == 2),
                    "both of demo's accounts halted through the cluster: " + said);
                assertEquals(List.of("warn 1 8/10", "limit 1 10/10"), said);

                order(traderClient, 11, 1001, 1);
                order(traderClient, 101, 2001, 2);
                final Path outputs = cluster.memberDir(2).resolve("journal").resolve("output");
                await(() -> traderClient.poll() >= 0 && answers(outputs).containsKey(101L), "acme's order answered");
                assertEquals("rejected ACCOUNT_HALTED", answers(outputs).get(11L),
                    "demo takes no new order today, on another member too");
                assertEquals("accepted", answers(outputs).get(101L), "acme trades on");
                assertEquals(0, commands(database, "pending"), "every command done");
                assertTrue(service.quotas().applied().lastInput() > 0, "the quota service follows member 0");
            }
        }
        finally
        {
            System.clearProperty(BusinessService.CLUSTER_PROP_NAME);
            System.clearProperty(ClusterNode.Context.BASE_PORT_PROP_NAME);
            CloseHelper.quietClose(cluster);
        }
    }

    private void order(final ClusterClient client, final long clientOrderId, final long accountId, final int tenantId)
    {
        client.offer(buffer, 0, messages.newOrder(buffer, 0, clientOrderId, tenantId, accountId, 1, Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, 1_000, 107_500, 0, 0));
        client.poll();
    }
}
