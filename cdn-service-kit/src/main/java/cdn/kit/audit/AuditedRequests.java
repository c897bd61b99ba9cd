package cdn.kit.audit;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import cdn.kit.web.AdminAuth;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Audits every request to the paths it is made for, answered or refused (401, 403, 400,
 * 429 …): one {@link AuditLog} line with the status, written just before the answer is
 * sent, so the line is there when the client has its answer. The handler adds the
 * action's name, target and details through {@link AuditEntry#of}. A service makes one
 * bean per kind of caller: {@link #operators} for admin APIs, {@link #peers} for peer
 * reports.
 */
public final class AuditedRequests implements WebFilter, Ordered {

	/** Before any filter that may answer on its own (a rate limit, CORS). */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final AuditLog log;

	private final List<PathPattern> paths;

	private final Function<ServerHttpRequest, String> actor;

	private AuditedRequests(AuditLog log, Function<ServerHttpRequest, String> actor, String... paths) {
		this.log = log;
		this.actor = actor;
		this.paths = Stream.of(paths).map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * Requests of an operator: the actor is {@link AuditLog#operator(String)} of the
	 * bearer token sent (whether valid or not), or {@code anonymous} without one.
	 * @param paths path patterns, e.g. {@code /v1/admin/**}
	 */
	public static AuditedRequests operators(AuditLog log, String... paths) {
		return new AuditedRequests(log, (request) -> {
			String token = AdminAuth.bearer(request);
			return (token != null && !token.isEmpty()) ? AuditLog.operator(token) : "anonymous";
		}, paths);
	}

	/**
	 * Requests of a peer: the handler names the peer ({@link AuditEntry#actor}), else the
	 * actor is {@code unknown}.
	 * @param paths path patterns, e.g. the tracker's report path
	 */
	public static AuditedRequests peers(AuditLog log, String... paths) {
		return new AuditedRequests(log, (request) -> "unknown", paths);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (HttpMethod.OPTIONS.equals(request.getMethod()) || this.paths.stream()
			.noneMatch((pattern) -> pattern.matches(request.getPath().pathWithinApplication()))) {
			return chain.filter(exchange);
		}
		AuditEntry entry = new AuditEntry(request.getMethod().name() + " " + request.getPath().value(),
				this.actor.apply(request));
		exchange.getAttributes().put(AuditEntry.ATTRIBUTE, entry);
		String remote = remote(request);
		exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			entry.writeTo(this.log, (status != null) ? status.value() : 200, remote);
		}));
		return chain.filter(exchange).doOnCancel(() -> entry.writeTo(this.log, 0, remote));
	}

	private static String remote(ServerHttpRequest request) {
		InetSocketAddress address = request.getRemoteAddress();
		if (address == null) {
			return null;
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
