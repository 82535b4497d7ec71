package io.tradingcore.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the session store keeps reads back the same after the file is opened again, in sequence order. */
class SessionStoreTest
{
    @TempDir
    Path folder;

    @Test
    void whatIsStoredReadsBackAfterAReopen()
    {
        final Path file = folder.resolve("bridge").resolve("sessions.dat");
        final RoutedOrder second = order(12, 1, 502);
        try (SessionStore store = SessionStore.open(file, line ->
        {
        }))
        {
            assertTrue(store.created());
            assertTrue(store.read().sessions().isEmpty());
            assertEquals(SessionStore.NONE, store.read().routingFloor());
            store.putSession(1001, new SessionStore.SessionState(1, "1001@simulator", 40, 7, 5, 12, 0));
            store.putSession(2002, new SessionStore.SessionState(2, null, 0, 0, 0, -1, -1));
            store.putOrder(7, second);
            store.putOrder(6, order(12, 0, 501));
            store.putOrder(5, order(11, 0, 500));
            store.putExecution(new SessionStore.InFlightExecution(1001, 42, 900, 501, 2, 0, 77, 88, 100, 139147));
            store.putExecution(new SessionStore.InFlightExecution(1001, 41, 899, 500, 2, 0, 76, 87, 100, 139146));
            store.putExecution(new SessionStore.InFlightExecution(2002, 3, 10, 9, 0, 0, 5, 0, 0, 0));
            store.putRoutingFloor(11);
            store.removeOrder(1001, 5);
            store.removeStreams(2002);
        }
        try (SessionStore store = SessionStore.open(file, line ->
        {
        }))
        {
            assertFalse(store.created());
            final SessionStore.Contents contents = store.read();
            assertEquals(Map.of(1001L, new SessionStore.SessionState(1, "1001@simulator", 40, 7, 5, 12, 0),
                2002L, new SessionStore.SessionState(2, null, 0, 0, 0, -1, -1)), contents.sessions());
            final List<SessionStore.StoredOrder> orders = contents.orders().get(1001L);
            assertEquals(List.of(6L, 7L), orders.stream().map(SessionStore.StoredOrder::seq).toList());
            assertEquals(second, orders.get(1).order());
            final List<SessionStore.InFlightExecution> executions = contents.executions().get(1001L);
            assertEquals(List.of(41L, 42L), executions.stream().map(SessionStore.InFlightExecution::seq).toList());
            assertTrue(executions.get(1).matches(501, 2, 0, 77, 88, 100, 139147));
            assertFalse(executions.get(1).matches(501, 2, 0, 77, 89, 100, 139147), "another deal");
            assertNull(contents.executions().get(2002L), "a new stream forgets what was in flight");
            assertEquals(11, contents.routingFloor());
        }
    }

    private static RoutedOrder order(final long inputSequence, final int routedIndex, final long orderId)
    {
        return new RoutedOrder(inputSequence, routedIndex, orderId, orderId + 10_000, 1, 1001, 3, 0, 1, 1, 2, 100,
            139147, 0, 1_399_593_600_000_000_000L, 0, 1_399_525_217_007L);
    }
}
