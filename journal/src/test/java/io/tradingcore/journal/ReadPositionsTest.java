package io.tradingcore.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadPositionsTest
{
    @TempDir
    Path dir;

    @Test
    void positionsSurviveReopenAndStayIndependent()
    {
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            assertEquals(0, positions.get("postgres"));
            positions.store("postgres", 41);
            positions.store("clickhouse", 7);
            positions.store("postgres", 42);
            assertEquals(42, positions.get("postgres"));
        }
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            assertEquals(42, positions.get("postgres"));
            assertEquals(7, positions.get("clickhouse"));
            assertEquals(0, positions.get("billing"));
            positions.store("clickhouse", Long.MAX_VALUE);
            assertEquals(Long.MAX_VALUE, positions.get("clickhouse"));
        }
    }

    @Test
    void abandonedTempFileFromADeadProcessIsIgnoredAndRemoved() throws Exception
    {
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            positions.store("engine", 100);
        }
        // A store that died between writing its temp file and the rename: the old value must stand.
        final Path temp = dir.resolve("engine" + ReadPositions.SUFFIX + ReadPositions.TEMP_SUFFIX + "-999999999-1");
        Files.write(temp, new byte[] { 1, 2, 3 });
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            assertEquals(100, positions.get("engine"));
            assertFalse(Files.exists(temp));
        }
    }

    @Test
    void damagedFileIsAnErrorNotAZero() throws Exception
    {
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            positions.store("engine", 100);
            final Path file = dir.resolve("engine" + ReadPositions.SUFFIX);
            final byte[] bytes = Files.readAllBytes(file);
            bytes[9] ^= 1;
            Files.write(file, bytes);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> positions.get("engine"));
            assertTrue(ex.getMessage().contains("damaged"));
        }
    }

    @Test
    void rejectsBadNamesAndValues()
    {
        try (ReadPositions positions = ReadPositions.open(dir))
        {
            assertThrows(IllegalArgumentException.class, () -> positions.store("../escape", 1));
            assertThrows(IllegalArgumentException.class, () -> positions.get(""));
            assertThrows(IllegalArgumentException.class, () -> positions.store("ok", -1));
        }
    }
}
