package cdn.edge.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * The closed list of ways an upstream fetch can fail, each with the status a client gets
 * when no stale copy can stand in, and the {@code outcome} tag of
 * {@code cdn.edge.upstream.fetch}. The one place that turns exceptions into kinds.
 */
public enum UpstreamFailure {

	/** No complete answer within the attempt's time limit. */
	TIMEOUT(504, "timeout", "upstream timeout", false, true),

	/** No connection: refused, unreachable, unknown host. */
	REFUSED(502, "refused", "upstream refused the connection", true, true),

	/** The upstream answered 5xx (or a status an edge cannot cache). */
	UPSTREAM_ERROR(502, "upstream_5xx", "upstream error", true, true),

	/** The body ended before its {@code Content-Length}, or the connection broke. */
	TRUNCATED(502, "truncated", "upstream body truncated", true, true),

	/** A segment whose bytes do not hash to its id. */
	INTEGRITY(502, "integrity", "upstream segment does not match its id", true, true),

	/** A body larger than {@code edge.fetch.max-object-size}. */
	TOO_LARGE(502, "too_large", "upstream object too large", false, true),

	/** The upstream says the object does not exist: an answer, not a fault. */
	NOT_FOUND(404, "not_found", "not found upstream", false, false),

	/** The upstream refused the request with another 4xx: passed on as a 4xx. */
	REJECTED(400, "upstream_4xx", "upstream refused the request", false, false);

	private final int status;

	private final String tag;

	private final String reason;

	private final boolean retryable;

	private final boolean upstreamFault;

	UpstreamFailure(int status, String tag, String reason, boolean retryable, boolean upstreamFault) {
		this.status = status;
		this.tag = tag;
		this.reason = reason;
		this.retryable = retryable;
		this.upstreamFault = upstreamFault;
	}

	/** Status of the problem a client gets when nothing stale can be served. */
	public int status() {
		return this.status;
	}

	/** Value of the {@code outcome} metric tag. */
	public String tag() {
		return this.tag;
	}

	/** A short reason for the client's problem detail. */
	public String reason() {
		return this.reason;
	}

	/** Whether one more attempt (on the next candidate upstream) may help. */
	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * Whether the upstream failed (a stale copy may stand in) rather than answered (the
	 * answer is passed on and a cached copy dropped).
	 */
	public boolean upstreamFault() {
		return this.upstreamFault;
	}

	/** The kind of any error a fetch ended with. */
	public static UpstreamFailure classify(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof UpstreamException upstream) {
				return upstream.kind();
			}
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
					|| cause instanceof ConnectTimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				return REFUSED;
			}
			if (cause instanceof PrematureCloseException) {
				return TRUNCATED;
			}
			if (cause instanceof DataBufferLimitException) {
				return TOO_LARGE;
			}
		}
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				// reset or broken pipe after the connection was made
				return TRUNCATED;
			}
		}
		return UPSTREAM_ERROR;
	}

}
