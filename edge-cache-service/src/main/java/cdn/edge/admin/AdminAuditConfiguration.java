package cdn.edge.admin;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every call of the admin API, done or refused, is a line of the audit log
 * ({@code cdn.audit.file}).
 */
@Configuration(proxyBeanMethods = false)
class AdminAuditConfiguration {

	@Bean
	AuditedRequests adminAudit(AuditLog auditLog) {
		return AuditedRequests.operators(auditLog, "/v1/admin/**");
	}

}
