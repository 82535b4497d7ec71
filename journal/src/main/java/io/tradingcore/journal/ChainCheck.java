package io.tradingcore.journal;

/**
 * What {@link Journal#verifyChain()} found.
 *
 * @param entries      number of entries whose chain was checked and found in order.
 * @param firstBroken  sequence of the first entry whose stored chain value, CRC or place in the sequence order is
 *                     wrong; 0 when the chain is intact.
 * @param problem      what is wrong at {@code firstBroken}, in words; null when intact.
 * @param head         the chain value after the last entry checked: the fingerprint of the history up to
 *                     {@code headSequence} (of the entries before {@code firstBroken} when broken).
 * @param headSequence sequence of the entry {@code head} belongs to, 0 when none was checked.
 */
public record ChainCheck(long entries, long firstBroken, String problem, long head, long headSequence)
{
    /**
     * @return true when every entry's chain value matched.
     */
    public boolean intact()
    {
        return firstBroken == 0;
    }

    /**
     * @return {@link #head} as 16 lower-case hex digits, the form to write down and compare.
     */
    public String headHex()
    {
        return HashChain.hex(head);
    }

    public String toString()
    {
        return "ChainCheck{entries=" + entries + ", firstBroken=" + firstBroken + ", problem=" + problem + ", head=" +
            headHex() + ", headSequence=" + headSequence + '}';
    }
}
