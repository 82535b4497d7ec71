package io.tradingcore.gateway.ops;

import io.tradingcore.pipeline.CoreCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreCountersReaderTest
{
    @TempDir
    Path temp;

    @Test
    void aMissingCncFileIsTheCoreDownNotAnError()
    {
        try (CoreCountersReader reader = new CoreCountersReader(temp.resolve("aeron")))
        {
            final CoreCountersReader.Snapshot snapshot = reader.read();
            assertFalse(snapshot.cncPresent());
            assertTrue(snapshot.detail().contains("no Aeron CnC file"), snapshot.detail());
            assertEquals(OptionalLong.empty(), snapshot.value(CoreCounters.CORE_HEARTBEAT_TYPE_ID));
        }
    }

    @Test
    void readsTheCoresCountersByTypeAndTheLatencyBucketsByKey()
    {
        final Path aeron = temp.resolve("aeron");
        try (TestCore core = new TestCore(aeron); CoreCountersReader reader = new CoreCountersReader(aeron))
        {
            core.counter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "inputs published", 12_345);
            core.counter(CoreCounters.RING_FILL_TYPE_ID, "ring fill", 7);
            core.keyedCounter(CoreCounters.TICK_TO_ORDER_BUCKET_TYPE_ID, 100, "tick-to-order <= 100 us", 5);
            core.keyedCounter(CoreCounters.TICK_TO_ORDER_BUCKET_TYPE_ID, 50, "tick-to-order <= 50 us", 3);
            final CoreCountersReader.Snapshot snapshot = reader.read();
            assertTrue(snapshot.cncPresent());
            assertEquals(OptionalLong.of(12_345), snapshot.value(CoreCounters.INPUTS_PUBLISHED_TYPE_ID));
            assertEquals(OptionalLong.of(7), snapshot.value(CoreCounters.RING_FILL_TYPE_ID));
            assertEquals(OptionalLong.empty(), snapshot.value(CoreCounters.BRIDGE_SESSIONS_TYPE_ID));
            assertEquals(Map.of(50, 3L, 100, 5L), snapshot.tickToOrderBuckets());
            assertEquals(50, snapshot.tickToOrderBuckets().firstKey());
        }
    }

    @Test
    void seesLiveValuesThenTheCoreGoneThenANewCore()
    {
        final Path aeron = temp.resolve("aeron");
        try (CoreCountersReader reader = new CoreCountersReader(aeron))
        {
            try (TestCore core = new TestCore(aeron))
            {
                final io.aeron.Counter published = core.counter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "published", 1);
                assertEquals(OptionalLong.of(1), reader.read().value(CoreCounters.INPUTS_PUBLISHED_TYPE_ID));
                published.set(2);
                assertEquals(OptionalLong.of(2), reader.read().value(CoreCounters.INPUTS_PUBLISHED_TYPE_ID));
            }
            assertFalse(reader.read().cncPresent(), "the driver deleted its folder on its way out");
            try (TestCore core = new TestCore(aeron))
            {
                core.counter(CoreCounters.INPUTS_PUBLISHED_TYPE_ID, "published", 40);
                assertEquals(OptionalLong.of(40), reader.read().value(CoreCounters.INPUTS_PUBLISHED_TYPE_ID),
                    "the new driver's file, not the old mapping");
            }
        }
    }
}
