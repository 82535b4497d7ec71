package io.tradingcore.gateway.auth;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class PasswordHasherTest
{
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesWithArgon2idAtOwaspsMinimum()
    {
        final String hash = hasher.hash("correct horse battery");
        final Matcher phc = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([^$]+)\\$([^$]+)")
            .matcher(hash);
        assertTrue(phc.matches(), hash);
        assertEquals("19456", phc.group(1));
        assertEquals("2", phc.group(2));
        assertEquals("1", phc.group(3));
        assertTrue(phc.group(4).length() >= 21, "a salt of 16 bytes: " + phc.group(4));
    }

    @Test
    void eachHashHasItsOwnSalt()
    {
        assertNotEquals(hasher.hash("correct horse battery"), hasher.hash("correct horse battery"));
    }

    @Test
    void verifiesTheRightPasswordOnly()
    {
        final String hash = hasher.hash("correct horse battery");
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify("correct horse battery", "not a hash"));
    }

    @Test
    void anUnknownUserIsRefusedAfterAHashAllTheSame()
    {
        assertFalse(hasher.verify("correct horse battery", null));
    }
}
