package cdn.edge.upstream;

import cdn.kit.web.ProblemException;

/**
 * A fetch that ended in one of the {@link UpstreamFailure} kinds. The message is a short
 * reason safe to show a client: no upstream URL, no internals. A kit problem: the client
 * gets {@link #status()} with that reason as {@code application/problem+json}.
 */
public class UpstreamException extends ProblemException {

	private final UpstreamFailure kind;

	public UpstreamException(UpstreamFailure kind) {
		this(kind, kind.status());
	}

	public UpstreamException(UpstreamFailure kind, int status) {
		super(status, kind.reason());
		this.kind = kind;
	}

	/** Any error as an upstream failure with a client-safe reason. */
	public static UpstreamException of(Throwable error) {
		if (error instanceof UpstreamException upstream) {
			return upstream;
		}
		return new UpstreamException(UpstreamFailure.classify(error));
	}

	public UpstreamFailure kind() {
		return this.kind;
	}

	/** Status for the client: the kind's, or the upstream's own 4xx. */
	public int status() {
		return statusCode().value();
	}

}
