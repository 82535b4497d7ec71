package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.BridgeError;

/**
 * The bridge refused the terminal for good (AUTHENTICATION_FAILED, UNSUPPORTED_VERSION): reconnecting
 * cannot help, so the simulator stopped, as the EA stops.
 */
public final class TerminalRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient BridgeError error;

    public TerminalRefusedException(final BridgeError error)
    {
        super("bridge refused the terminal: " + error);
        this.error = error;
    }

    public BridgeError error()
    {
        return error;
    }
}
