package cdn.kit.signedurl;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import cdn.kit.security.Secret;
import cdn.kit.test.MutableClock;
import cdn.kit.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a service does with {@code cdn.signed-urls.*}: the router's track signature covers
 * the track's playlists and every segment for its lifetime, an edge's upstream signature
 * covers the one path it fetches, and a service that requires signatures refuses the rest
 * with 403/410, counted by reason.
 */
class SignedUrlGateTest {

	private static final String SECRET = "u1=" + "A".repeat(43);

	private static final String SEGMENT = "/segments/" + "ab".repeat(32) + ".m4s";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private SignedUrlGate gate(boolean required) {
		return new SignedUrlGate(new SignedUrlProperties(null, Secret.of(SECRET), required, Duration.ofHours(1)),
				this.clock, this.registry);
	}

	@Test
	void aTrackSignatureCoversItsPlaylistsAndEverySegmentForItsLifetime() {
		SignedUrlGate gate = gate(true);
		String query = gate.signTrack("t1");
		for (String path : new String[] { "/tracks/t1/master.m3u8", "/tracks/t1/a128/index.m3u8", SEGMENT }) {
			assertThatNoException().isThrownBy(() -> gate.check(get(path, query)));
			assertThat(gate.allows(path, query, null)).isTrue();
		}
		this.clock.advance(Duration.ofHours(1).plusSeconds(1));
		assertThat(status(gate, "/tracks/t1/master.m3u8", query)).isEqualTo(410);
		assertThat(gate.allows(SEGMENT, query, null)).isFalse();
	}

	@Test
	void aRequiredSignatureRefusesTheMissingTheForeignAndTheForged() {
		SignedUrlGate gate = gate(true);
		String t1 = gate.signTrack("t1");
		assertThat(status(gate, "/tracks/t1/master.m3u8", null)).isEqualTo(403);
		assertThat(status(gate, "/tracks/t2/master.m3u8", t1)).isEqualTo(403);
		assertThat(status(gate, "/tracks/t1/master.m3u8", t1.replace("cdn-exp=", "cdn-exp=1"))).isEqualTo(403);
		assertThat(this.registry.get("cdn.signed.url.rejections").tag("reason", "missing").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("cdn.signed.url.rejections").tag("reason", "out-of-scope").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("cdn.signed.url.rejections").tag("reason", "bad-signature").counter().count())
			.isEqualTo(1);
	}

	@Test
	void anUpstreamSignatureCoversThePathItIsFor() {
		SignedUrlGate gate = gate(true);
		String playlist = "/tracks/t1/a128/index.m3u8";
		assertThat(gate.allows(playlist, null, gate.signUpstream(playlist))).isTrue();
		assertThat(gate.allows("/tracks/t2/master.m3u8", null, gate.signUpstream(playlist))).isFalse();
		assertThat(gate.allows(SEGMENT, null, gate.signUpstream(SEGMENT))).isTrue();
		assertThat(gate.signUpstream("/v1/catalog")).isNull();
		assertThatNoException().isThrownBy(() -> gate.check(
				MockServerHttpRequest.get(playlist).header(SignedUrlGate.HEADER, gate.signUpstream(playlist)).build()));
		// a signature in the query is the one that counts
		assertThat(gate.allows(playlist, "cdn-sig=forged", gate.signUpstream(playlist))).isFalse();
		String stale = gate.signUpstream(SEGMENT);
		this.clock.advance(SignedUrlGate.UPSTREAM_LIFETIME.plusSeconds(1));
		assertThat(gate.allows(SEGMENT, null, stale)).isFalse();
		assertThat(gate.allows(SEGMENT, null, gate.signUpstream(SEGMENT))).isTrue();
	}

	@Test
	void notRequiredServesEverythingAndWithoutKeysNothingIsSigned() {
		SignedUrlGate gate = gate(false);
		assertThatNoException().isThrownBy(() -> gate.check(get("/tracks/t1/master.m3u8", null)));
		assertThat(gate.signs()).isTrue();
		SignedUrlGate none = new SignedUrlGate(new SignedUrlProperties(null, null, false, Duration.ofHours(1)),
				this.clock, this.registry);
		assertThat(none.signs()).isFalse();
		assertThat(none.signTrack("t1")).isNull();
		assertThat(none.signUpstream(SEGMENT)).isNull();
		assertThat(none.allows(SEGMENT, null, null)).isTrue();
	}

	@Test
	void requiringSignaturesWithoutKeysOrWithABadKeyFailsAtStartNamingThePropertyNotTheSecret() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignedUrlGate(new SignedUrlProperties(null, null, true, Duration.ofHours(1)),
					this.clock, this.registry))
			.withMessageContaining("cdn.signed-urls.keys-file");
		String shortSecret = "u1=" + "C".repeat(20);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignedUrlGate(
					new SignedUrlProperties(null, Secret.of(shortSecret), true, Duration.ofHours(1)), this.clock,
					this.registry))
			.withMessageContaining("cdn.signed-urls.keys")
			.withMessageNotContaining("CCCC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignedUrlProperties(null, Secret.of(SECRET), true, Duration.ofSeconds(5)))
			.withMessageContaining("cdn.signed-urls.lifetime");
	}

	@Test
	void neitherThePropertiesNorTheGateShowASecret() {
		assertThat(new SignedUrlProperties(null, Secret.of(SECRET), true, Duration.ofHours(1)).toString())
			.doesNotContain("AAAA");
		assertThat(gate(true).toString()).doesNotContain("AAAA").contains("u1");
	}

	private static MockServerHttpRequest get(String path, String query) {
		return MockServerHttpRequest.get((query != null) ? path + "?" + query : path).build();
	}

	private static int status(SignedUrlGate gate, String path, String query) {
		ProblemException problem = catchThrowableOfType(ProblemException.class, () -> gate.check(get(path, query)));
		assertThat(problem).as("a refusal of %s", path).isNotNull();
		return problem.statusCode().value();
	}

}
