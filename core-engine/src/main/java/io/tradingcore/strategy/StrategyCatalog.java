package io.tradingcore.strategy;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The strategies an engine can start, by name. Attaching a strategy is a journaled input that
 * names it, so every engine that replays the journal must hold the same catalog. The catalog is part of the
 * strategy API and knows no strategy of its own: {@code ExampleStrategies.catalog()} fills one with the examples.
 */
public final class StrategyCatalog
{
    private final Map<String, Function<StrategyParameters, Strategy>> factories = new TreeMap<>();

    public StrategyCatalog register(final String name, final Function<StrategyParameters, Strategy> factory)
    {
        factories.put(name, factory);
        return this;
    }

    public boolean contains(final String name)
    {
        return factories.containsKey(name);
    }

    public Iterable<String> names()
    {
        return factories.keySet();
    }

    /** Builds a strategy; throws IllegalArgumentException with the reason on unknown names or bad parameters. */
    public Strategy create(final String name, final StrategyParameters parameters)
    {
        final Function<StrategyParameters, Strategy> factory = factories.get(name);
        if (factory == null)
        {
            throw new IllegalArgumentException("no strategy named '" + name + "' (known: " + factories.keySet() + ")");
        }
        return factory.apply(parameters);
    }
}
