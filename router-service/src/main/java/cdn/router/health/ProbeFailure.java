package cdn.router.health;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;

/**
 * The closed list of ways a readiness probe fails, each with the short reason shown in
 * {@code GET /v1/edges}.
 */
enum ProbeFailure {

	/** Answered, but not 2xx. */
	NOT_READY("not ready"),

	/** No answer within the probe timeout. */
	TIMEOUT("timeout"),

	/** Nothing listens (the process is gone). */
	REFUSED("connection refused"),

	/** Any other transport error (reset, DNS, TLS). */
	UNREACHABLE("unreachable");

	private final String reason;

	ProbeFailure(String reason) {
		this.reason = reason;
	}

	String reason() {
		return this.reason;
	}

	static ProbeFailure classify(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
					|| cause instanceof ConnectTimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof ConnectException) {
				return REFUSED;
			}
		}
		return UNREACHABLE;
	}

}
