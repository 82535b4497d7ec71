package io.tradingcore.pipeline;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.ClientCommandEncoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.SessionAnswerDecoder;
import io.tradingcore.codec.SessionOpenEncoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command ingress over real Aeron: an authenticated client's commands reach the engine once each, a resend after
 * a reconnect is answered as a duplicate and not applied again, and commands from a publication that opened no
 * session, or whose key is wrong, never reach the journal and are counted, logged and answered.
 */
class CommandIngressTest
{
    @TempDir
    Path data;

    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer command = new ExpandableArrayBuffer(256);

    private TradingCore launch()
    {
        return TradingCore.launch(new TradingCore.Context()
            .dataDirectory(data)
            .snapshotInterval(0)
            .referenceData(ReferenceData.defaults().inputs()));
    }

    private int newOrder(final long clientOrderId)
    {
        return messages.newOrder(command, 0, clientOrderId, 1, 1001, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, 1_000, 108_000, 0, 0);
    }

    private CommandClient client(final byte[] key, final long nextSequence)
    {
        return new CommandClient(data.resolve("aeron").toString(), "aeron:ipc", 1002, "aeron:ipc", 1003, "test", key,
            7, nextSequence, 1000, Throwable::printStackTrace);
    }

    @Test
    void commandsApplyOnceAndResendsAreDuplicates() throws Exception
    {
        final byte[] key = ClientKeys.loadOrIssue(data.resolve("core").resolve("ingress-clients"), "test",
            data.resolve("test.key"));
        assertEquals("rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("test.key"))));
        try (TradingCore core = launch();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
            Subscription outputs = aeron.addSubscription("aeron:ipc", 1001))
        {
            final List<String> seen = new ArrayList<>();
            try (CommandClient client = client(key, 1))
            {
                await(() -> pollBoth(client, outputs, seen) >= 0 && client.isOpen(), "the session opens");
                assertEquals(1, client.offer(command, 0, newOrder(501)));
                assertEquals(2, client.offer(command, 0, newOrder(502)));
                await(() -> pollBoth(client, outputs, seen) >= 0 && seen.contains("done 7/2 false"),
                    "both commands done: " + seen);
                client.acknowledge(2);
                assertEquals(0, client.unacknowledged());
            }
            final long journaled = core.lastSequenced();
            // A client that lost its acknowledgements reconnects and sends sequence 2 again: applied once only.
            try (CommandClient again = client(key, 2))
            {
                await(() -> pollBoth(again, outputs, seen) >= 0 && again.isOpen(), "the session opens again");
                assertEquals(2, again.offer(command, 0, newOrder(502)));
                assertEquals(3, again.offer(command, 0, newOrder(503)));
                await(() -> pollBoth(again, outputs, seen) >= 0 && seen.contains("done 7/3 false"),
                    "the new command done: " + seen);
                // Reference data is not a command the ingress's clients send: refused at the edge, never journaled.
                assertEquals(4, again.offer(command, 0, new InputMessages().defineTenant(command, 0, 9, "intruder")));
                assertEquals(5, again.offer(command, 0, newOrder(504)));
                await(() -> pollBoth(again, outputs, seen) >= 0 && seen.contains("done 7/5 false"),
                    "the order after the refused command done: " + seen);
            }
            assertTrue(seen.stream().noneMatch(line -> line.startsWith("done 7/4")), seen.toString());
            assertTrue(seen.contains("done 7/2 true"), "the resend is a duplicate: " + seen);
            assertEquals(1, seen.stream().filter("order 502"::equals).count(), "order 502 answered once: " + seen);
            assertEquals(1, seen.stream().filter("order 503"::equals).count(), seen.toString());
            assertEquals(journaled + 3, core.lastSequenced(), "the resend is journaled, as every input is, and the " +
                "refused command is not");
        }
    }

    @Test
    void commandsWithoutAnOpenSessionAreRefusedAndReported() throws Exception
    {
        ClientKeys.loadOrIssue(data.resolve("core").resolve("ingress-clients"), "test", data.resolve("test.key"));
        try (TradingCore core = launch();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
            ExclusivePublication publication = aeron.addExclusivePublication("aeron:ipc", 1002);
            Subscription answers = aeron.addSubscription("aeron:ipc", 1003))
        {
            await(() -> publication.isConnected() && answers.isConnected(), "connected to the ingress");
            final long before = core.lastSequenced();
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
            final ClientCommandEncoder envelope = new ClientCommandEncoder();
            final int orderLength = newOrder(900);
            envelope.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clientSessionId(9).clientSequence(1)
                .putCommand(command, 0, orderLength);
            offer(publication, buffer, MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength());

            // A session with a wrong key is refused, and its commands too.
            final SessionOpenEncoder open = new SessionOpenEncoder();
            final ExpandableArrayBuffer openBuffer = new ExpandableArrayBuffer(256);
            open.wrapAndApplyHeader(openBuffer, 0, new MessageHeaderEncoder()).clientSessionId(9).clientName("test")
                .putCredential(new byte[32], 0, 32);
            offer(publication, openBuffer, MessageHeaderEncoder.ENCODED_LENGTH + open.encodedLength());
            offer(publication, buffer, MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength());

            final List<String> codes = new ArrayList<>();
            final SessionAnswerDecoder answer = new SessionAnswerDecoder();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            await(() ->
            {
                answers.poll((b, o, l, h) ->
                {
                    header.wrap(b, o);
                    answer.wrap(b, o + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    codes.add(answer.clientSessionId() + " " + answer.code() + ": " + answer.text());
                }, 10);
                return codes.size() >= 3;
            }, "three answers");
            assertEquals("9 COMMAND_REFUSED: no session is open on this publication", codes.get(0));
            assertTrue(codes.get(1).startsWith("9 REFUSED: unknown client or wrong key"), codes.get(1));
            assertEquals("9 COMMAND_REFUSED: no session is open on this publication", codes.get(2));
            await(() -> refusedCount(aeron.countersReader()) == 3, "three refusals counted");
            Thread.sleep(50);
            assertEquals(before, core.lastSequenced(), "nothing reached the journal");
        }
    }

    @Test
    void aUdpIngressBindsLoopbackUnlessAllowed()
    {
        final IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> new TradingCore.Context().dataDirectory(data)
                .commandIngressChannel("aeron:udp?endpoint=0.0.0.0:40123").conclude());
        assertTrue(refused.getMessage().contains("tradingcore.ingress.allowRemote"), refused.getMessage());
        assertTrue(LoopbackChannels.isLocal("aeron:udp?endpoint=127.0.0.1:40123"));
        assertTrue(LoopbackChannels.isLocal("aeron:ipc"));
        assertFalse(LoopbackChannels.isLocal("aeron:udp?endpoint=localhost:40123|interface=10.0.0.1"));
        new TradingCore.Context().dataDirectory(data).commandIngressAllowRemote(true)
            .commandIngressChannel("aeron:udp?endpoint=0.0.0.0:40123").conclude().close();
    }

    private static long refusedCount(final CountersReader counters)
    {
        final long[] value = {-1};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == CoreCounters.INGRESS_REFUSED_TYPE_ID)
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    private static void offer(final ExclusivePublication publication, final ExpandableArrayBuffer buffer,
        final int length) throws InterruptedException
    {
        while (publication.offer(buffer, 0, length) < 0)
        {
            Thread.sleep(1);
        }
    }

    private static int pollBoth(final CommandClient client, final Subscription outputs, final List<String> seen)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ClientCommandDoneDecoder done = new ClientCommandDoneDecoder();
        final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
        final io.tradingcore.codec.OrderAcceptedDecoder accepted = new io.tradingcore.codec.OrderAcceptedDecoder();
        client.poll();
        return outputs.poll((buffer, offset, length, frame) ->
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case ClientCommandDoneDecoder.TEMPLATE_ID ->
                {
                    done.wrap(buffer, body, header.blockLength(), header.version());
                    seen.add("done " + done.clientSessionId() + "/" + done.clientSequence() + " " +
                        (done.duplicate() == io.tradingcore.codec.BooleanType.TRUE));
                }
                case OrderRejectedDecoder.TEMPLATE_ID ->
                    seen.add("order " + rejected.wrap(buffer, body, header.blockLength(), header.version())
                        .clientOrderId());
                case io.tradingcore.codec.OrderAcceptedDecoder.TEMPLATE_ID ->
                    seen.add("order " + accepted.wrap(buffer, body, header.blockLength(), header.version())
                        .clientOrderId());
                default ->
                {
                }
            }
        }, 100);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(1);
        }
        assertNotNull(what);
    }
}
