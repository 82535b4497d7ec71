package io.tradingcore.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link CommandAuthenticator}: a key per client process. The core keeps only each key's SHA-256, one
 * line {@code name sha256-hex} per client in its clients file (default {@code DATA/core/ingress-clients}); a client
 * keeps its key in a file of its own with mode 600. The file is read again at every session open, so a client issued
 * while the core runs is accepted without a restart.
 */
public final class ClientKeys implements CommandAuthenticator
{
    private static final int KEY_BYTES = 32;

    private final Path clientsFile;

    public ClientKeys(final Path clientsFile)
    {
        this.clientsFile = clientsFile;
    }

    @Override
    public String authenticate(final String clientName, final byte[] credential)
    {
        final Map<String, byte[]> clients;
        try
        {
            clients = read(clientsFile);
        }
        catch (final UncheckedIOException ex)
        {
            return "the clients file " + clientsFile + " cannot be read: " + ex.getCause().getMessage();
        }
        final byte[] expected = clients.get(clientName);
        // Compared in constant time, and a hash is computed for unknown names too.
        final byte[] presented = sha256(credential);
        if (!MessageDigest.isEqual(expected == null ? new byte[presented.length] : expected, presented) ||
            expected == null)
        {
            return "unknown client or wrong key for '" + clientName + "'";
        }
        return null;
    }

    /**
     * The key of client {@code name} in {@code keyFile}: read when the file exists, otherwise generated, written with
     * mode 600 and registered in the clients file. The key file is created only once, so two processes racing to
     * create it cannot end up with different keys.
     */
    public static byte[] loadOrIssue(final Path clientsFile, final String name, final Path keyFile)
    {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}"))
        {
            throw new IllegalArgumentException("a client name is 1 to 64 letters, digits, '.', '_' or '-': " + name);
        }
        try
        {
            if (Files.exists(keyFile))
            {
                return HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
            }
            final byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            try
            {
                Files.createFile(keyFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            catch (final FileAlreadyExistsException ex)
            {
                return HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
            }
            Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
            register(clientsFile, name, key);
            return key;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot issue the ingress key of " + name + " in " + keyFile, ex);
        }
    }

    /** Adds (or replaces) a client's key hash in the clients file. */
    public static synchronized void register(final Path clientsFile, final String name, final byte[] key)
    {
        try
        {
            final Map<String, byte[]> clients = Files.exists(clientsFile) ? read(clientsFile) : new LinkedHashMap<>();
            clients.put(name, sha256(key));
            final StringBuilder text = new StringBuilder(
                "# Clients of the core's command ingress: name and SHA-256 of its key (ClientKeys)\n");
            clients.forEach((client, hash) -> text.append(client).append(' ').append(HexFormat.of().formatHex(hash))
                .append('\n'));
            Files.createDirectories(clientsFile.toAbsolutePath().getParent());
            final Path temporary = clientsFile.resolveSibling(clientsFile.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, clientsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the clients file " + clientsFile, ex);
        }
    }

    private static Map<String, byte[]> read(final Path clientsFile)
    {
        final Map<String, byte[]> clients = new LinkedHashMap<>();
        if (!Files.exists(clientsFile))
        {
            return clients;
        }
        try
        {
            for (final String line : Files.readAllLines(clientsFile, StandardCharsets.US_ASCII))
            {
                final String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#"))
                {
                    continue;
                }
                final String[] parts = trimmed.split("\\s+");
                if (parts.length == 2 && parts[1].length() == 2 * KEY_BYTES)
                {
                    clients.put(parts[0], HexFormat.of().parseHex(parts[1]));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return clients;
    }

    private static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
