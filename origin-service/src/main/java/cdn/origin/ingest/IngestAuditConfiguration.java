package cdn.origin.ingest;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every ingest call (upload and status), done or refused, is a line of the audit log
 * ({@code cdn.audit.file}).
 */
@Configuration(proxyBeanMethods = false)
class IngestAuditConfiguration {

	@Bean
	AuditedRequests ingestAudit(AuditLog auditLog) {
		return AuditedRequests.operators(auditLog, "/v1/tracks", "/v1/ingests/**");
	}

}
