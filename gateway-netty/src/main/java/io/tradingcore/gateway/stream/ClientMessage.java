package io.tradingcore.gateway.stream;

import java.util.List;

/**
 * A frame the client sends: {@code {"type":"auth","accessToken"}} or {@code {"type":"subscribe","from"?,"quotes"?}}.
 * One shape for both, read strictly (unknown fields refused); {@link StreamConnection} checks which fields each type
 * may carry.
 */
record ClientMessage(String type, String accessToken, Long from, List<String> quotes)
{
}
