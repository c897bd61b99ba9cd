package cdn.sim.trace;

import java.net.URI;

import brave.Tracing;
import brave.sampler.Sampler;
import cdn.client.trace.ClientTracing;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Listeners' segment traces reported to Zipkin: 128-bit trace ids (W3C), a share of
 * segments sampled, spans sent in batches off the listeners' threads. Closing flushes
 * what is still queued.
 */
public final class ZipkinTracing implements AutoCloseable {

	/** The service name of every listener span. */
	public static final String SERVICE_NAME = "listener";

	private final URLConnectionSender sender;

	private final AsyncZipkinSpanHandler spans;

	private final Tracing tracing;

	private final ClientTracing client;

	private ZipkinTracing(String spansEndpoint, double sampling) {
		this.sender = URLConnectionSender.create(URI.create(spansEndpoint).toString());
		this.spans = AsyncZipkinSpanHandler.create(this.sender);
		this.tracing = Tracing.newBuilder()
			.localServiceName(SERVICE_NAME)
			.traceId128Bit(true)
			.sampler(Sampler.create((float) sampling))
			.addSpanHandler(this.spans)
			.build();
		this.client = ClientTracing.of(this.tracing);
	}

	/**
	 * @param spansEndpoint Zipkin's span API, e.g.
	 * {@code http://localhost:9411/api/v2/spans}
	 * @param sampling the share of segment traces kept, 0..1
	 */
	public static ZipkinTracing start(String spansEndpoint, double sampling) {
		if (!(sampling >= 0 && sampling <= 1)) {
			throw new IllegalArgumentException("the trace sampling must be between 0 and 1");
		}
		return new ZipkinTracing(spansEndpoint, sampling);
	}

	public ClientTracing client() {
		return this.client;
	}

	/** Sends what is queued now. */
	public void flush() {
		this.spans.flush();
	}

	@Override
	public void close() {
		this.tracing.close();
		this.spans.flush();
		this.spans.close();
		this.sender.close();
	}

}
