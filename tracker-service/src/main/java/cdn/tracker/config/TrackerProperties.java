package cdn.tracker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cdn.kit.rules.RulePattern;
import cdn.kit.security.Secret;
import cdn.protocol.Region;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.tracker.sharing.P2pRule;
import cdn.tracker.sharing.RelayOnlyRule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the tracker, bindable from the environment ({@code TRACKER_STORE},
 * {@code TRACKER_REDIS_URL}, {@code TRACKER_ANNOUNCE_INTERVAL}, ...). Documented with
 * defaults and what each one bounds in {@code tracker-service/README.md}.
 *
 * @param store where peers are kept: {@code memory} (one replica) or {@code redis}
 * (replicas share one Redis)
 * @param announce announce cadence, peer lifetime and the per-peer rate limit
 * @param limits sizes accepted at the boundary and kept in the store, and the peer API's
 * rate limits per address and per peer
 * @param lookup lookup deadline and candidate sampling
 * @param selection peer scoring
 * @param reports peer reports and quarantine
 * @param redis the Redis store's connection
 * @param tokens the listener tokens the peer API requires
 * @param sharing residency zones and rules, P2P switches: whose peers a listener may be
 * handed, and whether any
 * @param adminToken the operator's bearer token of {@code /v1/admin/*} (at least 16
 * characters); empty: the admin API answers 403
 * @param adminTokenFile a file holding the admin token instead (a mounted secret)
 */
