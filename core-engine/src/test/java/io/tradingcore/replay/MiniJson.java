package io.tradingcore.replay;

/** Just enough of a JSON parser to tell whether a line is exactly one well-formed object. */
final class MiniJson
{
    private final String text;
    private int at;

    private MiniJson(final String text)
    {
        this.text = text;
    }

    static boolean isObject(final String line)
    {
        final MiniJson json = new MiniJson(line);
        try
        {
            if (json.peek() != '{')
            {
                return false;
            }
            json.value();
            return json.at == line.length();
        }
        catch (final IllegalStateException | StringIndexOutOfBoundsException ex)
        {
            return false;
        }
    }

    private char peek()
    {
        return text.charAt(at);
    }

    private void expect(final char c)
    {
        if (text.charAt(at++) != c)
        {
            throw new IllegalStateException("expected " + c + " at " + (at - 1));
        }
    }

    private void value()
    {
        final char c = peek();
        if (c == '{')
        {
            object();
        }
        else if (c == '"')
        {
            string();
        }
        else if (text.startsWith("null", at))
        {
            at += 4;
        }
        else if (c == '-' || Character.isDigit(c))
        {
            final int start = at;
            at += c == '-' ? 1 : 0;
            while (at < text.length() && Character.isDigit(peek()))
            {
                at++;
            }
            if (at == start || text.charAt(at - 1) == '-')
            {
                throw new IllegalStateException("bad number at " + start);
            }
        }
        else
        {
            throw new IllegalStateException("unexpected " + c + " at " + at);
        }
    }

    private void object()
    {
        expect('{');
        if (peek() == '}')
        {
            at++;
            return;
        }
        while (true)
        {
            string();
            expect(':');
            value();
            if (peek() == '}')
            {
                at++;
                return;
            }
            expect(',');
        }
    }

    private void string()
    {
        expect('"');
        while (peek() != '"')
        {
            if (peek() < 0x20)
            {
                throw new IllegalStateException("raw control character at " + at);
            }
            at += peek() == '\\' ? 2 : 1;
        }
        at++;
    }
}
