package io.tradingcore.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.SessionAnswerEncoder;
import io.tradingcore.codec.SessionCode;
import io.tradingcore.codec.TimerDueEncoder;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.journal.Journal;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.pipeline.InputEvent;
import io.tradingcore.pipeline.Recovery;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine as an Aeron Cluster service. There is no pipeline here: each committed log entry is one input, and the
 * service calls {@link Engine#onInput} synchronously with the log's timestamp as engine time, so every member runs
 * the same inputs at the same times and reaches the same state (ARCHITECTURE.md, engine rule 1).
 *
 * <p>An input is a {@code ClientCommand} from a cluster client: its client session and sequence make a resend after a
 * failover a duplicate that the engine answers and does not apply. Anything else on the ingress is answered
 * {@code COMMAND_REFUSED} to its sender and never reaches the engine or the journals. The earliest strategy timer is a
 * cluster timer; when it expires the service gives the engine a {@code TimerDue} input, so timers are in the log
 * like everything else.
 *
 * <p>Every member writes each input to its own input journal and the outputs to its own output journal in the layout
 * of the single-process core, so the replay, audit and projection tools work on any member's folder. After a restart
 * the cluster replays the log from the last snapshot; entries the journals already hold are not written twice. The
 * leader sends each input's outputs, headed by the input sequence as in the output journal, to every client session.
 */
public final class ClusteredEngine implements ClusteredService
{
    /** The cluster timer for the engine's earliest strategy timer: one is enough, it is set again after each input. */
    static final long TIMER_CORRELATION_ID = 1;
    private static final int EGRESS_ATTEMPTS = 3;

    private final StrategyCatalog catalog;
    private final Journal inputJournal;
    private final Journal outputJournal;
    private final OutputJournalWriter outputWriter;
    private final NodeStatus status;
    private final Consumer<String> log;
    private final ExpandableDirectByteBuffer input = new ExpandableDirectByteBuffer(1024);
    private final ExpandableDirectByteBuffer outputs = new ExpandableDirectByteBuffer(1024);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer answerBuffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TimerDueEncoder timerDue = new TimerDueEncoder();
    private final SessionAnswerEncoder answer = new SessionAnswerEncoder();
    private final EngineOutput onOutputs = this::onOutputs;
    private final EgressPieces egress = new EgressPieces();
    private Engine engine;
    private Cluster cluster;
    private long journaledInputs;
    private long journaledOutputs;
    private long timerDeadlineNs = Long.MAX_VALUE;

    /**
     * @param inputJournal  the member's input journal, appended to by this service only.
     * @param outputJournal the member's output journal, appended to by this service only.
     * @param status        where the member's state is shown to {@code scripts/cluster status}.
     */
    public ClusteredEngine(
        final StrategyCatalog catalog, final Journal inputJournal, final Journal outputJournal, final NodeStatus status,
        final Consumer<String> log)
    {
        this.catalog = catalog;
        this.inputJournal = inputJournal;
        this.outputJournal = outputJournal;
        this.outputWriter = new OutputJournalWriter(outputJournal);
        this.status = status;
        this.log = log;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        // Aeron knows the time unit here only when it loaded a snapshot; on a fresh start it comes with the first
        // leadership term event (checked there), before any input.
        if (null != cluster.timeUnit())
        {
            requireNanoseconds(cluster.timeUnit());
        }
        this.cluster = cluster;
        engine = new Engine(catalog, onOutputs);
        if (null != snapshotImage)
        {
            final int length = SnapshotChunks.read(snapshotImage, snapshotBuffer, cluster.idleStrategy());
            EngineSnapshot.restore(engine, snapshotBuffer, 0, length);
            timerDeadlineNs = engine.nextTimerDeadlineNs();
        }
        journaledInputs = inputJournal.lastSequence();
        journaledOutputs = Recovery.lastBatch(outputJournal).inputSequence();
        if (journaledInputs < engine.lastSequence())
        {
            throw new IllegalStateException("the input journal " + inputJournal.directory() + " ends at input " +
                journaledInputs + ", before the cluster snapshot's " + engine.lastSequence() +
                ": the member's journals were lost while its snapshot was kept; move the member's folder away and " +
                "start it again to rebuild both from the others");
        }
        log.accept("clustered engine started at input " + engine.lastSequence() + " (input journal at " +
            journaledInputs + ")");
        status.update(cluster.role(), cluster.logPosition(), engine);
    }

    @Override
    public void onNewLeadershipTermEvent(
        final long leadershipTermId, final long logPosition, final long timestamp, final long termBaseLogPosition,
        final int leaderMemberId, final int logSessionId, final TimeUnit timeUnit, final int appVersion)
    {
        requireNanoseconds(timeUnit);
    }

    private static void requireNanoseconds(final TimeUnit timeUnit)
    {
        if (timeUnit != TimeUnit.NANOSECONDS)
        {
            throw new IllegalStateException("the clustered engine needs cluster time in nanoseconds, not " +
                timeUnit + ": set the consensus module's cluster clock");
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        final String refusal = refusal(buffer, offset, length);
        if (null != refusal)
        {
            refuse(session, refusal);
            return;
        }
        apply(timestamp, buffer, offset, length);
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (correlationId != TIMER_CORRELATION_ID || timerDeadlineNs == Long.MAX_VALUE)
        {
            return;
        }
        timerDue.wrapAndApplyHeader(input, InputEvent.INPUT_HEADER, headerEncoder).deadlineNs(timerDeadlineNs);
        timerDeadlineNs = Long.MAX_VALUE;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + timerDue.encodedLength();
        apply(timestamp, input, InputEvent.INPUT_HEADER, length);
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final int length = EngineSnapshot.write(engine, snapshotBuffer);
        SnapshotChunks.write(snapshotPublication, snapshotBuffer, length, cluster.idleStrategy());
        log.accept("snapshot taken at input " + engine.lastSequence() + " (" + length + " bytes)");
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        status.update(newRole, cluster.logPosition(), engine);
        log.accept("role: " + newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        status.update(null, cluster.logPosition(), engine);
        CloseHelper.closeAll(outputJournal, inputJournal);
    }

    /** Between log entries: keeps the status file current, which hashes the state, so only when the log is quiet. */
    @Override
    public int doBackgroundWork(final long nowNs)
    {
        return status.updateIfDue(nowNs, cluster.role(), cluster.logPosition(), engine);
    }

    /** Why the message is not an input the cluster takes, or null when it is. */
    private String refusal(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "a message of " + length + " bytes is shorter than a header";
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return "schema " + header.schemaId() + " is not the core's";
        }
        if (header.templateId() != ClientCommandDecoder.TEMPLATE_ID)
        {
            return "template " + header.templateId() + " is not a ClientCommand: the cluster takes inputs only with " +
                "a client session and sequence";
        }
        return null;
    }

    private void apply(final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = engine.lastSequence() + 1;
        if (sequence > journaledInputs)
        {
            if (buffer != input || offset != InputEvent.INPUT_HEADER)
            {
                input.putBytes(InputEvent.INPUT_HEADER, buffer, offset, length);
            }
            input.putLong(0, timestamp, ByteOrder.LITTLE_ENDIAN);
            final long journaled = inputJournal.append(input, 0, InputEvent.INPUT_HEADER + length);
            if (journaled != sequence)
            {
                throw new IllegalStateException("input journal gave sequence " + journaled + " to input " + sequence);
            }
            journaledInputs = sequence;
        }
        engine.onInput(sequence, timestamp, buffer, offset, length);
        final long deadline = engine.nextTimerDeadlineNs();
        if (deadline != timerDeadlineNs)
        {
            if (deadline == Long.MAX_VALUE)
            {
                cluster.cancelTimer(TIMER_CORRELATION_ID);
            }
            else
            {
                cluster.scheduleTimer(TIMER_CORRELATION_ID, deadline);
            }
            timerDeadlineNs = deadline;
        }
    }

    private void onOutputs(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        outputs.putLong(0, inputSequence, ByteOrder.LITTLE_ENDIAN);
        outputs.putBytes(OutputJournalWriter.HEADER_LENGTH, buffer, offset, length);
        final int entryLength = OutputJournalWriter.HEADER_LENGTH + length;
        if (inputSequence > journaledOutputs)
        {
            outputWriter.append(outputs, 0, entryLength);
            journaledOutputs = inputSequence;
        }
        if (cluster.role() == Cluster.Role.LEADER)
        {
            for (final ClientSession session : cluster.clientSessions())
            {
                egress.send(session, outputs, entryLength, EGRESS_ATTEMPTS, cluster.idleStrategy());
            }
        }
    }

    private void refuse(final ClientSession session, final String reason)
    {
        answer.wrapAndApplyHeader(answerBuffer, 0, headerEncoder)
            .clientSessionId(0)
            .code(SessionCode.COMMAND_REFUSED)
            .text(reason);
        // A client that is not reading misses the answer; the refusal does not depend on it.
        session.offer(answerBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + answer.encodedLength());
    }
}
