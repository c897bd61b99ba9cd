package cdn.tracker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cdn.protocol.PeerId;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.SwarmView;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared store: every tracker replica talks to one Redis, so they all see the same
 * peers. Each operation is one Lua script, hence atomic and one round trip. Layout (see
 * {@code common.lua}): a hash per peer (keyed by the peer's small integer handle), a set
 * of small integer segment handles per peer, per segment and region a set of peer handles
 * (intsets: a few bytes per membership), one sorted set of peers by last announce for
 * expiry, and swarm counters. Every per-peer key also carries a TTL of three lifetimes, a
 * backstop should no tracker sweep for that long.
 */
public final class RedisPeerStore implements PeerStore {

	/**
	 * The version of the key layout, after the configured prefix: trackers of different
	 * layouts sharing one Redis during a rolling upgrade keep to their own keys instead
	 * of misreading each other's (v2: peer handles in the per-segment sets).
	 */
	static final String LAYOUT = "v2:";

	private static final String[] RENDITIONS = java.util.Arrays.stream(Rendition.values())
		.map(Rendition::id)
		.toArray(String[]::new);

	private final ReactiveStringRedisTemplate redis;

	private final StorePolicy policy;

	private final String prefix;

	private final int sweepBatch;

	private final RedisScript<List> announce = script("announce.lua");

	private final RedisScript<List> lookup = script("lookup.lua");

	private final RedisScript<List> claims = script("claims.lua");

	private final RedisScript<Long> remove = script("remove.lua", Long.class);

	private final RedisScript<Long> expire = script("expire.lua", Long.class);

	private final RedisScript<List> report = script("report.lua");

	private final RedisScript<List> swarm = script("swarm.lua");

	public RedisPeerStore(ReactiveStringRedisTemplate redis, StorePolicy policy, String prefix, int sweepBatch) {
		this.redis = redis;
		this.policy = policy;
		this.prefix = prefix + LAYOUT;
		this.sweepBatch = sweepBatch;
	}

	private static RedisScript<List> script(String name) {
		return script(name, List.class);
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(read("common.lua") + "\n" + read(name), type);
	}

	private static String read(String name) {
		try {
			return new ClassPathResource("cdn/tracker/store/" + name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Mono<AnnounceResult> announce(Announcement a, Instant now) {
		List<String> args = new ArrayList<>(32);
		args.add(this.prefix);
		args.add(a.peerId().value());
		args.add(Long.toString(now.toEpochMilli()));
		args.add(a.event().id());
		if (a.event() == AnnounceEvent.STOPPED) {
			return run(this.announce, args).thenReturn(AnnounceResult.ACCEPTED);
		}
		args.add(a.trackId().value());
		args.add(a.rendition().id());
		args.add(a.group().key());
		args.add(a.endpoint());
		args.add(Long.toString(a.uploadKbps()));
		args.add(Long.toString(a.uploadedBytes()));
		args.add(Long.toString(a.downloadedBytes()));
		List<SegmentId> first = List.of();
		List<SegmentId> second = List.of();
		if (a.holdings() instanceof Announcement.Full full) {
			args.add("full");
			first = List.copyOf(full.have());
		}
		else if (a.holdings() instanceof Announcement.Delta delta) {
			args.add("delta");
			first = List.copyOf(delta.added());
			second = List.copyOf(delta.removed());
		}
		else {
			args.add("none");
		}
		args.add(Long.toString(this.policy.rateWindow().toMillis()));
		args.add(Integer.toString(this.policy.rateLimit()));
		args.add(Integer.toString(this.policy.maxPeers()));
		args.add(Integer.toString(this.policy.maxHave()));
		args.add(Integer.toString(this.policy.maxRegions()));
		args.add(Long.toString(keyTtl().toMillis()));
		args.add(Integer.toString(first.size()));
		first.forEach((segment) -> args.add(segment.value()));
		args.add(Integer.toString(second.size()));
		second.forEach((segment) -> args.add(segment.value()));
		return run(this.announce, args).map((reply) -> {
			AnnounceResult.Outcome outcome = AnnounceResult.Outcome.valueOf(reply.get(0).toString());
			long retryAfter = Long.parseLong(reply.get(1).toString());
			return new AnnounceResult(outcome, Duration.ofMillis(retryAfter));
		});
	}

	private Duration keyTtl() {
		return this.policy.peerLifetime().multipliedBy(3);
	}

	@Override
	public Mono<Boolean> remove(PeerId peerId) {
		return this.redis.execute(this.remove, List.of(), List.of(this.prefix, peerId.value()))
			.next()
			.map((removed) -> removed == 1L);
	}

	@Override
	public Mono<List<SegmentCandidates>> candidates(CandidateQuery query, Instant now) {
		HolderGroup.Viewer viewer = query.viewer();
		List<String> args = new ArrayList<>(
				10 + viewer.zones().size() + query.regionOrder().size() + query.segments().size());
		args.add(this.prefix);
		args.add(Long.toString(now.toEpochMilli()));
		args.add(Long.toString(now.toEpochMilli() - this.policy.peerLifetime().toMillis()));
		args.add(Integer.toString(query.sample()));
		args.add((query.exclude() != null) ? query.exclude() : "");
		args.add(viewer.tenant());
		args.add(viewer.region());
		args.add(Integer.toString(viewer.zones().size()));
		args.addAll(viewer.zones());
		args.add(Integer.toString(query.regionOrder().size()));
		args.addAll(query.regionOrder());
		query.segments().forEach((segment) -> args.add(segment.value()));
		return run(this.lookup, args).map((reply) -> {
			List<SegmentCandidates> result = new ArrayList<>(query.segments().size());
			int at = 0;
			for (SegmentId segment : query.segments()) {
				long availability = Long.parseLong(reply.get(at++).toString());
				int n = Integer.parseInt(reply.get(at++).toString());
				List<Candidate> candidates = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					candidates.add(candidate(reply, at));
					at += 7;
				}
				result.add(new SegmentCandidates(segment, availability, candidates));
			}
			return result;
		});
	}

	@Override
	public Mono<List<Loading>> claims(ClaimQuery query, Instant now) {
		List<String> args = new ArrayList<>(8 + query.segments().size() + query.offered().size());
		args.add(this.prefix);
		args.add(Long.toString(now.toEpochMilli()));
		args.add(Long.toString(now.toEpochMilli() - this.policy.peerLifetime().toMillis()));
		args.add(query.group());
		args.add(query.requester());
		args.add(Integer.toString(query.max()));
		args.add(Long.toString(Math.max(1, query.ttl().toMillis())));
		args.add(Integer.toString(query.segments().size()));
		query.segments().forEach((segment) -> args.add(segment.value()));
		query.offered().forEach((segment) -> args.add(segment.value()));
		return run(this.claims, args).map((reply) -> {
			List<Loading> result = new ArrayList<>(query.segments().size());
			int at = 0;
			for (int i = 0; i < query.segments().size(); i++) {
				String flag = reply.get(at++).toString();
				if (flag.equals("1")) {
					result.add(new Loading(null, true));
				}
				else if (flag.equals("2")) {
					result.add(new Loading(candidate(reply, at), false));
					at += 7;
				}
				else {
					result.add(Loading.NONE);
				}
			}
			return result;
		});
	}

	@Override
	public Mono<ReportResult> report(PeerId peer, PeerId reporter, Instant now) {
		List<String> args = List.of(this.prefix, peer.value(), reporter.value(), Long.toString(now.toEpochMilli()),
				Long.toString(this.policy.reportWindow().toMillis()), Integer.toString(this.policy.reportThreshold()),
				Long.toString(this.policy.quarantine().toMillis()),
				Long.toString(now.toEpochMilli() - this.policy.peerLifetime().toMillis()));
		return run(this.report, args).map((reply) -> {
			ReportResult.Outcome outcome = ReportResult.Outcome.valueOf(reply.get(0).toString());
			long until = Long.parseLong(reply.get(1).toString());
			return new ReportResult(outcome,
					(outcome == ReportResult.Outcome.QUARANTINED) ? Instant.ofEpochMilli(until) : null);
		});
	}

	@Override
	public Mono<SwarmView> swarm(TrackId trackId) {
		List<String> args = new ArrayList<>();
		args.add(this.prefix);
		args.add(trackId.value());
		args.addAll(List.of(RENDITIONS));
		return run(this.swarm, args).map((reply) -> {
			int at = 0;
			int n = Integer.parseInt(reply.get(at++).toString());
			Map<String, Long> peers = new HashMap<>();
			for (int i = 0; i < n; i += 2) {
				peers.put(reply.get(at).toString(), Long.parseLong(reply.get(at + 1).toString()));
				at += 2;
			}
			Map<String, Map<String, Long>> holders = new HashMap<>();
			for (String rendition : RENDITIONS) {
				int m = Integer.parseInt(reply.get(at++).toString());
				Map<String, Long> counts = new HashMap<>();
				for (int i = 0; i < m; i += 2) {
					counts.put(reply.get(at).toString(), (long) Double.parseDouble(reply.get(at + 1).toString()));
					at += 2;
				}
				if (!counts.isEmpty()) {
					holders.put(rendition, counts);
				}
			}
			return SwarmViews.of(trackId.value(), peers, holders);
		});
	}

	@Override
	public Mono<Map<String, Long>> peersByRegion() {
		return this.redis.<String, String>opsForHash()
			.entries(this.prefix + "rc")
			.reduceWith(TreeMap<String, Long>::new, (byRegion, entry) -> {
				byRegion.merge(HolderGroup.regionOf(entry.getKey()), Long.parseLong(entry.getValue()), Long::sum);
				return byRegion;
			})
			.<Map<String, Long>>map((byRegion) -> byRegion);
	}

	@Override
	public Mono<Integer> expire(Instant now) {
		String staleBefore = Long.toString(now.toEpochMilli() - this.policy.peerLifetime().toMillis());
		List<String> args = List.of(this.prefix, staleBefore, Integer.toString(this.sweepBatch));
		// batch by batch, so that one script never blocks Redis for long
		return this.redis.execute(this.expire, List.of(), args)
			.next()
			.expand((removed) -> (removed < this.sweepBatch) ? Mono.empty()
					: this.redis.execute(this.expire, List.of(), args).next())
			.reduce(0, (total, removed) -> total + removed.intValue());
	}

	@Override
	public Mono<Void> takeDown(TrackId trackId) {
		return this.redis.opsForSet().add(this.prefix + "down", trackId.value()).then();
	}

	@Override
	public Mono<Boolean> restore(TrackId trackId) {
		return this.redis.opsForSet().remove(this.prefix + "down", trackId.value()).map((removed) -> removed > 0);
	}

	@Override
	public Mono<List<String>> takenDown() {
		return this.redis.opsForSet().members(this.prefix + "down").sort().collectList();
	}

	@Override
	public Mono<Void> ping() {
		return this.redis.execute((connection) -> connection.ping()).then();
	}

	/**
	 * A candidate from seven reply fields: peer, group key, endpoint, kbps, up, down,
	 * lastSeen.
	 */
	private static Candidate candidate(List<Object> reply, int at) {
		return new Candidate(reply.get(at).toString(), HolderGroup.regionOf(reply.get(at + 1).toString()),
				reply.get(at + 2).toString(), Long.parseLong(reply.get(at + 3).toString()),
				Long.parseLong(reply.get(at + 4).toString()), Long.parseLong(reply.get(at + 5).toString()),
				Instant.ofEpochMilli(Long.parseLong(reply.get(at + 6).toString())));
	}

	/** Runs a script with a multi-bulk reply, flattened to one list. */
	private Mono<List<Object>> run(RedisScript<List> script, List<String> args) {
		return this.redis.execute(script, List.of(), args).collectList().map((replies) -> {
			if (replies.size() == 1 && replies.get(0) instanceof List<?> inner) {
				return new ArrayList<Object>(inner);
			}
			List<Object> flat = new ArrayList<>();
			for (Object reply : replies) {
				if (reply instanceof List<?> inner) {
					flat.addAll(inner);
				}
				else {
					flat.add(reply);
				}
			}
			return flat;
		});
	}

}
