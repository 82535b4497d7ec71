package io.tradingcore.projections.business.payments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MidtransSettingsTest
{
    @TempDir
    Path folder;

    @Test
    void theSandboxByDefaultAndTheKeyFromItsFile() throws Exception
    {
        final Path keyFile = folder.resolve("midtrans.key");
        Files.writeString(keyFile, "SB-Mid-server-from-file\n");
        final MidtransSettings settings = new MidtransSettings().serverKeyFile(keyFile).conclude();
        assertEquals("https://app.sandbox.midtrans.com", settings.snapBaseUrl());
        assertEquals("https://api.sandbox.midtrans.com", settings.apiBaseUrl());
        assertEquals("SB-Mid-server-from-file", settings.serverKey());
        assertEquals(3_000, settings.statusTimeoutMs());
        assertFalse(settings.toString().contains("from-file"), "the key is never printed");
    }

    @Test
    void refusesWhatCannotWork()
    {
        assertThrows(IllegalStateException.class, () -> new MidtransSettings().serverKey("k").statusTimeoutMs(4_500)
            .conclude(), "no time left to answer Midtrans within 5 s");
        assertThrows(IllegalStateException.class, () -> new MidtransSettings().serverKey("k")
            .snapBaseUrl("app.sandbox.midtrans.com").conclude());
        assertThrows(java.io.UncheckedIOException.class, () -> new MidtransSettings()
            .serverKeyFile(folder.resolve("absent")).conclude());
        final MidtransSettings settings = new MidtransSettings().serverKey("k").apiBaseUrl("http://127.0.0.1:1/")
            .conclude();
        assertEquals("http://127.0.0.1:1", settings.apiBaseUrl());
        assertThrows(IllegalStateException.class, () -> settings.serverKey("other"), "concluded");
        assertTrue(settings.toString().contains("serverKey=set"));
    }
}
