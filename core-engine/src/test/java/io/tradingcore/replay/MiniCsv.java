package io.tradingcore.replay;

import java.util.ArrayList;
import java.util.List;

/** Splits one RFC 4180 CSV line into its fields; a malformed line fails. */
final class MiniCsv
{
    private MiniCsv()
    {
    }

    static List<String> fields(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        int i = 0;
        while (true)
        {
            if (i < line.length() && line.charAt(i) == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.length())
                    {
                        throw new IllegalArgumentException("unterminated quote: " + line);
                    }
                    final char c = line.charAt(i++);
                    if (c == '"' && i < line.length() && line.charAt(i) == '"')
                    {
                        field.append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        break;
                    }
                    else
                    {
                        field.append(c);
                    }
                }
            }
            else
            {
                while (i < line.length() && line.charAt(i) != ',')
                {
                    if (line.charAt(i) == '"')
                    {
                        throw new IllegalArgumentException("quote inside an unquoted field: " + line);
                    }
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length())
            {
                return fields;
            }
            if (line.charAt(i++) != ',')
            {
                throw new IllegalArgumentException("text after a quoted field: " + line);
            }
        }
    }
}
