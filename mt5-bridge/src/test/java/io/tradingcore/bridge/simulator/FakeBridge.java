package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.AccountSnapshot;
import io.tradingcore.bridge.protocol.BridgeError;
import io.tradingcore.bridge.protocol.ErrorCode;
import io.tradingcore.bridge.protocol.ExecutionFrame;
import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.FrameAssembler;
import io.tradingcore.bridge.protocol.FrameDecoder;
import io.tradingcore.bridge.protocol.FrameHandler;
import io.tradingcore.bridge.protocol.FrameWriter;
import io.tradingcore.bridge.protocol.Hello;
import io.tradingcore.bridge.protocol.ProtocolException;
import io.tradingcore.bridge.protocol.SymbolAnswer;
import io.tradingcore.bridge.protocol.TicksFrame;
import io.tradingcore.bridge.protocol.Welcome;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the bridge, for the simulator's tests: a plain ServerSocket speaking the codec. It keeps one
 * terminal session across connections (its last terminal seq, the ORDERs it sent), answers HELLO with
 * WELCOME, acknowledges every sequenced frame at once, and sends an ORDER when a planned tick arrives. A new
 * connection replaces the old one, as the real bridge does for the same terminal id.
 */
final class FakeBridge implements AutoCloseable
{
    /** An ORDER to send when the tick of this unique index arrives. */
    record PlannedOrder(long orderId, int side, int orderType, int timeInForce, long quantity, long price,
        boolean withCause)
    {
        static PlannedOrder marketBuy(final long orderId, final long quantity)
        {
            return new PlannedOrder(orderId, 0, 0, 0, quantity, 0, true);
        }

        static PlannedOrder marketSell(final long orderId, final long quantity)
        {
            return new PlannedOrder(orderId, 1, 0, 0, quantity, 0, true);
        }
    }

    record Tick(int symbolIndex, long timeMsc, long bid, long ask, long last, long volume, int flags)
    {
    }

