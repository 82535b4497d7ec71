package io.tradingcore.projections.arango;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Where the ArangoDB tests go: the real server named by {@code -Dtradingcore.external.arangodb=URL} (user and
 * password from {@code tradingcore.external.arangodb.user} and {@code .passwordFile} or {@code .password};
 * {@code scripts/test-external arangodb URL}), else a fresh {@link ArangoContractServer}.
 */
final class ArangoTarget implements AutoCloseable
{
    static final String URL_PROPERTY = "tradingcore.external.arangodb";

    final URI uri;
    final String user;
    final String password;
    final String database;
    private final ArangoContractServer server;

    ArangoTarget(final String database) throws IOException
    {
        final String external = System.getProperty(URL_PROPERTY, "");
        this.database = database;
        if (external.isBlank())
        {
            server = new ArangoContractServer();
            uri = server.uri();
            user = ArangoContractServer.USER;
            password = ArangoContractServer.PASSWORD;
        }
        else
        {
            server = null;
            uri = URI.create(external);
            user = System.getProperty(URL_PROPERTY + ".user", "root");
            final String file = System.getProperty(URL_PROPERTY + ".passwordFile", "");
            password = file.isBlank() ? System.getProperty(URL_PROPERTY + ".password", "") :
                java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
        }
    }

    boolean local()
    {
        return server != null;
    }

    ArangoSink sink()
    {
        return new ArangoSink(uri, database, user, password, Duration.ofSeconds(10));
    }

    ArangoClient client()
    {
        return new ArangoClient(uri, database, user, password, Duration.ofSeconds(10));
    }

    @Override
    public void close()
    {
        if (server != null)
        {
            server.close();
        }
    }
}
