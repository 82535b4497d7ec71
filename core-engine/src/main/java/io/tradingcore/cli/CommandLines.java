package io.tradingcore.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * What the scripts' commands (replay, backtest, run, simulate) share on top of picocli: help and errors go to
 * the streams given, so that tests can read them; a command-line mistake prints one line naming the command,
 * then the usage of the (sub)command it was made in, and exits 2; and picocli's {@code generate-completion}
 * stays out of the usage.
 */
public final class CommandLines
{
    /** The name of picocli's {@link picocli.AutoComplete.GenerateCompletion} command. */
    public static final String COMPLETION = "generate-completion";

    /** Wider than picocli's 80 columns, so that an example time or path stays on one line. */
    private static final int USAGE_WIDTH = 100;

    /** Room for an option with its value, such as --speed=max|realtime|N, left of its description. */
    private static final int OPTION_WIDTH = 30;

    private CommandLines()
    {
    }

    /**
     * A command line for {@code command}, an annotated command that lists
     * {@link picocli.AutoComplete.GenerateCompletion} among its subcommands; {@code name} starts its error lines.
     */
    public static CommandLine prepare(final Object command, final String name, final PrintStream out,
        final PrintStream err)
    {
        final CommandLine commandLine = new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setUsageHelpWidth(USAGE_WIDTH)
            .setUsageHelpLongOptionsMaxWidth(OPTION_WIDTH)
            .setParameterExceptionHandler((ex, args) -> usageError(name, ex));
        // The completion script is set up once per shell; listing it in every usage would only distract.
        commandLine.getSubcommands().get(COMPLETION).getCommandSpec().usageMessage().hidden(true);
        return commandLine;
    }

    /**
     * Runs {@code command} (see {@link #prepare}) on {@code args}: an exception it throws is one line on
     * {@code err}, {@code name: message}, and exit code 2, the scripts' code for bad settings.
     */
    public static int execute(final Object command, final String name, final PrintStream out, final PrintStream err,
        final String... args)
    {
        return prepare(command, name, out, err)
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                err.println(name + ": " + ex.getMessage());
                return 2;
            })
            .execute(args);
    }

    private static int usageError(final String name, final CommandLine.ParameterException ex)
    {
        final CommandLine failed = ex.getCommandLine();
        final PrintWriter err = failed.getErr();
        err.println(name + ": " + ex.getMessage());
        failed.usage(err);
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }
}
