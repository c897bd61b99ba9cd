package cdn.edge.upstream;

/**
 * A fetch that ended in one of the {@link UpstreamFailure} kinds. The message is a short
 * reason safe to show a client: no upstream URL, no internals.
 */
public class UpstreamException extends RuntimeException {

	private final UpstreamFailure kind;

	private final int status;

	public UpstreamException(UpstreamFailure kind) {
		this(kind, kind.status());
	}

	public UpstreamException(UpstreamFailure kind, int status) {
		super(kind.reason(), null, false, false);
		this.kind = kind;
		this.status = status;
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
		return this.status;
	}

}
