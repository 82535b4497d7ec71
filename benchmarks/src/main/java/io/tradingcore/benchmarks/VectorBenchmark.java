package io.tradingcore.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.projections.weaviate.MarketStates;
import io.tradingcore.projections.weaviate.WeaviateClient;
import io.tradingcore.projections.weaviate.WeaviateContractServer;
import io.tradingcore.projections.weaviate.WeaviateSink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Weaviate projection's two rates (issue 22): market-state vectors computed per second from ticks (the sample day,
 * as the projection reads them from the input journal), beside the rate the same ticks are only decoded at; and
 * objects written per second to the Weaviate stand-in through the projection's client, beside a raw HTTP post of the
 * same bodies to the same server. The real server's figure needs a real server: {@code -Dtradingcore.external.weaviate}
 * is not used here, the stand-in is what runs on this machine.
 */
public final class VectorBenchmark
{
    private static final Path SAMPLE = Path.of("samples", "EURUSD_20140508.mt5.csv.gz");
    private static final int BATCH = 100;

    private VectorBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        String markdown = null;
        int rounds = 5;
        for (int i = 0; i < args.length; i++)
        {
            if ("--markdown".equals(args[i]))
            {
                markdown = args[++i];
            }
            else if ("--rounds".equals(args[i]))
            {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        final Path home = Path.of(System.getProperty("tradingcore.home", "."));
        final List<long[]> ticks = readTicks(home.resolve(SAMPLE));
        double bestDecode = 0;
        double bestVectors = 0;
        List<MarketStates.State> states = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            long start = System.nanoTime();
            long checksum = 0;
            for (final long[] tick : ticks)
            {
                checksum += tick[1] ^ tick[2];
            }
            bestDecode = Math.max(bestDecode, ticks.size() / ((System.nanoTime() - start) / 1e9));
            final MarketStates computed = new MarketStates();
            computed.define(1, "EURUSD");
            final List<MarketStates.State> closed = new ArrayList<>();
            start = System.nanoTime();
            for (final long[] tick : ticks)
            {
                computed.tick(1, tick[0], tick[1], tick[2], closed::add);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            bestVectors = Math.max(bestVectors, ticks.size() / seconds);
            states = closed;
            if (checksum == 42)
            {
                System.out.println("(checksum)");
            }
        }
        final double vectorsPerSecond = bestVectors * states.size() / ticks.size();

        final double[] written = writeRates(states, rounds);
        final StringBuilder out = new StringBuilder("## Vectors (`VectorBenchmark`)\n\n");
        out.append(String.format("- Machine: %s; %d CPUs; Java %s. The sample day (%,d EURUSD ticks, %,d minutes " +
            "closed), best of %d rounds.%n", System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"), ticks.size(), states.size(), rounds));
        out.append("- Command: `java $(grep -v '^#' scripts/jvm-flags) -Dtradingcore.home=$PWD -cp \"$CP\" " +
            "io.tradingcore.benchmarks.VectorBenchmark --rounds " + rounds + " --markdown FILE`\n\n");
        out.append("| figure | rate | baseline in the same run | ratio |\n|---|---:|---|---:|\n");
        out.append(String.format("| market-state vectors computed (ticks in, per second) | %,.0f ticks/s, %,.0f " +
            "vectors/s | decoding the same ticks only: %,.0f ticks/s | %.2f |%n", bestVectors, vectorsPerSecond,
            bestDecode, bestVectors / bestDecode));
        out.append(String.format("| objects written to the Weaviate stand-in through the projection's client, " +
            "batches of %d | %,.0f objects/s | a raw HTTP post of the same bodies to the same server: %,.0f " +
            "objects/s | %.2f |%n", BATCH, written[0], written[1], written[0] / written[1]));
        out.append("\nThe stand-in is the strict local server of the contract tests (JDK HttpServer, in memory): the " +
            "write figures are the client's and the stand-in's, not a real Weaviate's, which no machine here can run " +
            "(`scripts/test-external weaviate URL` runs the contract tests against one).\n");
        System.out.print(out);
        if (markdown != null)
        {
            Files.writeString(Path.of(markdown), out.toString());
            RatioRows.writeBeside(Path.of(markdown), List.of(
                RatioRows.shown("vectors: ticks/s through MarketStates", bestVectors / bestDecode, true,
                    "decoding only"),
                RatioRows.shown("vectors: objects/s written through WeaviateClient", written[0] / written[1], true,
                    "raw HTTP post")));
            TargetRows.writeBeside(Path.of(markdown), List.of(
                TargetRows.measured("vectors computed per second", String.format("%,.0f", vectorsPerSecond)),
                TargetRows.measured("objects written per second (stand-in)", String.format("%,.0f", written[0]))));
        }
    }

    /** Objects a second through the client, then through raw posts of the same bodies; best of the rounds. */
    private static double[] writeRates(final List<MarketStates.State> states, final int rounds) throws Exception
    {
        double client = 0;
        double raw = 0;
        try (WeaviateContractServer server = new WeaviateContractServer())
        {
            final WeaviateClient weaviate = new WeaviateClient(server.uri(), null, Duration.ofSeconds(10));
            weaviate.ensureClass(WeaviateSink.stateClass());
            final WeaviateSink sink = new WeaviateSink(weaviate);
            final List<List<ObjectNode>> batches = new ArrayList<>();
            final List<String> bodies = new ArrayList<>();
            for (int from = 0; from < states.size(); from += BATCH)
            {
                final List<ObjectNode> batch = new ArrayList<>();
                for (final MarketStates.State state : states.subList(from, Math.min(states.size(), from + BATCH)))
                {
                    batch.add(sink.stateObject(state));
                }
                batches.add(batch);
                final ObjectNode body = weaviate.json().createObjectNode();
                final ArrayNode objects = body.putArray("objects");
                batch.forEach(objects::add);
                bodies.add(weaviate.json().writeValueAsString(body));
            }
            final HttpClient http = HttpClient.newHttpClient();
            for (int round = 0; round < rounds; round++)
            {
                long start = System.nanoTime();
                for (final List<ObjectNode> batch : batches)
                {
                    weaviate.batch(batch);
                }
                client = Math.max(client, states.size() / ((System.nanoTime() - start) / 1e9));
                start = System.nanoTime();
                for (final String body : bodies)
                {
                    final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(server.uri() + "/v1/batch/objects"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200)
                    {
                        throw new IllegalStateException("the stand-in refused a raw post: " + answer.body());
                    }
                }
                raw = Math.max(raw, states.size() / ((System.nanoTime() - start) / 1e9));
            }
        }
        return new double[] {client, raw};
    }

    private static List<long[]> readTicks(final Path file) throws IOException
    {
        final List<long[]> ticks = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickReader.open(file, 5))
        {
            while (reader.read((time, bid, ask, last, volume, flags) -> ticks.add(new long[] {time, bid, ask}),
                100_000) > 0)
            {
                // read to the end
            }
        }
        return ticks;
    }
}