    record Execution(long seq, long orderId, int execType, int retcode, long venueOrderId, long dealId,
        long lastQuantity, long lastPrice, long commission, String text)
    {
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Long, PlannedOrder> plan = new HashMap<>();
    private final List<byte[]> ordersSent = new ArrayList<>();
    private final List<Tick> ticks = new ArrayList<>();
    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final List<AccountSnapshot> accounts = new CopyOnWriteArrayList<>();
    private final List<Hello> hellos = new CopyOnWriteArrayList<>();
    private final List<byte[]> helloBytes = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean sendOrdersTwice;
    private volatile BridgeError refusal;
    private volatile int maxFramesPerSecond;
    private volatile boolean closed;
    private Connection current;
    private long lastTerminalSeq;

    FakeBridge() throws IOException
    {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fake-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    synchronized FakeBridge orderOnTick(final long tickIndex, final PlannedOrder order)
    {
        plan.put(tickIndex, order);
        return this;
    }

    FakeBridge sendOrdersTwice()
    {
        sendOrdersTwice = true;
        return this;
    }

    FakeBridge refuseWith(final int code, final String text)
    {
        refusal = new BridgeError(code, text);
        return this;
    }

    FakeBridge maxFramesPerSecond(final int limit)
    {
        maxFramesPerSecond = limit;
        return this;
    }

    /** A copy: the session appends under the bridge's lock. */
    synchronized List<Tick> ticks()
    {
        return new ArrayList<>(ticks);
    }

    List<Execution> executions()
    {
        return executions;
    }

    List<AccountSnapshot> accounts()
    {
        return accounts;
    }

    List<Hello> hellos()
    {
        return hellos;
    }

    List<byte[]> helloBytes()
    {
        return helloBytes;
    }

    /** Sequence gaps, frames the terminal must not send: empty when the terminal kept the protocol. */
    List<String> violations()
    {
        return violations;
    }

    synchronized int ordersSent()
    {
        return ordersSent.size();
    }

    synchronized long lastTerminalSeq()
    {
        return lastTerminalSeq;
    }

    @Override
    public void close() throws IOException
    {
        closed = true;
        server.close();
        synchronized (this)
        {
            if (current != null)
            {
                current.close();
            }
        }
    }

    private void accept()
    {
        while (!closed)
        {
            try
            {
                final Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                final Connection connection = new Connection(socket);
                synchronized (this)
                {
                    if (current != null)
                    {
                        current.close();
                    }
                    current = connection;
                }
                final Thread reader = new Thread(connection::run, "fake-bridge-session");
                reader.setDaemon(true);
                reader.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    /** One TCP connection; every state change happens under the bridge's lock, as one session's would. */
    private final class Connection implements FrameHandler
    {
        private final Socket socket;
        private final OutputStream out;
        private final FrameDecoder decoder = new FrameDecoder();
        private final FrameAssembler assembler = new FrameAssembler(Frame.DEFAULT_MAX_FRAME_BYTES);
        private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(4096);
        private boolean welcomed;
        private boolean ended;

        Connection(final Socket socket) throws IOException
        {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void run()
        {
            final byte[] chunk = new byte[64 * 1024];
            final UnsafeBuffer view = new UnsafeBuffer(chunk);
            try (socket)
            {
                final InputStream in = socket.getInputStream();
                int read;
                while (!ended && (read = in.read(chunk)) > 0)
                {
                    final int length = read;
                    synchronized (FakeBridge.this)
                    {
                        if (current != this)
                        {
                            return;
                        }
                        try
                        {
                            assembler.feed(view, 0, length, this::onFrame);
                        }
                        catch (final ProtocolException ex)
                        {
                            write(FrameWriter.error(frame, 0, ex.errorCode(), ex.getMessage()));
                            return;
                        }
                    }
                }
            }
            catch (final IOException ex)
            {
                // a dropped or reset terminal connection: the session waits for the next one
            }
        }

        void close()
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignored)
            {
                // replaced or closing
            }
        }

        private void onFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            if (ended)
            {
                return;
            }
            if (!welcomed && (buffer.getShort(offset + Frame.TYPE_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) != 1))
            {
                write(FrameWriter.error(frame, 0, ErrorCode.HANDSHAKE_REQUIRED, "HELLO first"));
                ended = true;
                return;
            }
            if (!welcomed)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                helloBytes.add(bytes);
            }
            decoder.decode(buffer, offset, length, this);
        }

        @Override
        public void onHello(final Hello hello)
        {
            hellos.add(hello);
            if (refusal != null)
            {
                write(FrameWriter.error(frame, 0, refusal.code(), refusal.text()));
                ended = true;
                return;
            }
            if (hello.reset())
            {
                lastTerminalSeq = 0;
            }
            final List<SymbolAnswer> answers = new ArrayList<>();
            for (int i = 0; i < hello.symbols().size(); i++)
            {
                answers.add(new SymbolAnswer(i + 1, ""));
            }
            write(FrameWriter.welcome(frame, 0, new Welcome(Frame.PROTOCOL_VERSION, 1000, 10_000,
                Frame.DEFAULT_MAX_FRAME_BYTES, maxFramesPerSecond, answers, lastTerminalSeq)));
            welcomed = true;
            for (int i = (int)hello.ack(); i < ordersSent.size(); i++)
            {
                sendOrder(ordersSent.get(i));
            }
        }

        @Override
        public void onTicks(final long seq, final long ack, final TicksFrame frameTicks)
        {
            if (!inSequence(seq))
            {
                return;
            }
            final List<byte[]> orders = new ArrayList<>();
            for (int i = 0; i < frameTicks.count(); i++)
            {
                final Tick tick = new Tick(frameTicks.symbolIndex(i), frameTicks.timeMsc(i), frameTicks.bid(i),
                    frameTicks.ask(i), frameTicks.last(i), frameTicks.volume(i), frameTicks.flags(i));
                final PlannedOrder planned = plan.get((long)ticks.size());
                ticks.add(tick);
                if (planned != null)
                {
                    final byte[] order = order(planned, tick);
                    ordersSent.add(order);
                    orders.add(order);
                }
            }
            for (final byte[] order : orders)
            {
                sendOrder(order);
            }
            acknowledge();
        }

        @Override
        public void onExecution(final long seq, final long ack, final ExecutionFrame execution)
        {
            if (!inSequence(seq))
            {
                return;
            }
            executions.add(new Execution(seq, execution.orderId(), execution.execType(), execution.retcode(),
                execution.venueOrderId(), execution.dealId(), execution.lastQuantity(), execution.lastPrice(),
                execution.commission(), execution.text()));
            acknowledge();
        }

        @Override
        public void onAccount(final long seq, final long ack, final AccountSnapshot account)
        {
            if (!inSequence(seq))
            {
                return;
            }
            accounts.add(account);
            acknowledge();
        }

        @Override
        public void onHeartbeat(final long ack, final long sendTimeNs, final long echoTimeNs)
        {
        }

        private boolean inSequence(final long seq)
        {
            if (seq <= lastTerminalSeq)
            {
                return false;
            }
            if (seq != lastTerminalSeq + 1)
            {
                violations.add("sequence gap: seq " + seq + " after " + lastTerminalSeq);
                write(FrameWriter.error(frame, 0, ErrorCode.SEQUENCE_GAP, "seq " + seq + " after " + lastTerminalSeq));
                ended = true;
                return false;
            }
            lastTerminalSeq = seq;
            return true;
        }

        private byte[] order(final PlannedOrder planned, final Tick tick)
        {
            final long seq = ordersSent.size() + 1;
            final int length = FrameWriter.order(frame, 0, seq, 0, planned.orderId(), 1000 + planned.orderId(),
                tick.symbolIndex(), Frame.ACTION_NEW, planned.side(), planned.orderType(), planned.timeInForce(),
                planned.quantity(), planned.price(), 0, 0, 0, planned.withCause() ? tick.timeMsc() : 0);
            final byte[] bytes = new byte[length];
            frame.getBytes(0, bytes);
            return bytes;
        }

        /** ORDERs carry the current ack in their header, as every frame does. */
        private void sendOrder(final byte[] order)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(order.clone());
            FrameWriter.ack(copy, 0, lastTerminalSeq);
            if (sendOrdersTwice)
            {
                // Both copies in one write, so that a dropped connection rarely parts them.
                final byte[] twice = new byte[2 * order.length];
                copy.getBytes(0, twice, 0, order.length);
                copy.getBytes(0, twice, order.length, order.length);
                writeBytes(twice);
            }
            else
            {
                writeBytes(copy.byteArray());
            }
        }

        private void acknowledge()
        {
            write(FrameWriter.heartbeat(frame, 0, lastTerminalSeq, System.nanoTime(), 0));
        }

        private void write(final int length)
        {
            final byte[] bytes = new byte[length];
            frame.getBytes(0, bytes);
            writeBytes(bytes);
        }

        private void writeBytes(final byte[] bytes)
        {
            try
            {
                out.write(bytes);
                out.flush();
            }
            catch (final IOException ex)
            {
                ended = true;
            }
        }
    }
}
