package io.tradingcore.bridge;

import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.bridge.simulator.ReplaySpeed;
import io.tradingcore.bridge.simulator.ReplayedSymbol;
import io.tradingcore.bridge.simulator.TerminalSimulator;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.venue.VenueSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two tenants with two terminals each, every account with its own strategy on its own instrument:
 * each terminal receives and executes only its own account's orders, and all of them.
 */
class BridgeTenantIsolationTest
{
    private static final long[] ACCOUNTS = {1101, 1102, 2201, 2202};
    private static final int[] TENANTS = {1, 1, 2, 2};
    private static final String[] SYMBOLS = {"EURUSD", "EURUSD.B", "EURUSD.C", "EURUSD.D"};

    @Test
    void noOrderEverCrossesToAnotherTerminal() throws Exception
    {
        final StringBuilder config = new StringBuilder("tenant 1 name=alpha\ntenant 2 name=beta\n");
        for (int i = 0; i < ACCOUNTS.length; i++)
        {
            config.append("account ").append(ACCOUNTS[i]).append(" tenant=").append(TENANTS[i])
                .append(" currency=USD balance=100000 leverage=100\n")
                .append("instrument ").append(i + 1).append(' ').append(SYMBOLS[i])
                .append(" digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 volume-step=0.01" +
                    " currency=USD\n")
                .append("limits account=").append(ACCOUNTS[i]).append(" tenant=").append(TENANTS[i])
                .append(" max-order=5 max-position=10 max-orders-per-second=500 stale-ms=60000\n")
                .append("strategy ").append(i + 1).append(" ma-crossover account=").append(ACCOUNTS[i])
                .append(" tenant=").append(TENANTS[i]).append(" symbol=").append(SYMBOLS[i])
                .append(" bar=0 fast=").append(10 + 5 * i).append(" slow=80 quantity=0.10\n");
        }
        final TerminalCredentials credentials = TerminalCredentials.of("alpha-token", 1, 1101, 1102)
            .with("beta-token", 2, 2201, 2202);
        final InputRecorder recorder = new InputRecorder();
        final List<TerminalSimulator> terminals = new ArrayList<>();
        try (BridgeRig rig = new BridgeRig(BridgeRig.tempData("tenants"), ReferenceData.parse(config.toString(),
            "test"),
            new BridgeContext().credentials(credentials), recorder))
        {
            for (int i = 0; i < ACCOUNTS.length; i++)
            {
                terminals.add(TerminalSimulator.launch(new TerminalSimulator.Context()
                    .port(rig.port())
                    .tenantId(TENANTS[i])
                    .accountId(ACCOUNTS[i])
                    .terminalId("terminal-" + ACCOUNTS[i])
                    .token(TENANTS[i] == 1 ? "alpha-token" : "beta-token")
                    .symbol(new ReplayedSymbol(new TerminalSymbol("EURUSDm", SYMBOLS[i], 5, 3, 100_000, 100, 100,
                        1_000_000), BridgeEndToEndTest.SAMPLE))
                    .speed(ReplaySpeed.MAX)
                    .resendWindowFrames(4)
                    .tickLimit(30_000)
                    .randomDrops(5, 100 + i)
                    .reconnectBackoffMs(10, 50)
                    .venueSettings(VenueSettings.defaults())));
            }
            for (final TerminalSimulator terminal : terminals)
            {
                assertTrue(terminal.awaitFinished(Duration.ofSeconds(120)), terminal.summary() + "; log " + rig.log);
            }
            rig.await("every order filled", Duration.ofSeconds(20), () ->
            {
                synchronized (recorder)
                {
                    return recorder.filledQuantities.size() == recorder.orderQuantities.size();
                }
            });
            rig.stop();
            for (int i = 0; i < ACCOUNTS.length; i++)
            {
                final long account = ACCOUNTS[i];
                final Set<Long> own = new HashSet<>();
                recorder.orderAccounts.forEach((order, owner) ->
                {
                    if (owner == account)
                    {
                        own.add(order);
                    }
                });
                final List<Long> executed = terminals.get(i).executedOrderIds();
                assertTrue(own.size() > 20, "account " + account + " traded: " + own.size());
                for (final long order : executed)
                {
                    assertEquals(account, recorder.orderAccounts.get(order),
                        "terminal of account " + account + " received order " + order);
                }
                assertEquals(own, new HashSet<>(executed), "account " + account
                    + "'s terminal executed all its orders");
                assertEquals(executed.size(), new HashSet<>(executed).size(), "each once");
            }
            assertEquals(4 * 30_000, recorder.tickCount(), "each terminal's ticks journaled once");
        }
        finally
        {
            for (final TerminalSimulator terminal : terminals)
            {
                terminal.close();
            }
        }
    }
}
