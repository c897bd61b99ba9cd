package cdn.tracker.sharing;

import java.util.List;

import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's P2P switches: {@code GET /v1/admin/p2p} reads them, {@code PUT} replaces
 * them (a JSON list of {@link P2pRule}, first match wins; {@code []} clears them), behind
 * {@code tracker.admin-token}, audited. A listener learns its switch at its next announce
 * or lookup; lookups of a listener switched off answer no peer at once, and a
 * switched-off listener's holdings leave the index at its next announce.
 */
@RestController
class P2pAdminController {

	/** Switches kept at most: each is matched on every announce and lookup. */
	static final int MAX_RULES = 256;

	private final P2pSwitches switches;

	private final AdminAuth auth;

	P2pAdminController(P2pSwitches switches, AdminAuth trackerAdminAuth) {
		this.switches = switches;
		this.auth = trackerAdminAuth;
	}

	@GetMapping("/v1/admin/p2p")
	List<P2pRule> rules(ServerHttpRequest request) {
		AuditEntry.of(request).action("p2p-read");
		this.auth.check(request);
		return this.switches.operatorRules();
	}

	@PutMapping("/v1/admin/p2p")
	Mono<List<P2pRule>> replace(@RequestBody List<P2pRule> rules, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("p2p-switches");
		this.auth.check(request);
		if (rules.size() > MAX_RULES) {
			throw Problems.badRequest("at most " + MAX_RULES + " rules");
		}
		if (rules.contains(null)) {
			throw Problems.badRequest("a rule must not be null");
		}
		audit.detail("rules", rules.toString());
		return this.switches.replace(rules);
	}

}
