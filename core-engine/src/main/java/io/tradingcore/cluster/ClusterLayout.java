package io.tradingcore.cluster;

import java.util.List;

/**
 * Where each member of the cluster listens: member N on its host, in a block of ports starting at
 * {@code basePort + N * PORTS_PER_MEMBER}. The same layout gives the members their configuration and the clients the
 * ingress endpoints, so the two cannot disagree.
 */
public record ClusterLayout(List<String> hosts, int basePort)
{
    public static final int PORTS_PER_MEMBER = 10;
    static final int ARCHIVE_CONTROL = 0;
    static final int INGRESS = 1;
    static final int CONSENSUS = 2;
    static final int LOG_CONTROL = 3;

    public ClusterLayout
    {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("a cluster needs at least one member host");
        }
        if (basePort <= 0 || basePort + hosts.size() * PORTS_PER_MEMBER > 65_535)
        {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + hosts.size() +
                " members of " + PORTS_PER_MEMBER + " ports each");
        }
    }

    /** Comma-separated hosts, one per member in member order. */
    public static ClusterLayout parse(final String hosts, final int basePort)
    {
        return new ClusterLayout(List.of(hosts.trim().split("\\s*,\\s*")), basePort);
    }

    public int memberCount()
    {
        return hosts.size();
    }

    String endpoint(final int memberId, final int offset)
    {
        return hosts.get(memberId) + ":" + (basePort + memberId * PORTS_PER_MEMBER + offset);
    }

    /**
     * Aeron Cluster's static membership: id, ingress, consensus, log, catch-up and archive endpoints per member. The
     * catch-up endpoint takes any free port: a fixed one clashes when a member catches up twice in a row before the
     * leader's first replay publication to it has gone.
     */
    String clusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            members.append(id == 0 ? "" : "|").append(id)
                .append(',').append(endpoint(id, INGRESS))
                .append(',').append(endpoint(id, CONSENSUS))
                .append(',').append(endpoint(id, LOG_CONTROL))
                .append(',').append(hosts.get(id)).append(":0")
                .append(',').append(endpoint(id, ARCHIVE_CONTROL));
        }
        return members.toString();
    }

    /** The clients' view: {@code id=host:port} for each member's ingress. */
    public String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            endpoints.append(id == 0 ? "" : ",").append(id).append('=').append(endpoint(id, INGRESS));
        }
        return endpoints.toString();
    }

    @Override
    public String toString()
    {
        return String.join(",", hosts) + " from port " + basePort;
    }
}
