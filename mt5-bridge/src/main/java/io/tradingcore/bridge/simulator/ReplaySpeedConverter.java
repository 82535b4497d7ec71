package io.tradingcore.bridge.simulator;

import picocli.CommandLine;

/** --speed on the command lines of scripts/run and scripts/simulate: {@link ReplaySpeed#parse}'s words. */
public final class ReplaySpeedConverter implements CommandLine.ITypeConverter<ReplaySpeed>
{
    @Override
    public ReplaySpeed convert(final String text)
    {
        try
        {
            return ReplaySpeed.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException("'" + text +
                "' is not realtime, max or a positive factor such as 10");
        }
    }
}
