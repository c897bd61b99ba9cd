package cdn.signaling.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.Throttle;
import cdn.kit.security.TokenRejectedException;
import cdn.protocol.PeerId;
import cdn.protocol.Rendition;
import cdn.protocol.TrackId;
import cdn.signaling.config.SignalingProperties;
import cdn.signaling.limits.SignalingLimitsProperties;
import cdn.signaling.relay.CandidateFilter;
import cdn.signaling.relay.RelayOnly;
import cdn.signaling.swarm.SwarmDirectory;
import cdn.signaling.tokens.SignalingAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code WS /v1/signal}: one connection per peer. JSON text frames:
 * <ul>
 * <li>{@code {"type":"join","swarm":"trackId/rendition","peerId":"…"}} → {@code joined}
 * (with listener tokens required, the connection's first join carries {@code "token"});
 * the first join binds the connection's peer id</li>
 * <li>{@code {"type":"offer"|"answer"|"candidate","swarm":…,"to":peerId,"data":…}} → the
 * target gets the same frame with {@code "from"} instead of {@code "to"}, if both are
 * members of that swarm</li>
 * <li>{@code {"type":"leave","swarm":…}} → {@code left}; {@code {"type":"ping"}} →
 * {@code pong}</li>
 * </ul>
 * Anything refused gets {@code {"type":"error","reason":…,"detail":…}} and the connection
 * stays open (a frame over 64 KB is the transport's and closes it). A connection silent
 * for {@code signaling.idle-timeout} is closed ({@code 1001}); one that keeps sending far
 * over its frame rate ({@code signaling.limits.max-refused-frames}) too ({@code 1008}).
 */
public final class SignalHandler implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(SignalHandler.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Frames queued for a peer that does not read, before relays to it are refused. */
	private static final int OUTBOUND_QUEUE = 256;

	/** Rate-limit error frames are sent at most this often; every refusal is counted. */
	private static final long RATE_ERROR_EVERY_NANOS = 1_000_000_000L;

	private final SignalingProperties settings;

	/** A connection's frames: {@code signaling.messages-per-second}, burst. */
	private final RateLimit frameRate;

	/**
	 * A connection's frames refused for their rate, forgiven at the frame rate: beyond
	 * them it is closed.
	 */
	private final RateLimit refusalRate;

	private final SwarmDirectory swarms;

	private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

	private final Map<String, Counter> relayed;

	private final SignalingAuth auth;

	/** Which swarms' members must show no address but their TURN relay's. */
	private final RelayOnly relayOnly;

	/** Candidates of relay-only listeners not relayed: not TURN relays. */
	private final Counter relayOnlyDropped;

	public SignalHandler(SignalingProperties settings, SignalingLimitsProperties limits, SwarmDirectory swarms,
			MeterRegistry registry, SignalingAuth auth) {
		this.settings = settings;
		this.frameRate = new RateLimit(settings.messagesPerSecond(), settings.messageBurst());
		this.refusalRate = new RateLimit(settings.messagesPerSecond(), limits.maxRefusedFrames());
		this.swarms = swarms;
		this.auth = auth;
		this.relayOnly = new RelayOnly(settings.relayOnly());
		this.relayOnlyDropped = Counter.builder("cdn.signaling.candidates.dropped")
			.description("ICE candidates not relayed, by reason (relay-only: not a TURN relay's)")
			.tag("reason", "relay-only")
			.register(registry);
		for (Rejection rejection : Rejection.values()) {
			this.rejections.put(rejection,
					Counter.builder("cdn.signaling.rejections")
						.description("Frames refused, by reason")
						.tag("reason", rejection.tag())
						.register(registry));
		}
		this.relayed = Map.of("offer", relayedCounter(registry, "offer"), "answer", relayedCounter(registry, "answer"),
				"candidate", relayedCounter(registry, "candidate"));
		Gauge.builder("cdn.signaling.connections", swarms, SwarmDirectory::connections)
			.description("Peers connected to this replica")
			.register(registry);
		Gauge.builder("cdn.signaling.swarms", swarms, SwarmDirectory::swarms)
			.description("Swarms with at least one member on this replica")
			.register(registry);
	}

	private static Counter relayedCounter(MeterRegistry registry, String type) {
		return Counter.builder("cdn.signaling.relayed")
			.description("Frames relayed from one member of a swarm to another")
			.tag("type", type)
			.register(registry);
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		Connection connection = new Connection();
		// a watchdog, not a timeout on the inbound frames: cancelling them would drop the
		// connection without the close frame that tells the peer why
		Duration idle = this.settings.idleTimeout();
		Disposable watchdog = Flux.interval(idle.dividedBy(4))
			.filter((tick) -> System.nanoTime() - connection.lastFrameNanos > idle.toNanos())
			.next()
			.subscribe((tick) -> connection.closeWith(CloseStatus.GOING_AWAY.withReason("idle")));
		// one frame at a time, in order: a relay waits for the join before it; when the
		// peer is gone it is withdrawn and its outbound queue ends
		Mono<Void> inbound = session.receive()
			.doOnNext((message) -> connection.lastFrameNanos = System.nanoTime())
			.concatMap(connection::take)
			.then()
			.onErrorResume((error) -> {
				log.debug("signaling connection ended: {}", error.getMessage());
				return Mono.empty();
			})
			.then(Mono.defer(connection::close))
			.doFinally((signal) -> watchdog.dispose());
		// an idle or flooding connection's close frame goes out after the frames queued
		// before it
		Mono<Void> outbound = session.send(connection.frames.asFlux().map(session::textMessage))
			.then(Mono.defer(() -> (connection.closing != null) ? session.close(connection.closing) : Mono.empty()))
			.onErrorResume((error) -> Mono.empty());
		return Mono.when(inbound, outbound);
	}

	/** One peer's connection: its id, swarms, rate budget and outbound queue. */
	private final class Connection implements SwarmDirectory.Member {

		private final Sinks.Many<String> frames = Sinks.many()
			.unicast()
			.onBackpressureBuffer(new ArrayBlockingQueue<>(OUTBOUND_QUEUE));

		private final Set<String> joined = new LinkedHashSet<>();

		private String peerId;

		/**
		 * The tenant of the connection's peer (its listener token's, else
		 * {@value RelayOnly#DEFAULT_TENANT}), from its first join.
		 */
		private String tenant = RelayOnly.DEFAULT_TENANT;

		/** When the peer last sent a frame (read by the idle watchdog). */
		private volatile long lastFrameNanos = System.nanoTime();

		/**
		 * Set by the idle watchdog or a flood: the connection closes with it after its
		 * last frames, and reads nothing more.
		 */
		private volatile CloseStatus closing;

		private final Throttle frameRate = Throttle.of(SignalHandler.this.frameRate);

		private final Throttle refusals = Throttle.of(SignalHandler.this.refusalRate);

		private long rateErrorNanos = Long.MIN_VALUE / 2;

		@Override
		public String peerId() {
			return this.peerId;
		}

		/**
		 * Called from any connection's thread (relays): serialised, since a unicast sink
		 * refuses concurrent emissions rather than queueing them.
		 */
		@Override
		public synchronized boolean send(String frame) {
			return this.frames.tryEmitNext(frame).isSuccess();
		}

		synchronized void endFrames() {
			this.frames.tryEmitComplete();
		}

		/** Ends the outbound frames; the close frame follows them. */
		synchronized void closeWith(CloseStatus status) {
			if (this.closing == null) {
				this.closing = status;
				endFrames();
			}
		}

		/**
		 * Takes one frame; the message is read before anything asynchronous (its buffer
		 * is released after).
		 */
		Mono<Void> take(WebSocketMessage message) {
			if (this.closing != null) {
				return Mono.empty();
			}
			if (!this.frameRate.tryAcquire().allowed()) {
				String limit = "more than " + SignalHandler.this.settings.messagesPerSecond() + " frames per second";
				if (!this.refusals.tryAcquire().allowed()) {
					refuse(Rejection.RATE_LIMITED, limit + ", again and again: closing the connection");
					log.info("signaling: closing the connection of {}: it keeps flooding frames",
							(this.peerId != null) ? this.peerId : "a peer that never joined");
					closeWith(CloseStatus.POLICY_VIOLATION.withReason("flooding"));
					return Mono.empty();
				}
				refuse(Rejection.RATE_LIMITED, limit,
						System.nanoTime() - this.rateErrorNanos >= RATE_ERROR_EVERY_NANOS);
				return Mono.empty();
			}
			if (message.getType() != WebSocketMessage.Type.TEXT) {
				if (message.getType() == WebSocketMessage.Type.BINARY) {
					refuse(Rejection.BAD_FRAME, "frames are JSON text");
				}
				return Mono.empty();
			}
			long size = message.getPayload().readableByteCount();
			if (size > SignalHandler.this.settings.maxFrameSize().toBytes()) {
				refuse(Rejection.FRAME_TOO_LARGE,
						"frames are at most " + SignalHandler.this.settings.maxFrameSize().toBytes() + " bytes");
				return Mono.empty();
			}
			JsonNode frame;
			try {
				frame = JSON.readTree(message.getPayloadAsText());
			}
			catch (RuntimeException ex) {
				refuse(Rejection.BAD_FRAME, "not JSON");
				return Mono.empty();
			}
			if (!frame.isObject() || !frame.path("type").isString()) {
				refuse(Rejection.BAD_FRAME, "a frame is a JSON object with a \"type\"");
				return Mono.empty();
			}
			String type = frame.get("type").asString();
			Mono<Void> handled = switch (type) {
				case "join" -> join(frame);
				case "leave" -> leave(frame);
				case "offer", "answer", "candidate" -> relay(type, frame);
				case "ping" -> Mono.fromRunnable(() -> send("{\"type\":\"pong\"}"));
				default -> Mono.fromRunnable(() -> refuse(Rejection.UNKNOWN_TYPE,
						"unknown type (join, leave, offer, answer, candidate, ping)"));
			};
			return handled.onErrorResume((error) -> {
				log.warn("signaling: the swarm directory failed: {}", error.getMessage());
				refuse(Rejection.UNAVAILABLE, "the swarm directory did not answer; try again");
				return Mono.empty();
			});
		}

		private Mono<Void> join(JsonNode frame) {
			String swarm = swarm(frame);
			String id = text(frame, "peerId");
			if (swarm == null) {
				return Mono.empty();
			}
			if (id == null || !PeerId.isValid(id)) {
				refuse(Rejection.BAD_PEER_ID, "peerId must match [A-Za-z0-9_-]{1,64}");
				return Mono.empty();
			}
			if (this.peerId != null && !this.peerId.equals(id)) {
				refuse(Rejection.PEER_ID_MISMATCH, "this connection is peer " + this.peerId);
				return Mono.empty();
			}
			if (this.peerId == null) {
				// the connection's first join proves who it is; its later joins are that
				// peer's
				try {
					this.tenant = SignalHandler.this.auth.check(text(frame, "token"), id);
				}
				catch (TokenRejectedException rejected) {
					refuse(Rejection.UNAUTHORIZED, rejected.reason().message());
					return Mono.empty();
				}
			}
			if (!this.joined.contains(swarm)
					&& this.joined.size() >= SignalHandler.this.settings.maxSwarmsPerConnection()) {
				refuse(Rejection.TOO_MANY_SWARMS,
						"at most " + SignalHandler.this.settings.maxSwarmsPerConnection() + " swarms per connection");
				return Mono.empty();
			}
			Mono<Boolean> connected = Mono.just(true);
			if (this.peerId == null) {
				this.peerId = id;
				connected = SignalHandler.this.swarms.connect(this).doOnNext((ok) -> {
					if (!ok) {
						this.peerId = null;
						refuse(Rejection.PEER_ID_TAKEN, "another connection is peer " + id);
					}
				}).doOnError((error) -> this.peerId = null);
			}
			return connected.filter(Boolean::booleanValue)
				.flatMap((ok) -> SignalHandler.this.swarms.join(swarm, this))
				.doOnNext((outcome) -> {
					if (outcome == SwarmDirectory.Joined.FULL) {
						refuse(Rejection.SWARM_FULL,
								"the swarm has " + SignalHandler.this.settings.maxMembersPerSwarm() + " members");
						return;
					}
					this.joined.add(swarm);
					send(reply("joined", swarm));
				})
				.then();
		}

		private Mono<Void> leave(JsonNode frame) {
			String swarm = swarm(frame);
			if (swarm == null) {
				return Mono.empty();
			}
			if (!this.joined.remove(swarm)) {
				refuse(Rejection.NOT_JOINED, "not a member of " + swarm);
				return Mono.empty();
			}
			return SignalHandler.this.swarms.leave(swarm, this)
				.then(Mono.fromRunnable(() -> send(reply("left", swarm))));
		}

		private Mono<Void> relay(String type, JsonNode frame) {
			String swarm = swarm(frame);
			if (swarm == null) {
				return Mono.empty();
			}
			String to = text(frame, "to");
			if (to == null || !PeerId.isValid(to)) {
				refuse(Rejection.BAD_PEER_ID, "\"to\" must be a peer id");
				return Mono.empty();
			}
			if (!this.joined.contains(swarm)) {
				refuse(Rejection.NOT_JOINED, "join " + swarm + " before signaling in it");
				return Mono.empty();
			}
			ObjectNode relayed = JSON.createObjectNode();
			relayed.put("type", type);
			relayed.put("swarm", swarm);
			relayed.put("from", this.peerId);
			JsonNode data = frame.get("data");
			if (SignalHandler.this.relayOnly.appliesToSwarm(this.tenant, swarm)) {
				// whatever the client made of iceTransportPolicy: no address but its
				// relay's
				CandidateFilter.Filtered filtered = type.equals("candidate") ? CandidateFilter.candidates(data)
						: CandidateFilter.description(data);
				SignalHandler.this.relayOnlyDropped.increment(filtered.dropped());
				if (filtered.data() == null) {
					return Mono.empty();
				}
				data = filtered.data();
			}
			if (data != null && !data.isNull()) {
				relayed.set("data", data);
			}
			else {
				relayed.putNull("data");
			}
			return SignalHandler.this.swarms.deliver(swarm, to, relayed.toString()).doOnNext((delivery) -> {
				switch (delivery) {
					case DELIVERED -> SignalHandler.this.relayed.get(type).increment();
					case BUSY -> refuseRelay(Rejection.TARGET_BUSY, to, to + " is not reading its frames");
					case FOREIGN -> refuseRelay(Rejection.FOREIGN_TARGET, to, to + " is not a member of " + swarm);
					case UNKNOWN -> refuseRelay(Rejection.UNKNOWN_TARGET, to, to + " is not connected");
				}
			}).then();
		}

		/** The frame's swarm, validated; {@code null} (and refused) if it is not one. */
		private String swarm(JsonNode frame) {
			String swarm = text(frame, "swarm");
			String[] parts = (swarm != null) ? swarm.split("/", -1) : new String[0];
			if (parts.length != 2 || !TrackId.isValid(parts[0])
					|| Arrays.stream(Rendition.values()).noneMatch((r) -> r.id().equals(parts[1]))) {
				refuse(Rejection.BAD_SWARM, "swarm must be trackId/rendition, e.g. concert-pitch/a128");
				return null;
			}
			return swarm;
		}

		private void refuse(Rejection rejection, String detail) {
			refuse(rejection, detail, true);
		}

		private void refuse(Rejection rejection, String detail, boolean answer) {
			refuse(rejection, detail, answer, null);
		}

		/** A relay that did not reach its target: the error names it ({@code to}). */
		private void refuseRelay(Rejection rejection, String to, String detail) {
			refuse(rejection, detail, true, to);
		}

		private void refuse(Rejection rejection, String detail, boolean answer, String to) {
			SignalHandler.this.rejections.get(rejection).increment();
			if (answer) {
				if (rejection == Rejection.RATE_LIMITED) {
					this.rateErrorNanos = System.nanoTime();
				}
				ObjectNode error = JSON.createObjectNode();
				error.put("type", "error");
				error.put("reason", rejection.tag());
				error.put("detail", detail);
				if (to != null) {
					error.put("to", to);
				}
				send(error.toString());
			}
		}

		Mono<Void> close() {
			endFrames();
			if (this.peerId == null) {
				return Mono.empty();
			}
			log.debug("peer {} left signaling", this.peerId);
			return SignalHandler.this.swarms.disconnect(this, List.copyOf(this.joined)).onErrorResume((error) -> {
				log.warn("signaling: could not withdraw peer {}: {}", this.peerId, error.getMessage());
				return Mono.empty();
			});
		}

	}

	private static String text(JsonNode frame, String field) {
		JsonNode value = frame.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String reply(String type, String swarm) {
		ObjectNode reply = JSON.createObjectNode();
		reply.put("type", type);
		reply.put("swarm", swarm);
		return reply.toString();
	}

}
