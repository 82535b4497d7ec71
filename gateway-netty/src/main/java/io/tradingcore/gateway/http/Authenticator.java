package io.tradingcore.gateway.http;

/** Turns a bearer token into the caller it was issued to. */
@FunctionalInterface
public interface Authenticator
{
    /**
     * Verifies the access token (signature, issuer, audience, times, revocation) and answers its caller.
     *
     * @throws ApiException 401 with the reason when the token is not one the gateway accepts.
     */
    Principal authenticate(String accessToken);
}
