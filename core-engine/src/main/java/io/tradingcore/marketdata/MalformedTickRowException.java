package io.tradingcore.marketdata;

/**
 * A row (or the header) of an MT5 tick export that cannot be parsed. The message has the form
 * {@code "<file name>:<1-based line number>: <what is wrong>"}, e.g.
 * {@code "EURUSD_x.csv:1234: bid '1.3x' is not a number"}.
 */
public final class MalformedTickRowException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final long lineNumber;
    private final String reason;

    public MalformedTickRowException(final String fileName, final long lineNumber, final String reason)
    {
        super(fileName + ":" + lineNumber + ": " + reason);
        this.fileName = fileName;
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** The file name (without directories) of the file holding the bad row. */
    public String fileName()
    {
        return fileName;
    }

    /** The 1-based line number of the bad row (the header is line 1). */
    public long lineNumber()
    {
        return lineNumber;
    }

    /** What is wrong, without the file and line prefix. */
    public String reason()
    {
        return reason;
    }
}
