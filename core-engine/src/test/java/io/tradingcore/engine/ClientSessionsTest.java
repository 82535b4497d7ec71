package io.tradingcore.engine;

import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.ClientCommandEncoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The engine applies each client command once per client session and sequence: a resend is answered as a duplicate
 * and changes nothing, the decision survives a snapshot (state hash and all), and a command that is not one a client
 * may send, or carries no valid session, is rejected with its reason.
 */
class ClientSessionsTest
{
    private final ExpandableArrayBuffer command = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ClientCommandEncoder envelope = new ClientCommandEncoder();

    private void sendCommand(final EngineFixture engine, final long session, final long sequence, final int length)
    {
        envelope.wrapAndApplyHeader(engine.buffer, 512, header).clientSessionId(session).clientSequence(sequence)
            .putCommand(command, 0, length);
        final int envelopeLength = MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength();
        engine.buffer.putBytes(0, engine.buffer, 512, envelopeLength);
        engine.send(envelopeLength);
    }

    private int newOrder(final EngineFixture engine, final long clientOrderId)
    {
        return engine.inputs.newOrder(command, 0, clientOrderId, EngineFixture.TENANT, EngineFixture.ACCOUNT,
            EngineFixture.EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000, 108_000, 0, 0);
    }

    private static ClientCommandDoneDecoder done(final EngineFixture engine)
    {
        return engine.lastOf(ClientCommandDoneDecoder.TEMPLATE_ID,
            (buffer, h) -> new ClientCommandDoneDecoder().wrapAndApplyHeader(buffer, 0, h));
    }

    @Test
    void aResendIsADuplicateBeforeAndAfterASnapshot()
    {
        final EngineFixture engine = new EngineFixture();
        engine.tick(EngineFixture.EURUSD, 108_100, 108_120);
        sendCommand(engine, 42, 1, newOrder(engine, 9001));
        assertNotNull(engine.lastOf(OrderAcceptedDecoder.TEMPLATE_ID,
            (buffer, h) -> new OrderAcceptedDecoder().wrapAndApplyHeader(buffer, 0, h)), "the order is applied");
        assertEquals(BooleanType.FALSE, done(engine).duplicate());
        assertEquals(1, done(engine).clientSequence());

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final int length = EngineSnapshot.write(engine.engine, snapshot);
        final EngineFixture restored = EngineFixture.restoredFrom(engine, snapshot, length);
        assertEquals(engine.engine.stateHash(), restored.engine.stateHash());

        for (final EngineFixture copy : new EngineFixture[] {engine, restored})
        {
            sendCommand(copy, 42, 1, newOrder(copy, 9001));
            assertEquals(1, copy.lastBatch.size(), "a resend gives its ClientCommandDone and nothing else");
            assertEquals(BooleanType.TRUE, done(copy).duplicate());
            sendCommand(copy, 42, 2, newOrder(copy, 9002));
            assertEquals(BooleanType.FALSE, done(copy).duplicate());
            sendCommand(copy, 7, 1, newOrder(copy, 9003));
            assertEquals(BooleanType.FALSE, done(copy).duplicate(), "sessions are counted apart");
        }
        assertEquals(engine.engine.stateHash(), restored.engine.stateHash(), "both decided the same");
        assertEquals(2, engine.engine.clientSessions.lastApplied(42));
    }

    @Test
    void whatAClientMayNotSendIsRejected()
    {
        final EngineFixture engine = new EngineFixture();
        final int inner = newOrder(engine, 9000);
        final ExpandableArrayBuffer nested = new ExpandableArrayBuffer(256);
        envelope.wrapAndApplyHeader(nested, 0, header).clientSessionId(42).clientSequence(1)
            .putCommand(command, 0, inner);
        command.putBytes(0, nested, 0, MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength());
        sendCommand(engine, 42, 1, MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength());
        final InputRejectedDecoder notACommand = engine.lastOf(InputRejectedDecoder.TEMPLATE_ID,
            (buffer, h) -> new InputRejectedDecoder().wrapAndApplyHeader(buffer, 0, h));
        assertEquals(RejectReason.UNKNOWN_MESSAGE, notACommand.reason());
        assertNull(done(engine), "nothing was done");
        assertEquals(0, engine.engine.clientSessions.lastApplied(42), "and the sequence is not spent");

        sendCommand(engine, 0, 1, newOrder(engine, 9001));
        assertEquals(RejectReason.MALFORMED_MESSAGE, engine.lastOf(InputRejectedDecoder.TEMPLATE_ID,
            (buffer, h) -> new InputRejectedDecoder().wrapAndApplyHeader(buffer, 0, h)).reason());
    }
}
