package io.tradingcore.benchmarks;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.journal.ChainCheck;
import io.tradingcore.journal.Journal;
import io.tradingcore.replay.ReplayVerifier;

import java.nio.file.Path;

/**
 * {@code scripts/replay verify} on a backtest's folder, timed: both journals' hash chains, then the
 * input journal re-run in a fresh engine with every output compared byte for byte. And the chain walk
 * alone ({@link Journal#verifyChain()} on both journals), to show its share.
 */
final class VerifyRate
{
    private final Path folder;
    private long inputs;
    private long outputMessages;

    VerifyRate(final Path folder)
    {
        this.folder = folder;
    }

    /** Inputs per second; fails unless the replay is identical and both chains intact. */
    TrialResult verify()
    {
        final long start = System.nanoTime();
        final ReplayVerifier.Result result = ReplayVerifier.verify(folder, ExampleStrategies.catalog(),
            (reached, total) -> { });
        final long nanos = System.nanoTime() - start;
        if (!result.identical() || !result.chainsIntact())
        {
            throw new IllegalStateException("replay verify failed on " + folder + ": " + result);
        }
        inputs = result.inputs();
        outputMessages = result.outputMessages();
        return new TrialResult(inputs, nanos, String.format("%,d inputs, %,d output messages: identical, chains " +
            "intact; %,.0f inputs+outputs/s", inputs, outputMessages, (inputs + outputMessages) * 1e9 / nanos));
    }

    /** Input journal entries per second of the chain walk over both journals (the output journal's entries too). */
    TrialResult chainsOnly()
    {
        final Path journals = folder.resolve("journal");
        try (Journal input = Journal.open(new Journal.Context().directory(journals.resolve("input")).readOnly(true));
            Journal output = Journal.open(new Journal.Context().directory(journals.resolve("output")).readOnly(true)))
        {
            final long start = System.nanoTime();
            final ChainCheck inputChain = input.verifyChain();
            final ChainCheck outputChain = output.verifyChain();
            final long nanos = System.nanoTime() - start;
            if (!inputChain.intact() || !outputChain.intact())
            {
                throw new IllegalStateException("chain broken in " + folder + ": " + inputChain + ", " + outputChain);
            }
            return new TrialResult(inputChain.entries(), nanos, String.format("%,d input journal entries and %,d " +
                "output journal entries (batches) walked, both intact", inputChain.entries(), outputChain.entries()));
        }
    }

    long inputs()
    {
        return inputs;
    }

    long outputMessages()
    {
        return outputMessages;
    }
}
