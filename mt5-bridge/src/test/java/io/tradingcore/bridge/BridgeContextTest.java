package io.tradingcore.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge's context in Aeron's style: defaults, conclude once, settings refused by name. */
class BridgeContextTest
{
    @Test
    void defaultsAreTheDocumentedOnes()
    {
        final BridgeContext context = new BridgeContext();
        assertEquals(BridgeContext.HOST_DEFAULT, context.host());
        assertEquals(BridgeContext.PORT_DEFAULT, context.port());
        assertEquals(BridgeContext.ORDER_QUEUE_LIMIT_DEFAULT, context.orderQueueLimit());
        assertEquals(BridgeContext.HAND_OFF_QUEUE_BYTES_DEFAULT, context.handOffQueueBytes());
        assertEquals(PositionMismatchAction.ALERT, context.positionMismatch(), "a mismatch alerts unless told to halt");
    }

    @Test
    void concludeRunsOnceAndFreezesTheSettings()
    {
        final BridgeContext context = new BridgeContext().port(0);
        context.conclude();
        try
        {
            final IllegalStateException again = assertThrows(IllegalStateException.class, context::conclude);
            assertTrue(again.getMessage().contains("already concluded"), again.getMessage());
            assertThrows(IllegalStateException.class, () -> context.port(1));
            assertThrows(IllegalStateException.class, () -> new BridgeServer(context), "a context serves one bridge");
        }
        finally
        {
            context.close();
        }
    }

    @Test
    void aBadValueIsRefusedNamingItsProperty()
    {
        final IllegalStateException heartbeat = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().heartbeatIntervalMs(5_000).heartbeatTimeoutMs(1_000).conclude());
        assertTrue(heartbeat.getMessage().startsWith(
            "heartbeatTimeoutMs (" + BridgeContext.HEARTBEAT_TIMEOUT_MS_PROP_NAME + ")"), heartbeat.getMessage());

        final IllegalStateException queue = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().handOffQueueBytes(5_000).conclude());
        assertTrue(queue.getMessage().contains(BridgeContext.HAND_OFF_QUEUE_BYTES_PROP_NAME), queue.getMessage());

        final IllegalStateException mismatch = assertThrows(IllegalStateException.class,
            () -> new BridgeContext().positionMismatch(null).conclude());
        assertTrue(mismatch.getMessage().startsWith(
            "positionMismatch (" + BridgeContext.POSITION_MISMATCH_PROP_NAME + ")"), mismatch.getMessage());
    }

    @Test
    void aMalformedPropertyIsRefusedNamingIt()
    {
        System.setProperty(BridgeContext.PORT_PROP_NAME, "eighty");
        try
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, BridgeContext::new);
            assertTrue(refused.getMessage().contains(BridgeContext.PORT_PROP_NAME + "=eighty"), refused.getMessage());
        }
        finally
        {
            System.clearProperty(BridgeContext.PORT_PROP_NAME);
        }

        System.setProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME, "Halt");
        try
        {
            assertEquals(PositionMismatchAction.HALT, new BridgeContext().positionMismatch(), "in any case");
            System.setProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME, "ignore");
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, BridgeContext::new);
            assertTrue(refused.getMessage().contains(BridgeContext.POSITION_MISMATCH_PROP_NAME + "=ignore"),
                refused.getMessage());
        }
        finally
        {
            System.clearProperty(BridgeContext.POSITION_MISMATCH_PROP_NAME);
        }

        System.setProperty(BridgeContext.OUTBOUND_LIMIT_BYTES_PROP_NAME, "8m");
        try
        {
            assertEquals(8 << 20, new BridgeContext().outboundLimitBytes(), "sizes take Aeron's suffixes");
        }
        finally
        {
            System.clearProperty(BridgeContext.OUTBOUND_LIMIT_BYTES_PROP_NAME);
        }
    }
}
