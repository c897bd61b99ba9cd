package cdn.client.http;

import cdn.client.trace.ClientTracing;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.ContextView;

/** Adds the {@code traceparent} of a call's context to its request. */
final class TraceHeaders {

	private TraceHeaders() {
	}

	/** {@code http}, sending the call's {@code traceparent} when its context has one. */
	static HttpClient of(HttpClient http, ContextView call) {
		return call.hasKey(ClientTracing.TRACEPARENT)
				? http.headers((headers) -> ClientTracing.inject(call, headers::set)) : http;
	}

}
