package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.journal.ChainCheck;
import io.tradingcore.replay.ReplayVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scripts/replay verify}: the inputs re-run in a fresh engine, every output compared, both chains checked. */
@Command(name = "verify", sortOptions = false,
    description = {"Re-runs the input journal of DIR in a fresh engine and compares every output, byte for byte, " +
        "with DIR's output journal.",
        "Prints the counts and the final state hash and exits 0 when identical; prints the first divergence " +
        "(input sequence, expected, actual) and exits 1 otherwise. Also checks both journals' hash chains, prints " +
        "each chain head (write it down to catch a later rewrite) or the first entry where an edit broke the " +
        "chain, and exits 1 on a break."})
final class VerifyCommand implements Callable<Integer>
{
    @ParentCommand
    private ReplayCommand replay;

    @Mixin
    private HelpOption help;

    @Override
    public Integer call()
    {
        final Path data = replay.journals();
        final PrintStream out = replay.out();
        final Progress progress = new Progress(replay.err(), "verify");
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, ExampleStrategies.catalog(),
            (reached, total) -> progress.update((double)reached / total, reached));
        progress.finish(result.inputs());
        printChain(out, "input", result.inputChain());
        printChain(out, "output", result.outputChain());
        if (result.identical())
        {
            out.printf("identical: %,d inputs replayed, %,d outputs match byte for byte (%,d ms)%n",
                result.inputs(), result.outputMessages(), result.millis());
            out.println("state hash: " + result.stateHash());
            return result.chainsIntact() ? 0 : 1;
        }
        final ReplayVerifier.Divergence divergence = result.divergence();
        out.println("DIVERGED at input sequence " + divergence.inputSequence());
        out.println("  expected (output journal): " + divergence.expected());
        out.println("  actual   (replay):         " + divergence.actual());
        return 1;
    }

    private static void printChain(final PrintStream out, final String journal, final ChainCheck check)
    {
        if (check.intact())
        {
            out.printf("chain: %s journal intact, head %s (entry %d)%n", journal, check.headHex(),
                check.headSequence());
        }
        else
        {
            out.printf("chain BROKEN at %s journal entry %d: %s%n", journal, check.firstBroken(), check.problem());
        }
    }
}
