package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.journal.ChainCheck;
import io.tradingcore.replay.ReplayVerifier;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts/replay COMMAND --data DIR ...}: the tools that read a run's journals. {@code verify}
 * re-runs the inputs and compares every output; {@code audit} prints the decoded history;
 * {@code state} rebuilds the books as they were after one input; {@code export} writes the history
 * for outside tools. {@code verify} also checks both journals' hash chains. Exit 0 when fine, 1 on a verify
 * divergence or a broken chain, 2 on bad input (one line on stderr).
 */
public final class ReplayCommand
{
    private static final String USAGE = """
        usage: scripts/replay verify [--data DIR]
               scripts/replay audit  [--data DIR] [--format table|json] [FILTERS]
               scripts/replay state  [--data DIR] --at SEQ
               scripts/replay export [--data DIR] --to FILE.csv|FILE.jsonl [FILTERS]

          verify   re-run the input journal of DIR in a fresh engine and compare every output,
                   byte for byte, with DIR's output journal. Prints the counts and the final
                   state hash and exits 0 when identical; prints the first divergence
                   (input sequence, expected, actual) and exits 1 otherwise. Also checks
                   both journals' hash chains, prints each chain head (write it down to
                   catch a later rewrite) or the first entry where an edit broke the
                   chain, and exits 1 on a break.
          audit    print every journaled input and the outputs it caused, decoded, in order:
                   as an aligned table (seq, time, in/out, message, account, instrument,
                   details) or as JSON lines (--format json). Prices at the instrument's
                   digits, quantities in lots, money in the account currency.
          state    print accounts, positions, open orders and the state hash as they were
                   right after input SEQ: the nearest snapshot at or before SEQ, then the
                   journaled inputs after it.
          export   write the audit records (all, or the filtered ones) to FILE: CSV with a
                   header row when FILE ends in .csv, JSON lines when it ends in .jsonl.

          --data DIR          the data folder of a run (default ./data)
          --format F          audit: table (default) or json
          --at SEQ            state: the input sequence to travel to

        FILTERS (audit and export; all given must hold):
          --account ID        messages of this account
          --tenant ID         messages of this tenant
          --instrument X      messages of this instrument: its id or its symbol (EURUSD)
          --order ID          the causal chain of one order, found by client, venue or engine
                              order id: the causing input (NewOrder, or the tick on which a
                              strategy decided), acceptance or rejection, routing, execution
                              reports, fills, the position and account updates of its fills,
                              cancels, modifies and status changes
          --from X            from input sequence X, or from engine time X in UTC
                              (2014-05-08T10:00:00Z or 2014-05-08T10:00:00.250Z), inclusive
          --to X              audit: up to sequence or time X, inclusive
          --until X           the same as --to (export, where --to names the file)

        Exit codes: 0 ok, 1 verify found a divergence, 2 bad command line or data.
        """;

    private static final List<String> FILTERS = List.of("account", "tenant", "instrument", "order", "from", "until");
    private static final Map<String, Set<String>> OPTIONS = Map.of(
        "verify", Set.of("data"),
        "audit", options("data", "format", "to"),
        "state", Set.of("data", "at"),
        "export", options("data", "to"));

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
        return run(args, System.out, System.err);
    }

    /** As {@link #run(String[])}, printing to the given streams. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        try
        {
            final Arguments arguments = new Arguments(args, allOptions(), Set.of());
            if (arguments.help())
            {
                out.print(USAGE);
                return 0;
            }
            if (arguments.words().size() != 1 || !OPTIONS.containsKey(arguments.words().get(0)))
            {
                throw new Arguments.UsageException(arguments.words().isEmpty() ?
                    "name a command: verify, audit, state or export" :
                    "unknown command '" + String.join(" ", arguments.words()) + "' (known: verify, audit, state, export)");
            }
            final String command = arguments.words().get(0);
            for (final String option : arguments.given())
            {
                if (!OPTIONS.get(command).contains(option))
                {
                    throw new Arguments.UsageException(command + " takes no --" + option);
                }
            }
            final Path data = Path.of(arguments.get("data", "data"));
            if (!Files.isDirectory(data.resolve("journal").resolve("input")))
            {
                err.println("replay: no journal in " + data.toAbsolutePath() + " (run scripts/run first, or pass --data)");
                return 2;
            }
            return switch (command)
            {
                case "audit" -> AuditCommand.run(arguments, data, out, err);
                case "state" -> StateCommand.run(arguments, data, out, err);
                case "export" -> ExportCommand.run(arguments, data, out, err);
                default -> verify(data, out, err);
            };
        }
        catch (final Arguments.UsageException ex)
        {
            err.println("replay: " + ex.getMessage() + " (see --help)");
            return 2;
        }
        catch (final RuntimeException ex)
        {
            err.println("replay: " + ex.getMessage());
            return 2;
        }
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

    private static int verify(final Path data, final PrintStream out, final PrintStream err)
    {
        final Progress progress = new Progress(err, "verify");
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

    private static Set<String> options(final String... own)
    {
        final HashSet<String> names = new HashSet<>(FILTERS);
        names.addAll(List.of(own));
        return Set.copyOf(names);
    }

    private static Set<String> allOptions()
    {
        final HashSet<String> names = new HashSet<>();
        OPTIONS.values().forEach(names::addAll);
        return names;
    }
}
