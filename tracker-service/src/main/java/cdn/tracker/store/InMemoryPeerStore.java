package cdn.tracker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import cdn.protocol.PeerId;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.SwarmView;
import cdn.tracker.store.AnnounceResult.Outcome;
import reactor.core.publisher.Mono;

/**
 * The embedded store for a single tracker: plain maps behind one read-write lock, so a
 * lookup never sees half an announce. Holders of a segment are kept per
 * {@link HolderGroup} (tenant, region, seal) in array-backed sets so that sampling a few
 * of thousands costs only the few.
 */
public final class InMemoryPeerStore implements PeerStore {

	private final StorePolicy policy;

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	/** Guarded by {@link #lock}, like every map below up to the limiter. */
	private final Map<String, Peer> peers = new HashMap<>();

	private final Map<String, Holders> segments = new HashMap<>();

	/** Peers per holder group key. */
	private final Map<String, Long> groupPeers = new HashMap<>();

	/** Per track: peers by {@code rendition|group key}. */
	private final Map<String, Map<String, Long>> swarmPeers = new HashMap<>();

	/** Per {@code track|rendition}: holders per segment. */
	private final Map<String, Map<String, Long>> swarmSegments = new HashMap<>();

	/**
	 * Holders of a region looked at before granting a claim: a region holds a segment
	 * when one of them is live and not quarantined (one the lookup could hand out).
	 */
	static final int HELD_SAMPLE = 8;

	/** Per {@code segment|group key}: the peer loading it; guarded by {@link #lock}. */
	private final Map<String, Claim> claims = new HashMap<>();

	private final ConcurrentHashMap<String, RateWindow> rateWindows = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Map<String, Long>> reports = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Long> quarantinedUntil = new ConcurrentHashMap<>();

	/** Tracks taken down; read under no lock (a concurrent set). */
	private final Set<String> takenDown = ConcurrentHashMap.newKeySet();

	public InMemoryPeerStore(StorePolicy policy) {
		this.policy = policy;
	}

	@Override
	public Mono<AnnounceResult> announce(Announcement announcement, Instant now) {
		return Mono.fromSupplier(() -> announceNow(announcement, now.toEpochMilli()));
	}

