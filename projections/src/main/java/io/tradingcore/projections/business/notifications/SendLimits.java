package io.tradingcore.projections.business.notifications;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Telegram's rate limits as the notifier keeps them: at most one message a second to a chat and thirty a second in
 * all. Each is a token bucket of one token (messages evenly spaced rather than in bursts, which Telegram answers with
 * 429): a send is allowed once its chat's and the bot's next-allowed times have passed, and pushes both on.
 */
final class SendLimits
{
    private static final int PRUNE_AT = 10_000;

    private final long chatIntervalNs;
    private final long globalIntervalNs;
    private final Map<Long, Long> chatNextNs = new HashMap<>();
    private long globalNextNs = Long.MIN_VALUE;

    SendLimits(final long chatIntervalNs, final long globalIntervalNs)
    {
        this.chatIntervalNs = chatIntervalNs;
        this.globalIntervalNs = globalIntervalNs;
    }

    /** Nanoseconds until the chat may have a message (0: now); the bot-wide limit apart. */
    long chatWaitNs(final long chatId, final long nowNs)
    {
        final Long next = chatNextNs.get(chatId);
        return next == null ? 0 : Math.max(0, next - nowNs);
    }

    /** Nanoseconds until the bot may send any message (0: now). */
    long globalWaitNs(final long nowNs)
    {
        return globalNextNs == Long.MIN_VALUE ? 0 : Math.max(0, globalNextNs - nowNs);
    }

    /** A message to the chat goes out now. */
    void take(final long chatId, final long nowNs)
    {
        chatNextNs.put(chatId, nowNs + chatIntervalNs);
        globalNextNs = nowNs + globalIntervalNs;
        if (chatNextNs.size() > PRUNE_AT)
        {
            final Iterator<Long> nexts = chatNextNs.values().iterator();
            while (nexts.hasNext())
            {
                if (nexts.next() <= nowNs)
                {
                    nexts.remove();
                }
            }
        }
    }

    /** Nothing goes out before {@code untilNs} (Telegram's {@code retry_after}). */
    void pauseUntil(final long untilNs)
    {
        globalNextNs = Math.max(globalNextNs, untilNs);
    }
}
