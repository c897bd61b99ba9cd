package cdn.client.webrtc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerHosting;
import cdn.client.peer.PeerTransport;
import cdn.client.route.ListenerTokens;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.PeerEntry;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebRTC side of every listener of a process, as the web player's engine joins a
 * page: each listener joins signaling under its peer id in its swarms, with the STUN and
 * TURN servers signaling hands out ({@code GET /v1/ice-servers}, asked per track of its
 * swarms), and is announced at the signaling URL, so pages and other Java listeners reach
 * it there. One {@link WebRtcRuntime} (native factory) serves them all. A listener whose
 * answers say relay-only ({@link #relayOnly(String)}) is kept from wire-server peers by
 * {@link #relayOnlyAware}.
 */
public final class WebRtcHosting implements PeerHosting, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebRtcHosting.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebRtcRuntime runtime;

	private final HttpClient http;

	private final String signalingUrl;

	private final boolean relayOnly;

	private final ListenerTokens tokens;

	private final Map<String, Mono<WebRtcPeer>> peers = new ConcurrentHashMap<>();

	/** The listeners in signaling now. */
	private final Map<String, WebRtcPeer> joined = new ConcurrentHashMap<>();

	/**
	 * Per listener registered, whether its ICE answers said relay-only: {@code null}
	 * until they came (each registration its own, so a late answer to a previous one
	 * changes nothing).
	 */
	private final Map<String, AtomicReference<Boolean>> policies = new ConcurrentHashMap<>();

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * @param signalingUrl the route's signaling URL ({@code ws://…/v1/signal}): listeners
	 * are announced at it, exactly as pages are
	 * @param relayOnly connections only through TURN relays (also, whatever this says,
	 * for a listener whose ICE servers answer {@code iceTransportPolicy: relay})
	 */
	public WebRtcHosting(WebRtcRuntime runtime, HttpClient http, String signalingUrl, boolean relayOnly) {
		this(runtime, http, signalingUrl, relayOnly, ListenerTokens.NONE);
	}

	/**
	 * @param tokens each listener's token, shown when it joins signaling and asks for its
	 * ICE servers (a signaling service that requires tokens)
	 */
	public WebRtcHosting(WebRtcRuntime runtime, HttpClient http, String signalingUrl, boolean relayOnly,
			ListenerTokens tokens) {
		this.runtime = runtime;
		this.http = http;
		this.signalingUrl = signalingUrl;
		this.relayOnly = relayOnly;
		this.tokens = tokens;
	}

	@Override
	public String endpoint(String peerId) {
		return this.signalingUrl;
	}

	/**
	 * A listener joins its swarms: it asks its ICE servers once per track of its swarms
	 * (relay-only when any answer says {@code relay}), then joins signaling with them.
	 */
	@Override
	public void register(String peerId, List<String> swarms, PeerHost host) {
		AtomicReference<Mono<WebRtcPeer>> self = new AtomicReference<>();
		AtomicReference<Boolean> policy = new AtomicReference<>();
		Mono<WebRtcPeer> joining = this.tokens.token(peerId, null)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((token) -> iceServers(peerId, tracks(swarms), token.orElse(null))
				.doOnNext((ice) -> policy.set(ice.relayOnly()))
				.flatMap((ice) -> SignalingClient
					.connect(this.http, this.signalingUrl, peerId, swarms, token.orElse(null))
					.map((signaling) -> new WebRtcPeer(this.runtime, signaling, ice, host))))
			.doOnNext((peer) -> {
				// still registered (not left while joining)
				if (this.peers.get(peerId) == self.get()) {
					this.joined.put(peerId, peer);
				}
			})
			.doOnError((error) -> unjoined(peerId, error))
			.cache();
		self.set(joining);
		this.policies.put(peerId, policy);
		Mono<WebRtcPeer> previous = this.peers.put(peerId, joining);
		if (previous != null) {
			leave(previous);
		}
		joining.subscribe(null, (error) -> {
		});
	}

	@Override
	public void unregister(String peerId) {
		Mono<WebRtcPeer> registered = this.peers.remove(peerId);
		this.joined.remove(peerId);
		this.policies.remove(peerId);
		if (registered != null) {
			leave(registered);
		}
	}

	/**
	 * Whether listener {@code peerId} is relay-only: started so ({@code --relay-only}),
	 * or an ICE answer of one of its tracks said {@code iceTransportPolicy: relay}. Until
	 * its answers came (asked, failed, not registered) it is taken as relay-only, so that
	 * nothing shows its address before it knows.
	 */
	public boolean relayOnly(String peerId) {
		if (this.relayOnly) {
			return true;
		}
		AtomicReference<Boolean> policy = this.policies.get(peerId);
		Boolean told = (policy != null) ? policy.get() : null;
		return told == null || told;
	}

	/**
	 * {@code transport}, listener {@code peerId}'s way to every peer, kept from the peers
	 * at a wire server ({@code http(s)}) while the listener is relay-only
	 * ({@link #relayOnly(String)}, {@link RelayOnlyTransport}), except those
	 * {@code sameProcess} serves (asked on this machine).
	 */
	public PeerTransport relayOnlyAware(String peerId, PeerTransport transport, Predicate<PeerEntry> sameProcess) {
		return new RelayOnlyTransport(transport, () -> relayOnly(peerId), sameProcess);
	}

	/** Listeners in signaling now. */
	public int listeners() {
		return this.joined.size();
	}

	/** Connections open or opening, both ways, of all listeners in signaling. */
	public int connections() {
		return this.joined.values().stream().mapToInt(WebRtcPeer::links).sum();
	}

	/**
	 * How listener {@code peerId} asks peers behind this signaling service: over its own
	 * connections, once it joined (an ask waits for the join within the connect budget).
	 */
	public PeerTransport transport(String peerId) {
		return new PeerTransport() {

			@Override
			public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
				Mono<WebRtcPeer> joined = WebRtcHosting.this.peers.get(peerId);
				if (joined == null) {
					return Mono
						.error(new PeerFailure.Exception(PeerFailure.OUT_OF_REACH, peerId + " is not in signaling"));
				}
				return joined.timeout(WebRtcPeer.CONNECT_TIMEOUT)
					.onErrorMap((error) -> new PeerFailure.Exception(PeerFailure.OUT_OF_REACH,
							peerId + " is not in signaling: " + error.getMessage()))
					.flatMap((self) -> self.fetch(peer, segment, stallTimeout));
			}

			@Override
			public boolean reaches(PeerEntry peer) {
				// a peer is reached through the signaling service it announced
				return WebRtcHosting.this.signalingUrl.equals(peer.endpoint());
			}

			@Override
			public boolean connected(PeerEntry peer) {
				WebRtcPeer self = WebRtcHosting.this.joined.get(peerId);
				return self != null && self.connected(peer.peerId());
			}

		};
	}

	/**
	 * The tracks of a listener's swarms ({@code trackId/rendition}), each once, in their
	 * order; none when no swarm names a track (asked without one: the tenant's rules
	 * alone decide).
	 */
	static List<String> tracks(List<String> swarms) {
		Set<String> tracks = new LinkedHashSet<>();
		for (String swarm : swarms) {
			int slash = swarm.indexOf('/');
			String track = (slash > 0) ? swarm.substring(0, slash) : null;
			if (track != null && TrackId.isValid(track)) {
				tracks.add(track);
			}
		}
		return List.copyOf(tracks);
	}

	/**
	 * The listener's ICE servers, asked for with each of its tracks (signaling's rules
	 * are per tenant and track): the first answer that says relay-only
	 * ({@code iceTransportPolicy: relay}, TURN only) if any, else the first.
	 */
	private Mono<Ice> iceServers(String peerId, List<String> tracks, String token) {
		if (tracks.isEmpty()) {
			return iceServers(peerId, (String) null, token);
		}
		return Flux.fromIterable(tracks)
			.concatMap((track) -> iceServers(peerId, track, token))
			.reduce((first, next) -> (!first.relayOnly() && next.relayOnly()) ? next : first);
	}

	/**
	 * The listener's ICE servers, asked for with {@code track}: the answer says whether
	 * its tenant or that track is relay-only ({@code iceTransportPolicy: relay}).
	 */
	private Mono<Ice> iceServers(String peerId, String track, String token) {
		URI signaling = URI.create(this.signalingUrl);
		String scheme = "wss".equals(signaling.getScheme()) ? "https" : "http";
		String url = scheme + "://" + signaling.getRawAuthority() + "/v1/ice-servers?peerId="
				+ URLEncoder.encode(peerId, StandardCharsets.UTF_8)
				+ ((track != null) ? "&track=" + URLEncoder.encode(track, StandardCharsets.UTF_8) : "");
		HttpClient asked = (token != null)
				? this.http.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
				: this.http;
		return asked.get().uri(url).responseSingle((response, body) -> {
			if (response.status().code() != 200) {
				return Mono.error(new IllegalStateException("ice-servers answered " + response.status().code()));
			}
			return body.asByteArray().map((bytes) -> Ice.of(JSON.readTree(bytes), this.relayOnly));
		});
	}

	/** The first listener that cannot join says so in one line; the others in the log. */
	private void unjoined(String peerId, Throwable error) {
		if (this.warned.compareAndSet(false, true)) {
			log.warn("WebRTC: {} could not join signaling at {} ({}): peers behind signaling are out of its reach",
					peerId, this.signalingUrl, error.getMessage());
		}
		else {
			log.debug("WebRTC: {} could not join signaling: {}", peerId, error.getMessage());
		}
	}

	private static void leave(Mono<WebRtcPeer> joined) {
		joined.subscribe(WebRtcPeer::close, (error) -> {
		});
	}

	@Override
	public void close() {
		new ArrayList<>(this.peers.keySet()).forEach(this::unregister);
	}

}
