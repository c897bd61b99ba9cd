package cdn.edge.cache;

import java.time.Duration;

import cdn.edge.EdgeITSupport;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream {@code 404} is remembered for {@code edge.cache.negative-ttl} (5 s by
 * default): repeated requests for a missing object do not each reach the upstream.
 */
class NegativeCacheIT extends EdgeITSupport {

	@Test
	void missingObjectIsAskedForOncePerNegativeTtl() {
		String missing = "/tracks/never-published/master.m3u8";
		for (int i = 0; i < 5; i++) {
			this.http.get().uri(missing).exchange().expectStatus().isNotFound();
		}
		assertThat(UPSTREAM.hits(missing)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(6));
		this.http.get().uri(missing).exchange().expectStatus().isNotFound();
		assertThat(UPSTREAM.hits(missing)).isEqualTo(2);
	}

	@Test
	void purgeForgetsTheNotFoundAnswer() {
		SegmentName late = SegmentName.parse("0".repeat(63) + "1.m4s");
		this.http.get().uri(late.path()).exchange().expectStatus().isNotFound();
		this.http.post()
			.uri("/v1/admin/purge")
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.bodyValue(java.util.Map.of("key", late.path()))
			.exchange()
			.expectStatus()
			.isOk();
		this.http.get().uri(late.path()).exchange().expectStatus().isNotFound();
		assertThat(UPSTREAM.hits(late.path())).isEqualTo(2);
	}

}
