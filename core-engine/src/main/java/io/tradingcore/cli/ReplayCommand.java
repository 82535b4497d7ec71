package io.tradingcore.cli;

import io.tradingcore.journal.ChainCheck;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.StrategyCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code scripts/replay verify --data DIR}: re-runs the input journal in a fresh engine and
 * compares every output with the output journal, after checking both journals' hash chains.
 * Exit 0 when identical, 1 on a divergence or a broken chain, 2 on a usage error.
 */
public final class ReplayCommand
{
    private static final String USAGE = """
        usage: scripts/replay verify [--data DIR]

          verify   re-run the input journal of DIR in a fresh engine and compare every output,
                   byte for byte, with DIR's output journal. Prints the counts and the final
                   state hash and exits 0 when identical; prints the first divergence
                   (input sequence, expected, actual) and exits 1 otherwise. Also checks
                   both journals' hash chains, prints each chain head (write it down to
                   catch a later rewrite) or the first entry where an edit broke the
                   chain, and exits 1 on a break.

          --data DIR   the data folder of a run (default ./data)
        """;

    private ReplayCommand()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code, for callers that must not exit. */
    public static int run(final String[] args)
    {
        try
        {
            final Arguments arguments = new Arguments(args, Set.of("data"), Set.of());
            if (arguments.help())
            {
                System.out.print(USAGE);
                return 0;
            }
            if (arguments.words().size() != 1 || !arguments.words().get(0).equals("verify"))
            {
                throw new Arguments.UsageException(arguments.words().isEmpty() ? "name a command: verify" :
                    "unknown command '" + String.join(" ", arguments.words()) + "' (known: verify)");
            }
            final Path data = Path.of(arguments.get("data", "data"));
            if (!Files.isDirectory(data.resolve("journal").resolve("input")))
            {
                System.err.println("replay: no journal in " + data.toAbsolutePath() + " (run scripts/run first, or pass --data)");
                return 2;
            }
            final Progress progress = new Progress(System.err, "verify");
            final ReplayVerifier.Result result = ReplayVerifier.verify(data, StrategyCatalog.withExamples(),
                (reached, total) -> progress.update((double)reached / total, reached));
            progress.finish(result.inputs());
            printChain("input", result.inputChain());
            printChain("output", result.outputChain());
            final int chainsExit = result.chainsIntact() ? 0 : 1;
            if (result.identical())
            {
                System.out.printf("identical: %,d inputs replayed, %,d outputs match byte for byte (%,d ms)%n",
                    result.inputs(), result.outputMessages(), result.millis());
                System.out.println("state hash: " + result.stateHash());
                return chainsExit;
            }
            final ReplayVerifier.Divergence divergence = result.divergence();
            System.out.println("DIVERGED at input sequence " + divergence.inputSequence());
            System.out.println("  expected (output journal): " + divergence.expected());
            System.out.println("  actual   (replay):         " + divergence.actual());
            return 1;
        }
        catch (final Arguments.UsageException ex)
        {
            System.err.println("replay: " + ex.getMessage() + " (see --help)");
            return 2;
        }
        catch (final RuntimeException ex)
        {
            System.err.println("replay: " + ex.getMessage());
            return 2;
        }
    }

    private static void printChain(final String journal, final ChainCheck check)
    {
        if (check.intact())
        {
            System.out.printf("chain: %s journal intact, head %s (entry %d)%n", journal, check.headHex(),
                check.headSequence());
        }
        else
        {
            System.out.printf("chain BROKEN at %s journal entry %d: %s%n", journal, check.firstBroken(), check.problem());
        }
    }
}
