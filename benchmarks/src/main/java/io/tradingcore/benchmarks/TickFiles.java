package io.tradingcore.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks' real ticks are: the sample shipped with the project and, when the shared
 * data folder is there, the larger export beside it. Benchmarks never invent ticks.
 */
final class TickFiles
{
    /** The shipped sample: 167,430 EURUSD quotes of 8 May 2014. */
    static final String SAMPLE = "samples/EURUSD_20140508.mt5.csv.gz";
    /** Optional: 1,144,542 EURUSD quotes of 1-15 May 2014, in the shared data folder next to the project. */
    static final String LARGE = "../shared/data/ticks/EURUSD_20140501_20140515.mt5.csv.gz";
    /** The project folder; the scripts set it, otherwise the working folder or one of its parents. */
    static final String HOME_PROP = "tradingcore.home";
    /** A tick file for the JMH benchmarks instead of the sample. */
    static final String TICKS_PROP = "tradingcore.bench.ticks";

    private TickFiles()
    {
    }

    static Path home()
    {
        final String home = System.getProperty(HOME_PROP);
        if (home != null)
        {
            return Path.of(home).toAbsolutePath().normalize();
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent())
        {
            if (Files.isRegularFile(folder.resolve(SAMPLE)))
            {
                return folder;
            }
        }
        throw new IllegalStateException("cannot find " + SAMPLE + " above " + Path.of("").toAbsolutePath() +
            "; set -D" + HOME_PROP + "=<project folder>");
    }

    static Path sample()
    {
        return home().resolve(SAMPLE);
    }

    static Path large()
    {
        return home().resolve(LARGE).normalize();
    }

    /** The file the JMH benchmarks read: {@value #TICKS_PROP} if set, else the sample. */
    static Path forMicroBenchmarks()
    {
        final String file = System.getProperty(TICKS_PROP);
        return file != null ? Path.of(file) : sample();
    }
}
