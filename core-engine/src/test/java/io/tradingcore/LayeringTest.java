package io.tradingcore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package layering of core-engine (ARCHITECTURE.md, "Packages of core-engine"), read from the import lines of
 * every main source file: a package imports only packages of a lower rank, so the live pipeline, the offline tools
 * and the edges can change without the engine noticing; and the packages that run on the engine's thread as the
 * engine import nothing that reads or writes the world, reads a clock, draws a random number or starts a thread
 * (ARCHITECTURE.md, engine rule 1). Only imports are read: a fully qualified name in code is not seen.
 */
class LayeringTest
{
    private static final String ROOT = "io.tradingcore.";

    /** Packages below io.tradingcore, lowest first; codec is generated, journal is a module of its own. */
    private static final Map<String, Integer> RANKS = Map.ofEntries(
        entry("codec", 0), entry("domain", 0), entry("journal", 0),
        entry("messages", 1), entry("strategy", 1),
        entry("engine", 2), entry("strategy.examples", 2),
        entry("outputs", 3),
        entry("pipeline", 4),
        entry("config", 5), entry("marketdata", 5), entry("venue", 5), entry("cluster", 5),
        entry("backtest", 6), entry("replay", 6),
        entry("cli", 7));

    /** What the engine runs: the engine itself, the fixed-point domain and the strategies it hosts. */
    private static final Set<String> ENGINE_THREAD = Set.of("domain", "engine", "strategy", "strategy.examples");

    /**
     * What those packages must not import: a class, or every class of a package (a name ending in a dot). java.nio's
     * buffers, byte order and charsets lay out memory and stay allowed; its files, channels and mapped buffers are
     * I/O. A seeded java.util.Random is a pure function of its seed, so only the unseedable generators are named.
     */
    private static final List<String> NOT_ON_THE_ENGINE_THREAD = List.of(
        "java.io.", "java.nio.file.", "java.nio.channels.", "java.nio.MappedByteBuffer", "java.net.",
        "io.tradingcore.journal.", "java.time.Clock", "java.security.SecureRandom", "java.util.concurrent.");

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "tradingcore");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;");

    private record Import(String file, int line, String sourcePackage, String name)
    {
        String where()
        {
            return file + ":" + line + " (" + sourcePackage + ") imports " + name;
        }
    }

    @Test
    void everyPackageHasARank() throws IOException
    {
        final Set<String> unranked = new TreeSet<>();
        for (final Path file : sourceFiles())
        {
            final String sourcePackage = sourcePackage(file);
            if (!RANKS.containsKey(sourcePackage))
            {
                unranked.add(sourcePackage);
            }
        }
        for (final Import imported : imports())
        {
            final String target = tradingCorePackage(imported.name());
            if (target != null && !RANKS.containsKey(target))
            {
                unranked.add(target);
            }
        }
        assertEquals(Set.of(), unranked, "packages missing from LayeringTest.RANKS and ARCHITECTURE.md");
    }

    @Test
    void aPackageImportsOnlyPackagesBelowIt() throws IOException
    {
        final List<String> upward = new ArrayList<>();
        for (final Import imported : imports())
        {
            final String target = tradingCorePackage(imported.name());
            final Integer from = RANKS.get(imported.sourcePackage());
            final Integer to = target == null ? null : RANKS.get(target);
            if (from != null && to != null && !target.equals(imported.sourcePackage()) && to >= from)
            {
                upward.add(imported.where() + ": rank " + to + " is not below " + from);
            }
        }
        assertEquals(List.of(), upward, "imports of a package at the same rank or above");
    }

    @Test
    void theEngineThreadImportsNoIoClockRandomnessOrThreads() throws IOException
    {
        final List<String> impure = new ArrayList<>();
        for (final Import imported : imports())
        {
            if (ENGINE_THREAD.contains(imported.sourcePackage()))
            {
                for (final String forbidden : NOT_ON_THE_ENGINE_THREAD)
                {
                    if (imported.name().startsWith(forbidden.endsWith(".") ? forbidden : forbidden + ".") ||
                        imported.name().equals(forbidden))
                    {
                        impure.add(imported.where());
                    }
                }
            }
        }
        assertEquals(List.of(), impure, "the engine must stay a pure function of its inputs");
    }

    /** The package below io.tradingcore that a qualified name lies in, or null for names outside io.tradingcore. */
    private static String tradingCorePackage(final String name)
    {
        if (!name.startsWith(ROOT))
        {
            return null;
        }
        final StringBuilder packageName = new StringBuilder();
        for (final String part : name.substring(ROOT.length()).split("\\."))
        {
            if (Character.isUpperCase(part.charAt(0)))
            {
                break;
            }
            packageName.append(packageName.length() == 0 ? "" : ".").append(part);
        }
        return packageName.toString();
    }

    private static List<Path> sourceFiles() throws IOException
    {
        try (Stream<Path> files = Files.walk(SOURCES))
        {
            return files.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The package below io.tradingcore that a source file declares, from its folder. */
    private static String sourcePackage(final Path file)
    {
        return SOURCES.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
    }

    private static List<Import> imports() throws IOException
    {
        final List<Import> imports = new ArrayList<>();
        for (final Path file : sourceFiles())
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++)
            {
                final Matcher matcher = IMPORT.matcher(lines.get(i));
                if (matcher.find())
                {
                    imports.add(new Import(SOURCES.relativize(file).toString(), i + 1, sourcePackage(file),
                        matcher.group(1)));
                }
            }
        }
        return imports;
    }
}
