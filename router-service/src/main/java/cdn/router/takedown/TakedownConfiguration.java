package cdn.router.takedown;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;
import cdn.kit.web.AdminAuth;
import cdn.router.config.RouterProperties;
import cdn.router.edge.EdgeRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The router's operator API ({@code /v1/admin/*}: takedowns), its token
 * ({@code router.admin-token}; without one the API answers 403) and its audit lines.
 */
@Configuration(proxyBeanMethods = false)
class TakedownConfiguration {

	@Bean
	AdminAuth adminAuth(RouterProperties properties) {
		return new AdminAuth(properties.adminToken(), "router.admin-token", "takedown API");
	}

	@Bean
	AuditedRequests adminAudit(AuditLog auditLog) {
		return AuditedRequests.operators(auditLog, "/v1/admin/**");
	}

	@Bean
	TakenDownTracks takenDownTracks() {
		return new TakenDownTracks();
	}

	@Bean(destroyMethod = "close")
	TakedownFanOut takedownFanOut(RouterProperties properties, EdgeRegistry registry) {
		return new TakedownFanOut(properties, registry);
	}

}
