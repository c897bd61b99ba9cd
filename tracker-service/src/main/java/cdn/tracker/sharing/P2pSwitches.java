package cdn.tracker.sharing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import cdn.protocol.peer.PeerWire;
import cdn.tracker.config.TrackerProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether P2P is on for a listener: the operator's switches ({@code PUT
 * /v1/admin/p2p}; with the Redis store kept in the {@link P2pRuleStore} every replica
 * reads every {@code tracker.sharing.refresh}) first, then the configured ones
 * ({@code tracker.sharing.p2p}); the first rule that matches decides, none: on. A rollout
 * of {@code percent} puts a listener in by a stable hash of its peer id, so the same
 * listeners have P2P at every announce and every replica. A peer announced at a wire
 * server in a relay-only tenant or track ({@code tracker.sharing.relay-only}) is off
 * whatever the switches say.
 */
@Component
public class P2pSwitches {

	private static final Logger log = LoggerFactory.getLogger(P2pSwitches.class);

	private final List<P2pRule> configured;

	/** {@code tracker.sharing.relay-only}: wire-server peers there are switched off. */
	private final List<RelayOnlyRule> relayOnly;

	/**
	 * The Redis the replicas share; {@code null} for the embedded store (this replica
	 * only).
	 */
	private final P2pRuleStore store;

	private volatile List<P2pRule> operator = List.of();

	private final Disposable refresher;

	P2pSwitches(TrackerProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis) {
		this.configured = properties.sharing().p2p();
		this.relayOnly = properties.sharing().relayOnly();
		if (!this.relayOnly.isEmpty()) {
			log.info("Relay-only (wire-server peers switched off): {}", this.relayOnly);
		}
		ReactiveStringRedisTemplate template = redis.getIfAvailable();
		this.store = (template != null) ? new P2pRuleStore(template, properties.redis().keyPrefix() + "p2p-rules")
				: null;
		// another replica's switches, read from the shared store
		this.refresher = (this.store == null) ? Disposables.disposed()
				: Flux.interval(Duration.ZERO, properties.sharing().refresh())
					.onBackpressureDrop()
					.concatMap((tick) -> this.store.load().onErrorResume((ex) -> {
						log.debug("P2P switches not refreshed: {}", ex.toString());
						return Mono.empty();
					}))
					.subscribe((rules) -> this.operator = rules);
	}

	@PreDestroy
	void stop() {
		this.refresher.dispose();
	}

	/** The operator's switches, as this replica last read them. */
	public List<P2pRule> operatorRules() {
		return this.operator;
	}

	/** Replaces the operator's switches, for every replica. */
	public Mono<List<P2pRule>> replace(List<P2pRule> rules) {
		List<P2pRule> copy = List.copyOf(rules);
		Mono<Void> saved = (this.store != null) ? this.store.save(copy) : Mono.empty();
		return saved.then(Mono.fromSupplier(() -> {
			this.operator = copy;
			return copy;
		}));
	}

	/**
	 * Whether a listener has P2P.
	 * @param track its track, {@code null} when not known (a lookup)
	 * @param peerId its peer id, {@code null} when not known: then only a rule at 100 %
	 * lets it
	 */
	public boolean on(String tenant, String region, String track, String peerId) {
		int percent = percent(this.operator, tenant, region, track);
		if (percent < 0) {
			percent = percent(this.configured, tenant, region, track);
		}
		if (percent < 0 || percent >= 100) {
			return true;
		}
		return percent > 0 && peerId != null && bucket(peerId) < percent;
	}

	/**
	 * Whether a peer announced at {@code endpoint} has P2P: as
	 * {@link #on(String, String, String, String)}, and off when its tenant and track are
	 * relay-only ({@code tracker.sharing.relay-only}) and the endpoint is a wire server
	 * ({@code http(s)}): handing it out would hand out its address. A peer behind
	 * signaling ({@code ws(s)}) is reached through TURN relays there and keeps sharing.
	 * @param endpoint its endpoint, {@code null} when not known
	 */
	public boolean on(String tenant, String region, String track, String peerId, String endpoint) {
		if (endpoint != null && !PeerWire.behindSignaling(endpoint) && relayOnly(tenant, track)) {
			return false;
		}
		return on(tenant, region, track, peerId);
	}

	/** Whether listeners of {@code tenant} playing {@code track} are relay-only. */
	public boolean relayOnly(String tenant, String track) {
		for (RelayOnlyRule rule : this.relayOnly) {
			if (rule.matches(tenant, track)) {
				return true;
			}
		}
		return false;
	}

	private static int percent(List<P2pRule> rules, String tenant, String region, String track) {
		for (P2pRule rule : rules) {
			if (rule.matches(tenant, region, track)) {
				return rule.percent();
			}
		}
		return -1;
	}

	/** 0 to 99, the same for a peer id everywhere (FNV-1a over its UTF-8 bytes). */
	static int bucket(String peerId) {
		int hash = 0x811c9dc5;
		for (byte b : peerId.getBytes(StandardCharsets.UTF_8)) {
			hash ^= b & 0xff;
			hash *= 0x01000193;
		}
		return Integer.remainderUnsigned(hash, 100);
	}

}
