package io.tradingcore.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs of a benchmark main, as scripts/bench passes them. */
final class BenchOptions
{
    private BenchOptions()
    {
    }

    /** The options by name, or null when an argument is not a known {@code --name value} pair. */
    static Map<String, String> parse(final String[] args, final Set<String> known)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !known.contains(args[i].substring(2)))
            {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
