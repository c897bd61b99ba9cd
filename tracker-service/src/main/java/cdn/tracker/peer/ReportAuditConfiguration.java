package cdn.tracker.peer;

import cdn.kit.audit.AuditLog;
import cdn.kit.audit.AuditedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every peer report (a peer saying another sent bad bytes or failed it), counted or
 * refused, is a line of the audit log ({@code cdn.audit.file}): who reported whom, why,
 * and what it did.
 */
@Configuration(proxyBeanMethods = false)
class ReportAuditConfiguration {

	@Bean
	AuditedRequests reportAudit(AuditLog auditLog) {
		return AuditedRequests.peers(auditLog, "/v1/peers/{peerId}/reports");
	}

}