@ConfigurationProperties("tracker")
public record TrackerProperties(@DefaultValue("memory") StoreKind store, @DefaultValue Announce announce,
		@DefaultValue Limits limits, @DefaultValue Lookup lookup, @DefaultValue Selection selection,
		@DefaultValue Reports reports, @DefaultValue Redis redis, @DefaultValue Tokens tokens,
		@DefaultValue Sharing sharing, @DefaultValue("") Secret adminToken, Path adminTokenFile) {

	public TrackerProperties {
		adminToken = Secret.literalOrFile(adminToken, adminTokenFile, "tracker.admin-token");
	}

	public enum StoreKind {

		MEMORY, REDIS

	}

	/**
	 * @param interval how often a peer announces when nothing changes
	 * @param jitter fraction of the interval added or taken at random (0 to 0.5)
	 * @param peerLifetime a peer silent for longer is forgotten
	 * @param sweepInterval how often expired peers are removed and gauges refreshed
	 * @param rateLimit announces one peer may send per window
	 * @param rateWindow the rate limit's window (also the limiter entry's time to live)
	 */
	public record Announce(@DefaultValue("30s") Duration interval, @DefaultValue("0.1") double jitter,
			@DefaultValue("90s") Duration peerLifetime, @DefaultValue("5s") Duration sweepInterval,
			@DefaultValue("20") int rateLimit, @DefaultValue("10s") Duration rateWindow) {

		public Announce {
			if (interval.toSeconds() < 1 || jitter < 0 || jitter > 0.5) {
				throw new IllegalArgumentException(
						"tracker.announce.interval must be at least 1s and jitter between 0 and 0.5");
			}
			if (peerLifetime.compareTo(interval) <= 0) {
				throw new IllegalArgumentException("tracker.announce.peer-lifetime must be longer than the interval");
			}
			if (rateLimit < 1 || rateWindow.toMillis() < 1 || sweepInterval.toMillis() < 1) {
				throw new IllegalArgumentException(
						"tracker.announce.rate-limit, rate-window and sweep-interval must be positive");
			}
		}

	}

	/**
	 * @param maxPeers registered peers kept at most (new peers get 503 beyond it)
	 * @param maxHave segments one peer may hold in the index
	 * @param maxLookupSegments segments in one batched lookup; at least
	 * {@link PeerLookupRequest#MAX_SEGMENTS}, the number every client may send
	 * @param maxRegions distinct regions kept at most
	 * @param defaultCount peers per segment when the request names no count
	 * @param maxCount peers per segment at most (larger counts are clamped)
	 * @param maxEndpointLength longest accepted endpoint URL
	 * @param addressRate calls of the peer API per second from one client address, on
	 * average (0: no limit); listeners behind one NAT share it
	 * @param addressBurst calls from one address at once
	 * @param peerRate announces, lookups and reports per second of one peer id, on
	 * average (0: no limit)
	 * @param peerBurst calls of one peer at once
	 * @param trackedKeys addresses and peers whose rate is kept at once, each (the least
	 * used are forgotten beyond it)
	 */
	public record Limits(@DefaultValue("1000000") int maxPeers, @DefaultValue("512") int maxHave,
			@DefaultValue("" + PeerLookupRequest.MAX_SEGMENTS) int maxLookupSegments,
			@DefaultValue("64") int maxRegions, @DefaultValue("5") int defaultCount, @DefaultValue("50") int maxCount,
			@DefaultValue("256") int maxEndpointLength, @DefaultValue("1000") double addressRate,
			@DefaultValue("2000") int addressBurst, @DefaultValue("20") double peerRate,
			@DefaultValue("100") int peerBurst, @DefaultValue("100000") int trackedKeys) {

		public Limits {
			if (maxPeers < 1 || maxHave < 1 || maxLookupSegments < 1 || maxRegions < 1 || maxEndpointLength < 16) {
				throw new IllegalArgumentException("tracker.limits.* must be positive");
			}
			if (!Double.isFinite(addressRate) || addressRate < 0 || !Double.isFinite(peerRate) || peerRate < 0
					|| (addressRate > 0 && addressBurst < 1) || (peerRate > 0 && peerBurst < 1) || trackedKeys < 1) {
				throw new IllegalArgumentException("tracker.limits: address-rate and peer-rate >= 0 (0: off), "
						+ "their bursts at least 1 when on, tracked-keys positive");
			}
			if (maxLookupSegments < PeerLookupRequest.MAX_SEGMENTS) {
				throw new IllegalArgumentException("tracker.limits.max-lookup-segments must be at least "
						+ PeerLookupRequest.MAX_SEGMENTS + ": clients send that many in one lookup");
			}
			if (defaultCount < 1 || maxCount < defaultCount) {
				throw new IllegalArgumentException("tracker.limits: 1 <= default-count <= max-count");
			}
		}

	}

	/**
	 * @param timeout a lookup the store has not answered by then is answered empty
	 * (clients fall back to the edge)
	 * @param candidates holders sampled per segment before scoring (at least twice the
	 * count asked for)
	 * @param claimTtl how long a claim to load a segment stands: long enough for the
	 * loader's edge fetch and its next announce, short enough that a loader that went
	 * away does not hold the segment up for long
	 * @param maxClaims claims one lookup may be granted at most
	 */
	public record Lookup(@DefaultValue("250ms") Duration timeout, @DefaultValue("8") int candidates,
			@DefaultValue("10s") Duration claimTtl, @DefaultValue("4") int maxClaims) {

		public Lookup {
			if (candidates < 1) {
				throw new IllegalArgumentException("tracker.lookup.candidates must be positive");
			}
			if (claimTtl.toMillis() < 1 || maxClaims < 1) {
				throw new IllegalArgumentException("tracker.lookup.claim-ttl and max-claims must be positive");
			}
		}

	}

	/**
	 * @param rtt estimated round-trip times between regions, {@code a/b=80ms}, symmetric
	 * @param defaultRtt RTT assumed between regions missing from the matrix
	 * @param maxRtt RTT at which the locality term reaches zero
	 * @param capacityReference upload capacity (kbps) that earns the full capacity term
	 * @param loadHalfLife how fast the memory of recent hand-outs fades
	 * @param loadPivot recent hand-outs at which the load term is halved
	 * @param jitter random spread added before sorting, so near-equal peers share load
	 * @param weights weight of each term
	 */
	public record Selection(@DefaultValue( {
			"us-east/eu-west=80ms", "us-east/ap-south=220ms", "eu-west/ap-south=150ms" }) List<String> rtt,
			@DefaultValue("150ms") Duration defaultRtt, @DefaultValue("300ms") Duration maxRtt,
			@DefaultValue("4000") long capacityReference, @DefaultValue("10s") Duration loadHalfLife,
			@DefaultValue("8") double loadPivot, @DefaultValue("0.05") double jitter, @DefaultValue Weights weights){

		public Selection {
			if (maxRtt.toMillis() < 1 || capacityReference < 1 || loadHalfLife.toMillis() < 1 || loadPivot <= 0
					|| jitter < 0 || jitter > 1) {
				throw new IllegalArgumentException("tracker.selection.* must be positive (jitter at most 1)");
			}
		}

	}

	/**
	 * Relative weights of the score's terms (normalised to sum to 1).
	 *
	 * @param rtt nearness of the peer's region
	 * @param capacity reported upload capacity
	 * @param reciprocity bytes uploaded against bytes downloaded
	 * @param freshness how recently the peer announced
	 * @param load how few requesters were recently handed this peer
	 */
	public record Weights(@DefaultValue("0.35") double rtt, @DefaultValue("0.2") double capacity,
			@DefaultValue("0.15") double reciprocity, @DefaultValue("0.1") double freshness,
			@DefaultValue("0.2") double load) {

		public Weights {
			if (rtt < 0 || capacity < 0 || reciprocity < 0 || freshness < 0 || load < 0
					|| rtt + capacity + reciprocity + freshness + load <= 0) {
				throw new IllegalArgumentException("tracker.selection.weights must be non-negative, not all zero");
			}
		}

	}

	/**
	 * @param threshold distinct live reporters within the window that quarantine a peer
	 * @param window how long a report counts
	 * @param quarantine how long a quarantined peer is never handed out
	 */
	public record Reports(@DefaultValue("3") int threshold, @DefaultValue("10m") Duration window,
			@DefaultValue("30m") Duration quarantine) {

		public Reports {
			if (threshold < 1) {
				throw new IllegalArgumentException("tracker.reports.threshold must be positive");
			}
		}

	}

	/**
	 * @param url {@code redis://[:password@]host:port[/db]} or {@code rediss://...}
	 * @param keyPrefix prefix of every key, so that trackers of several deployments can
	 * share a Redis
	 * @param timeout command timeout (announces fail with 503 after it)
	 * @param sweepBatch expired peers removed per script call
	 */
	public record Redis(@DefaultValue("redis://localhost:6379") URI url, @DefaultValue("trk:") String keyPrefix,
			@DefaultValue("500ms") Duration timeout, @DefaultValue("500") int sweepBatch) {

		@Override
		public String toString() {
			// never print a password that the URL may carry
			String shown = (this.url.getUserInfo() != null)
					? this.url.getScheme() + "://******@" + this.url.getHost() + ":" + this.url.getPort()
					: "" + this.url;
			return "Redis[url=" + shown + ", keyPrefix=" + this.keyPrefix + ", timeout=" + this.timeout
					+ ", sweepBatch=" + this.sweepBatch + "]";
		}

	}

	/**
	 * Listener tokens ({@code cdn.kit.security}): with a keys directory every call of the
	 * peer API needs {@code Authorization: Bearer} with a token the router issued, and a
	 * peer announces, looks up with a claim, leaves and reports only as itself.
	 *
	 * @param keysDir the routers' public keys ({@code <kid>.pub.pem}, at most two);
	 * empty: no token is asked for
	 * @param clockSkew how far the router's clock and this one may disagree
	 * @param cacheSize verified tokens kept, so that each is checked once
	 */
	public record Tokens(@DefaultValue("") String keysDir, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue("100000") int cacheSize) {

		public Tokens {
			if (cacheSize < 1) {
				throw new IllegalArgumentException("tracker.tokens.cache-size must be positive");
			}
		}

		public boolean required() {
			return !this.keysDir.isBlank();
		}

	}

	/**
	 * Whose peers a listener may be handed. Tenants never meet (the tenant is the
	 * listener token's; without tokens every listener is {@code default}'s); beyond that,
	 * residency rules seal the holders of some tracks to their region or to a named zone.
	 *
	 * @param zones residency zones by name ({@code [a-z0-9-]{1,32}}), each a list of
	 * regions, e.g. {@code tracker.sharing.zones.eu=eu-west,eu-central}
	 * @param residency rules in order; the first whose tenant and track match a peer's
	 * decides where its holders may go (none matching: anywhere in its tenant)
	 * @param p2p configured P2P switches, after the operator's ({@code PUT
	 * /v1/admin/p2p}); none matching: P2P on
	 * @param refresh how often each replica reads the operator's switches from the store
	 * @param relayOnly tenants and tracks whose listeners reach each other only through
	 * TURN relays: a peer of theirs announced at a wire server ({@code http(s)}) is
	 * switched off (never handed out, told {@code p2p: false}); none: every peer shares
	 */
	public record Sharing(@DefaultValue Map<String, List<String>> zones, @DefaultValue List<ResidencyRule> residency,
			@DefaultValue List<P2pRule> p2p, @DefaultValue("2s") Duration refresh,
			@DefaultValue List<RelayOnlyRule> relayOnly) {

		public Sharing {
			p2p = List.copyOf(p2p);
			relayOnly = List.copyOf(relayOnly);
			if (refresh.toMillis() < 100) {
				throw new IllegalArgumentException("tracker.sharing.refresh must be at least 100ms");
			}
			zones = Map.copyOf(zones);
			residency = List.copyOf(residency);
			zones.forEach((zone, regions) -> {
				if (!Region.isValid(zone) || regions.isEmpty() || !regions.stream().allMatch(Region::isValid)) {
					throw new IllegalArgumentException("tracker.sharing.zones." + zone
							+ ": a zone is named [a-z0-9-]{1,32} and lists at least one region");
				}
			});
			for (ResidencyRule rule : residency) {
				if (rule.scope() == ResidencyScope.ZONE && !zones.containsKey(rule.zone())) {
					throw new IllegalArgumentException("tracker.sharing.residency: zone " + rule.zone()
							+ " is not one of tracker.sharing.zones " + zones.keySet());
				}
			}
		}

	}

	/**
	 * One residency rule; tenant and track are matched as every rule's
	 * ({@link RulePattern}).
	 *
	 * @param tenant the tenant it applies to, or a prefix ending in {@code *}; absent:
	 * every tenant
	 * @param track the track id it applies to, or a prefix ending in {@code *}; absent:
	 * every track
	 * @param scope where holders of a matching peer may be handed: {@code any} region,
	 * only its own {@code region}, or the regions of {@code zone}
	 * @param zone the zone of {@code scope: zone}
	 */
	public record ResidencyRule(String tenant, String track, @DefaultValue("region") ResidencyScope scope,
			String zone) {

		public ResidencyRule {
			if (scope == ResidencyScope.ZONE && (zone == null || !Region.isValid(zone))) {
				throw new IllegalArgumentException("tracker.sharing.residency: scope zone needs a zone name");
			}
		}

		/**
		 * Whether this rule applies to a peer of {@code tenant} playing {@code track}
		 * (matched as every rule's, {@link RulePattern}).
		 */
		public boolean matches(String tenant, String track) {
			return RulePattern.matches(this.tenant, this.track, tenant, track);
		}

	}

	public enum ResidencyScope {

		ANY, REGION, ZONE

	}

}
