package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class JavaVersionCheckTest
{
    @Test
    void refusesJavasWithPsychicSignatures()
    {
        for (final String version : new String[] {"17", "17.0.1", "17.0.2+8", "18", "18.0.0.1", "15.0.6", "11.0.20",
            "1.8", "junk"})
        {
            assertFalse(JavaVersionCheck.isSafe(version), version);
        }
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> JavaVersionCheck.require("17.0.2+8"));
        assertTrue(refused.getMessage().contains("17.0.3") && !refused.getMessage().contains("\n"));
    }

    @Test
    void acceptsFixedJavas()
    {
        for (final String version : new String[] {"17.0.3", "17.0.3+7", "17.0.15+6-Debian-1deb12u1", "17.0.4.1",
            "18.0.1", "21.0.2", "25"})
        {
            assertTrue(JavaVersionCheck.isSafe(version), version);
        }
        assertDoesNotThrow(JavaVersionCheck::requireSafeJava);
    }
}
