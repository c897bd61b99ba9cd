package cdn.router.web;

import java.time.Instant;
import java.util.List;

import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.EdgeView;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/edges}: every known edge, healthy or not, as the router sees it now.
 */
@RestController
class EdgeController {

	private final EdgeRegistry registry;

	EdgeController(EdgeRegistry registry) {
		this.registry = registry;
	}

	@GetMapping("/v1/edges")
	ResponseEntity<List<EdgeStatus>> edges() {
		List<EdgeStatus> edges = this.registry.snapshot().edges().stream().map(EdgeStatus::of).toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(edges);
	}

	/**
	 * One edge in {@code GET /v1/edges}.
	 *
	 * @param url base URL
	 * @param region its region
	 * @param healthy whether it is routed to
	 * @param state {@code unknown} (not probed yet), {@code up} or {@code down}
	 * @param load last reported load, 0 to 1
	 * @param overloaded whether it is passed over for its tracks' next edge
	 * @param lastCheck when it was last probed
	 * @param since when it entered its state
	 * @param reason the last probe's outcome
	 */
	record EdgeStatus(String url, String region, boolean healthy, String state, double load, boolean overloaded,
			Instant lastCheck, Instant since, String reason) {

		static EdgeStatus of(EdgeView edge) {
			return new EdgeStatus(edge.url(), edge.region(), edge.healthy(), edge.state().id(), edge.load(),
					edge.overloaded(), edge.lastCheck(), edge.since(), edge.reason());
		}

	}

}
