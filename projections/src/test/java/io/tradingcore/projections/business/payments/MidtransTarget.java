package io.tradingcore.projections.business.payments;

import java.io.IOException;

/**
 * What the contract tests talk to: the local {@link MidtransContractServer}, or Midtrans' real sandbox when the system
 * property {@value #SERVER_KEY_PROP_NAME} holds a sandbox server key, or when {@value #TARGET_PROP_NAME} is
 * {@code sandbox} and the environment's {@code TC_MIDTRANS_SERVER_KEY} holds it ({@code scripts/test-external midtrans}
 * does that, which keeps the key off the command line).
 */
final class MidtransTarget implements AutoCloseable
{
    static final String SERVER_KEY_PROP_NAME = "tradingcore.external.midtrans.serverKey";
    static final String TARGET_PROP_NAME = "tradingcore.external.midtrans";
    static final String LOCAL_KEY = "SB-Mid-server-contract-test-key";

    private final MidtransContractServer local;
    private final String serverKey;

    private MidtransTarget(final MidtransContractServer local, final String serverKey)
    {
        this.local = local;
        this.serverKey = serverKey;
    }

    static MidtransTarget start() throws IOException
    {
        String realKey = System.getProperty(SERVER_KEY_PROP_NAME);
        if ("sandbox".equals(System.getProperty(TARGET_PROP_NAME)))
        {
            realKey = System.getenv(MidtransSettings.SERVER_KEY_ENV);
            if (realKey == null || realKey.isBlank())
            {
                throw new IllegalStateException(TARGET_PROP_NAME + "=sandbox needs " + MidtransSettings.SERVER_KEY_ENV);
            }
        }
        if (realKey != null && !realKey.isBlank())
        {
            return new MidtransTarget(null, realKey.trim());
        }
        return new MidtransTarget(new MidtransContractServer(LOCAL_KEY), LOCAL_KEY);
    }

    boolean real()
    {
        return local == null;
    }

    /** The local server; only for tests that run against it alone. */
    MidtransContractServer local()
    {
        if (local == null)
        {
            throw new IllegalStateException("the real sandbox is the target");
        }
        return local;
    }

    String serverKey()
    {
        return serverKey;
    }

    /** Settings for the target, with {@code key} as the server key. */
    MidtransSettings settings(final String key)
    {
        final MidtransSettings settings = new MidtransSettings().serverKey(key);
        if (local != null)
        {
            settings.snapBaseUrl(local.baseUrl()).apiBaseUrl(local.baseUrl());
        }
        else
        {
            settings.snapBaseUrl(MidtransSettings.SNAP_BASE_URL_DEFAULT)
                .apiBaseUrl(MidtransSettings.API_BASE_URL_DEFAULT);
        }
        return settings;
    }

    MidtransClient client()
    {
        return new MidtransClient(settings(serverKey));
    }

    @Override
    public void close()
    {
        if (local != null)
        {
            local.close();
        }
    }
}
