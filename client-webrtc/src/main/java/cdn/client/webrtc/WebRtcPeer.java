package cdn.client.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One listener's WebRTC side, as the web player's {@code player/p2p/peers.js} does it:
 * its signaling connection (its peer id, in its swarm); the connections it opens to ask
 * other peers, one per peer (the asker offers, {@code {cid, sdp}}, so two peers that ask
 * each other hold two connections and never negotiate over one); and the connections
 * others open to ask it, served from its {@link PeerHost}. Candidates follow the
 * descriptions ({@code {cid, candidate: {candidate, sdpMid, sdpMLineIndex}}}) and wait
 * until the remote description is set.
 */
public final class WebRtcPeer implements PeerTransport, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebRtcPeer.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Connections (both ways) one listener holds at most: the 20–30. */
	public static final int MAX_LINKS = 24;

	/** A connection that is not open by then is given up: the HTTP transport's budget. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The wait before the first new try after a connect failed fast (the peer was not in
	 * signaling yet, its connection failed); it doubles for each try, all within
	 * {@link #CONNECT_TIMEOUT}.
	 */
	public static final Duration CONNECT_RETRY_BACKOFF = Duration.ofMillis(100);

	/** New tries after a connect failed fast: 100, 200, 400 ms later (with jitter). */
	static final int CONNECT_RETRIES = 3;

	/**
	 * Candidates found within this window of each other go in one signaling frame: a
	 * connection finds a dozen, and signaling lets a connection send 20 frames a second.
	 */
	static final Duration CANDIDATE_BATCH = Duration.ofMillis(20);

	/**
	 * A connection that carried nothing this long is closed: a peer asked again opens a
	 * new one within the connect budget, and a listener keeps connections only to the
	 * peers that hold what it plays now.
	 */
	public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

	private final WebRtcRuntime runtime;

	private final SignalingClient signaling;

	private final Ice ice;

	private final PeerHost host;

	private final Map<String, Link> byCid = new ConcurrentHashMap<>();

	private final Map<String, Link> outgoing = new ConcurrentHashMap<>();

	/**
	 * Per peer asked, which of this listener's swarms to offer in (the index): the first
	 * until signaling says the peer is not in it.
	 */
	private final Map<String, Integer> swarmOf = new ConcurrentHashMap<>();

	private final Disposable relays;

	private final Disposable refusals;

	private final Disposable idleSweep;

	private final Duration idleTimeout;

	private final int maxLinks;

	private volatile boolean closed;

	/**
	 * @param signaling joined under this listener's peer id, in its swarms
	 * @param host what it serves, {@code null} for a listener that does not upload
	 */
	public WebRtcPeer(WebRtcRuntime runtime, SignalingClient signaling, Ice ice, PeerHost host) {
		this(runtime, signaling, ice, host, IDLE_TIMEOUT, MAX_LINKS);
	}

	/**
	 * With another idle timeout than {@link #IDLE_TIMEOUT} and bound than
	 * {@link #MAX_LINKS}.
	 */
	public WebRtcPeer(WebRtcRuntime runtime, SignalingClient signaling, Ice ice, PeerHost host, Duration idleTimeout,
			int maxLinks) {
		this.idleTimeout = idleTimeout;
		this.maxLinks = maxLinks;
		this.runtime = runtime;
		this.signaling = signaling;
		this.ice = ice;
		this.host = host;
		Executor frames = runtime.frames();
		this.relays = signaling.relays().publishOn(Schedulers.fromExecutor(frames)).subscribe(this::relayed);
		this.refusals = signaling.refusals()
			.publishOn(Schedulers.fromExecutor(frames))
			.subscribe(this::refused, (error) -> log.debug("refusals ended: {}", error.toString()));
		this.idleSweep = Flux.interval(idleTimeout.dividedBy(2)).subscribe((tick) -> frames.execute(this::closeIdle));
	}

	/** Closes the connections that carried nothing for the idle timeout. */
	private void closeIdle() {
		long now = System.nanoTime();
		for (Link link : new ArrayList<>(this.byCid.values())) {
			if (link.idle() && now - link.lastUsed > this.idleTimeout.toNanos()) {
				link.close("idle");
			}
		}
	}

	@Override
	public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
		return openLink(peer.peerId())
			.flatMap((link) -> link.askingEnd.fetch(segment, stallTimeout).doFinally((signal) -> link.used()));
	}

	/**
	 * An open connection to {@code remote}: the one there is, or a new one. A connect
	 * that fails fast is tried again with backoff; whatever is not open within
	 * {@link #CONNECT_TIMEOUT} is closed (the next ask starts afresh). A peer signaling
	 * does not know is {@code UNREACHABLE} (gone: reported); one that is there but no
	 * connection reaches in time is {@code OUT_OF_REACH} (a path from here that does not
	 * work, or this machine too busy: not the peer's fault, not reported).
	 */
	private Mono<Link> openLink(String remote) {
		AtomicReference<Link> attempt = new AtomicReference<>();
		return Mono.defer(() -> {
			Link link = open(remote);
			attempt.set(link);
			return Mono.fromFuture(link.opened, false).thenReturn(link);
		})
			.retryWhen(Retry.backoff(CONNECT_RETRIES, CONNECT_RETRY_BACKOFF)
				.filter((error) -> attempt.get() != null && attempt.get().retryable)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.timeout(CONNECT_TIMEOUT)
			.onErrorMap((error) -> !(error instanceof PeerFailure.Exception), (error) -> {
				Link link = attempt.get();
				if (link != null) {
					link.close("no channel within the connect timeout", PeerFailure.OUT_OF_REACH, false);
				}
				return new PeerFailure.Exception(PeerFailure.OUT_OF_REACH,
						"no DataChannel within " + CONNECT_TIMEOUT.toMillis() + " ms");
			});
	}

	/** Whether a connection to {@code remote} this listener opened is open now. */
	public boolean connected(String remote) {
		Link link = this.outgoing.get(remote);
		return link != null && link.opened.isDone() && !link.opened.isCompletedExceptionally();
	}

	/**
	 * A relay signaling could not deliver fails the connection it was for: its target is
	 * not connected (unreachable: it may join a moment later), not in that swarm (tried
	 * in this listener's next swarm; after the last, out of reach: never asked again, not
	 * its fault) or not reading (busy).
	 */
	private void refused(SignalingClient.Refusal refusal) {
		if (refusal.to() == null) {
			return;
		}
		Link link = this.outgoing.get(refusal.to());
		if (link == null || link.opened.isDone()) {
			return;
		}
		List<String> swarms = this.signaling.swarms();
		int next = swarms.indexOf(link.swarm) + 1;
		String why = "signaling refused: " + refusal;
		switch (refusal.reason()) {
			case "foreign-target" -> {
				boolean another = next < swarms.size();
				if (another) {
					this.swarmOf.put(link.remote, next);
				}
				link.close(why, PeerFailure.OUT_OF_REACH, another);
			}
			case "target-busy" -> link.close(why, PeerFailure.BUSY, false);
			// not (yet) in signaling: it may join a moment later
			default -> link.close(why, PeerFailure.UNREACHABLE, true);
		}
	}

	/** Connections open or opening, both ways. */
	public int links() {
		return this.byCid.size();
	}

	private Link open(String remote) {
		Link existing = this.outgoing.get(remote);
		if (existing != null) {
			return existing;
		}
		if (this.closed || this.byCid.size() >= this.maxLinks) {
			Link refused = new Link(remote, "refused", false, null);
			refused.opened.completeExceptionally(
					new PeerFailure.Exception(PeerFailure.BUSY, this.closed ? "closed" : "too many connections"));
			return refused;
		}
		List<String> swarms = this.signaling.swarms();
		String swarm = swarms.get(Math.min(this.swarmOf.getOrDefault(remote, 0), swarms.size() - 1));
		Link link = new Link(remote, UUID.randomUUID().toString(), true, swarm);
		this.outgoing.put(remote, link);
		this.byCid.put(link.cid, link);
		link.connection = this.runtime.connection(this.ice, link);
		RTCDataChannel channel = link.connection.createDataChannel(WebRtcRuntime.CHANNEL_LABEL,
				new RTCDataChannelInit());
		link.ask(channel);
		link.describe("offer", (observer) -> link.connection.createOffer(new RTCOfferOptions(), observer));
		return link;
	}

	private void relayed(SignalingClient.Relay relay) {
		try {
			String cid = relay.data().path("cid").asString(null);
			if (cid == null) {
				return;
			}
			Link link = this.byCid.get(cid);
			String sdp = relay.data().path("sdp").asString(null);
			boolean full = this.closed || this.byCid.size() >= this.maxLinks;
			if ("offer".equals(relay.type()) && link == null && sdp != null && full) {
				// said at once: the asker turns to another holder instead of waiting out
				// its connect budget (and counting this peer unreachable)
				this.signaling.relay(relay.swarm(), "answer", relay.from(),
						JSON.createObjectNode().put("cid", cid).put("busy", true));
			}
			else if ("offer".equals(relay.type()) && link == null && sdp != null) {
				answer(relay.swarm(), relay.from(), cid, sdp);
			}
			else if ("answer".equals(relay.type()) && link != null && link.asking && link.remote.equals(relay.from())
					&& relay.data().path("busy").asBoolean(false)) {
				link.close("the peer has no room for another connection", PeerFailure.BUSY, false);
			}
			else if ("answer".equals(relay.type()) && link != null && link.asking && link.remote.equals(relay.from())
					&& sdp != null) {
				link.remoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
			}
			else if ("candidate".equals(relay.type()) && link != null && link.remote.equals(relay.from())) {
				// one ({candidate}, as pages send them) or several ({candidates})
				JsonNode several = relay.data().path("candidates");
				for (JsonNode candidate : several.isArray() ? several : List.of(relay.data().path("candidate"))) {
					if (candidate.path("candidate").isString()) {
						link.candidate(new RTCIceCandidate(candidate.path("sdpMid").asString("0"),
								candidate.path("sdpMLineIndex").asInt(0), candidate.get("candidate").asString()));
					}
				}
			}
		}
		catch (RuntimeException ex) {
			log.debug("a relay from {} failed: {}", relay.from(), ex.toString());
		}
	}

	private void answer(String swarm, String remote, String cid, String sdp) {
		Link link = new Link(remote, cid, false, swarm);
		this.byCid.put(cid, link);
		link.connection = this.runtime.connection(this.ice, link);
		link.remoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp)).whenCompleteAsync((set, error) -> {
			if (error != null) {
				link.close("the offer could not be set: " + error.getMessage());
			}
			else {
				link.describe("answer", (observer) -> link.connection.createAnswer(new RTCAnswerOptions(), observer));
			}
		}, this.runtime.frames());
	}

	private static ObjectNode description(String cid, RTCSessionDescription description) {
		return JSON.createObjectNode().put("cid", cid).put("sdp", description.sdp);
	}

	@Override
	public void close() {
		this.closed = true;
		this.relays.dispose();
		this.refusals.dispose();
		this.idleSweep.dispose();
		new ArrayList<>(this.byCid.values()).forEach((link) -> link.close("leaving"));
		this.signaling.close();
	}

	/** One connection with one DataChannel: this peer asks on it, or it is asked. */
	private final class Link implements PeerConnectionObserver {

		final String remote;

		final String cid;

		final boolean asking;

		/** The swarm its signaling goes through. */
		final String swarm;

		final CompletableFuture<AskingEnd> opened = new CompletableFuture<>();

		volatile RTCPeerConnection connection;

		private volatile ChannelLink channel;

		private volatile AskingEnd askingEnd;

		private volatile ServingEnd servingEnd;

		/** The other side's candidates, until its description is set here. */
		private final List<RTCIceCandidate> early = new ArrayList<>();

		private boolean described;

		/**
		 * This side's candidates not relayed yet: held until its description went out,
		 * then sent together (signaling limits the frames a connection may send).
		 */
		private final List<ObjectNode> localCandidates = new ArrayList<>();

		private boolean relayedDescription;

		private boolean flushScheduled;

		private volatile boolean closed;

		/** Whether a connect that failed with this connection's close is tried again. */
		volatile boolean retryable;

		/** When it last carried a request or an answer ({@link System#nanoTime()}). */
		volatile long lastUsed = System.nanoTime();

		Link(String remote, String cid, boolean asking, String swarm) {
			this.remote = remote;
			this.cid = cid;
			this.asking = asking;
			this.swarm = swarm;
		}

		void ask(RTCDataChannel dataChannel) {
			this.channel = ChannelLink.attach(dataChannel, WebRtcPeer.this.runtime.frames(),
					ChannelLink.Events.of(() -> this.opened.complete(this.askingEnd),
							(text) -> this.askingEnd.onText(text), (frame) -> this.askingEnd.onBinary(frame),
							() -> close("the channel closed")));
			this.askingEnd = new AskingEnd(this.channel);
		}

		void serve(RTCDataChannel dataChannel) {
			this.channel = ChannelLink.attach(dataChannel, WebRtcPeer.this.runtime.frames(),
					ChannelLink.Events.of(() -> {
					}, (text) -> {
						used();
						this.servingEnd.onText(text);
					}, (frame) -> this.servingEnd.onBinary(frame), () -> close("the channel closed")));
			this.servingEnd = new ServingEnd(this.channel, WebRtcPeer.this.host,
					() -> close("the asker broke the protocol"));
		}

		void used() {
			this.lastUsed = System.nanoTime();
		}

		/**
		 * Nothing in flight either way (a connection that never opened counts from its
		 * start: the sweep closes it too).
		 */
		boolean idle() {
			AskingEnd asked = this.askingEnd;
			ServingEnd served = this.servingEnd;
			return (asked == null || asked.inFlight() == 0) && (served == null || served.inProgress() == 0);
		}

		CompletableFuture<Void> remoteDescription(RTCSessionDescription description) {
			return Negotiation.apply((observer) -> this.connection.setRemoteDescription(description, observer))
				.thenRun(() -> {
					List<RTCIceCandidate> held;
					synchronized (this) {
						this.described = true;
						held = new ArrayList<>(this.early);
						this.early.clear();
					}
					held.forEach(this.connection::addIceCandidate);
				});
		}

		void candidate(RTCIceCandidate candidate) {
			synchronized (this) {
				if (!this.described) {
					this.early.add(candidate);
					return;
				}
			}
			this.connection.addIceCandidate(candidate);
		}

		/**
		 * Makes this side's description (offer or answer), sets it and relays it; a
		 * failure closes the connection.
		 */
		void describe(String type, Consumer<CreateSessionDescriptionObserver> make) {
			Negotiation.create(make)
				.thenComposeAsync((description) -> Negotiation
					.apply((observer) -> this.connection.setLocalDescription(description, observer))
					.thenApply((set) -> description), WebRtcPeer.this.runtime.frames())
				.whenComplete((description, error) -> {
					if (error != null) {
						close("the " + type + " failed: " + error.getMessage());
					}
					else {
						described(type, description);
					}
				});
		}

		/**
		 * Relays this side's description, then the candidates found meanwhile: a
		 * candidate must not reach the other side before the description that names the
		 * connection.
		 */
		void described(String type, RTCSessionDescription description) {
			WebRtcPeer.this.signaling.relay(this.swarm, type, this.remote, description(this.cid, description));
			synchronized (this) {
				this.relayedDescription = true;
			}
			relayCandidates();
		}

		/** Relays the candidates found so far in one frame, {@code {cid, candidates}}. */
		void relayCandidates() {
			List<ObjectNode> batch;
			synchronized (this) {
				batch = new ArrayList<>(this.localCandidates);
				this.localCandidates.clear();
				this.flushScheduled = false;
			}
			if (batch.isEmpty() || this.closed) {
				return;
			}
			ObjectNode data = JSON.createObjectNode().put("cid", this.cid);
			ArrayNode candidates = data.putArray("candidates");
			batch.forEach(candidates::add);
			WebRtcPeer.this.signaling.relay(this.swarm, "candidate", this.remote, data);
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			try {
				ObjectNode found = JSON.createObjectNode()
					.put("candidate", candidate.sdp)
					.put("sdpMid", candidate.sdpMid)
					.put("sdpMLineIndex", candidate.sdpMLineIndex);
				boolean schedule;
				synchronized (this) {
					this.localCandidates.add(found);
					schedule = this.relayedDescription && !this.flushScheduled;
					this.flushScheduled |= schedule;
				}
				if (schedule) {
					// the ones found within the batch window go together
					CompletableFuture
						.delayedExecutor(CANDIDATE_BATCH.toMillis(), TimeUnit.MILLISECONDS,
								WebRtcPeer.this.runtime.frames())
						.execute(this::relayCandidates);
				}
			}
			catch (Throwable ex) {
				// nothing may escape into the native thread: it would end the JVM
				log.debug("a candidate could not be relayed: {}", ex.toString());
			}
		}

		@Override
		public void onDataChannel(RTCDataChannel dataChannel) {
			try {
				if (!this.asking && this.channel == null) {
					serve(dataChannel);
				}
			}
			catch (Throwable ex) {
				log.debug("an incoming channel failed: {}", ex.toString());
			}
		}

		@Override
		public void onConnectionChange(RTCPeerConnectionState state) {
			try {
				if (state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) {
					WebRtcPeer.this.runtime.frames().execute(() -> close("connection " + state));
				}
			}
			catch (Throwable ex) {
				// the runtime is closing (its frame thread is gone): nothing to close
				log.debug("a connection change was not handled: {}", ex.toString());
			}
		}

		/**
		 * Closes it; an ask still waiting for it to open fails as out of reach and tries
		 * again (the connection failed or closed, the negotiation failed).
		 */
		void close(String why) {
			close(why, PeerFailure.OUT_OF_REACH, true);
		}

		/**
		 * Closes it; an ask still waiting for it to open fails with {@code failure}, and
		 * tries again within the connect budget if {@code retryable}.
		 */
		void close(String why, PeerFailure failure, boolean retryable) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.retryable = retryable;
			log.debug("connection {} with {} closed: {}", this.cid, this.remote, why);
			WebRtcPeer.this.byCid.remove(this.cid, this);
			WebRtcPeer.this.outgoing.remove(this.remote, this);
			this.opened.completeExceptionally(new PeerFailure.Exception(failure, why));
			if (this.askingEnd != null) {
				this.askingEnd.closed();
			}
			if (this.servingEnd != null) {
				this.servingEnd.closed();
			}
			if (this.channel != null) {
				this.channel.close();
			}
			RTCPeerConnection current = this.connection;
			if (current != null) {
				WebRtcRuntime.disposeQuietly(current::close);
			}
		}

	}

}
