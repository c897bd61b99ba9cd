package cdn.router.listeners;

import cdn.kit.web.Problems;
import cdn.router.edge.EdgeRegistry;
import cdn.router.tokens.RouteTokens;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/listener-reports}: the web player's counters, on the router's origin
 * (the page's own, so no CORS). When the router issues listener tokens
 * ({@code router.tokens.keys-dir}) a report needs one, for the router (audience
 * {@code router}), as {@code Authorization: Bearer}, whose subject is the report's
 * {@code peerId}: 401 without a valid one, 403 for another peer's (checked before the
 * figures). Only regions the router routes to are tagged, and every figure is bounded, so
 * a forged report can neither add series nor skew a sum by more than one plausible
 * report's worth.
 */
@RestController
class ListenerReportController {

	/** One report covers at most this much playing; the page reports every 10 s. */
	static final double MAX_SECONDS = 600;

	/** Bytes of one report: 10 minutes at 10 Mbit/s. */
	static final long MAX_BYTES = 750_000_000L;

	static final long MAX_STALLS = 1_000;

	static final long MAX_STARTUP_MS = 120_000;

	static final long MAX_BITRATE_KBPS = 10_000;

	private final EdgeRegistry edges;

	private final BrowserListenerMetrics metrics;

	private final RouteTokens tokens;

	ListenerReportController(EdgeRegistry edges, MeterRegistry registry, RouteTokens tokens) {
		this.edges = edges;
		this.metrics = new BrowserListenerMetrics(registry);
		this.tokens = tokens;
	}

	@PostMapping("/v1/listener-reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void report(@RequestBody ListenerReport report, ServerHttpRequest request) {
		this.tokens.check(request, report.peerId());
		if (report.region() == null || !this.edges.snapshot().regions().contains(report.region())) {
			throw Problems.badRequest("region must be one this router routes to");
		}
		within("bytesPeer", report.bytesPeer(), MAX_BYTES);
		within("bytesEdge", report.bytesEdge(), MAX_BYTES);
		within("hashFailures", report.hashFailures(), MAX_STALLS);
		within("stalls", report.stalls(), MAX_STALLS);
		within("stalledSeconds", report.stalledSeconds(), MAX_SECONDS);
		within("playedSeconds", report.playedSeconds(), MAX_SECONDS);
		within("startupMs", report.startupMs(), MAX_STARTUP_MS);
		within("bitrateKbps", report.bitrateKbps(), MAX_BITRATE_KBPS);
		this.metrics.record(report);
	}

	private static void within(String field, Number value, double max) {
		if (value != null && !(value.doubleValue() >= 0 && value.doubleValue() <= max)) {
			throw Problems.badRequest(field + " must be between 0 and " + (long) max);
		}
	}

}
