package io.tradingcore.bridge;

/**
 * What the bridge asks of the core when a terminal's positions differ from the core's ({@link BridgeContext}'s
 * {@code positionMismatch}): the broker's books are the truth, so the core's are wrong and a person must look.
 */
public enum PositionMismatchAction
{
    /** A POSITION_MISMATCH risk alert; the account trades on. */
    ALERT,
    /** The alert, and the account halted: the core takes no new order for it until it is resumed. */
    HALT
}
