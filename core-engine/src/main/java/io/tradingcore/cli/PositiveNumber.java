package io.tradingcore.cli;

import picocli.CommandLine;

/** Ids and sequence numbers on the command line: whole numbers from 1. */
final class PositiveNumber implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String text)
    {
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (value <= 0)
        {
            throw new CommandLine.TypeConversionException(text + " must be positive");
        }
        return value;
    }
}
