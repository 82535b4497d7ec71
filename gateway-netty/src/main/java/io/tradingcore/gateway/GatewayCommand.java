package io.tradingcore.gateway;

import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.HelpOption;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code scripts/gateway}: the gateway as its own process, until SIGTERM or Ctrl-C. */
@Command(name = "scripts/gateway", sortOptions = false, subcommands = AutoComplete.GenerateCompletion.class,
    description = {"Serves the HTTP and WebSocket API and the dashboard for a data folder's core: users and tenants " +
        "in PostgreSQL, commands through the core's Aeron command ingress, state from the core's journals and live " +
        "stream. Start the core first (scripts/run), or the gateway waits for its journal.",
        "At a data folder's first start it creates an admin and writes its credentials to DIR/gateway/first-user.txt " +
        "(mode 600)."},
    footer = {"%nPostgreSQL: --config FILE (Java properties: postgres.url, postgres.user, postgres.password or " +
        "postgres.passwordFile), else TC_POSTGRES_URL and the like in the environment, else the data folder's own " +
        "server (scripts/db start --data DIR). JWT signing key: TC_GATEWAY_JWT_KEY_FILE, else " +
        "DIR/gateway/jwt-key.json (made at the first start, mode 600). Needs Java 17.0.3 or newer.",
        "Clustered core (scripts/cluster): scripts/gateway --cluster [--follow-member N] [--hosts H1,H2,H3] " +
        "[--base-port PORT] sends commands through the cluster and follows member N's journals in " +
        "DIR/cluster/node-N (system properties tradingcore.gateway.cluster, tradingcore.gateway.followMember, " +
        "tradingcore.cluster.hosts, tradingcore.cluster.basePort).",
        "Exit codes: 0 stopped, 2 bad command line or settings."})
public final class GatewayCommand implements Callable<Integer>
{
    @Mixin
    private HelpOption help;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "the core's data folder (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "connection settings (Java properties)")
    private Path config;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = GatewayContext.HOST_DEFAULT,
        description = "the address to bind (default: ${DEFAULT-VALUE}, this host only)")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + GatewayContext.PORT_DEFAULT,
        description = "the HTTP port (default: ${DEFAULT-VALUE})")
    private int port;

    private final PrintStream out;

    GatewayCommand(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(final PrintStream out, final PrintStream err, final String... args)
    {
        return CommandLines.execute(new GatewayCommand(out), "scripts/gateway", out, err, args);
    }

    @Override
    public Integer call() throws Exception
    {
        final Gateway gateway = Gateway.launch(new GatewayContext()
            .dataDirectory(data).configFile(config).host(host).port(port), out);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            gateway.close();
            stopped.countDown();
        }, "gateway-stop"));
        out.printf("gateway: http://%s:%d/ (dashboard), API under /api/v1, OpenAPI at /openapi.json%n", host,
            gateway.port());
        gateway.firstUser().ifPresent(first -> out.println("gateway: first admin of tenant " + first.tenant() +
            " created; its credentials are in " + data.resolve("gateway").resolve("first-user.txt")));
        stopped.await();
        return 0;
    }
}
