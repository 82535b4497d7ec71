package io.tradingcore.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which secret token lets a terminal trade which tenant's accounts. One line per token:
 * {@code terminal TOKEN tenant=ID accounts=ID[,ID...]}; {@code #} starts a comment. Tokens are
 * compared in constant time so a wrong guess learns nothing from the answer's timing.
 */
public final class TerminalCredentials
{
    private final List<Grant> grants;
    private final String source;

    private record Grant(byte[] token, int tenantId, Set<Long> accounts)
    {
    }

    private TerminalCredentials(final List<Grant> grants, final String source)
    {
        this.grants = List.copyOf(grants);
        this.source = source;
    }

    /** The embedded default: the demo token for tenant 1, account 1001 (config/bridge-terminals.conf). */
    public static TerminalCredentials defaults()
    {
        try (InputStream in = TerminalCredentials.class.getResourceAsStream("/config/bridge-terminals.conf"))
        {
            if (in == null)
            {
                throw new IllegalStateException("config/bridge-terminals.conf is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in bridge-terminals.conf");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static TerminalCredentials load(final Path file)
    {
        try
        {
            return parse(Files.readString(file), file.toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read terminal credentials " + file + ": " + ex.getMessage(), ex);
        }
    }

    public static TerminalCredentials parse(final String text, final String source)
    {
        final List<Grant> grants = new ArrayList<>();
        int lineNumber = 0;
        for (final String raw : text.split("\n", -1))
        {
            lineNumber++;
            final String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] words = line.split("\\s+");
            if (words.length != 4 || !words[0].equals("terminal") || !words[2].startsWith("tenant=") ||
                !words[3].startsWith("accounts="))
            {
                throw new IllegalArgumentException(source + ":" + lineNumber +
                    ": expected 'terminal TOKEN tenant=ID accounts=ID[,ID...]', got '" + line + "'");
            }
            try
            {
                final int tenantId = Integer.parseInt(words[2].substring("tenant=".length()));
                final Set<Long> accounts = new HashSet<>();
                for (final String account : words[3].substring("accounts=".length()).split(","))
                {
                    accounts.add(Long.parseLong(account));
                }
                grants.add(new Grant(words[1].getBytes(StandardCharsets.US_ASCII), tenantId, accounts));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": not a number in '" + line + "'");
            }
        }
        return new TerminalCredentials(grants, source);
    }

    public static TerminalCredentials of(final String token, final int tenantId, final long... accounts)
    {
        final Set<Long> set = new HashSet<>();
        for (final long account : accounts)
        {
            set.add(account);
        }
        return new TerminalCredentials(List.of(new Grant(token.getBytes(StandardCharsets.US_ASCII), tenantId, set)),
            "given");
    }

    /** A copy with one more grant. */
    public TerminalCredentials with(final String token, final int tenantId, final long... accounts)
    {
        final List<Grant> all = new ArrayList<>(grants);
        all.addAll(of(token, tenantId, accounts).grants);
        return new TerminalCredentials(all, source);
    }

    /** True when {@code token} is configured and allows this tenant and account. */
    public boolean allows(final String token, final int tenantId, final long accountId)
    {
        final byte[] offered = token.getBytes(StandardCharsets.US_ASCII);
        boolean allowed = false;
        for (final Grant grant : grants)
        {
            final boolean match = MessageDigest.isEqual(grant.token, offered);
            allowed |= match && grant.tenantId == tenantId && grant.accounts.contains(accountId);
        }
        return allowed;
    }

    public String source()
    {
        return source;
    }
}
