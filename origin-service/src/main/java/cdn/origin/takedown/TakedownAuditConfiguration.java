package cdn.origin.takedown;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every call of the origin's {@code /v1/admin/*} (track removal), done or refused, is a
 * line of the audit log ({@code cdn.audit.file}), as ingest's are.
 */
@Configuration(proxyBeanMethods = false)
class TakedownAuditConfiguration {

	@Bean
	AuditedRequests adminAudit(AuditLog auditLog) {
		return AuditedRequests.operators(auditLog, "/v1/admin/**");
	}

}
