package io.tradingcore.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options, list options ({@code --name v1 v2 ...}, repeatable, in command-line order)
 * and plain words, with one-line errors for anything unknown.
 */
final class Arguments
{
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final List<String> words = new ArrayList<>();
    private final boolean help;

    Arguments(final String[] args, final Set<String> valued, final Set<String> flags)
    {
        this(args, valued, flags, Set.of());
    }

    Arguments(final String[] args, final Set<String> valued, final Set<String> flags, final Set<String> listed)
    {
        boolean wantsHelp = false;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h"))
            {
                wantsHelp = true;
            }
            else if (arg.startsWith("--"))
            {
                final String name = arg.substring(2);
                if (flags.contains(name))
                {
                    options.put(name, "true");
                }
                else if (valued.contains(name))
                {
                    if (i + 1 >= args.length)
                    {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    options.put(name, args[++i]);
                }
                else if (listed.contains(name))
                {
                    final List<String> values = lists.computeIfAbsent(name, key -> new ArrayList<>());
                    final int before = values.size();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--"))
                    {
                        values.add(args[++i]);
                    }
                    if (values.size() == before)
                    {
                        throw new UsageException("--" + name + " needs a value");
                    }
                }
                else
                {
                    throw new UsageException("unknown option " + arg);
                }
            }
            else
            {
                words.add(arg);
            }
        }
        help = wantsHelp;
    }

    boolean help()
    {
        return help;
    }

    String get(final String name, final String defaultValue)
    {
        return options.getOrDefault(name, defaultValue);
    }

    /** The names of the options given, in the order given. */
    Set<String> given()
    {
        return options.keySet();
    }

    boolean flag(final String name)
    {
        return options.containsKey(name);
    }

    /** Every value given to a list option, in command-line order; empty when it was not given. */
    List<String> list(final String name)
    {
        return lists.getOrDefault(name, List.of());
    }

    List<String> words()
    {
        return words;
    }

    /** A command line mistake: printed as one line with a pointer to --help, exit code 2. */
    static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }
}
