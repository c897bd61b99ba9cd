package cdn.edge.status;

import cdn.edge.config.EdgeProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/status}: what the router polls with readiness to rank and spill edges.
 * {@code load} is the share of {@code edge.capacity.max-inflight} in use, in [0, 1]; the
 * status request itself is not counted.
 */
@RestController
class StatusController {

	private final EdgeLoad load;

	private final String region;

	private final int maxInflight;

	StatusController(EdgeLoad load, EdgeProperties edge, EdgeCapacityProperties capacity) {
		this.load = load;
		this.region = edge.region();
		this.maxInflight = capacity.maxInflight();
	}

	@GetMapping("/v1/status")
	ResponseEntity<EdgeStatus> status() {
		int inflight = Math.max(0, this.load.inflight() - 1);
		double load = Math.min(1.0, (double) inflight / this.maxInflight);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new EdgeStatus(this.region, load, inflight, this.maxInflight));
	}

	/**
	 * @param region the edge's region
	 * @param load share of its capacity in use, 0 to 1
	 * @param inflight requests in progress (without this one)
	 * @param maxInflight requests at which load is 1
	 */
	record EdgeStatus(String region, double load, int inflight, int maxInflight) {
	}

}
