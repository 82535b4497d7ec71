package io.tradingcore.cli;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;
import io.tradingcore.replay.TimeTravel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scripts/replay state --at SEQ}: the books as they were right after one input. */
@Command(name = "state", sortOptions = false,
    description = {"Prints accounts, positions, open orders and the state hash as they were right after input SEQ.",
        "From the nearest snapshot at or before SEQ, then the journaled inputs after it."})
final class StateCommand implements Callable<Integer>
{
    @ParentCommand
    private ReplayCommand replay;

    @Mixin
    private HelpOption help;

    @Option(names = "--at", paramLabel = "SEQ", required = true, converter = PositiveNumber.class,
        description = "the input sequence to travel to")
    private long at;

    @Override
    public Integer call()
    {
        final Path data = replay.journals();
        final long last = AuditTrail.lastInputSequence(data);
        if (at > last)
        {
            replay.err().println("replay: --at " + at + " is beyond the journal's last input " + last);
            return 2;
        }
        final long start = System.nanoTime();
        final Progress progress = new Progress(replay.err(), "state");
        final TimeTravel.State state = TimeTravel.at(data, at, ExampleStrategies.catalog(), true,
            (reached, total) -> progress.update((double)reached / total, reached));
        progress.finish(state.replayedInputs());
        print(state, (System.nanoTime() - start) / 1_000_000, replay.out());
        return 0;
    }

    private static void print(final TimeTravel.State state, final long millis, final PrintStream out)
    {
        final EngineStateReport report = state.report();
        out.printf("state right after input %d (engine time %s)%n", state.sequence(), AuditRecord.formatTime(
            report.timeNs()));
        out.printf("%s, %,d inputs replayed (%,d ms)%n", state.snapshotSequence() == 0 ? "no snapshot" :
            "from the snapshot at " + state.snapshotSequence(), state.replayedInputs(), millis);
        out.println("accounts:");
        for (final EngineStateReport.AccountLine account : report.accounts())
        {
            out.printf("  tenant %d account %d %s  balance %s  equity %s  realized %s  unrealized %s  commission %s  " +
                "margin used %s  open orders %d%s%s%n", account.tenantId(), account.accountId(), account.currency(),
                money(account.balance()), money(account.equity()), money(account.realizedPnl()),
                money(account.unrealizedPnl()), money(account.commission()), money(account.marginUsed()),
                account.openOrders(), account.halted() ? "  HALTED" : "", account.killed() ? "  KILLED" : "");
        }
        out.println("positions:" + (report.positions().isEmpty() ? " none" : ""));
        for (final EngineStateReport.PositionLine position : report.positions())
        {
            out.printf("  account %d  %s %s lots @ %s  realized %s  unrealized %s%n", position.accountId(),
                position.symbol(), FixedPoint.formatQuantity(position.netQuantity()),
                FixedPoint.format(position.averagePrice(), position.digits()), money(position.realizedPnl()),
                money(position.unrealizedPnl()));
        }
        out.println("open orders:" + (report.openOrders().isEmpty() ? " none" : ""));
        for (final EngineStateReport.OrderLine order : report.openOrders())
        {
            final EngineStateReport.InstrumentLine instrument = report.instruments().stream()
                .filter(line -> line.instrumentId() == order.instrumentId()).findFirst().orElse(null);
            final int digits = instrument == null ? 0 : instrument.digits();
            out.printf("  order %d client %d venue %d  account %d  %s %s %s %s %s  %s lots, filled %s @ %s%n",
                order.orderId(), order.clientOrderId(), order.venueOrderId(), order.accountId(),
                instrument == null ? Integer.toString(order.instrumentId()) : instrument.symbol(), order.side(),
                order.type(), order.timeInForce(), order.status(), FixedPoint.formatQuantity(order.quantity()),
                FixedPoint.formatQuantity(order.filledQuantity()), FixedPoint.format(order.price(), digits));
        }
        out.println("state hash: " + state.stateHash());
    }

    private static String money(final long value)
    {
        return FixedPoint.format(value, FixedPoint.MONEY_DIGITS);
    }
}
