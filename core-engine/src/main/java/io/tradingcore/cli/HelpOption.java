package io.tradingcore.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h} and {@code --help} for a command, as a picocli mixin: picocli prints the usage and the command
 * exits 0. Not picocli's standard help mixin, which adds a {@code --version} these commands have nothing for.
 */
public final class HelpOption
{
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean requested;
}
