package io.tradingcore.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tradingcore.gateway.http.ApiException;
import io.tradingcore.gateway.http.Authenticator;
import io.tradingcore.gateway.http.Principal;
import io.tradingcore.gateway.http.Role;
import io.tradingcore.pipeline.SystemProperties;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies the gateway's access tokens: JWTs signed ES256 with one P-256 key kept in a JWK file.
 * Verification trusts nothing in the token before the signature has been checked with exactly that key: the algorithm
 * must be {@code ES256} (so {@code none} in any casing and HS256 re-signed with the public key are refused), the
 * {@code kid} must be the key's own thumbprint, and a signature whose r or s is zero or not below the curve's order is
 * refused before the JDK sees it (CVE-2022-21449). Then issuer, audience, expiry (required), not-before and issued-at
 * with a small clock skew, and finally revocation: a revoked token id or a disabled user is refused at once.
 */
public final class TokenService implements Authenticator
{
    public static final String ISSUER = "tradingcore-gateway";
    public static final String AUDIENCE = "tradingcore-api";
    /** Longer than any token the gateway issues; a bound on what a caller can make it parse. */
    static final int MAX_TOKEN_CHARS = 4096;
    /** Verified tokens kept, about 5 MB at most; past that the expired go, or all of them. */
    private static final int MAX_VERIFIED_TOKENS = 10_000;
    private static final Set<String> ALLOWED_HEADER = Set.of("alg", "kid", "typ");
    private static final BigInteger P256_ORDER = Curve.P_256.toECParameterSpec().getOrder();

    /** An access token as issued. */
    public record AccessToken(String token, String tokenId, long expiresAtSecond)
    {
    }

    private final Context context;
    private final Revocations revocations;
    private final ECKey key;
    private final String keyId;
    private final ECDSAVerifier verifier;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, JWTClaimsSet> verifiedTokens = new ConcurrentHashMap<>();

    public TokenService(final Context context, final Revocations revocations)
    {
        this.context = context.conclude();
        this.revocations = revocations;
        this.key = loadOrCreateKey(context.keyFile());
        try
        {
            this.keyId = key.computeThumbprint().toString();
            this.verifier = new ECDSAVerifier(key.toECPublicKey());
        }
        catch (final JOSEException ex)
        {
            throw new IllegalStateException("the JWT key in " + context.keyFile() + " is not usable: " +
                ex.getMessage(), ex);
        }
    }

    /** The key's id, its JWK thumbprint, which every token names in {@code kid}. */
    public String keyId()
    {
        return keyId;
    }

    public Context context()
    {
        return context;
    }

    /** A new access token for the user. */
    public AccessToken issue(final User user, final String tenantName)
    {
        final long now = System.currentTimeMillis() / 1000;
        final long expires = now + context.accessTokenSeconds();
        final String tokenId = randomId();
        final JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(Long.toString(user.userId()))
            .claim("tid", user.tenantId())
            .claim("tenant", tenantName)
            .claim("usr", user.username())
            .claim("role", user.role().apiName())
            .jwtID(tokenId)
            .issueTime(new Date(now * 1000))
            .notBeforeTime(new Date(now * 1000))
            .expirationTime(new Date(expires * 1000))
            .build();
        final SignedJWT jwt = new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
        try
        {
            jwt.sign(new ECDSASigner(key));
        }
        catch (final JOSEException ex)
        {
            throw new IllegalStateException("could not sign an access token", ex);
        }
        return new AccessToken(jwt.serialize(), tokenId, expires);
    }

