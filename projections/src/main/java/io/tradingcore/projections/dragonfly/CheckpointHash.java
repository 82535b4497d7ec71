package io.tradingcore.projections.dragonfly;

import io.tradingcore.projections.Checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/** The checkpoint as a hash of its three fields, in decimal. */
final class CheckpointHash
{
    static final String LAST_INPUT = "lastInput";
    static final String OUTPUT_INPUT = "outputInput";
    static final String OUTPUT_INDEX = "outputIndex";

    private CheckpointHash()
    {
    }

    static Map<String, String> fields(final Checkpoint checkpoint)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put(LAST_INPUT, Long.toString(checkpoint.lastInput()));
        fields.put(OUTPUT_INPUT, Long.toString(checkpoint.outputInput()));
        fields.put(OUTPUT_INDEX, Integer.toString(checkpoint.outputIndex()));
        return fields;
    }

    /**
     * The checkpoint of a hash's fields; {@link Checkpoint#ZERO} for no hash at all.
     *
     * @throws IllegalArgumentException when a field is missing or not a number: the key was written by someone else
     */
    static Checkpoint parse(final Map<String, String> fields)
    {
        if (fields.isEmpty())
        {
            return Checkpoint.ZERO;
        }
        try
        {
            return new Checkpoint(Long.parseLong(fields.get(LAST_INPUT)), Long.parseLong(fields.get(OUTPUT_INPUT)),
                Integer.parseInt(fields.get(OUTPUT_INDEX)));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("checkpoint hash " + fields + " is not lastInput, outputInput, "
                + "outputIndex", ex);
        }
    }
}
