package io.tradingcore.projections;

/** What a projection is doing, as its status counter shows it. */
public enum ProjectionState
{
    /** Connecting to its database and reading its checkpoint. */
    STARTING("starting"),
    /** Reading the journals: behind the core, or the core's live stream is not there. */
    CATCHING_UP("catching up"),
    /** Following the core's Aeron stream. */
    LIVE("live"),
    /** Its database cannot be reached: retrying with backoff while the journal keeps everything. */
    DATABASE_DOWN("database down"),
    /** Ended (after --once, a rebuild, or a stop). */
    STOPPED("stopped");

    private final String label;

    ProjectionState(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    /** The state of a counter value; STOPPED for one this version does not know. */
    public static ProjectionState of(final long code)
    {
        final ProjectionState[] states = values();
        return code >= 0 && code < states.length ? states[(int)code] : STOPPED;
    }
}