    @Override
    public Principal authenticate(final String accessToken)
    {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > MAX_TOKEN_CHARS)
        {
            throw refused("malformed");
        }
        // An ES256 verification costs about a millisecond of CPU here; a token already verified, byte for byte the
        // same, is not verified again. Its times, revocation and user are still checked on every use.
        final JWTClaimsSet verified = verifiedTokens.get(accessToken);
        if (verified != null)
        {
            return principal(verified);
        }
        final JWTClaimsSet claims = verify(accessToken);
        final Principal principal = principal(claims);
        if (verifiedTokens.size() >= MAX_VERIFIED_TOKENS)
        {
            final long now = System.currentTimeMillis();
            verifiedTokens.values().removeIf(old -> old.getExpirationTime().getTime() < now);
            if (verifiedTokens.size() >= MAX_VERIFIED_TOKENS)
            {
                verifiedTokens.clear();
            }
        }
        verifiedTokens.put(accessToken, claims);
        return principal;
    }

    /** Parses the token and checks its header and signature; its claims are checked by {@link #principal}. */
    private JWTClaimsSet verify(final String accessToken)
    {
        final SignedJWT jwt;
        try
        {
            jwt = SignedJWT.parse(accessToken);
        }
        catch (final ParseException | RuntimeException ex)
        {
            throw refused("malformed");
        }
        final JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()))
        {
            throw refused("the algorithm must be ES256");
        }
        if (!keyId.equals(header.getKeyID()))
        {
            throw refused("unknown key id");
        }
        if (!ALLOWED_HEADER.containsAll(header.getIncludedParams()))
        {
            throw refused("unexpected header parameter");
        }
        if (!legalSignature(jwt.getSignature()))
        {
            throw refused("invalid signature");
        }
        try
        {
            if (!jwt.verify(verifier))
            {
                throw refused("invalid signature");
            }
        }
        catch (final JOSEException | RuntimeException ex)
        {
            if (ex instanceof ApiException api)
            {
                throw api;
            }
            throw refused("invalid signature");
        }
        try
        {
            return jwt.getJWTClaimsSet();
        }
        catch (final ParseException ex)
        {
            throw refused("malformed claims");
        }
    }

    private Principal principal(final JWTClaimsSet claims)
    {
        final long now = System.currentTimeMillis() / 1000;
        final long skew = context.clockSkewSeconds();
        if (!ISSUER.equals(claims.getIssuer()))
        {
            throw refused("wrong issuer");
        }
        if (!List.of(AUDIENCE).equals(claims.getAudience()))
        {
            throw refused("wrong audience");
        }
        final Date expiry = claims.getExpirationTime();
        if (expiry == null)
        {
            throw refused("no expiry");
        }
        final long expires = expiry.getTime() / 1000;
        if (now > expires + skew)
        {
            throw refused("expired");
        }
        final Date notBefore = claims.getNotBeforeTime();
        final Date issuedAt = claims.getIssueTime();
        if (notBefore == null || issuedAt == null)
        {
            throw refused("no not-before or issued-at time");
        }
        if (notBefore.getTime() / 1000 > now + skew || issuedAt.getTime() / 1000 > now + skew)
        {
            throw refused("not yet valid");
        }
        final long userId;
        final int tenantId;
        final String tenant;
        final String username;
        final Role claimedRole;
        final String tokenId = claims.getJWTID();
        try
        {
            userId = Long.parseLong(claims.getSubject());
            tenantId = claims.getIntegerClaim("tid");
            tenant = claims.getStringClaim("tenant");
            username = claims.getStringClaim("usr");
            claimedRole = Role.parse(claims.getStringClaim("role"));
        }
        catch (final ParseException | NumberFormatException | NullPointerException ex)
        {
            throw refused("malformed claims");
        }
        if (tenant == null || username == null || claimedRole == null || tokenId == null)
        {
            throw refused("malformed claims");
        }
        if (revocations.isRevoked(tokenId))
        {
            throw refused("revoked");
        }
        Role role = claimedRole;
        final Revocations.UserState changed = revocations.changedUser(userId);
        if (changed != null)
        {
            if (changed.disabled())
            {
                throw refused("the user is disabled");
            }
            role = changed.role();
        }
        return new Principal(tenantId, tenant, userId, username, role, tokenId, expires);
    }

    /** ES256's signature is r and s, 32 bytes each; both must lie in [1, n-1]. A zero r or s forges on old JDKs. */
    private static boolean legalSignature(final Base64URL signature)
    {
        final byte[] bytes = signature.decode();
        if (bytes.length != 64)
        {
            return false;
        }
        final BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
        final BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(P256_ORDER) < 0 && s.compareTo(P256_ORDER) < 0;
    }

    private static ApiException refused(final String reason)
    {
        return ApiException.unauthorized("access token refused: " + reason);
    }

    private String randomId()
    {
        final byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }

    /** The key in {@code file}, or a new P-256 key written there (mode 600) when the file does not exist. */
    static ECKey loadOrCreateKey(final Path file)
    {
        try
        {
            if (Files.exists(file))
            {
                requireOwnerOnly(file);
                final ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate())
                {
                    throw new IllegalStateException("the JWT key in " + file + " must be a private P-256 EC key");
                }
                return key;
            }
            final ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
            final ECKey key = new ECKey.Builder(generated).keyID(generated.computeThumbprint().toString()).build();
            SecretFiles.write(file, key.toJSONString());
            return key;
        }
        catch (final IOException | ParseException | JOSEException ex)
        {
            throw new IllegalStateException("the JWT key file " + file + " is not usable: " + ex.getMessage(), ex);
        }
    }

    private static void requireOwnerOnly(final Path file) throws IOException
    {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
        {
            return;
        }
        final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        for (final PosixFilePermission permission : permissions)
        {
            if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS"))
            {
                throw new IllegalStateException("the JWT key file " + file + " must be readable by its owner only " +
                    "(mode 600), not " + PosixFilePermissions.toString(permissions));
            }
        }
    }

    /**
     * Settings of the gateway's tokens, each from a system property unless set here.
     */
    public static final class Context
    {
        /** The JWK file of the signing key; default {@code DATA/gateway/jwt-key.json}. */
        public static final String KEY_FILE_ENV_NAME = "TC_GATEWAY_JWT_KEY_FILE";
        public static final String KEY_FILE_PROP_NAME = "tradingcore.gateway.jwtKeyFile";
        public static final String ACCESS_TOKEN_SECONDS_PROP_NAME = "tradingcore.gateway.accessTokenSeconds";
        public static final long ACCESS_TOKEN_SECONDS_DEFAULT = 15 * 60;
        public static final String REFRESH_TOKEN_SECONDS_PROP_NAME = "tradingcore.gateway.refreshTokenSeconds";
        public static final long REFRESH_TOKEN_SECONDS_DEFAULT = 30L * 24 * 3600;
        /** How far the clocks of issuer and verifier may disagree. */
        public static final String CLOCK_SKEW_SECONDS_PROP_NAME = "tradingcore.gateway.clockSkewSeconds";
        public static final long CLOCK_SKEW_SECONDS_DEFAULT = 30;

        private boolean concluded;
        private Path dataDirectory;
        private Path keyFile;
        private long accessTokenSeconds =
            SystemProperties.longValue(ACCESS_TOKEN_SECONDS_PROP_NAME, ACCESS_TOKEN_SECONDS_DEFAULT);
        private long refreshTokenSeconds =
            SystemProperties.longValue(REFRESH_TOKEN_SECONDS_PROP_NAME, REFRESH_TOKEN_SECONDS_DEFAULT);
        private long clockSkewSeconds =
            SystemProperties.longValue(CLOCK_SKEW_SECONDS_PROP_NAME, CLOCK_SKEW_SECONDS_DEFAULT);

        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (keyFile == null)
            {
                final String env = System.getenv(KEY_FILE_ENV_NAME);
                final String property = System.getProperty(KEY_FILE_PROP_NAME);
                if (env != null && !env.isBlank())
                {
                    keyFile = Path.of(env);
                }
                else if (property != null && !property.isBlank())
                {
                    keyFile = Path.of(property);
                }
                else if (dataDirectory != null)
                {
                    keyFile = dataDirectory.resolve("gateway").resolve("jwt-key.json");
                }
                else
                {
                    throw new IllegalStateException("the data folder or the JWT key file is required");
                }
            }
            if (accessTokenSeconds < 1)
            {
                throw new IllegalStateException(ACCESS_TOKEN_SECONDS_PROP_NAME + " must be positive: " +
                    accessTokenSeconds);
            }
            if (refreshTokenSeconds < accessTokenSeconds)
            {
                throw new IllegalStateException(REFRESH_TOKEN_SECONDS_PROP_NAME + " must be at least " +
                    ACCESS_TOKEN_SECONDS_PROP_NAME + ": " + refreshTokenSeconds);
            }
            if (clockSkewSeconds < 0 || clockSkewSeconds > 300)
            {
                throw new IllegalStateException(CLOCK_SKEW_SECONDS_PROP_NAME + " must be 0 to 300: " +
                    clockSkewSeconds);
            }
            concluded = true;
            return this;
        }

        private void settable()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
        }

        public Context dataDirectory(final Path dataDirectory)
        {
            settable();
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Path dataDirectory()
        {
            return dataDirectory;
        }

        public Context keyFile(final Path keyFile)
        {
            settable();
            this.keyFile = keyFile;
            return this;
        }

        public Path keyFile()
        {
            return keyFile;
        }

        public Context accessTokenSeconds(final long accessTokenSeconds)
        {
            settable();
            this.accessTokenSeconds = accessTokenSeconds;
            return this;
        }

        public long accessTokenSeconds()
        {
            return accessTokenSeconds;
        }

        public Context refreshTokenSeconds(final long refreshTokenSeconds)
        {
            settable();
            this.refreshTokenSeconds = refreshTokenSeconds;
            return this;
        }

        public long refreshTokenSeconds()
        {
            return refreshTokenSeconds;
        }

        public Context clockSkewSeconds(final long clockSkewSeconds)
        {
            settable();
            this.clockSkewSeconds = clockSkewSeconds;
            return this;
        }

        public long clockSkewSeconds()
        {
            return clockSkewSeconds;
        }
    }
}
