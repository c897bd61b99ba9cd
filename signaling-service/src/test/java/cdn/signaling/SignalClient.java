package cdn.signaling;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real WebSocket client of {@code /v1/signal}, for tests: send frames, take what comes.
 */
public final class SignalClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<Integer> closeCode = Sinks.one();

	private final Disposable connection;

	public SignalClient(String url) {
		this.connection = HttpClient.create()
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
			.uri(url)
			.handle((in, out) -> {
				watchClose(in);
				return out.sendString(this.outbound.asFlux())
					.then()
					.and(in.receive().asString().doOnNext(this.received::add).then());
			})
			.subscribe();
	}

	private void watchClose(WebsocketInbound in) {
		in.receiveCloseStatus().subscribe((status) -> this.closeCode.tryEmitValue(status.code()));
	}

	public SignalClient send(String frame) {
		this.outbound.tryEmitNext(frame);
		return this;
	}

	/** The next frame, within 5 s. */
	public JsonNode next() throws InterruptedException {
		String frame = this.received.poll(5, TimeUnit.SECONDS);
		if (frame == null) {
			throw new AssertionError("no frame within 5 s");
		}
		return JSON.readTree(frame);
	}

	/** The next frame within {@code wait}, or {@code null}. */
	public JsonNode nextWithin(Duration wait) throws InterruptedException {
		String frame = this.received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		return (frame != null) ? JSON.readTree(frame) : null;
	}

	/** The close code the server sent, waiting at most {@code wait}. */
	public Integer closeCode(Duration wait) {
		return this.closeCode.asMono().block(wait);
	}

	@Override
	public void close() {
		this.outbound.tryEmitComplete();
		this.connection.dispose();
	}

	/** A join frame. */
	public static String join(String swarm, String peerId) {
		return "{\"type\":\"join\",\"swarm\":\"" + swarm + "\",\"peerId\":\"" + peerId + "\"}";
	}

	/** An offer frame to {@code to}, with a stand-in SDP. */
	public static String offer(String swarm, String to) {
		return "{\"type\":\"offer\",\"swarm\":\"" + swarm + "\",\"to\":\"" + to + "\",\"data\":{\"sdp\":\"v=0\"}}";
	}

	/** The frame is an error frame with this reason and a detail. */
	public static void assertError(JsonNode frame, String reason) {
		assertThat(frame.get("type").asString()).as(frame.toString()).isEqualTo("error");
		assertThat(frame.get("reason").asString()).isEqualTo(reason);
		assertThat(frame.get("detail").asString()).isNotBlank();
	}

}
