package cdn.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import cdn.kit.security.SignedUrls.Result;
import cdn.kit.test.MutableClock;
import cdn.protocol.InvalidIdException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The cases of nginx's own secure_link tests (nginx-tests {@code secure_link.t}: a valid
 * hash with and without padding, a hash too long, one with a decode error, a mismatch, no
 * hash, expired, an expiry of 0, a bad URI), adapted to scoped HMAC-SHA256 signatures,
 * plus what a scope adds: paths that try to leave it, another track's scope, segments,
 * the order of parameters.
 */
class SignedUrlsTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final String SECRET_1 = "u1=" + "A".repeat(43);

	private static final String SECRET_2 = "u2=" + "B".repeat(43);

	private static final SignedUrls URLS = new SignedUrls(UrlSigningKeys.parse(SECRET_1),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private static final String T1 = SignedUrls.trackScope("t1");

	private static final String SEGMENT = "/segments/" + "ab".repeat(32) + ".m4s";

	private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

	private static final String QUERY = URLS.sign(T1, IN_AN_HOUR);

	private static final String SIG = QUERY.substring(QUERY.indexOf("cdn-sig=") + "cdn-sig=".length());

	private static final long EXP = IN_AN_HOUR.getEpochSecond();

	static Stream<Arguments> table() {
		String unsigned = "cdn-scope=/tracks/t1/&cdn-exp=" + EXP + "&cdn-kid=u1";
		return Stream.of(
				// nginx: "request md5", "request md5 no padding", "request md5 not
				// expired"
				arguments("a playlist under the scope", "/tracks/t1/master.m3u8", QUERY, Result.OK),
				arguments("a media playlist under the scope", "/tracks/t1/a128/index.m3u8", QUERY, Result.OK),
				arguments("a signature with base64 padding", "/tracks/t1/master.m3u8", QUERY + "=", Result.OK),
				arguments("the scope percent-encoded", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-scope=/tracks/t1/", "cdn-scope=%2Ftracks%2Ft1%2F"), Result.OK),
				arguments("reordered parameters between others", "/tracks/t1/master.m3u8",
						"a=1&cdn-sig=" + SIG + "&cdn-kid=u1&b=2&cdn-exp=" + EXP + "&cdn-scope=/tracks/t1/&c",
						Result.OK),
				arguments("a parameter name percent-encoded", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-sig=", "cdn%2Dsig="), Result.OK),
				// segments: content-addressed, covered by any valid scope
				arguments("a segment under a valid scope", SEGMENT, QUERY, Result.OK),
				arguments("an init segment under a valid scope", SEGMENT.replace(".m4s", ".mp4"), QUERY, Result.OK),
				arguments("a segment name that is not a hash", "/segments/abc.m4s", QUERY, Result.OUT_OF_SCOPE),
				arguments("a path below a segment", SEGMENT + "/x", QUERY, Result.OUT_OF_SCOPE),
				arguments("the segments directory itself", "/segments/", QUERY, Result.OUT_OF_SCOPE),
				// nginx: "request md5 too long", "too long encoding", "decode error",
				// "mismatch"
				arguments("a signature too long", "/tracks/t1/master.m3u8", QUERY + "QQ", Result.BAD_SIGNATURE),
				arguments("a signature too long in its encoding", "/tracks/t1/master.m3u8", QUERY + "-TOOLONG",
						Result.BAD_SIGNATURE),
				arguments("a signature that does not decode", "/tracks/t1/master.m3u8",
						unsigned + "&cdn-sig=BADHASHLENGTH", Result.BAD_SIGNATURE),
				arguments("a signature that does not match", "/tracks/t1/master.m3u8",
						unsigned + "&cdn-sig=" + flipFirst(SIG), Result.BAD_SIGNATURE),
				arguments("an empty signature", "/tracks/t1/master.m3u8", unsigned + "&cdn-sig=", Result.BAD_SIGNATURE),
				// nginx: "request no hash"
				arguments("no signature", "/tracks/t1/master.m3u8", unsigned, Result.MISSING),
				arguments("no query", "/tracks/t1/master.m3u8", null, Result.MISSING),
				arguments("other parameters only", "/tracks/t1/master.m3u8", "a=1&b=2", Result.MISSING),
				arguments("no expiry", "/tracks/t1/master.m3u8", QUERY.replace("&cdn-exp=" + EXP, ""), Result.MISSING),
				arguments("no kid", "/tracks/t1/master.m3u8", QUERY.replace("&cdn-kid=u1", ""), Result.MISSING),
				arguments("no scope", "/tracks/t1/master.m3u8", QUERY.replace("cdn-scope=/tracks/t1/&", ""),
						Result.MISSING),
				// nginx: "request md5 expired", "request md5 invalid expiration"
				arguments("an expired URL", "/tracks/t1/master.m3u8", URLS.sign(T1, NOW.minus(Duration.ofDays(1))),
						Result.EXPIRED),
				arguments("an expiry of 0", "/tracks/t1/master.m3u8", QUERY.replace("cdn-exp=" + EXP, "cdn-exp=0"),
						Result.BAD_SIGNATURE),
				arguments("a non-numeric expiry", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-exp=" + EXP, "cdn-exp=tomorrow"), Result.BAD_SIGNATURE),
				arguments("a negative expiry", "/tracks/t1/master.m3u8", QUERY.replace("cdn-exp=" + EXP, "cdn-exp=-1"),
						Result.BAD_SIGNATURE),
				arguments("an expiry pushed back", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-exp=" + EXP, "cdn-exp=" + (EXP + 86400)), Result.BAD_SIGNATURE),
				// the scope and the kid are signed too
				arguments("the scope changed to another track's", "/tracks/t2/master.m3u8",
						QUERY.replace("/tracks/t1/", "/tracks/t2/"), Result.BAD_SIGNATURE),
				arguments("the scope widened", "/tracks/t2/master.m3u8", QUERY.replace("/tracks/t1/", "/tracks/"),
						Result.BAD_SIGNATURE),
				arguments("an unknown kid", "/tracks/t1/master.m3u8", QUERY.replace("cdn-kid=u1", "cdn-kid=u9"),
						Result.BAD_SIGNATURE),
				arguments("a scope with a dot segment", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-scope=/tracks/t1/", "cdn-scope=/tracks/t1/../"), Result.BAD_SIGNATURE),
				arguments("a repeated signature", "/tracks/t1/master.m3u8", QUERY + "&cdn-sig=" + flipFirst(SIG),
						Result.BAD_SIGNATURE),
				arguments("a repeated scope", "/tracks/t2/master.m3u8", QUERY + "&cdn-scope=/tracks/t2/",
						Result.BAD_SIGNATURE),
				arguments("a broken escape", "/tracks/t1/master.m3u8",
						QUERY.replace("cdn-scope=/tracks/t1/", "cdn-scope=%2Ftracks%2Ft1%2"), Result.BAD_SIGNATURE),
				// a valid signature for somewhere else
				arguments("a signature for another track's scope", "/tracks/t2/master.m3u8", QUERY,
						Result.OUT_OF_SCOPE),
				arguments("a track whose id starts like the scope's", "/tracks/t10/master.m3u8", QUERY,
						Result.OUT_OF_SCOPE),
				arguments("the scope's path without its slash", "/tracks/t1", QUERY, Result.OUT_OF_SCOPE),
				arguments("the catalog", "/v1/catalog", QUERY, Result.OUT_OF_SCOPE),
				// paths that try to leave the scope (nginx: "request old style bad uri")
				arguments("..", "/tracks/t1/../t2/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments(".. at the end", "/tracks/t1/..", QUERY, Result.OUT_OF_SCOPE),
				arguments(".", "/tracks/t1/./master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("%2e%2e", "/tracks/t1/%2e%2e/t2/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("%2E%2E", "/tracks/t1/%2E%2E/t2/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments(".%2e", "/tracks/t1/.%2e/t2/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("double-encoded %252e%252e", "/tracks/t1/%252e%252e/t2/master.m3u8", QUERY,
						Result.OUT_OF_SCOPE),
				arguments("an encoded slash", "/tracks/t1/..%2ft2%2fmaster.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("an encoded slash in upper case", "/tracks/t1%2F..%2Ft2/master.m3u8", QUERY,
						Result.OUT_OF_SCOPE),
				arguments("an encoded backslash", "/tracks/t1/..%5ct2%5cmaster.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("a backslash", "/tracks/t1/..\\t2\\master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("a double slash", "/tracks/t1//master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("a leading double slash", "//tracks/t1/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("an encoded null", "/tracks/t1/master.m3u8%00.mp4", QUERY, Result.OUT_OF_SCOPE),
				arguments("a path parameter", "/tracks/t1/master.m3u8;x=1", QUERY, Result.OUT_OF_SCOPE),
				arguments("a path with its query", "/tracks/t1/master.m3u8?" + QUERY, QUERY, Result.OUT_OF_SCOPE),
				arguments("a relative path", "tracks/t1/master.m3u8", QUERY, Result.OUT_OF_SCOPE),
				arguments("no path", null, QUERY, Result.OUT_OF_SCOPE));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void eachUrlGetsItsResult(String name, String path, String query, Result expected) {
		assertThat(URLS.verify(path, query)).isEqualTo(expected);
	}

	@Test
	void theResultsMapToForbiddenAndGone() {
		assertThat(Result.OK.status()).isEqualTo(200);
		assertThat(Result.MISSING.status()).isEqualTo(403);
		assertThat(Result.BAD_SIGNATURE.status()).isEqualTo(403);
		assertThat(Result.OUT_OF_SCOPE.status()).isEqualTo(403);
		assertThat(Result.EXPIRED.status()).isEqualTo(410);
	}

	@Test
	void aUrlIsValidThroughTheSecondOfItsExpiry() {
		MutableClock clock = new MutableClock(NOW);
		SignedUrls urls = new SignedUrls(UrlSigningKeys.parse(SECRET_1), clock);
		String query = urls.sign(T1, NOW.plusSeconds(60));
		clock.advance(Duration.ofSeconds(60).plusMillis(999));
		assertThat(urls.verify("/tracks/t1/master.m3u8", query)).isEqualTo(Result.OK);
		clock.advance(Duration.ofMillis(1));
		assertThat(urls.verify("/tracks/t1/master.m3u8", query)).isEqualTo(Result.EXPIRED);
	}

	@Test
	void aUrlSignedWithThePreviousSecretVerifiesWhileItIsLive() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		String before = URLS.sign(T1, IN_AN_HOUR);
		SignedUrls rotated = new SignedUrls(UrlSigningKeys.parse(SECRET_2 + "," + SECRET_1), clock);
		assertThat(rotated.verify("/tracks/t1/master.m3u8", before)).isEqualTo(Result.OK);
		String after = rotated.sign(T1, IN_AN_HOUR);
		assertThat(after).contains("cdn-kid=u2");
		assertThat(rotated.verify("/tracks/t1/master.m3u8", after)).isEqualTo(Result.OK);
		SignedUrls retired = new SignedUrls(UrlSigningKeys.parse(SECRET_2), clock);
		assertThat(retired.verify("/tracks/t1/master.m3u8", before)).isEqualTo(Result.BAD_SIGNATURE);
		assertThat(retired.verify("/tracks/t1/master.m3u8", after)).isEqualTo(Result.OK);
	}

	@Test
	void aSignatureIsTheScopeExpiryAndKidUnderTheSecret() {
		assertThat(QUERY).matches("cdn-scope=/tracks/t1/&cdn-exp=" + EXP + "&cdn-kid=u1&cdn-sig=[A-Za-z0-9_-]{43}");
		// the same inputs, the same signature; another secret, another one
		assertThat(URLS.sign(T1, IN_AN_HOUR)).isEqualTo(QUERY);
		SignedUrls other = new SignedUrls(UrlSigningKeys.parse("u1=" + "C".repeat(43)), Clock.systemUTC());
		assertThat(other.sign(T1, IN_AN_HOUR)).isNotEqualTo(QUERY);
	}

	@Test
	void signUrlAppendsTheSignatureToAPathItCovers() {
		String url = URLS.signUrl("/tracks/t1/master.m3u8", T1, IN_AN_HOUR);
		assertThat(url).isEqualTo("/tracks/t1/master.m3u8?" + QUERY);
		assertThat(URLS.signUrl("/tracks/t1/master.m3u8?lang=en", T1, IN_AN_HOUR))
			.isEqualTo("/tracks/t1/master.m3u8?lang=en&" + QUERY);
		assertThat(URLS.signUrl(SEGMENT, T1, IN_AN_HOUR)).isEqualTo(SEGMENT + "?" + QUERY);
		assertThatIllegalArgumentException().isThrownBy(() -> URLS.signUrl("/tracks/t2/master.m3u8", T1, IN_AN_HOUR));
	}

	@Test
	void onlyCleanScopesAreSigned() {
		for (String scope : new String[] { "/", "/tracks/t1", "tracks/t1/", "/tracks/../", "/tracks//t1/",
				"/tracks/t%31/", "/tracks/t1/\n", null }) {
			assertThatIllegalArgumentException().isThrownBy(() -> URLS.sign(scope, IN_AN_HOUR));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> URLS.sign(T1, Instant.EPOCH));
		assertThat(SignedUrls.trackScope("t1")).isEqualTo("/tracks/t1/");
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> SignedUrls.trackScope("../t1"));
	}

	@Test
	void strippingTheSignatureLeavesTheOtherParametersAsTheyCame() {
		assertThat(SignedUrls.stripSignature(QUERY)).isEmpty();
		assertThat(SignedUrls.stripSignature("a=1&" + QUERY + "&b=%20x")).isEqualTo("a=1&b=%20x");
		assertThat(SignedUrls.stripSignature("cdn-sig=" + SIG + "&z&cdn-kid=u1&a=2")).isEqualTo("z&a=2");
		assertThat(SignedUrls.stripSignature("cdn%2Dsig=x&c=3")).isEqualTo("c=3");
		assertThat(SignedUrls.stripSignature("cdn-sigx=1&cdn-sig")).isEqualTo("cdn-sigx=1");
		assertThat(SignedUrls.stripSignature("a=1&&b=2")).isEqualTo("a=1&b=2");
		assertThat(SignedUrls.stripSignature(null)).isEmpty();
		assertThat(SignedUrls.stripSignature("")).isEmpty();
		// and its complement: what a playlist's URIs carry on
		assertThat(SignedUrls.signatureOf("a=1&" + QUERY + "&b=%20x")).isEqualTo(QUERY);
		assertThat(SignedUrls.signatureOf("cdn%2Dsig=x&c=3&&cdn-sigx=1")).isEqualTo("cdn%2Dsig=x");
		assertThat(SignedUrls.signatureOf("a=1")).isEmpty();
		assertThat(SignedUrls.signatureOf(null)).isEmpty();
	}

	@Test
	void toStringShowsKidsOnly() {
		assertThat(URLS).hasToString("SignedUrls[UrlSigningKeys[signer=u1, live=[u1]]]");
	}

	private static String flipFirst(String signature) {
		return ((signature.charAt(0) == 'A') ? "B" : "A") + signature.substring(1);
	}

}
