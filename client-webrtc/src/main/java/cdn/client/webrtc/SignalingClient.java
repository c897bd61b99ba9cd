package cdn.client.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One peer's connection to signaling-service ({@code WS /v1/signal}, its README): joins
 * the peer's swarms under its peer id, relays offers, answers and candidates to other
 * members and hands theirs over, pings within the service's idle timeout. The web
 * player's {@code player/p2p/signal.js}, in Java (a page joins one swarm, a Java listener
 * those of every rendition it may play).
 */
public final class SignalingClient implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SignalingClient.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Well within the service's idle timeout (120 s by default). */
	static final Duration PING = Duration.ofSeconds(30);

	/** An offer, answer or candidate from another member of {@code swarm}. */
	public record Relay(String swarm, String type, String from, JsonNode data) {
	}

	/**
	 * A frame the service refused.
	 *
	 * @param reason e.g. {@code unknown-target}
	 * @param to the target of a refused relay, else {@code null}
	 */
	public record Refusal(String reason, String detail, String to) {

		@Override
		public String toString() {
			return this.reason + ": " + this.detail;
		}

	}

	private final List<String> swarms;

	private final AtomicInteger joins = new AtomicInteger();

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.Many<Relay> relays = Sinks.many().multicast().onBackpressureBuffer(256, false);

	private final Sinks.Many<Refusal> refusals = Sinks.many().multicast().onBackpressureBuffer(256, false);

	private final Sinks.One<Void> joined = Sinks.one();

	private volatile Disposable connection;

	private volatile Disposable pinger;

	private SignalingClient(List<String> swarms) {
		this.swarms = List.copyOf(swarms);
	}

	/**
	 * Connects and joins; completes once the service said {@code joined}, fails with its
	 * refusal ({@code error} frame: the reason and detail) or when it cannot be reached.
	 * @param swarm {@code trackId/rendition}, the tracker's swarm
	 */
	public static Mono<SignalingClient> connect(HttpClient http, String url, String peerId, String swarm) {
		return connect(http, url, peerId, List.of(swarm));
	}

	/**
	 * Connects and joins every one of {@code swarms}; completes once the service said
	 * {@code joined} to each.
	 */
	public static Mono<SignalingClient> connect(HttpClient http, String url, String peerId, List<String> swarms) {
		return connect(http, url, peerId, swarms, null);
	}

	/**
	 * Connects and joins every one of {@code swarms} with the listener's token
	 * ({@code null}: none), which a signaling service that requires tokens checks on the
	 * connection's first join.
	 */
	public static Mono<SignalingClient> connect(HttpClient http, String url, String peerId, List<String> swarms,
			String token) {
		return Mono.defer(() -> {
			SignalingClient client = new SignalingClient(swarms);
			client.connection = http.websocket()
				.uri(url)
				.handle((in, out) -> out.sendString(client.outbound.asFlux())
					.then()
					.and(in.receive().asString().doOnNext(client::received).then()))
				.doFinally((signal) -> client.ended())
				.subscribe(null, (error) -> client.joined
					.tryEmitError(new IllegalStateException("signaling is unreachable: " + error.getMessage(), error)));
			for (String swarm : client.swarms) {
				ObjectNode join = JSON.createObjectNode().put("type", "join").put("swarm", swarm).put("peerId", peerId);
				if (token != null) {
					join.put("token", token);
				}
				client.send(join);
			}
			return client.joined.asMono().thenReturn(client).doOnSuccess((joined) -> {
				client.pinger = Flux.interval(PING)
					.subscribe((tick) -> client.send(JSON.createObjectNode().put("type", "ping")));
			}).doOnError((error) -> client.close());
		});
	}

	/** Offers, answers and candidates from other members, in the order they came. */
	public Flux<Relay> relays() {
		return this.relays.asFlux();
	}

	/**
	 * The frames the service refused after the join, e.g. a relay to a peer that is not
	 * connected ({@code unknown-target}) or not in this swarm ({@code foreign-target}).
	 */
	public Flux<Refusal> refusals() {
		return this.refusals.asFlux();
	}

	/** The swarms it joined, as given. */
	public List<String> swarms() {
		return this.swarms;
	}

	/** Relays {@code data} to member {@code to} of {@code swarm}. */
	public void relay(String swarm, String type, String to, JsonNode data) {
		ObjectNode frame = JSON.createObjectNode().put("type", type).put("swarm", swarm).put("to", to);
		frame.set("data", data);
		send(frame);
	}

	private void send(ObjectNode frame) {
		this.outbound.tryEmitNext(frame.toString());
	}

	private void received(String text) {
		JsonNode frame;
		try {
			frame = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			log.debug("signaling sent a frame that is not JSON");
			return;
		}
		String type = frame.path("type").asString("");
		switch (type) {
			case "joined" -> {
				if (this.joins.incrementAndGet() == this.swarms.size()) {
					this.joined.tryEmitEmpty();
				}
			}
			case "error" -> {
				Refusal refusal = new Refusal(frame.path("reason").asString("?"), frame.path("detail").asString(""),
						frame.path("to").asString(null));
				if (this.joined.tryEmitError(new IllegalStateException("signaling refused the join: " + refusal))
					.isFailure()) {
					log.debug("signaling refused a frame: {}", refusal);
					this.refusals.tryEmitNext(refusal);
				}
			}
			case "offer", "answer", "candidate" -> {
				if (frame.path("from").isString() && frame.path("swarm").isString() && frame.has("data")) {
					this.relays.tryEmitNext(new Relay(frame.get("swarm").asString(), type, frame.get("from").asString(),
							frame.get("data")));
				}
			}
			default -> {
				// pong, left
			}
		}
	}

	private void ended() {
		this.joined.tryEmitError(new IllegalStateException("signaling closed the connection"));
		this.relays.tryEmitComplete();
		this.refusals.tryEmitComplete();
		Disposable ping = this.pinger;
		if (ping != null) {
			ping.dispose();
		}
	}

	/** Whether the connection is gone (the service closed it, or this client did). */
	public boolean isClosed() {
		Disposable current = this.connection;
		return current == null || current.isDisposed();
	}

	@Override
	public void close() {
		this.outbound.tryEmitComplete();
		Disposable current = this.connection;
		if (current != null) {
			current.dispose();
		}
		ended();
	}

}
