package io.tradingcore.benchmarks;

import io.tradingcore.cluster.ClusterNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One cluster member in a JVM of its own, for {@link ClusterBenchmark}: launches {@link ClusterNode} with the clustered
 * engine or, with {@code --service echo}, the raw echo baseline ({@link ClusterEchoService}) in its place, then waits
 * until its standard input closes (the harness closes it, or exits) and shuts the member down. Every other setting is
 * the member's default (its system properties).
 *
 * <pre>
 * java $JVM_FLAGS -cp ... io.tradingcore.benchmarks.ClusterMember --member 0 --directory DIR/node-0
 *     --clients-file DIR/ingress-clients --base-port 21000 [--service engine|echo]
 * </pre>
 */
public final class ClusterMember
{
    private static final Set<String> OPTIONS = Set.of("member", "directory", "clients-file", "base-port", "service");

    private ClusterMember()
    {
    }

    @SuppressWarnings("try") // the member runs for the length of the block, not used in it
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null || !options.keySet().containsAll(Set.of("member", "directory", "clients-file",
            "base-port")))
        {
            System.err.println("usage: ClusterMember --member N --directory DIR --clients-file FILE --base-port PORT" +
                " [--service engine|echo]");
            System.exit(2);
        }
        final ClusterNode.Context context = new ClusterNode.Context()
            .memberId(Integer.parseInt(options.get("member")))
            .directory(Path.of(options.get("directory")))
            .clientsFile(Path.of(options.get("clients-file")))
            .basePort(Integer.parseInt(options.get("base-port")))
            .errorHandler(Throwable::printStackTrace);
        final String service = options.getOrDefault("service", "engine");
        if ("echo".equals(service))
        {
            context.clusteredService(ClusterEchoService::new);
        }
        else if (!"engine".equals(service))
        {
            System.err.println("unknown service " + service + ": engine or echo");
            System.exit(2);
        }
        final ClusterNode launched;
        try
        {
            launched = ClusterNode.launch(context);
        }
        catch (final RuntimeException ex)
        {
            // Threads the launch started before it failed would keep the JVM alive.
            ex.printStackTrace();
            System.exit(1);
            return;
        }
        try (ClusterNode node = launched)
        {
            System.out.println("member " + options.get("member") + " (" + service + ") launched");
            while (System.in.read() != -1)
            {
                Thread.onSpinWait();
            }
            System.out.println("member " + options.get("member") + ": standard input closed, stopping");
        }
        System.exit(0);
    }
}
