package cdn.kit.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a handler tells the audit line of its request: the action's name, its target,
 * details, and for a peer who acts. {@link AuditedRequests} makes one per audited request
 * and writes it with the status answered; for any other request {@link #of} gives one
 * that goes nowhere. Set the action and target before the checks that may refuse the
 * request, so that a refusal names them too.
 */
public final class AuditEntry {

	static final String ATTRIBUTE = AuditEntry.class.getName();

	private boolean written;

	private final Map<String, Object> details = new LinkedHashMap<>();

	private String action;

	private String actor;

	private String target;

	AuditEntry(String action, String actor) {
		this.action = action;
		this.actor = actor;
	}

	/** The entry of {@code request}'s audit line. */
	public static AuditEntry of(ServerHttpRequest request) {
		return (request.getAttributes().get(ATTRIBUTE) instanceof AuditEntry entry) ? entry
				: new AuditEntry(null, null);
	}

	/** The entry of {@code exchange}'s audit line. */
	public static AuditEntry of(ServerWebExchange exchange) {
		return (exchange.getAttribute(ATTRIBUTE) instanceof AuditEntry entry) ? entry : new AuditEntry(null, null);
	}

	/** The action's name, e.g. {@code purge} (by default the method and path). */
	public synchronized AuditEntry action(String action) {
		this.action = action;
		return this;
	}

	/**
	 * Who acts, e.g. {@link AuditLog#peer(String)} (an operator is known by its token).
	 */
	public synchronized AuditEntry actor(String actor) {
		this.actor = actor;
		return this;
	}

	/** What the action is about: a track, a path, a peer. */
	public synchronized AuditEntry target(String target) {
		this.target = target;
		return this;
	}

	/** One more fact, e.g. how many objects a purge dropped. */
	public synchronized AuditEntry detail(String key, Object value) {
		if (value != null) {
			this.details.put(key, value);
		}
		return this;
	}

	/** Writes the line once: the first call wins. */
	synchronized void writeTo(AuditLog log, int status, String remote) {
		if (!this.written) {
			this.written = true;
			log.record(this.action, status, this.actor, remote, this.target, this.details);
		}
	}

}
