package io.tradingcore.gateway.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.tradingcore.gateway.auth.AuthFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every known way to get a JWT past a careless verifier, each sent to {@code /api/v1/me} over HTTP: all answer 401. The
 * tokens are made with the gateway's own key where the attack is in the claims, so that only that flaw is refused.
 */
final class JwtAttackTest
{
    private static AuthFixture fixture;
    private static ECKey ourKey;
    private static long traderId;

    @BeforeAll
    static void start() throws Exception
    {
        fixture = new AuthFixture("gateway_jwt", AuthFixture.generousLimits());
        ourKey = ECKey.parse(Files.readString(fixture.dataDirectory.resolve("gateway").resolve("jwt-key.json")));
        traderId = fixture.auth.users().user(1, "trader").orElseThrow().userId();
    }

    @AfterAll
    static void stop() throws Exception
    {
        fixture.close();
    }

    private static JWTClaimsSet.Builder validClaims()
    {
        final long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
            .issuer(TokenService.ISSUER)
            .audience(TokenService.AUDIENCE)
            .subject(Long.toString(traderId))
            .claim("tid", 1)
            .claim("tenant", "alpha")
            .claim("usr", "trader")
            .claim("role", "trader")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(new Date(now))
            .notBeforeTime(new Date(now))
            .expirationTime(new Date(now + 600_000));
    }

    private static JWSHeader ourHeader()
    {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(fixture.auth.tokens().keyId())
            .type(JOSEObjectType.JWT).build();
    }

