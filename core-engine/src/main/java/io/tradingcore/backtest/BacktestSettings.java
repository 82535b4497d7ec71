package io.tradingcore.backtest;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.marketdata.Mt5TickFile;
import io.tradingcore.venue.VenueSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One backtest: the tick files (merged in time order), the strategy and its parameters text
 * ({@code k=v;k=v}), the reference data, the simulated venue and the folder the run writes.
 *
 * @param latencyNs engine time an order takes to reach the venue; its reports carry that later time
 */
public record BacktestSettings(
    List<Mt5TickFile> tickFiles,
    String strategyName,
    String parameters,
    ReferenceData referenceData,
    VenueSettings venue,
    long latencyNs,
    Path outDirectory)
{
    public BacktestSettings
    {
        tickFiles = List.copyOf(tickFiles);
        if (tickFiles.isEmpty())
        {
            throw new IllegalArgumentException("a backtest needs at least one tick file");
        }
        Objects.requireNonNull(strategyName, "strategyName");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(referenceData, "referenceData");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(outDirectory, "outDirectory");
        if (latencyNs < 0)
        {
            throw new IllegalArgumentException("latency must not be negative: " + latencyNs + " ns");
        }
    }

    /** The same backtest with other parameters, written to another folder: one point of a sweep. */
    public BacktestSettings withParameters(final String parameters, final Path outDirectory)
    {
        return new BacktestSettings(tickFiles, strategyName, parameters, referenceData, venue, latencyNs, outDirectory);
    }

    /**
     * The reader settings of one tick file: its instrument (by {@code symbol}, or by the symbol in the file
     * name as MT5 writes it) must be defined in the reference data, which also gives its digits.
     *
     * @param symbol null to take it from the file name
     */
    public static Mt5TickFile tickFile(
        final Path file, final String symbol, final ReferenceData referenceData, final Duration serverTimeOffset,
        final boolean skipBadRows)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("tick file " + file + " not found");
        }
        final String name = symbol != null ? symbol : Mt5TickFile.symbolFromFileName(file);
        final InstrumentSpec spec = referenceData.instrumentsBySymbol().get(name);
        if (spec == null)
        {
            throw new IllegalArgumentException("symbol " + name + " of " + file.getFileName() + " is not defined in " +
                referenceData.source() + " (known: " + referenceData.instrumentsBySymbol().keySet() +
                "); pass --symbol or a --config with that instrument");
        }
        return Mt5TickFile.builder(file).symbol(name).digits(spec.digits()).timeZoneOffset(serverTimeOffset)
            .skipBadRows(skipBadRows).build();
    }
}
