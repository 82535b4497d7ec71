package io.tradingcore.projections.business.notifications;

/**
 * Text for Telegram's HTML parse mode. Every value put into a message goes through {@link #escape}: a symbol name, a
 * rejection reason or a tenant's name could hold {@code <}, {@code >} or {@code &}, which Telegram would otherwise take
 * for markup and refuse the whole message ("can't parse entities").
 */
public final class TelegramHtml
{
    /** Telegram's limit on a message's text, counted after its entities are parsed. */
    public static final int MAX_MESSAGE_CHARS = 4096;

    private TelegramHtml()
    {
    }

    /** {@code value} as text in a message: {@code &}, {@code <} and {@code >} as entities. */
    public static String escape(final String value)
    {
        return replace(value, false);
    }

    /** {@code value} inside a double-quoted attribute ({@code <a href="...">}): also {@code "} as an entity. */
    public static String attribute(final String value)
    {
        return replace(value, true);
    }

    /** {@code value} escaped and in bold. */
    public static String bold(final String value)
    {
        return "<b>" + escape(value) + "</b>";
    }

    /** {@code value} escaped and in monospace. */
    public static String code(final String value)
    {
        return "<code>" + escape(value) + "</code>";
    }

    private static String replace(final String value, final boolean quotes)
    {
        final String text = String.valueOf(value);
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(quotes ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
