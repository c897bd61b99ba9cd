package cdn.edge.status;

import cdn.edge.EdgeITSupport;
import org.junit.jupiter.api.Test;

/** The load report the router polls. */
class EdgeStatusIT extends EdgeITSupport {

	@Test
	void statusReportsRegionAndAnIdleLoad() {
		this.http.get()
			.uri("/v1/status")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.jsonPath("$.region")
			.isEqualTo("test-east")
			.jsonPath("$.load")
			.isEqualTo(0.0)
			.jsonPath("$.inflight")
			.isEqualTo(0)
			.jsonPath("$.maxInflight")
			.isEqualTo(1024);
	}

}
