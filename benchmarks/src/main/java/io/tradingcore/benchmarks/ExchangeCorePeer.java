package io.tradingcore.benchmarks;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.InitialStateConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.common.config.SerializationConfiguration;
import exchange.core2.core.processors.journaling.DiskSerializationProcessor;
import exchange.core2.core.processors.journaling.DiskSerializationProcessorConfiguration;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The peer: exchange-core (exchange.core2:exchange-core) in this process, driven with the same place/cancel order
 * workload as ours. One futures symbol (margin checked by its risk engine, as our pre-trade checks check ours), the
 * same number of accounts, each with a balance; each step places a resting GTC limit bid for one account and cancels
 * it, the accounts taking turns. Its journaling (LZ4-compressed journal files) is on when asked, into a temp folder.
 * Layout: one risk engine and one matching engine, its pipeline threads using the wait strategy given.
 * <p>
 * Commands are built before timing, as exchange-core's own throughput test does. Operation {@code i}: even is the
 * place of order {@code i / 2 + 1}, odd its cancel.
 */
final class ExchangeCorePeer implements AutoCloseable
{
    static final int SYMBOL = 1;
    private static final int USD = 840;
    private static final int EUR = 978;
    private static final long PRICE = 139_100;
    private static final long SIZE = 1;

    private final ExchangeCore core;
    private final ExchangeApi api;
    private final long[] accounts;
    private final AtomicLong failures = new AtomicLong();
    private volatile IntConsumer onResult = index -> { };

    ExchangeCorePeer(final long[] accounts, final boolean journaling, final Path folder, final CoreWaitStrategy wait)
        throws Exception
    {
        this.accounts = accounts.clone();
        final SerializationConfiguration serialization = journaling ?
            SerializationConfiguration.builder()
                .enableJournaling(true)
                .serializationProcessorFactory(cfg -> new DiskSerializationProcessor(cfg,
                    DiskSerializationProcessorConfiguration.builder()
                        .storageFolder(folder.toString())
                        .journalFileMaxSize(4L << 30)
                        .journalBufferSize(256 * 1024)
                        .journalBatchCompressThreshold(2048)
                        .snapshotLz4CompressorFactory(DiskSerializationProcessorConfiguration.LZ4_FAST)
                        .journalLz4CompressorFactory(DiskSerializationProcessorConfiguration.LZ4_FAST)
                        .build()))
                .build() :
            SerializationConfiguration.DEFAULT;
        final ExchangeConfiguration configuration = ExchangeConfiguration.defaultBuilder()
            .performanceCfg(PerformanceConfiguration.baseBuilder()
                .matchingEnginesNum(1)
                .riskEnginesNum(1)
                .ringBufferSize(64 * 1024)
                .waitStrategy(wait)
                .build())
            .initStateCfg(journaling ? InitialStateConfiguration.cleanStartJournaling("peer") :
                InitialStateConfiguration.CLEAN_TEST)
            .serializationCfg(serialization)
            .build();
        core = new ExchangeCore(this::onResult, configuration);
        core.startup();
        api = core.getApi();
        final CoreSymbolSpecification eurusd = CoreSymbolSpecification.builder()
            .symbolId(SYMBOL)
            .type(SymbolType.FUTURES_CONTRACT)
            .baseCurrency(EUR)
            .quoteCurrency(USD)
            .baseScaleK(1)
            .quoteScaleK(1)
            .marginBuy(1_000)
            .marginSell(1_000)
            .takerFee(0)
            .makerFee(0)
            .build();
        check(api.submitBinaryDataAsync(new BatchAddSymbolsCommand(eurusd)).get(10, TimeUnit.SECONDS), "add symbol");
        long transaction = 1;
        for (final long uid : accounts)
        {
            check(api.submitCommandAsync(ApiAddUser.builder().uid(uid).build()).get(10, TimeUnit.SECONDS), "add user");
            check(api.submitCommandAsync(ApiAdjustUserBalance.builder().uid(uid).currency(USD)
                .amount(10_000_000_000L).transactionId(transaction++).build()).get(10, TimeUnit.SECONDS), "deposit");
        }
    }

    private static void check(final CommandResultCode code, final String what)
    {
        if (code != CommandResultCode.SUCCESS)
        {
            throw new IllegalStateException("exchange-core refused " + what + ": " + code);
        }
    }

    private void onResult(final OrderCommand command, final long sequence)
    {
        final boolean place = command.command == OrderCommandType.PLACE_ORDER;
        if (place || command.command == OrderCommandType.CANCEL_ORDER)
        {
            if (command.resultCode != CommandResultCode.SUCCESS && command.resultCode != CommandResultCode.ACCEPTED)
            {
                failures.incrementAndGet();
            }
            onResult.accept((int)((command.orderId - 1) * 2 + (place ? 0 : 1)));
        }
    }

    /** The commands of {@code operations} place/cancel operations, built before timing. */
    ApiCommand[] commands(final int operations)
    {
        final ApiCommand[] commands = new ApiCommand[operations];
        for (int i = 0; i < operations; i++)
        {
            final long orderId = i / 2 + 1;
            final long uid = accounts[(int)(orderId % accounts.length)];
            commands[i] = (i & 1) == 0 ?
                ApiPlaceOrder.builder().uid(uid).orderId(orderId).price(PRICE).reservePrice(PRICE).size(SIZE)
                    .action(OrderAction.BID).orderType(OrderType.GTC).symbol(SYMBOL).build() :
                ApiCancelOrder.builder().uid(uid).orderId(orderId).symbol(SYMBOL).build();
        }
        return commands;
    }

    /** Where each operation's result goes (the operation's index), from exchange-core's results thread. */
    void onResult(final IntConsumer consumer)
    {
        this.onResult = consumer;
    }

    void submit(final ApiCommand command)
    {
        api.submitCommand(command);
    }

    long failures()
    {
        return failures.get();
    }

    @Override
    public void close()
    {
        core.shutdown(5, TimeUnit.SECONDS);
    }
}
