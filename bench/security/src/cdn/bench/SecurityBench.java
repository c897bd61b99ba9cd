package cdn.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenCache;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.ListenerTokenVerifier;
import cdn.kit.security.SignedUrls;
import cdn.kit.security.TokenKeys;
import cdn.kit.security.UrlSigningKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What security costs one request (issue 16), per operation on one thread: issuing a
 * listener token (the router, per listener and half-lifetime), verifying one (ES256, the
 * first time a service sees it), verifying it through the cache (every later request),
 * signing a URL scope and checking a signed playlist URL (HMAC-SHA256, per edge request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SecurityBench {

	private ListenerTokenIssuer issuer;

	private ListenerTokenVerifier verifier;

	private ListenerTokenCache cache;

	private SignedUrls urls;

	private String token;

	private String header;

	private String query;

	private final ListenerClaims claims = ListenerClaims.forAllServices("bench-peer-00000000042", "eu-west",
			"bench");

	@Setup
	public void setUp() {
		TokenKeys keys = TokenKeys.of("bench", TokenKeys.newKeyPair());
		Clock clock = Clock.systemUTC();
		this.issuer = new ListenerTokenIssuer(keys, clock);
		this.verifier = new ListenerTokenVerifier(keys.publicOnly(), ListenerClaims.TRACKER, clock);
		this.cache = new ListenerTokenCache(this.verifier, 100_000, clock);
		this.token = this.issuer.issue(this.claims);
		this.header = "Bearer " + this.token;
		this.urls = new SignedUrls(UrlSigningKeys.parse(UrlSigningKeys.newEntry("k1")), clock);
		this.query = this.urls.sign(SignedUrls.trackScope("night-drive"), Instant.now().plus(1, ChronoUnit.HOURS));
	}

	@Benchmark
	public String issueToken() {
		return this.issuer.issue(this.claims);
	}

	@Benchmark
	public ListenerClaims verifyToken() {
		return this.verifier.verify(this.token);
	}

	@Benchmark
	public ListenerClaims verifyCachedToken() {
		return this.cache.bearer(this.header);
	}

	@Benchmark
	public String signUrlScope() {
		return this.urls.sign(SignedUrls.trackScope("night-drive"), Instant.ofEpochSecond(1_900_000_000L));
	}

	@Benchmark
	public SignedUrls.Result checkSignedPlaylistUrl() {
		return this.urls.verify("/tracks/night-drive/a128/index.m3u8", this.query);
	}

}
