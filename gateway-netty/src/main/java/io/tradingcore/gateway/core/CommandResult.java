package io.tradingcore.gateway.core;

/**
 * The engine's answer to one command: the input sequence it got, whether it was a resend already applied, and what the
 * engine said about it (an order accepted with its id, or rejected with its reason).
 *
 * @param sequence  the input sequence of the command in the journal.
 * @param accepted  false when the engine rejected the order or the command.
 * @param orderId   the engine's order id, 0 when none.
 * @param reason    the reject reason's name, null when accepted.
 * @param text      the engine's words about a reject, null when accepted.
 * @param duplicate true for a resend of a command the engine had already applied.
 */
public record CommandResult(
    long sequence, boolean accepted, long orderId, String reason, String text, boolean duplicate)
{
}
