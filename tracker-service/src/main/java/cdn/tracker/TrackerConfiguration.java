package cdn.tracker;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.BrowserCors;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.selection.HandoutLoad;
import cdn.tracker.selection.PeerScorer;
import cdn.tracker.selection.PeerSelector;
import cdn.tracker.selection.RttMatrix;
import cdn.tracker.store.InMemoryPeerStore;
import cdn.tracker.store.PeerStore;
import cdn.tracker.store.StorePolicy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsWebFilter;

/** Wires selection and the in-memory store; the Redis store has its own configuration. */
@Configuration(proxyBeanMethods = false)
class TrackerConfiguration {

	/**
	 * CORS on the peer API: browser listeners (the web player, on the router's origin)
	 * announce, look up and report from their page ({@code cdn.cors.allowed-origins},
	 * {@code *} by default).
	 */
	@Bean
	CorsWebFilter peerApiCors(@Value("${cdn.cors.allowed-origins:*}") List<String> allowedOrigins) {
		return BrowserCors.peerApi(allowedOrigins).filter("/v1/announce", "/v1/peers", "/v1/peers/**", "/v1/swarms/**");
	}

	/**
	 * The operator's bearer token of {@code /v1/admin/*} ({@code tracker.admin-token});
	 * without one the admin API answers 403.
	 */
	@Bean
	AdminAuth trackerAdminAuth(TrackerProperties properties) {
		return new AdminAuth(properties.adminToken(), "tracker.admin-token", "admin API");
	}

	/** Every admin call, done or refused, is a line of the audit log. */
	@Bean
	AuditedRequests adminAudit(AuditLog auditLog) {
		return AuditedRequests.operators(auditLog, "/v1/admin/**");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Thread-safe and uncontended: each thread draws from its own generator. */
	@Bean
	RandomGenerator random() {
		return () -> ThreadLocalRandom.current().nextLong();
	}

	@Bean
	RttMatrix rttMatrix(TrackerProperties properties) {
		return new RttMatrix(properties.selection().rtt(), properties.selection().defaultRtt());
	}

	@Bean
	HandoutLoad handoutLoad(Clock clock, TrackerProperties properties) {
		return new HandoutLoad(clock, properties.selection().loadHalfLife());
	}

	@Bean
	PeerSelector peerSelector(RttMatrix rttMatrix, HandoutLoad handoutLoad, RandomGenerator random,
			TrackerProperties properties) {
		PeerScorer scorer = new PeerScorer(rttMatrix, properties.selection(), properties.announce().peerLifetime());
		return new PeerSelector(scorer, handoutLoad, properties.selection().jitter(), random);
	}

	@Bean
	@ConditionalOnProperty(name = "tracker.store", havingValue = "memory", matchIfMissing = true)
	PeerStore inMemoryPeerStore(TrackerProperties properties) {
		return new InMemoryPeerStore(StorePolicy.of(properties));
	}

}
