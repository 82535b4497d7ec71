package io.tradingcore.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter combinations of a sweep: {@code fast=5,10,20} and {@code slow=50,100} give six, in a fixed
 * order (the first parameter varies slowest). Each combination is a strategy parameters text
 * {@code k=v;k=v} and a folder name {@code k=v_k=v}.
 */
public final class ParameterGrid
{
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    /** @param parameters {@code key=value} or {@code key=v1,v2,...}, in command-line order */
    public static ParameterGrid parse(final List<String> parameters)
    {
        final ParameterGrid grid = new ParameterGrid();
        for (final String parameter : parameters)
        {
            final int equals = parameter.indexOf('=');
            if (equals <= 0 || parameter.indexOf(';') >= 0)
            {
                throw new IllegalArgumentException("parameter '" + parameter + "' is not key=value or key=v1,v2,...");
            }
            final String key = parameter.substring(0, equals).trim();
            if (grid.values.containsKey(key))
            {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
            final List<String> choices = new ArrayList<>();
            for (final String choice : parameter.substring(equals + 1).split(",", -1))
            {
                if (choice.isBlank())
                {
                    throw new IllegalArgumentException("parameter '" + parameter + "' has an empty value");
                }
                choices.add(choice.trim());
            }
            grid.values.put(key, choices);
        }
        return grid;
    }

    /** Adds a parameter with one value unless it is already given. */
    public ParameterGrid withDefault(final String key, final String value)
    {
        values.putIfAbsent(key, List.of(value));
        return this;
    }

    /** True when some parameter has more than one value. */
    public boolean isSweep()
    {
        return values.values().stream().anyMatch(choices -> choices.size() > 1);
    }

    public List<String> keys()
    {
        return List.copyOf(values.keySet());
    }

    /** Every combination, each as its values in {@link #keys()} order. */
    public List<List<String>> combinations()
    {
        List<List<String>> combinations = List.of(List.of());
        for (final List<String> choices : values.values())
        {
            final List<List<String>> next = new ArrayList<>();
            for (final List<String> prefix : combinations)
            {
                for (final String choice : choices)
                {
                    final List<String> combination = new ArrayList<>(prefix);
                    combination.add(choice);
                    next.add(combination);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** The strategy parameters text of a combination. */
    public String parametersText(final List<String> combination)
    {
        return join(combination, ";", true);
    }

    /** The folder name of a combination: only the swept parameters, {@code fast=5_slow=50}. */
    public String folderName(final List<String> combination)
    {
        return join(combination, "_", false);
    }

    private String join(final List<String> combination, final String separator, final boolean all)
    {
        final StringBuilder text = new StringBuilder();
        final List<String> keys = keys();
        for (int i = 0; i < keys.size(); i++)
        {
            if (all || values.get(keys.get(i)).size() > 1)
            {
                text.append(text.length() == 0 ? "" : separator).append(keys.get(i)).append('=')
                    .append(combination.get(i));
            }
        }
        return text.toString();
    }
}