	private AnnounceResult announceNow(Announcement announcement, long now) {
		String id = announcement.peerId().value();
		if (announcement.event() == AnnounceEvent.STOPPED) {
			removeNow(id);
			return AnnounceResult.ACCEPTED;
		}
		if (this.takenDown.contains(announcement.trackId().value())) {
			removeNow(id);
			return AnnounceResult.of(Outcome.TAKEN_DOWN);
		}
		long retryAfter = acquire(id, now);
		if (retryAfter > 0) {
			return new AnnounceResult(Outcome.RATE_LIMITED, Duration.ofMillis(retryAfter));
		}
		String track = announcement.trackId().value();
		String rendition = announcement.rendition().id();
		String group = announcement.group().key();
		this.lock.writeLock().lock();
		try {
			Peer current = this.peers.get(id);
			boolean reset = current != null && !current.inSwarm(track, rendition, group);
			boolean known = current != null && !reset;
			if (current == null && this.peers.size() >= this.policy.maxPeers()) {
				return AnnounceResult.of(Outcome.TRACKER_FULL);
			}
			if (!this.groupPeers.containsKey(group) && this.groupPeers.size() >= this.policy.maxRegions()) {
				return AnnounceResult.of(Outcome.TOO_MANY_REGIONS);
			}
			if (heldAfter(known ? current.holdings : Set.of(), announcement.holdings()) > this.policy.maxHave()) {
				return AnnounceResult.of(Outcome.HOLDINGS_FULL);
			}
			if (reset) {
				removeLocked(current);
			}
			Peer peer = known ? current : register(id, track, rendition, announcement.group());
			peer.endpoint = announcement.endpoint();
			peer.uploadKbps = announcement.uploadKbps();
			peer.uploadedBytes = announcement.uploadedBytes();
			peer.downloadedBytes = announcement.downloadedBytes();
			peer.lastSeen = now;
			applyHoldings(peer, announcement.holdings());
			return AnnounceResult.ACCEPTED;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private static int heldAfter(Set<String> held, Announcement.Holdings holdings) {
		if (holdings instanceof Announcement.Full full) {
			return full.have().size();
		}
		if (holdings instanceof Announcement.Delta delta) {
			int size = held.size();
			for (SegmentId added : delta.added()) {
				size += held.contains(added.value()) ? 0 : 1;
			}
			for (SegmentId removed : delta.removed()) {
				size -= held.contains(removed.value()) ? 1 : 0;
			}
			return size;
		}
		return held.size();
	}

	private Peer register(String id, String track, String rendition, HolderGroup group) {
		Peer peer = new Peer(id, track, rendition, group);
		this.peers.put(id, peer);
		this.groupPeers.merge(peer.group, 1L, Long::sum);
		this.swarmPeers.computeIfAbsent(track, (key) -> new HashMap<>())
			.merge(rendition + "|" + peer.group, 1L, Long::sum);
		return peer;
	}

	private void applyHoldings(Peer peer, Announcement.Holdings holdings) {
		if (holdings instanceof Announcement.Full full) {
			Set<String> wanted = new HashSet<>();
			full.have().forEach((segment) -> wanted.add(segment.value()));
			for (String held : List.copyOf(peer.holdings)) {
				if (!wanted.remove(held)) {
					dropHolding(peer, held);
				}
			}
			wanted.forEach((segment) -> addHolding(peer, segment));
		}
		else if (holdings instanceof Announcement.Delta delta) {
			delta.removed().forEach((segment) -> dropHolding(peer, segment.value()));
			delta.added().forEach((segment) -> addHolding(peer, segment.value()));
		}
	}

	private void addHolding(Peer peer, String segment) {
		if (peer.holdings.add(segment)) {
			this.segments.computeIfAbsent(segment, (key) -> new Holders()).add(peer);
			this.swarmSegments.computeIfAbsent(peer.swarm(), (key) -> new HashMap<>()).merge(segment, 1L, Long::sum);
		}
	}

	private void dropHolding(Peer peer, String segment) {
		if (!peer.holdings.remove(segment)) {
			return;
		}
		Holders holders = this.segments.get(segment);
		if (holders != null && holders.remove(peer) && holders.size == 0) {
			this.segments.remove(segment);
		}
		decrement(this.swarmSegments, peer.swarm(), segment);
	}

	private static void decrement(Map<String, Map<String, Long>> counts, String outer, String inner) {
		Map<String, Long> map = counts.get(outer);
		if (map == null) {
			return;
		}
		map.computeIfPresent(inner, (key, count) -> (count > 1) ? count - 1 : null);
		if (map.isEmpty()) {
			counts.remove(outer);
		}
	}

	/** Counts an announce in the peer's window; the time to wait when over the limit. */
	private long acquire(String peer, long now) {
		long window = this.policy.rateWindow().toMillis();
		long[] retryAfter = { 0 };
		this.rateWindows.compute(peer, (key, current) -> {
			if (current == null || now < current.start || now - current.start >= window) {
				return new RateWindow(now);
			}
			if (current.count >= this.policy.rateLimit()) {
				retryAfter[0] = current.start + window - now;
			}
			else {
				current.count++;
			}
			return current;
		});
		return retryAfter[0];
	}

	@Override
	public Mono<Boolean> remove(PeerId peerId) {
		return Mono.fromSupplier(() -> removeNow(peerId.value()));
	}

	private boolean removeNow(String id) {
		this.lock.writeLock().lock();
		try {
			Peer peer = this.peers.get(id);
			if (peer == null) {
				return false;
			}
			removeLocked(peer);
			return true;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private void removeLocked(Peer peer) {
		for (String segment : List.copyOf(peer.holdings)) {
			dropHolding(peer, segment);
		}
		this.peers.remove(peer.id);
		this.groupPeers.computeIfPresent(peer.group, (key, count) -> (count > 1) ? count - 1 : null);
		decrement(this.swarmPeers, peer.track, peer.rendition + "|" + peer.group);
	}

	@Override
	public Mono<List<SegmentCandidates>> candidates(CandidateQuery query, Instant now) {
		return Mono.fromSupplier(() -> candidatesNow(query, now.toEpochMilli()));
	}

	private List<SegmentCandidates> candidatesNow(CandidateQuery query, long now) {
		long staleBefore = now - this.policy.peerLifetime().toMillis();
		List<SegmentCandidates> result = new ArrayList<>(query.segments().size());
		this.lock.readLock().lock();
		try {
			for (SegmentId segment : query.segments()) {
				Holders holders = this.segments.get(segment.value());
				if (holders == null) {
					result.add(new SegmentCandidates(segment, 0, List.of()));
					continue;
				}
				List<Candidate> picked = new ArrayList<>(query.sample());
				long availability = 0;
				for (IndexedPeers group : holders.visibleInOrder(query.regionOrder(), query.viewer())) {
					availability += group.list.size();
					if (picked.size() < query.sample()) {
						group.sample(query.sample() - picked.size(),
								(peer) -> usable(peer, query.exclude(), staleBefore, now), picked);
					}
				}
				result.add(new SegmentCandidates(segment, availability, picked));
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
		return result;
	}

	@Override
	public Mono<List<Loading>> claims(ClaimQuery query, Instant now) {
		return Mono.fromSupplier(() -> claimsNow(query, now.toEpochMilli()));
	}

	private List<Loading> claimsNow(ClaimQuery query, long now) {
		long staleBefore = now - this.policy.peerLifetime().toMillis();
		this.lock.writeLock().lock();
		try {
			// claims are per group: the requester's, as announced
			Peer requester = this.peers.get(query.requester());
			String group = (requester != null) ? requester.group : query.group();
			int granted = 0;
			for (SegmentId offered : query.offered()) {
				if (granted >= query.max()) {
					break;
				}
				String key = offered.value() + "|" + group;
				Claim current = this.claims.get(key);
				Holders holders = this.segments.get(offered.value());
				IndexedPeers inGroup = (holders != null) ? holders.byGroup.get(group) : null;
				boolean held = inGroup != null
						&& inGroup.any(HELD_SAMPLE, (peer) -> usable(peer, null, staleBefore, now));
				if ((current == null || current.until <= now) && !held) {
					this.claims.put(key, new Claim(query.requester(), now + query.ttl().toMillis()));
					granted++;
				}
			}
			List<Loading> result = new ArrayList<>(query.segments().size());
			for (SegmentId segment : query.segments()) {
				Claim claim = this.claims.get(segment.value() + "|" + group);
				if (claim == null || claim.until <= now) {
					result.add(Loading.NONE);
				}
				else if (claim.peer.equals(query.requester())) {
					result.add(new Loading(null, true));
				}
				else {
					Peer loader = this.peers.get(claim.peer);
					boolean live = loader != null && usable(loader, null, staleBefore, now);
					result.add(live ? new Loading(loader.candidate(), false) : Loading.NONE);
				}
			}
			return result;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private boolean usable(Peer peer, String exclude, long staleBefore, long now) {
		if (peer.id.equals(exclude) || peer.lastSeen < staleBefore || this.takenDown.contains(peer.track)) {
			return false;
		}
		Long until = this.quarantinedUntil.get(peer.id);
		return until == null || until <= now;
	}

	@Override
	public Mono<ReportResult> report(PeerId peer, PeerId reporter, Instant now) {
		return Mono.fromSupplier(() -> reportNow(peer.value(), reporter.value(), now.toEpochMilli()));
	}

	private ReportResult reportNow(String peer, String reporter, long now) {
		this.lock.readLock().lock();
		try {
			if (!this.peers.containsKey(peer)) {
				return new ReportResult(ReportResult.Outcome.PEER_UNKNOWN, null);
			}
			Peer from = this.peers.get(reporter);
			if (from == null || from.lastSeen < now - this.policy.peerLifetime().toMillis()) {
				return new ReportResult(ReportResult.Outcome.REPORTER_UNKNOWN, null);
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
		long windowStart = now - this.policy.reportWindow().toMillis();
		long until = now + this.policy.quarantine().toMillis();
		boolean[] quarantined = { false };
		this.reports.compute(peer, (key, reporters) -> {
			Map<String, Long> recent = (reporters != null) ? reporters : new HashMap<>();
			recent.put(reporter, now);
			recent.values().removeIf((time) -> time < windowStart);
			if (recent.size() >= this.policy.reportThreshold()) {
				this.quarantinedUntil.put(peer, until);
				quarantined[0] = true;
				return null;
			}
			return recent;
		});
		return quarantined[0] ? new ReportResult(ReportResult.Outcome.QUARANTINED, Instant.ofEpochMilli(until))
				: new ReportResult(ReportResult.Outcome.RECORDED, null);
	}

	@Override
	public Mono<SwarmView> swarm(TrackId trackId) {
		return Mono.fromSupplier(() -> {
			this.lock.readLock().lock();
			try {
				Map<String, Long> byKey = this.swarmPeers.getOrDefault(trackId.value(), Map.of());
				Map<String, Map<String, Long>> availability = new HashMap<>();
				for (Rendition rendition : Rendition.values()) {
					Map<String, Long> counts = this.swarmSegments.get(trackId.value() + "|" + rendition.id());
					if (counts != null) {
						availability.put(rendition.id(), counts);
					}
				}
				return SwarmViews.of(trackId.value(), byKey, availability);
			}
			finally {
				this.lock.readLock().unlock();
			}
		});
	}

	@Override
	public Mono<Map<String, Long>> peersByRegion() {
		return Mono.fromSupplier(() -> {
			this.lock.readLock().lock();
			try {
				Map<String, Long> byRegion = new TreeMap<>();
				this.groupPeers
					.forEach((group, count) -> byRegion.merge(HolderGroup.regionOf(group), count, Long::sum));
				return byRegion;
			}
			finally {
				this.lock.readLock().unlock();
			}
		});
	}

	@Override
	public Mono<Integer> expire(Instant now) {
		return Mono.fromSupplier(() -> expireNow(now.toEpochMilli()));
	}

	private int expireNow(long now) {
		long staleBefore = now - this.policy.peerLifetime().toMillis();
		int removed = 0;
		this.lock.writeLock().lock();
		try {
			for (Peer peer : List.copyOf(this.peers.values())) {
				if (peer.lastSeen < staleBefore) {
					removeLocked(peer);
					removed++;
				}
			}
			this.claims.values().removeIf((claim) -> claim.until <= now);
		}
		finally {
			this.lock.writeLock().unlock();
		}
		long window = this.policy.rateWindow().toMillis();
		this.rateWindows.values().removeIf((entry) -> now - entry.start >= window || now < entry.start);
		long reportsFrom = now - this.policy.reportWindow().toMillis();
		this.reports.replaceAll((peer, reporters) -> {
			reporters.values().removeIf((time) -> time < reportsFrom);
			return reporters;
		});
		this.reports.values().removeIf(Map::isEmpty);
		this.quarantinedUntil.values().removeIf((until) -> until <= now);
		return removed;
	}

	@Override
	public Mono<Void> takeDown(TrackId trackId) {
		return Mono.fromRunnable(() -> this.takenDown.add(trackId.value()));
	}

	@Override
	public Mono<Boolean> restore(TrackId trackId) {
		return Mono.fromSupplier(() -> this.takenDown.remove(trackId.value()));
	}

	@Override
	public Mono<List<String>> takenDown() {
		return Mono.fromSupplier(() -> this.takenDown.stream().sorted().toList());
	}

	@Override
	public Mono<Void> ping() {
		return Mono.empty();
	}

	/** A registered peer; mutable, guarded by the store's lock. */
	private static final class Peer {

		final String id;

		final String track;

		final String rendition;

		final HolderGroup holderGroup;

		/** {@link #holderGroup}'s key. */
		final String group;

		final Set<String> holdings = new HashSet<>();

		String endpoint;

		long uploadKbps;

		long uploadedBytes;

		long downloadedBytes;

		long lastSeen;

		Peer(String id, String track, String rendition, HolderGroup group) {
			this.id = id;
			this.track = track;
			this.rendition = rendition;
			this.holderGroup = group;
			this.group = group.key();
		}

		boolean inSwarm(String track, String rendition, String group) {
			return this.track.equals(track) && this.rendition.equals(rendition) && this.group.equals(group);
		}

		String swarm() {
			return this.track + "|" + this.rendition;
		}

		Candidate candidate() {
			return new Candidate(this.id, this.holderGroup.region(), this.endpoint, this.uploadKbps, this.uploadedBytes,
					this.downloadedBytes, Instant.ofEpochMilli(this.lastSeen));
		}

	}

	/** The holders of one segment, per holder group. */
	private static final class Holders {

		final Map<String, IndexedPeers> byGroup = new LinkedHashMap<>();

		int size;

		void add(Peer peer) {
			if (this.byGroup.computeIfAbsent(peer.group, (key) -> new IndexedPeers(peer.holderGroup)).add(peer)) {
				this.size++;
			}
		}

		boolean remove(Peer peer) {
			IndexedPeers peers = this.byGroup.get(peer.group);
			if (peers == null || !peers.remove(peer)) {
				return false;
			}
			if (peers.list.isEmpty()) {
				this.byGroup.remove(peer.group);
			}
			this.size--;
			return true;
		}

		/**
		 * The groups the viewer sees, those of the preferred regions first in their
		 * order, then the rest.
		 */
		List<IndexedPeers> visibleInOrder(List<String> preferred, HolderGroup.Viewer viewer) {
			List<IndexedPeers> visible = new ArrayList<>(this.byGroup.size());
			for (IndexedPeers peers : this.byGroup.values()) {
				if (viewer.sees(peers.group)) {
					visible.add(peers);
				}
			}
			if (visible.size() > 1) {
				visible.sort(java.util.Comparator.comparingInt((peers) -> {
					int at = preferred.indexOf(peers.group.region());
					return (at >= 0) ? at : Integer.MAX_VALUE;
				}));
			}
			return visible;
		}

	}

	/** A set with O(1) add, remove and random access, for sampling. */
	private static final class IndexedPeers {

		/** Holders sampled beyond the wanted number, to make up for skipped ones. */
		private static final int SLACK = 2;

		final HolderGroup group;

		final List<Peer> list = new ArrayList<>();

		final Map<Peer, Integer> index = new HashMap<>();

		IndexedPeers(HolderGroup group) {
			this.group = group;
		}

		boolean add(Peer peer) {
			if (this.index.putIfAbsent(peer, this.list.size()) != null) {
				return false;
			}
			this.list.add(peer);
			return true;
		}

		boolean remove(Peer peer) {
			Integer at = this.index.remove(peer);
			if (at == null) {
				return false;
			}
			Peer last = this.list.remove(this.list.size() - 1);
			if (last != peer) {
				this.list.set(at, last);
				this.index.put(last, at);
			}
			return true;
		}

		/** Whether one of up to {@code look} holders, from a random start, is usable. */
		boolean any(int look, java.util.function.Predicate<Peer> usable) {
			int size = this.list.size();
			int start = (size > 0) ? ThreadLocalRandom.current().nextInt(size) : 0;
			for (int i = 0; i < Math.min(look, size); i++) {
				if (usable.test(this.list.get((start + i) % size))) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Looks at {@code want + SLACK} distinct random holders (all of them when there
		 * are not more) and adds up to {@code want} usable ones to {@code into}.
		 */
		void sample(int want, java.util.function.Predicate<Peer> usable, List<Candidate> into) {
			int size = this.list.size();
			int look = want + SLACK;
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int added = 0;
			if (size <= look) {
				int start = random.nextInt(size);
				for (int i = 0; i < size && added < want; i++) {
					Peer peer = this.list.get((start + i) % size);
					if (usable.test(peer)) {
						into.add(peer.candidate());
						added++;
					}
				}
				return;
			}
			Set<Integer> seen = new HashSet<>(look * 2);
			while (seen.size() < look && added < want) {
				int at = random.nextInt(size);
				if (seen.add(at)) {
					Peer peer = this.list.get(at);
					if (usable.test(peer)) {
						into.add(peer.candidate());
						added++;
					}
				}
			}
		}

	}

	/** A granted claim: {@code peer} loads the segment until {@code until} (epoch ms). */
	private record Claim(String peer, long until) {
	}

	private static final class RateWindow {

		final long start;

		int count = 1;

		RateWindow(long start) {
			this.start = start;
		}

	}

}
