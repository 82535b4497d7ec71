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
import java.util.TreeSet;

/**
 * Which secret token lets a terminal trade which tenant's accounts. One line per token:
 * {@code terminal TOKEN tenant=ID accounts=ID[,ID...]}; {@code #} starts a comment. Tokens are
 * compared in constant time so a wrong guess learns nothing from the answer's timing.
 */
public final class TerminalCredentials
{
    /**
     * The token of the built-in file, printed in the READMEs: anyone may know it, so the bridge refuses it beyond
     * loopback ({@link BridgeContext#conclude()}).
     */
    public static final String DEMO_TOKEN = "demo-token-change-me";

    private final List<Grant> grants;
    private final String source;

    /** {@code where} is the file and line, or "given", for messages that must name a grant but not its secret. */
    private record Grant(byte[] token, int tenantId, Set<Long> accounts, String where)
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
                grants.add(new Grant(words[1].getBytes(StandardCharsets.US_ASCII), tenantId, accounts,
                    source + ":" + lineNumber));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": not a number in '" + line + "'");
            }
        }
        if (grants.isEmpty())
        {
            // An empty file is far more often one caught half-written than a wish to shut every terminal out.
            throw new IllegalArgumentException(source + ": no 'terminal' line: a bridge with no token lets no one in");
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
        return new TerminalCredentials(List.of(new Grant(token.getBytes(StandardCharsets.US_ASCII), tenantId, set,
            "given")), "given");
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

    /**
     * The first token no one should use where the network can reach the bridge: the built-in demo token, or one
     * shorter than {@code minLength} characters, described by where it is and what it allows but never by its value
     * (the demo token is public, so it is named). Null when every token is fit.
     */
    public String weakToken(final int minLength)
    {
        final byte[] demo = DEMO_TOKEN.getBytes(StandardCharsets.US_ASCII);
        for (final Grant grant : grants)
        {
            final String allows = " (" + grant.where + ", tenant " + grant.tenantId + " accounts " +
                String.join(",", new TreeSet<>(grant.accounts).stream().map(String::valueOf).toList()) + ")";
            if (MessageDigest.isEqual(grant.token, demo))
            {
                return "the built-in demo token " + DEMO_TOKEN + allows;
            }
            if (grant.token.length < minLength)
            {
                return "a token of " + grant.token.length + " characters" + allows;
            }
        }
        return null;
    }
}
