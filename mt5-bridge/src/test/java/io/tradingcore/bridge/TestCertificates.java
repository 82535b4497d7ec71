package io.tradingcore.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made at test time with the JDK's own keytool, so the tests
 * need no certificate in the repository and no library beyond the JDK: a PKCS#12 keystore, and the same certificate
 * and key as PEM files.
 */
public final class TestCertificates
{
    public static final String PASSWORD = "test-keystore-password";
    private static final String ALIAS = "bridge";

    public final Path keyStore;
    public final Path certificatePem;
    public final Path privateKeyPem;

    private TestCertificates(final Path keyStore, final Path certificatePem, final Path privateKeyPem)
    {
        this.keyStore = keyStore;
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
    }

    /** Makes the keystore and PEM files in {@code folder}. */
    public static TestCertificates create(final Path folder) throws IOException, InterruptedException,
        GeneralSecurityException
    {
        final Path keyStore = folder.resolve("bridge.p12");
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        final Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
            "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
            "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
            keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException("keytool failed: " + output);
        }
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore))
        {
            store.load(in, PASSWORD.toCharArray());
        }
        final Certificate certificate = store.getCertificate(ALIAS);
        final Key key = store.getKey(ALIAS, PASSWORD.toCharArray());
        final Path certificatePem = folder.resolve("bridge.crt");
        final Path privateKeyPem = folder.resolve("bridge.key");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        // PKCS#8, what a key's getEncoded() is and what Netty reads without BouncyCastle.
        Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()));
        return new TestCertificates(keyStore, certificatePem, privateKeyPem);
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }
}
