package io.tradingcore.gateway.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files that hold secrets: readable by their owner only from the moment they exist, never chmod-ed after. */
final class SecretFiles
{
    private SecretFiles()
    {
    }

    /**
     * Writes {@code text} to {@code file} whole or not at all: a temporary file created with mode 600 in the same
     * folder, then renamed over {@code file}.
     */
    static void write(final Path file, final String text) throws IOException
    {
        final Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        final Path temporary;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
        {
            final FileAttribute<Set<PosixFilePermission>> ownerOnly =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp", ownerOnly);
        }
        else
        {
            temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        }
        try
        {
            try (OutputStream out = Files.newOutputStream(temporary))
            {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
    }
}
