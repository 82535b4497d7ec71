package io.tradingcore.pipeline;

/**
 * What a core found in its data folder on open.
 *
 * @param snapshotSequence     input sequence of the snapshot it started from, 0 if none
 * @param replayedInputs       journaled inputs after the snapshot that were run through the engine
 * @param republishedOutputs   inputs whose outputs were missing from the output journal (lost in a
 *                             crash between the two journals, or the rest of a split batch the crash
 *                             cut short) and were written again
 * @param lastSequence         the last journaled input: live sequencing continues after it
 * @param millis               how long recovery took
 * @param journalDamage        what the input journal reported about a damaged tail, or null
 */
public record RecoveryReport(
    long snapshotSequence,
    long replayedInputs,
    long republishedOutputs,
    long lastSequence,
    long millis,
    String journalDamage)
{
    @Override
    public String toString()
    {
        if (lastSequence == 0)
        {
            return "new journal";
        }
        return "recovered " + lastSequence + " inputs: snapshot at " + snapshotSequence + " + " + replayedInputs +
            " replayed" + (republishedOutputs > 0 ? ", " + republishedOutputs + " outputs rewritten" : "") + " in " +
            millis + " ms" + (journalDamage != null ? " (journal: " + journalDamage + ")" : "");
    }
}
