package io.tradingcore.projections.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.SinkSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Weaviate projection: one {@code MarketState} object per instrument and UTC minute, with the minute's vector
 * ({@link MarketStates}) and its forward returns once known, for "find similar market states"
 * ({@link SimilarStates}). Ticks and instrument definitions only; outputs are ignored.
 * <p>
 * Weaviate has no transaction. A batch's new and updated objects go in one {@code /v1/batch/objects} request, then
 * the checkpoint, a {@code TradingCoreCheckpoint} object of a fixed id, in a second one. Object ids are name-based
 * ({@link MarketStates#idOf}) and a batch write of an id already stored replaces the object, so a crash between the two
 * requests is harmless: the runtime hands over the same events again and the same objects are written again.
 * <p>
 * Restart: the in-flight state of {@link MarketStates} (closes of the last 76 minutes per instrument, the open minute,
 * the states still waiting for forward returns, the symbols) is stored as JSON in the checkpoint object, in the same
 * write as the checkpoint, and restored on {@link #open()}. The runtime so resumes from the true checkpoint, and the
 * states go on exactly as if there had been no restart (rather than starting the read from an earlier checkpoint and
 * recomputing a window). Parked events are not kept: {@link #parked()} is always empty.
 */
public final class WeaviateSink implements Sink
{
    public static final String NAME = "weaviate";
    public static final String STATE_CLASS = "MarketState";
    public static final String CHECKPOINT_CLASS = "TradingCoreCheckpoint";
    public static final UUID CHECKPOINT_ID = UUID.nameUUIDFromBytes(
        "tradingcore:checkpoint:weaviate".getBytes(StandardCharsets.UTF_8));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final WeaviateClient client;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final DefineInstrumentDecoder instrument = new DefineInstrumentDecoder();
    private MarketStates states = new MarketStates();
    private long objectsWritten;

    public WeaviateSink(final WeaviateClient client)
    {
        this.client = client;
    }

    /** From {@code weaviate.url} and the optional {@code weaviate.apiKey} or {@code weaviate.apiKeyFile}. */
    public static WeaviateSink create(final SinkSettings settings)
    {
        return new WeaviateSink(client(settings));
    }

    /** The client the settings describe. */
    public static WeaviateClient client(final SinkSettings settings)
    {
        String apiKey = settings.get("weaviate.apiKey", null);
        final String keyFile = settings.get("weaviate.apiKeyFile", null);
        if (apiKey == null && keyFile != null)
        {
            try
            {
                apiKey = Files.readString(Path.of(keyFile)).strip();
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read weaviate.apiKeyFile " + keyFile + ": "
                    + ex.getMessage(), ex);
            }
        }
        return new WeaviateClient(URI.create(settings.require("weaviate.url")), apiKey, DEFAULT_TIMEOUT);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open() throws SinkException
    {
        client.ensureClass(stateClass());
        client.ensureClass(checkpointClass());
        final JsonNode stored = client.object(CHECKPOINT_CLASS, CHECKPOINT_ID);
        states = new MarketStates();
        if (stored != null)
        {
            try
            {
                states = MarketStates.restore(client.json().readTree(stored.path("properties").path("state")
                    .asText("{}")));
            }
            catch (final IOException ex)
            {
                throw SinkException.unavailable("the stored state of " + CHECKPOINT_CLASS + " is not JSON", ex);
            }
        }
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == DefineInstrumentDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        final JsonNode stored = client.object(CHECKPOINT_CLASS, CHECKPOINT_ID);
        if (stored == null)
        {
            return Checkpoint.ZERO;
        }
        final JsonNode properties = stored.path("properties");
        return new Checkpoint(properties.path("lastInput").asLong(), properties.path("outputInput").asLong(),
            properties.path("outputIndex").asInt());
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        final JsonNode before = states.snapshot();
        try
        {
            final Map<UUID, MarketStates.State> changed = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++)
            {
                if (batch.isInput(i) && batch.parkReason(i) == null)
                {
                    applyInput(batch, i, changed);
                }
            }
            final List<ObjectNode> objects = new ArrayList<>(changed.size());
            for (final MarketStates.State state : changed.values())
            {
                objects.add(stateObject(state));
            }
            client.batch(objects);
            client.batch(List.of(checkpointObject(batch.checkpoint())));
            objectsWritten += objects.size();
        }
        catch (final SinkException | RuntimeException ex)
        {
            states = MarketStates.restore(before);
            throw ex;
        }
    }

    private void applyInput(final EventBatch batch, final int index, final Map<UUID, MarketStates.State> changed)
    {
        final int templateId = batch.templateId(index);
        if (templateId == MarketTickDecoder.TEMPLATE_ID)
        {
            tick.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            states.tick(tick.instrumentId(), tick.timeMsc(), tick.bid(), tick.ask(),
                state -> changed.put(state.id(), state));
        }
        else if (templateId == DefineInstrumentDecoder.TEMPLATE_ID)
        {
            instrument.wrapAndApplyHeader(batch.buffer(), batch.offset(index), header);
            states.define(instrument.instrumentId(), instrument.symbol().strip());
        }
    }

    /** How many MarketState objects this sink wrote since it was made, rewrites included. */
    public long objectsWritten()
    {
        return objectsWritten;
    }

    @Override
    public List<ParkedEvent> parked()
    {
        return List.of();
    }

    /** Parked events are not kept, so there is nothing to apply again. */
    @Override
    public void applyParked(final EventBatch batch)
    {
        // Nothing is parked by this sink (see parked()).
    }

    @Override
    public void drop() throws SinkException
    {
        client.deleteClass(STATE_CLASS);
        client.deleteClass(CHECKPOINT_CLASS);
        states = new MarketStates();
        open();
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(STATE_CLASS, client.count(STATE_CLASS));
        return counts;
    }

    @Override
    public void close()
    {
        // The JDK 17 client has no close(); its idle connections end with the keep-alive timeout.
    }

    public ObjectNode stateObject(final MarketStates.State state)
    {
        final ObjectNode object = client.json().createObjectNode();
        object.put("class", STATE_CLASS).put("id", state.id().toString());
        final ObjectNode properties = object.putObject("properties");
        properties.put("instrument", String.valueOf(state.instrumentId())).put("symbol", state.symbol())
            .put("minute", Instant.ofEpochMilli(state.minuteMs()).toString()).put("timeMs", state.minuteMs())
            .put("forwardKnown", state.forwardKnown());
        if (state.forward5mBps() != null)
        {
            properties.put("forward5mBps", state.forward5mBps().doubleValue());
        }
        if (state.forward15mBps() != null)
        {
            properties.put("forward15mBps", state.forward15mBps().doubleValue());
        }
        final var vector = object.putArray("vector");
        for (final double value : state.vector())
        {
            vector.add(value);
        }
        return object;
    }

    private ObjectNode checkpointObject(final Checkpoint checkpoint)
    {
        final ObjectNode object = client.json().createObjectNode();
        object.put("class", CHECKPOINT_CLASS).put("id", CHECKPOINT_ID.toString());
        object.putObject("properties").put("name", NAME).put("lastInput", checkpoint.lastInput())
            .put("outputInput", checkpoint.outputInput()).put("outputIndex", checkpoint.outputIndex())
            .put("state", states.snapshot().toString());
        return object;
    }

    public static ObjectNode stateClass()
    {
        final ObjectNode definition = classNode(STATE_CLASS);
        definition.putObject("vectorIndexConfig").put("distance", "cosine");
        property(definition, "instrument", "text");
        property(definition, "symbol", "text").put("tokenization", "field");
        property(definition, "minute", "date");
        property(definition, "timeMs", "int");
        property(definition, "forward5mBps", "number");
        property(definition, "forward15mBps", "number");
        property(definition, "forwardKnown", "boolean");
        return definition;
    }

    static ObjectNode checkpointClass()
    {
        final ObjectNode definition = classNode(CHECKPOINT_CLASS);
        property(definition, "name", "text");
        property(definition, "lastInput", "int");
        property(definition, "outputInput", "int");
        property(definition, "outputIndex", "int");
        property(definition, "state", "text").put("indexFilterable", false).put("indexSearchable", false);
        return definition;
    }

    private static ObjectNode classNode(final String name)
    {
        final ObjectNode definition = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        definition.put("class", name).put("vectorizer", "none");
        definition.putArray("properties");
        return definition;
    }

    private static ObjectNode property(final ObjectNode definition, final String name, final String dataType)
    {
        final ObjectNode property = ((com.fasterxml.jackson.databind.node.ArrayNode)definition.get("properties"))
            .addObject();
        property.put("name", name).putArray("dataType").add(dataType);
        return property;
    }
}
