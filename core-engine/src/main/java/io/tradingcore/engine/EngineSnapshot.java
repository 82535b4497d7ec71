package io.tradingcore.engine;

import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's whole state in a canonical byte form: every collection is written sorted by id,
 * so two engines in the same state write the same bytes whatever order their maps hold. The same
 * bytes serve as the snapshot for recovery and as the input of the state hash.
 */
public final class EngineSnapshot
{
    private static final int MAGIC = 0x54434553; // "TCES"
    // Version 2 keeps of each order rate window only the last second's order times; version 1 kept the whole ring.
    private static final int VERSION = 2;

    private EngineSnapshot()
    {
    }

    /** Writes the engine's state into the buffer from offset 0; returns the length. */
    public static int write(final Engine engine, final ExpandableArrayBuffer buffer)
    {
        final Writer out = new Writer(buffer);
        out.putInt(MAGIC);
        out.putInt(VERSION);
        out.putLong(engine.lastSequence);
        out.putLong(engine.timeNs);
        out.putLong(engine.nextOrderId);
        out.putLong(engine.currentDay);
        out.putLong(engine.timersSet);
        out.putBoolean(engine.globalKill);

        final int[] instrumentIds = sortedInts(engine.markets.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInt(instrumentIds.length);
        for (final int id : instrumentIds)
        {
            final InstrumentMarket market = engine.markets.get(id);
            final InstrumentSpec spec = market.spec;
            out.putInt(spec.instrumentId());
            out.putString(spec.symbol());
            out.putInt(spec.digits());
            out.putLong(spec.contractSize());
            out.putLong(spec.tickSize());
            out.putLong(spec.volumeMin());
            out.putLong(spec.volumeMax());
            out.putLong(spec.volumeStep());
            out.putString(spec.profitCurrency());
            out.putLong(market.timeMsc);
            out.putLong(market.bid);
            out.putLong(market.ask);
            out.putLong(market.last);
            out.putLong(market.volume);
            out.putLong(market.lastTickTimeNs);
            out.putBoolean(market.hasQuote);
        }

        final int[] tenantIds = sortedInts(engine.tenants.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInt(tenantIds.length);
        for (final int id : tenantIds)
        {
            final Tenant tenant = engine.tenants.get(id);
            out.putInt(tenant.tenantId);
            out.putString(tenant.name);
            out.putBoolean(tenant.killed);
            writeLimits(out, tenant.limits);
            writeRate(out, tenant.orderRate, engine.timeNs);
        }

        final long[] accountIds = engine.accounts.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        out.putInt(accountIds.length);
        for (final long id : accountIds)
        {
            final Account account = engine.accounts.get(id);
            out.putLong(account.accountId);
            out.putInt(account.tenant.tenantId);
            out.putString(account.currency);
            out.putLong(account.balance);
            out.putInt(account.leverage);
            out.putLong(account.realizedPnl);
            out.putLong(account.commission);
            out.putBoolean(account.halted);
            out.putBoolean(account.killed);
            out.putLong(account.dayStartEquity);
            writeLimits(out, account.limits);
            writeRate(out, account.orderRate, engine.timeNs);
            final int[] positionIds = sortedInts(account.positions.keySet().stream().mapToInt(Integer::intValue).toArray());
            out.putInt(positionIds.length);
            for (final int instrumentId : positionIds)
            {
                final Position position = account.positions.get(instrumentId);
                out.putInt(instrumentId);
                out.putLong(position.netQuantity);
                out.putLong(position.openCost);
                out.putLong(position.realizedPnl);
            }
            final long[] used = account.usedClientOrderIds.inOrder();
            out.putLongs(used, used.length);
        }

        final long[] orderIds = engine.liveOrders.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        out.putInt(orderIds.length);
        for (final long id : orderIds)
        {
            final Order order = engine.liveOrders.get(id);
            out.putLong(order.orderId);
            out.putLong(order.clientOrderId);
            out.putInt(order.tenantId);
            out.putLong(order.accountId);
            out.putInt(order.instrumentId);
            out.putInt(order.strategyId);
            out.putInt(order.side.value());
            out.putInt(order.orderType.value());
            out.putInt(order.timeInForce.value());
            out.putInt(order.status.value());
            out.putLong(order.quantity);
            out.putLong(order.filledQuantity);
            out.putLong(order.price);
            out.putLong(order.stopPrice);
            out.putLong(order.expiryTimeNs);
            out.putLong(order.venueOrderId);
            out.putLong(order.pendingQuantity);
            out.putLong(order.pendingPrice);
            out.putLong(order.pendingStopPrice);
        }

        out.putInt(engine.strategies.size());
        for (final StrategyHost host : engine.strategies)
        {
            out.putInt(host.strategyId);
            out.putLong(host.account.accountId);
            out.putString(host.name);
            out.putString(host.parameters.text());
            out.putLong(host.ordersSubmitted);
            out.putBoolean(host.failed);
            final int lengthAt = out.position;
            out.putInt(0);
            host.strategy.saveState(out);
            buffer.putInt(lengthAt, out.position - lengthAt - Integer.BYTES);
        }

        out.putInt(engine.timers.size());
        for (final StrategyTimer timer : engine.timers)
        {
            out.putInt(timer.host.strategyId);
            out.putLong(timer.timerId);
            out.putLong(timer.deadlineNs);
            out.putLong(timer.order);
        }
        return out.position;
    }

    /** Restores a snapshot into a new engine, which must not have processed any input yet. */
    public static void restore(final Engine engine, final DirectBuffer buffer, final int offset, final int length)
    {
        if (engine.lastSequence != 0 || !engine.markets.isEmpty())
        {
            throw new IllegalStateException("restore needs a fresh engine");
        }
        final Reader in = new Reader(buffer, offset, length);
        if (in.getInt() != MAGIC)
        {
            throw new IllegalArgumentException("not an engine snapshot");
        }
        final int version = in.getInt();
        if (version != VERSION && version != 1)
        {
            throw new IllegalArgumentException("engine snapshot version " + version + " is not supported");
        }
        engine.lastSequence = in.getLong();
        engine.timeNs = in.getLong();
        engine.nextOrderId = in.getLong();
        engine.currentDay = in.getLong();
        engine.timersSet = in.getLong();
        engine.globalKill = in.getBoolean();

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final InstrumentSpec spec = new InstrumentSpec(in.getInt(), in.getString(), in.getInt(), in.getLong(),
                in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getString());
            engine.addInstrument(spec);
            final InstrumentMarket market = engine.markets.get(spec.instrumentId());
            market.timeMsc = in.getLong();
            market.bid = in.getLong();
            market.ask = in.getLong();
            market.last = in.getLong();
            market.volume = in.getLong();
            market.lastTickTimeNs = in.getLong();
            market.hasQuote = in.getBoolean();
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final Tenant tenant = new Tenant(in.getInt(), in.getString());
            tenant.killed = in.getBoolean();
            readLimits(in, tenant.limits);
            readRate(in, tenant.orderRate, version);
            engine.tenants.put(tenant.tenantId, tenant);
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final long accountId = in.getLong();
            final Tenant tenant = engine.tenants.get(in.getInt());
            final Account account = new Account(tenant, accountId);
            tenant.accounts.add(account);
            engine.accounts.put(accountId, account);
            account.currency = in.getString();
            account.balance = in.getLong();
            account.leverage = in.getInt();
            account.realizedPnl = in.getLong();
            account.commission = in.getLong();
            account.halted = in.getBoolean();
            account.killed = in.getBoolean();
            account.dayStartEquity = in.getLong();
            readLimits(in, account.limits);
            readRate(in, account.orderRate, version);
            for (int p = 0, positions = in.getInt(); p < positions; p++)
            {
                final Position position = engine.position(account, engine.markets.get(in.getInt()));
                position.netQuantity = in.getLong();
                position.openCost = in.getLong();
                position.realizedPnl = in.getLong();
                if (position.netQuantity != 0)
                {
                    position.market.openPositions.add(position);
                    position.inMarketList = true;
                }
            }
            final long[] used = new long[in.peekInt()];
            in.getLongs(used);
            for (final long id : used)
            {
                account.usedClientOrderIds.add(id);
            }
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final Order order = new Order();
            order.orderId = in.getLong();
            order.clientOrderId = in.getLong();
            order.tenantId = in.getInt();
            order.accountId = in.getLong();
            order.instrumentId = in.getInt();
            order.strategyId = in.getInt();
            order.side = Side.get((short)in.getInt());
            order.orderType = OrderType.get((short)in.getInt());
            order.timeInForce = TimeInForce.get((short)in.getInt());
            order.status = OrderStatus.get((short)in.getInt());
            order.quantity = in.getLong();
            order.filledQuantity = in.getLong();
            order.price = in.getLong();
            order.stopPrice = in.getLong();
            order.expiryTimeNs = in.getLong();
            order.venueOrderId = in.getLong();
            order.pendingQuantity = in.getLong();
            order.pendingPrice = in.getLong();
            order.pendingStopPrice = in.getLong();
            final Account account = engine.accounts.get(order.accountId);
            engine.liveOrders.put(order.orderId, order);
            account.liveOrdersByClientId.put(order.clientOrderId, order);
            account.tenant.openOrders++;
            final Position position = engine.position(account, engine.markets.get(order.instrumentId));
            if (order.side == Side.BUY)
            {
                position.openBuyQuantity += order.leavesQuantity();
            }
            else
            {
                position.openSellQuantity += order.leavesQuantity();
            }
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final int strategyId = in.getInt();
            final Account account = engine.accounts.get(in.getLong());
            final StrategyHost host = engine.startStrategy(strategyId, account, in.getString(), in.getString());
            host.ordersSubmitted = in.getLong();
            host.failed = in.getBoolean();
            final int stateLength = in.getInt();
            final int stateEnd = in.position + stateLength;
            host.strategy.loadState(in);
            if (in.position != stateEnd)
            {
                throw new IllegalStateException("strategy " + host.name + " read " + (in.position - stateEnd + stateLength) +
                    " of its " + stateLength + " state bytes");
            }
        }

        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final StrategyTimer timer = new StrategyTimer();
            timer.host = engine.strategiesById.get(in.getInt());
            timer.timerId = in.getLong();
            timer.deadlineNs = in.getLong();
            timer.order = in.getLong();
            engine.timers.add(timer);
        }
        for (final InstrumentMarket market : engine.markets.values())
        {
            market.openPositions.sort((a, b) -> Long.compare(a.account.accountId, b.account.accountId));
        }
    }

