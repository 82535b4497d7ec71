package io.tradingcore.marketdata;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the market-data tests. */
final class TestTicks
{
    static final String HEADER = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>";

    private TestTicks()
    {
    }

    record Tick(long timeMsc, long bid, long ask, long last, long volume, int flags)
    {
        static Tick of(final String isoUtc, final long bid, final long ask, final long last, final long volume,
            final int flags)
        {
            return new Tick(ms(isoUtc), bid, ask, last, volume, flags);
        }
    }

    record Merged(int source, Tick tick)
    {
    }

    static long ms(final String isoUtc)
    {
        return Instant.parse(isoUtc).toEpochMilli();
    }

    static final class Collector implements TickSink
    {
        final List<Tick> ticks = new ArrayList<>();

        @Override
        public void onTick(final long timeMsc, final long bid, final long ask, final long last, final long volume,
            final int flags)
        {
            ticks.add(new Tick(timeMsc, bid, ask, last, volume, flags));
        }
    }

    static final class MergedCollector implements MergedTickSink
    {
        final List<Merged> ticks = new ArrayList<>();

        @Override
        public void onTick(final int source, final long timeMsc, final long bid, final long ask, final long last,
            final long volume, final int flags)
        {
            ticks.add(new Merged(source, new Tick(timeMsc, bid, ask, last, volume, flags)));
        }
    }

    static List<Tick> readAll(final Mt5TickFile file) throws IOException
    {
        try (Mt5TickReader r = file.open())
        {
            Collector c = new Collector();
            long n = r.readAll(c);
            if (n != c.ticks.size())
            {
                throw new AssertionError("readAll returned " + n + " but delivered " + c.ticks.size());
            }
            return c.ticks;
        }
    }

    static List<Tick> readAll(final Path path, final int digits) throws IOException
    {
        return readAll(Mt5TickFile.of(path, digits));
    }

    static Path resource(final String name)
    {
        URL url = TestTicks.class.getResource("/ticks/" + name);
        if (url == null)
        {
            throw new AssertionError("test resource /ticks/" + name + " not on the class path");
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (URISyntaxException e)
        {
            throw new AssertionError(e);
        }
    }

    /** Header plus rows, joined with {@code eol} and ended with it. */
    static String text(final String eol, final String... rows)
    {
        StringBuilder sb = new StringBuilder(HEADER).append(eol);
        for (String row : rows)
        {
            sb.append(row).append(eol);
        }
        return sb.toString();
    }

    static Path write(final Path file, final byte[] bytes) throws IOException
    {
        Files.write(file, bytes);
        return file;
    }

    static Path write(final Path file, final String content, final Charset cs, final byte... bom) throws IOException
    {
        byte[] body = content.getBytes(cs);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        return write(file, all);
    }

    static byte[] gzip(final byte[] bytes) throws IOException
    {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos))
        {
            out.write(bytes);
        }
        return bos.toByteArray();
    }

    static byte[] bytes(final int... values)
    {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
