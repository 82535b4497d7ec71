package io.tradingcore.gateway;

import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.outputs.OutputJournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core stops while orders are in flight from the gateway and starts again: the gateway reconnects, opens its
 * session again and resends what it saw no answer for. Every order is applied exactly once (one OrderAccepted each,
 * no duplicate-order reject), and every caller gets the engine's accept.
 */
class CoreRestartTest
{
    @TempDir
    Path data;

    @Test
    void ordersInFlightAcrossACoreRestartAreAppliedOnce() throws Exception
    {
        final Map<Long, Integer> accepted = new HashMap<>();
        final Map<Long, Integer> rejected = new HashMap<>();
        final int[] duplicates = {0};
        try (LivePlatform platform = new LivePlatform(data, 60_000))
        {
            final String trader = platform.login("demo", "trader");
            final long first = System.currentTimeMillis();
            final List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(30);
            for (int round = 0; round < 3; round++)
            {
                // Twenty orders in flight as the core stops, and ten more sent while it is down.
                for (int i = 0; i < 30; i++)
                {
                    final long id = first + round * 100 + i;
                    final long delayMs = i < 20 ? 0 : 1_000;
                    answers.add(CompletableFuture.supplyAsync(() -> send(platform, trader, id, delayMs), callers));
                }
                platform.restartCore(2_500);
                awaitBack(platform);
            }
            for (final CompletableFuture<HttpResponse<String>> answer : answers)
            {
                final HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"status\":\"accepted\""), response.body());
            }
            callers.shutdown();
            readOutputs(accepted, rejected, duplicates);
            assertEquals(90, accepted.size(), "every order accepted: " + accepted);
            assertTrue(accepted.values().stream().allMatch(count -> count == 1), "each once: " + accepted);
            assertEquals(Map.of(), rejected, "no order rejected, as a duplicate or otherwise");
            System.out.println("CoreRestartTest: " + duplicates[0] + " resends answered as duplicates, gateway " +
                "session opened " + platform.gateway.core().commandSessionOpens() + " times");
            assertEquals(4, platform.gateway.core().commandSessionOpens(),
                "the session was opened again after each restart (down longer than the driver timeout)");
        }
    }

    private static void awaitBack(final LivePlatform platform) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(platform.gateway.core().live() && platform.gateway.core().commandsOpen()))
        {
            assertTrue(System.nanoTime() < deadline, "the gateway follows the restarted core again");
            Thread.sleep(10);
        }
    }

    private static HttpResponse<String> send(final LivePlatform platform, final String token, final long id,
        final long delayMs)
    {
        try
        {
            Thread.sleep(delayMs);
            return platform.send("POST", "/api/v1/orders", token, "{\"clientOrderId\":" + id +
                ",\"accountId\":1001,\"symbol\":\"EURUSD\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"0.01\"," +
                "\"price\":\"1.36000\"}");
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void readOutputs(final Map<Long, Integer> accepted, final Map<Long, Integer> rejected,
        final int[] duplicates)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderAcceptedDecoder accept = new OrderAcceptedDecoder();
        final OrderRejectedDecoder reject = new OrderRejectedDecoder();
        final ClientCommandDoneDecoder done = new ClientCommandDoneDecoder();
        // Read while the core runs: the journal is Chronicle's, readable beside its appender.
        try (Journal journal = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))
            .readOnly(true));
            JournalReader entries = journal.reader())
        {
            final OutputJournalReader batches = new OutputJournalReader(entries);
            while (batches.poll((inputSequence, buffer, offset, length) -> OutputBatch.forEach(buffer, offset, length,
                (message, at, messageLength) ->
                {
                    header.wrap(message, at);
                    switch (header.templateId())
                    {
                        case OrderAcceptedDecoder.TEMPLATE_ID ->
                            accepted.merge(accept.wrapAndApplyHeader(message, at, header).clientOrderId(), 1,
                                Integer::sum);
                        case OrderRejectedDecoder.TEMPLATE_ID ->
                            rejected.merge(reject.wrapAndApplyHeader(message, at, header).clientOrderId(), 1,
                                Integer::sum);
                        case ClientCommandDoneDecoder.TEMPLATE_ID ->
                            duplicates[0] += done.wrapAndApplyHeader(message, at, header).duplicate() ==
                                BooleanType.TRUE ? 1 : 0;
                        default ->
                        {
                        }
                    }
                })))
            {
                // read to the end
            }
        }
    }
}