    public static String hash(final Engine engine)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final int length = write(engine, buffer);
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(buffer.byteArray(), 0, length);
            final StringBuilder hex = new StringBuilder(64);
            for (final byte b : digest.digest())
            {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int[] sortedInts(final int[] values)
    {
        Arrays.sort(values);
        return values;
    }

    private static void writeLimits(final Writer out, final RiskLimits limits)
    {
        out.putLong(limits.maxOrderQuantity);
        out.putLong(limits.maxPosition);
        out.putLong(limits.maxGrossExposure);
        out.putInt(limits.maxOpenOrders);
        out.putInt(limits.maxOrdersPerSecond);
        out.putInt(limits.priceBandBps);
        out.putInt(limits.staleMarketMs);
        out.putLong(limits.dailyLossLimit);
    }

    private static void readLimits(final Reader in, final RiskLimits limits)
    {
        limits.maxOrderQuantity = in.getLong();
        limits.maxPosition = in.getLong();
        limits.maxGrossExposure = in.getLong();
        limits.maxOpenOrders = in.getInt();
        limits.maxOrdersPerSecond = in.getInt();
        limits.priceBandBps = in.getInt();
        limits.staleMarketMs = in.getInt();
        limits.dailyLossLimit = in.getLong();
    }

    private static void writeRate(final Writer out, final OrderRateWindow rate, final long timeNs)
    {
        final int recent = rate.countWithinSecondBefore(timeNs);
        out.putInt(recent);
        for (int age = recent - 1; age >= 0; age--)
        {
            out.putLong(rate.newest(age));
        }
    }

    private static void readRate(final Reader in, final OrderRateWindow rate, final int version)
    {
        if (version == 1)
        {
            // Where the next order goes, how many the ring holds, then the whole ring.
            final int next = in.getInt();
            final int count = in.getInt();
            final long[] ring = new long[in.peekInt()];
            in.getLongs(ring);
            rate.restore(ring, next, count);
            return;
        }
        // Oldest first and all in use: a full ring whose next slot is the first.
        final long[] recent = new long[in.peekInt()];
        in.getLongs(recent);
        rate.restore(recent, 0, recent.length);
    }

    private static final class Writer implements StateWriter
    {
        private final MutableDirectBuffer buffer;
        private int position;

        Writer(final MutableDirectBuffer buffer)
        {
            this.buffer = buffer;
        }

        @Override
        public void putLong(final long value)
        {
            buffer.putLong(position, value);
            position += Long.BYTES;
        }

        @Override
        public void putInt(final int value)
        {
            buffer.putInt(position, value);
            position += Integer.BYTES;
        }

        @Override
        public void putLongs(final long[] values, final int count)
        {
            putInt(count);
            for (int i = 0; i < count; i++)
            {
                putLong(values[i]);
            }
        }

        void putBoolean(final boolean value)
        {
            buffer.putByte(position++, (byte)(value ? 1 : 0));
        }

        void putString(final String value)
        {
            final byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
            putInt(bytes.length);
            buffer.putBytes(position, bytes);
            position += bytes.length;
        }
    }

    private static final class Reader implements StateReader
    {
        private final DirectBuffer buffer;
        private final int end;
        private int position;

        Reader(final DirectBuffer buffer, final int offset, final int length)
        {
            this.buffer = buffer;
            this.position = offset;
            this.end = offset + length;
        }

        private void require(final int bytes)
        {
            if (position + bytes > end)
            {
                throw new IllegalArgumentException("engine snapshot is truncated at byte " + position);
            }
        }

        @Override
        public long getLong()
        {
            require(Long.BYTES);
            final long value = buffer.getLong(position);
            position += Long.BYTES;
            return value;
        }

        @Override
        public int getInt()
        {
            require(Integer.BYTES);
            final int value = buffer.getInt(position);
            position += Integer.BYTES;
            return value;
        }

        int peekInt()
        {
            require(Integer.BYTES);
            return buffer.getInt(position);
        }

        @Override
        public int getLongs(final long[] into)
        {
            final int count = getInt();
            if (count > into.length)
            {
                throw new IllegalArgumentException("snapshot array of " + count + " does not fit " + into.length);
            }
            for (int i = 0; i < count; i++)
            {
                into[i] = getLong();
            }
            return count;
        }

        boolean getBoolean()
        {
            require(1);
            return buffer.getByte(position++) != 0;
        }

        String getString()
        {
            final int length = getInt();
            require(length);
            final byte[] bytes = new byte[length];
            buffer.getBytes(position, bytes);
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Orders by id, for tools that list them. */
    static List<Order> sortedLiveOrders(final Engine engine)
    {
        final List<Order> orders = new ArrayList<>(engine.liveOrders.values());
        orders.sort((a, b) -> Long.compare(a.orderId, b.orderId));
        return orders;
    }
}