    private static String signed(final JWSHeader header, final JWTClaimsSet claims, final ECKey key) throws Exception
    {
        final SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String ours(final UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception
    {
        return signed(ourHeader(), claims.apply(validClaims()).build(), ourKey);
    }

    private static String segment(final String json)
    {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void assertTokenRefused(final String token, final String reason) throws Exception
    {
        final AuthFixture.Answer answer = fixture.get("/api/v1/me", token);
        assertRefused(401, answer);
        assertTrue(answer.error().contains(reason), answer.error() + " should say " + reason);
    }

    @Test
    void aTokenMadeTheWayTheseAreIsAccepted() throws Exception
    {
        final AuthFixture.Answer answer = fixture.get("/api/v1/me", ours(claims -> claims));
        assertEquals(200, answer.status(), answer.raw().body());
    }

    @Test
    void forgedSignatureIsRefused() throws Exception
    {
        final ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        assertTokenRefused(signed(ourHeader(), validClaims().build(), attacker), "invalid signature");
    }

    @Test
    void tamperedClaimsAreRefused() throws Exception
    {
        final String[] parts = ours(claims -> claims).split("\\.");
        final String admin = segment(validClaims().claim("role", "admin").build().toString());
        assertTokenRefused(parts[0] + "." + admin + "." + parts[2], "invalid signature");
    }

    @Test
    void expiredIsRefused() throws Exception
    {
        final long now = System.currentTimeMillis();
        assertTokenRefused(ours(claims -> claims.issueTime(new Date(now - 1_000_000))
            .notBeforeTime(new Date(now - 1_000_000)).expirationTime(new Date(now - 120_000))), "expired");
    }

    @Test
    void withinTheClockSkewIsAccepted() throws Exception
    {
        final long now = System.currentTimeMillis();
        assertEquals(200, fixture.get("/api/v1/me", ours(claims -> claims.expirationTime(new Date(now - 5_000))
            .notBeforeTime(new Date(now + 5_000)))).status());
    }

    @Test
    void withoutExpiryIsRefused() throws Exception
    {
        assertTokenRefused(ours(claims -> claims.expirationTime(null)), "no expiry");
    }

    @Test
    void notYetValidIsRefused() throws Exception
    {
        final long later = System.currentTimeMillis() + 300_000;
        assertTokenRefused(ours(claims -> claims.notBeforeTime(new Date(later))), "not yet valid");
        assertTokenRefused(ours(claims -> claims.issueTime(new Date(later))), "not yet valid");
    }

    @Test
    void otherIssuerOrAudienceIsRefused() throws Exception
    {
        assertTokenRefused(ours(claims -> claims.issuer("https://evil.example")), "wrong issuer");
        assertTokenRefused(ours(claims -> claims.issuer(null)), "wrong issuer");
        assertTokenRefused(ours(claims -> claims.audience("other-api")), "wrong audience");
        assertTokenRefused(ours(claims -> claims.audience(List.of(TokenService.AUDIENCE, "other-api"))),
            "wrong audience");
        assertTokenRefused(ours(claims -> claims.audience((String)null)), "wrong audience");
    }

    @Test
    void algorithmNoneInAnyCasingIsRefused() throws Exception
    {
        final String payload = segment(validClaims().build().toString());
        final String signature = ours(claims -> claims).split("\\.")[2];
        for (final String none : new String[] {"none", "None", "NONE", "nOnE"})
        {
            for (final String header : new String[] {
                "{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}",
                "{\"alg\":\"" + none + "\",\"kid\":\"" + fixture.auth.tokens().keyId() + "\"}",
            })
            {
                assertRefused(401, fixture.get("/api/v1/me", segment(header) + "." + payload + "."));
                assertRefused(401, fixture.get("/api/v1/me", segment(header) + "." + payload + "." + signature));
            }
        }
    }

    @Test
    void hs256ResignedWithThePublicKeyIsRefused() throws Exception
    {
        final ECKey publicKey = ourKey.toPublicJWK();
        final byte[][] secrets = {
            publicKey.toJSONString().getBytes(StandardCharsets.UTF_8),
            publicKey.toECPublicKey().getEncoded(),
            ("-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(publicKey.toECPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.UTF_8),
        };
        for (final byte[] secret : secrets)
        {
            final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(fixture.auth.tokens().keyId()).type(JOSEObjectType.JWT).build(), validClaims().build());
            jwt.sign(new MACSigner(secret));
            assertTokenRefused(jwt.serialize(), "ES256");
        }
    }

    @Test
    void keyIdsThatAreNotOursAreRefused() throws Exception
    {
        for (final String kid : new String[] {
            "../../dev/null", "/dev/null", "' OR '1'='1", "x'; DROP TABLE gateway.users; --", "",
            fixture.auth.tokens().keyId() + " ", "|cat /etc/passwd",
        })
        {
            final JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT)
                .build();
            assertTokenRefused(signed(header, validClaims().build(), ourKey), "unknown key id");
        }
        final JWSHeader noKid = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build();
        assertTokenRefused(signed(noKid, validClaims().build(), ourKey), "unknown key id");
    }

    @Test
    void embeddedOrRemoteKeysInTheHeaderAreRefused() throws Exception
    {
        final ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        final JWSHeader embedded = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(fixture.auth.tokens().keyId())
            .jwk(attacker.toPublicJWK()).build();
        assertTokenRefused(signed(embedded, validClaims().build(), attacker), "unexpected header parameter");
        final JWSHeader remote = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(fixture.auth.tokens().keyId())
            .jwkURL(java.net.URI.create("https://evil.example/jwks.json")).build();
        assertTokenRefused(signed(remote, validClaims().build(), attacker), "unexpected header parameter");
    }

    @Test
    void zeroSignatureIsRefused() throws Exception
    {
        final String[] parts = ours(claims -> claims).split("\\.");
        final String zeros = Base64URL.encode(new byte[64]).toString();
        assertEquals(86, zeros.length());
        assertTokenRefused(parts[0] + "." + parts[1] + "." + zeros, "invalid signature");
        final byte[] order = Curve.P_256.toECParameterSpec().getOrder().toByteArray();
        final byte[] rsIsOrder = new byte[64];
        System.arraycopy(order, order.length - 32, rsIsOrder, 0, 32);
        System.arraycopy(order, order.length - 32, rsIsOrder, 32, 32);
        assertTokenRefused(parts[0] + "." + parts[1] + "." + Base64URL.encode(rsIsOrder), "invalid signature");
        assertRefused(401, fixture.get("/api/v1/me", parts[0] + "." + parts[1] + "."));
    }

    @Test
    void revokedTokenIdIsRefused() throws Exception
    {
        final String jti = UUID.randomUUID().toString();
        final String token = ours(claims -> claims.jwtID(jti));
        assertEquals(200, fixture.get("/api/v1/me", token).status());
        fixture.auth.revocations().revokeAccessToken(jti, System.currentTimeMillis() / 1000 + 600);
        assertTokenRefused(token, "revoked");
    }

    @Test
    void garbageIsRefused() throws Exception
    {
        for (final String token : new String[] {"abc", "a.b.c", "a.b", "...", "x".repeat(5000),
            segment("{\"alg\":\"ES256\"}") + "." + segment("[]") + "." + Base64URL.encode(new byte[64])})
        {
            assertRefused(401, fixture.get("/api/v1/me", token));
        }
        assertRefused(401, fixture.get("/api/v1/me", null));
        assertRefused(401, fixture.send("GET", "/api/v1/me", null, ""));
    }

    @Test
    void wrongClaimTypesAreRefused() throws Exception
    {
        assertTokenRefused(ours(claims -> claims.claim("tid", "1")), "malformed claims");
        assertTokenRefused(ours(claims -> claims.claim("role", "root")), "malformed claims");
        assertTokenRefused(ours(claims -> claims.subject("me")), "malformed claims");
        assertTokenRefused(ours(claims -> claims.jwtID(null)), "malformed claims");
    }
}
