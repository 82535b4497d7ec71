package io.tradingcore.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code scripts/replay COMMAND --data DIR ...}: the tools that read a run's journals. {@code verify}
 * re-runs the inputs and compares every output; {@code audit} prints the decoded history;
 * {@code state} rebuilds the books as they were after one input; {@code export} writes the history
 * for outside tools. {@code verify} also checks both journals' hash chains. Exit 0 when fine, 1 on a verify
 * divergence or a broken chain, 2 on bad input (one line on stderr, then the usage for a command-line mistake).
 */
@Command(name = "scripts/replay", sortOptions = false,
    description = "The tools that read a run's journals; none of them writes to them.",
    subcommands = {VerifyCommand.class, AuditCommand.class, StateCommand.class, ExportCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"%nRun 'scripts/replay COMMAND --help' for the options of a command. Each shows a progress bar with " +
        "rate and ETA when it runs longer than a second.",
        "Exit codes: 0 ok, 1 verify found a divergence or a broken chain, 2 bad command line or data."})
public final class ReplayCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    // Inherited, so that it goes before or after the command's name.
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", scope = ScopeType.INHERIT,
        description = "the data folder of a run (default ./data)")
    private Path data;

    private final PrintStream out;
    private final PrintStream err;

    private ReplayCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
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
        return CommandLines.prepare(new ReplayCommand(out, err), "replay", out, err)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, err))
            .execute(args);
    }

    @Override
    public Integer call()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: verify, audit, state or export");
    }

    /** The --data folder, once it is known to hold a run's journals. */
    Path journals()
    {
        if (!Files.isDirectory(data.resolve("journal").resolve("input")))
        {
            throw new IllegalArgumentException("no journal in " + data.toAbsolutePath() +
                " (run scripts/run first, or pass --data)");
        }
        return data;
    }

    PrintStream out()
    {
        return out;
    }

    PrintStream err()
    {
        return err;
    }

    /** Bad data (no journal, an order the journal does not know, ...) is one line and exit code 2. */
    private static int failed(final Exception ex, final PrintStream err) throws Exception
    {
        if (ex instanceof RuntimeException)
        {
            err.println("replay: " + ex.getMessage());
            return 2;
        }
        throw ex;
    }
}
