package cdn.tracker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import cdn.protocol.PeerId;
import cdn.protocol.Region;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.SwarmView;
import cdn.protocol.tracker.SwarmView.RenditionAvailability;
import cdn.tracker.store.AnnounceResult.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The one behaviour every {@link PeerStore} must have; each implementation runs it by
 * extending this class. Time is passed in, never slept through.
 */
abstract class PeerStoreContract {

	static final Duration LIFETIME = Duration.ofSeconds(90);

	static final Duration RATE_WINDOW = Duration.ofSeconds(10);

	static final Duration QUARANTINE = Duration.ofMinutes(30);

	/** Small bounds so that tests can reach them: 8 peers, 8 segments each, 4 regions. */
	static final StorePolicy POLICY = new StorePolicy(LIFETIME, 8, 8, 4, 5, RATE_WINDOW, 2, Duration.ofMinutes(10),
			QUARANTINE);

	static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	/** A fresh, empty store with {@link #POLICY}. */
	abstract PeerStore store();

	static SegmentId seg(int n) {
		return SegmentId.of(String.format("%064x", n));
	}

	static Set<SegmentId> segs(int... ns) {
		return Arrays.stream(ns)
			.mapToObj(PeerStoreContract::seg)
			.collect(Collectors.toCollection(java.util.LinkedHashSet::new));
	}

	static Announcement started(String peer, String region, int... held) {
		return announce(peer, AnnounceEvent.STARTED, "night-drive", Rendition.A128, region,
				new Announcement.Full(segs(held)));
	}

	static Announcement announce(String peer, AnnounceEvent event, String track, Rendition rendition, String region,
			Announcement.Holdings holdings) {
		return new Announcement(PeerId.of(peer), event, TrackId.of(track), rendition,
				HolderGroup.open(Region.of(region).value()), "http://127.0.0.1:7001/" + peer, 1000, 2000, 3000,
				holdings);
	}

	static Announcement delta(String peer, String region, Set<SegmentId> added, Set<SegmentId> removed) {
		return announce(peer, AnnounceEvent.UPDATE, "night-drive", Rendition.A128, region,
				new Announcement.Delta(added, removed));
	}

	static Announcement heartbeat(String peer, String region) {
		return announce(peer, AnnounceEvent.UPDATE, "night-drive", Rendition.A128, region,
				new Announcement.Unchanged());
	}

	AnnounceResult accept(Announcement announcement, Instant now) {
		AnnounceResult result = store().announce(announcement, now).block();
		assertThat(result).isNotNull();
		assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
		return result;
	}

	SegmentCandidates candidates(SegmentId segment, String region, int sample, String exclude, Instant now) {
		return candidates(segment, HolderGroup.Viewer.of(region), sample, exclude, now);
	}

	SegmentCandidates candidates(SegmentId segment, HolderGroup.Viewer viewer, int sample, String exclude,
			Instant now) {
		return store()
			.candidates(new CandidateQuery(List.of(segment), List.of(viewer.region()), sample, exclude, viewer), now)
			.block()
			.get(0);
	}

	static Set<String> ids(SegmentCandidates candidates) {
		return candidates.candidates().stream().map(Candidate::peerId).collect(Collectors.toSet());
	}

	static final Duration CLAIM_TTL = Duration.ofSeconds(10);

	static final HolderGroup.Viewer EU_VIEWER = HolderGroup.Viewer.of("eu-west");

	/** {@code peer} announcing {@code held} of night-drive into {@code group}. */
	static Announcement startedIn(String peer, HolderGroup group, int... held) {
		return started(peer, group.region(), held).inGroup(group);
	}

	@Test
	void aTenantNeverSeesAnotherTenantsHolders() {
		accept(startedIn("a-eu", new HolderGroup("acme", "eu-west", null), 1), T0);
		accept(startedIn("a-us", new HolderGroup("acme", "us-east", null), 1), T0);
		accept(startedIn("b-eu", new HolderGroup("bravo", "eu-west", null), 1), T0);
		accept(started("d-eu", "eu-west", 1), T0);
		HolderGroup.Viewer acme = new HolderGroup.Viewer("acme", "eu-west", Set.of());
		HolderGroup.Viewer bravo = new HolderGroup.Viewer("bravo", "us-east", Set.of());
		for (int i = 0; i < 20; i++) {
			SegmentCandidates forAcme = candidates(seg(1), acme, 10, null, T0);
			assertThat(ids(forAcme)).containsExactlyInAnyOrder("a-eu", "a-us");
			assertThat(forAcme.availability()).as("another tenant's holders are not counted either").isEqualTo(2);
			assertThat(forAcme.candidates()).extracting(Candidate::region).containsOnly("eu-west", "us-east");
			assertThat(ids(candidates(seg(1), bravo, 10, null, T0))).containsExactly("b-eu");
			assertThat(ids(candidates(seg(1), "eu-west", 10, null, T0))).containsExactly("d-eu");
		}
		assertThat(store().peersByRegion().block()).as("counted per region, over tenants")
			.containsOnly(java.util.Map.entry("eu-west", 3L), java.util.Map.entry("us-east", 1L));
	}

	@Test
	void aRegionSealedHolderGoesOnlyToListenersOfItsRegion() {
		accept(startedIn("eu-sealed", new HolderGroup("acme", "eu-west", ""), 1), T0);
		accept(startedIn("ap-open", new HolderGroup("acme", "ap-south", null), 1), T0);
		HolderGroup.Viewer ap = new HolderGroup.Viewer("acme", "ap-south", Set.of("eu"));
		HolderGroup.Viewer eu = new HolderGroup.Viewer("acme", "eu-west", Set.of("eu"));
		for (int i = 0; i < 20; i++) {
			assertThat(ids(candidates(seg(1), ap, 10, null, T0))).containsExactly("ap-open");
			assertThat(ids(candidates(seg(1), eu, 10, null, T0))).containsExactlyInAnyOrder("eu-sealed", "ap-open");
		}
	}

	@Test
	void aZoneSealedHolderGoesOnlyToListenersOfItsZone() {
		accept(startedIn("eu-west-1", new HolderGroup("acme", "eu-west", "eu"), 1), T0);
		HolderGroup.Viewer central = new HolderGroup.Viewer("acme", "eu-central", Set.of("eu"));
		HolderGroup.Viewer ap = new HolderGroup.Viewer("acme", "ap-south", Set.of("asia"));
		HolderGroup.Viewer otherTenant = new HolderGroup.Viewer("bravo", "eu-central", Set.of("eu"));
		assertThat(ids(candidates(seg(1), central, 10, null, T0))).containsExactly("eu-west-1");
		assertThat(ids(candidates(seg(1), ap, 10, null, T0))).isEmpty();
		assertThat(candidates(seg(1), ap, 10, null, T0).availability()).isZero();
		assertThat(ids(candidates(seg(1), otherTenant, 10, null, T0))).isEmpty();
	}

	@Test
	void claimsAreKeptWithinTheRequestersGroup() {
		HolderGroup acme = new HolderGroup("acme", "eu-west", "");
		accept(startedIn("a1", acme), T0);
		accept(startedIn("a2", acme), T0);
		accept(startedIn("b1", new HolderGroup("bravo", "eu-west", null)), T0);
		List<SegmentId> window = List.of(seg(7));
		assertThat(claim("a1", "eu-west", window, window, 1, T0)).containsExactly(new Loading(null, true));
		// another tenant in the same region loads its own
		assertThat(claim("b1", "eu-west", window, window, 1, T0)).containsExactly(new Loading(null, true));
		List<Loading> seen = claim("a2", "eu-west", window, window, 1, T0);
		assertThat(seen).hasSize(1);
		assertThat(seen.get(0).loader().peerId()).isEqualTo("a1");
		assertThat(seen.get(0).loader().region()).isEqualTo("eu-west");
		// and a holder in the sealed group stops a claim there
		accept(startedIn("a3", acme, 8), T0);
		assertThat(claim("a2", "eu-west", List.of(seg(8)), List.of(seg(8)), 1, T0)).containsExactly(Loading.NONE);
	}

	@Test
	void aTrackTakenDownIsNeverHandedOutAndItsAnnouncesForgetThePeer() {
		accept(started("down-1", "eu-west", 1), T0);
		accept(announce("other-1", AnnounceEvent.STARTED, "other", Rendition.A128, "eu-west",
				new Announcement.Full(segs(1))), T0);
		store().takeDown(TrackId.of("night-drive")).block();

		assertThat(store().takenDown().block()).containsExactly("night-drive");
		assertThat(ids(candidates(seg(1), "eu-west", 10, null, T0))).as("at once, before any announce")
			.containsExactly("other-1");
		// a claim names no loader of it either
		List<SegmentId> window = List.of(seg(20));
		assertThat(claim("down-1", "eu-west", window, window, 1, T0)).hasSize(1);
		assertThat(claim("other-1", "eu-west", window, window, 1, T0).get(0).loader()).isNull();

		assertThat(store().announce(started("down-1", "eu-west", 1), T0).block().outcome())
			.isEqualTo(Outcome.TAKEN_DOWN);
		assertThat(store().remove(PeerId.of("down-1")).block()).as("forgotten").isFalse();
		assertThat(store().announce(started("down-2", "eu-west", 1), T0).block().outcome())
			.as("a new listener of it too")
			.isEqualTo(Outcome.TAKEN_DOWN);

		assertThat(store().restore(TrackId.of("night-drive")).block()).isTrue();
		assertThat(store().restore(TrackId.of("night-drive")).block()).isFalse();
		assertThat(store().takenDown().block()).isEmpty();
		accept(started("down-1", "eu-west", 1), T0);
		assertThat(ids(candidates(seg(1), "eu-west", 10, null, T0))).containsExactlyInAnyOrder("down-1", "other-1");
	}

	@Test
	void theSwarmViewCountsRegionsAcrossGroups() {
		accept(startedIn("a", new HolderGroup("acme", "eu-west", "eu"), 1), T0);
		accept(started("d", "eu-west", 1), T0);
		assertThat(store().swarm(TrackId.of("night-drive")).block().peersByRegion())
			.containsOnly(java.util.Map.entry("eu-west", 2L));
	}

	List<Loading> claim(String requester, String region, List<SegmentId> window, List<SegmentId> offered, int max,
			Instant now) {
		return store()
			.claims(new ClaimQuery(window, HolderGroup.open(region).key(), requester, offered, max, CLAIM_TTL), now)
			.block();
	}

	@Test
	void aSegmentIsClaimedByOneRequesterAndTheOthersAreToldWhoLoadsIt() {
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		List<SegmentId> window = List.of(seg(1), seg(2), seg(3));
		assertThat(claim("alice", "eu-west", window, window, 1, T0)).containsExactly(new Loading(null, true),
				Loading.NONE, Loading.NONE);
		List<Loading> bobs = claim("bob", "eu-west", window, window, 1, T0);
		assertThat(bobs.get(0).mine()).isFalse();
		assertThat(bobs.get(0).loader()).satisfies((loader) -> {
			assertThat(loader.peerId()).isEqualTo("alice");
			assertThat(loader.region()).isEqualTo("eu-west");
			assertThat(loader.endpoint()).isEqualTo("http://127.0.0.1:7001/alice");
		});
		assertThat(bobs.subList(1, 3)).containsExactly(new Loading(null, true), Loading.NONE);
		// asking again names the same loaders and grants nothing twice
		assertThat(claim("alice", "eu-west", window, List.of(), 0, T0).get(1).loader().peerId()).isEqualTo("bob");
		assertThat(claim("alice", "eu-west", window, List.of(seg(1)), 1, T0).get(0).mine()).isTrue();
	}

	@Test
	void aSegmentHeldInTheRegionIsNotGrantedButOneHeldElsewhereIs() {
		accept(started("carol", "eu-west", 3), T0);
		accept(started("dave", "us-east", 4), T0);
		accept(started("alice", "eu-west"), T0);
		List<SegmentId> window = List.of(seg(3), seg(4));
		assertThat(claim("alice", "eu-west", window, window, 2, T0)).containsExactly(Loading.NONE,
				new Loading(null, true));
	}

	@Test
	void holdersALookupWouldNotHandOutDoNotStopAClaim() {
		accept(started("bad", "eu-west", 9), T0);
		accept(started("silent", "eu-west", 10), T0);
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		store().report(PeerId.of("bad"), PeerId.of("alice"), T0).block();
		store().report(PeerId.of("bad"), PeerId.of("bob"), T0).block();
		Instant later = T0.plus(LIFETIME).plusSeconds(1);
		accept(heartbeat("alice", "eu-west"), later);
		accept(heartbeat("bad", "eu-west"), later);
		// "bad" is quarantined, "silent" past its lifetime: nobody near can serve 9 or 10
		List<SegmentId> window = List.of(seg(9), seg(10));
		assertThat(claim("alice", "eu-west", window, window, 2, later)).containsExactly(new Loading(null, true),
				new Loading(null, true));
	}

	@Test
	void claimsArePerRegion() {
		accept(started("alice", "eu-west"), T0);
		accept(started("erin", "us-east"), T0);
		List<SegmentId> window = List.of(seg(5));
		assertThat(claim("alice", "eu-west", window, window, 1, T0)).containsExactly(new Loading(null, true));
		assertThat(claim("erin", "us-east", window, window, 1, T0)).containsExactly(new Loading(null, true));
	}

	@Test
	void aClaimStandsForItsTimeToLive() {
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		List<SegmentId> window = List.of(seg(6));
		claim("alice", "eu-west", window, window, 1, T0);
		Instant justBefore = T0.plus(CLAIM_TTL).minusMillis(1);
		assertThat(claim("bob", "eu-west", window, window, 1, justBefore).get(0).loader().peerId()).isEqualTo("alice");
		assertThat(claim("bob", "eu-west", window, window, 1, T0.plus(CLAIM_TTL)))
			.containsExactly(new Loading(null, true));
	}

	@Test
	void aLoaderThatLeftIsNotNamed() {
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		List<SegmentId> window = List.of(seg(7));
		claim("alice", "eu-west", window, window, 1, T0);
		store().remove(PeerId.of("alice")).block();
		assertThat(claim("bob", "eu-west", window, List.of(), 0, T0)).containsExactly(Loading.NONE);
	}

	@Test
	void announcedPeerIsACandidateForEverySegmentItHolds() {
		accept(started("alice", "eu-west", 1, 2), T0);
		for (int n : new int[] { 1, 2 }) {
			SegmentCandidates found = candidates(seg(n), "eu-west", 5, null, T0);
			assertThat(found.segment()).isEqualTo(seg(n));
			assertThat(found.availability()).isEqualTo(1);
			assertThat(found.candidates()).singleElement().satisfies((candidate) -> {
				assertThat(candidate.peerId()).isEqualTo("alice");
				assertThat(candidate.region()).isEqualTo("eu-west");
				assertThat(candidate.endpoint()).isEqualTo("http://127.0.0.1:7001/alice");
				assertThat(candidate.uploadKbps()).isEqualTo(1000);
				assertThat(candidate.uploadedBytes()).isEqualTo(2000);
				assertThat(candidate.downloadedBytes()).isEqualTo(3000);
				assertThat(candidate.lastSeen()).isEqualTo(T0);
			});
		}
		assertThat(candidates(seg(3), "eu-west", 5, null, T0).candidates()).isEmpty();
		assertThat(candidates(seg(3), "eu-west", 5, null, T0).availability()).isZero();
	}

	@Test
	void aPinnedEndpointComesBackWithItsPin() {
		String pin = "sha256/" + "Q".repeat(43) + "=";
		Announcement alice = started("alice", "eu-west", 1);
		accept(new Announcement(alice.peerId(), alice.event(), alice.trackId(), alice.rendition(), alice.group(),
				Candidate.reach("https://127.0.0.1:7443/p/alice", pin), 1000, 0, 0, alice.holdings()), T0);
		accept(started("bob", "eu-west", 1), T0);
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).candidates())
			.extracting(Candidate::peerId, Candidate::endpointUrl, Candidate::endpointPin)
			.containsExactlyInAnyOrder(tuple("alice", "https://127.0.0.1:7443/p/alice", pin),
					tuple("bob", "http://127.0.0.1:7001/bob", null));
	}

	@Test
	void batchedCandidatesKeepRequestOrder() {
		accept(started("alice", "eu-west", 1, 3), T0);
		List<SegmentCandidates> found = store()
			.candidates(new CandidateQuery(List.of(seg(3), seg(2), seg(1)), List.of("eu-west"), 5, null,
					HolderGroup.Viewer.of("eu-west")), T0)
			.block();
		assertThat(found).extracting(SegmentCandidates::segment).containsExactly(seg(3), seg(2), seg(1));
		assertThat(found).extracting(SegmentCandidates::availability).containsExactly(1L, 0L, 1L);
	}

	@Test
	void requesterIsNeverItsOwnCandidate() {
		accept(started("alice", "eu-west", 1), T0);
		accept(started("bob", "eu-west", 1), T0);
		SegmentCandidates found = candidates(seg(1), "eu-west", 5, "alice", T0);
		assertThat(ids(found)).containsExactly("bob");
		assertThat(found.availability()).isEqualTo(2);
	}

	@Test
	void holdersInPreferredRegionsComeFirst() {
		for (String peer : List.of("e1", "e2", "e3")) {
			accept(started(peer, "eu-west", 1), T0);
		}
		for (String peer : List.of("u1", "u2", "u3")) {
			accept(started(peer, "us-east", 1), T0);
		}
		accept(started("a1", "ap-south", 1), T0);
		SegmentCandidates two = store()
			.candidates(new CandidateQuery(List.of(seg(1)), List.of("eu-west", "us-east"), 2, null, EU_VIEWER), T0)
			.block()
			.get(0);
		assertThat(two.candidates()).hasSize(2).allSatisfy((c) -> assertThat(c.region()).isEqualTo("eu-west"));
		assertThat(two.availability()).isEqualTo(7);
		SegmentCandidates five = store()
			.candidates(new CandidateQuery(List.of(seg(1)), List.of("eu-west", "us-east"), 5, null, EU_VIEWER), T0)
			.block()
			.get(0);
		assertThat(five.candidates()).extracting(Candidate::region)
			.containsExactly("eu-west", "eu-west", "eu-west", "us-east", "us-east");
		SegmentCandidates all = store()
			.candidates(new CandidateQuery(List.of(seg(1)), List.of("eu-west", "us-east"), 10, null, EU_VIEWER), T0)
			.block()
			.get(0);
		assertThat(all.candidates()).hasSize(7).last().extracting(Candidate::region).isEqualTo("ap-south");
	}

	@Test
	void fullHaveReplacesTheHolding() {
		accept(started("alice", "eu-west", 1, 2), T0);
		accept(announce("alice", AnnounceEvent.UPDATE, "night-drive", Rendition.A128, "eu-west",
				new Announcement.Full(segs(2, 3))), T0);
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).availability()).isZero();
		assertThat(ids(candidates(seg(2), "eu-west", 5, null, T0))).containsExactly("alice");
		assertThat(ids(candidates(seg(3), "eu-west", 5, null, T0))).containsExactly("alice");
	}

	@Test
	void deltaAddsAndRemovesSegments() {
		accept(started("alice", "eu-west", 1, 2), T0);
		accept(delta("alice", "eu-west", segs(3, 4), segs(1, 9)), T0);
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).candidates()).isEmpty();
		for (int n : new int[] { 2, 3, 4 }) {
			assertThat(ids(candidates(seg(n), "eu-west", 5, null, T0))).containsExactly("alice");
		}
	}

	@Test
	void updateFromAnUnknownPeerRegistersIt() {
		accept(delta("alice", "eu-west", segs(1), Set.of()), T0);
		assertThat(ids(candidates(seg(1), "eu-west", 5, null, T0))).containsExactly("alice");
	}

	@Test
	void heartbeatKeepsTheHoldingAndRefreshesDetails() {
		accept(started("alice", "eu-west", 1), T0);
		accept(heartbeat("alice", "eu-west"), T0.plusSeconds(30));
		assertThat(candidates(seg(1), "eu-west", 5, null, T0.plusSeconds(30)).candidates()).singleElement()
			.extracting(Candidate::lastSeen)
			.isEqualTo(T0.plusSeconds(30));
	}

	@Test
	void stoppedForgetsThePeer() {
		accept(started("alice", "eu-west", 1));
		accept(Announcement.stopped(PeerId.of("alice")), T0);
		SegmentCandidates found = candidates(seg(1), "eu-west", 5, null, T0);
		assertThat(found.availability()).isZero();
		assertThat(found.candidates()).isEmpty();
		assertThat(store().peersByRegion().block()).isEmpty();
		assertThat(store().swarm(TrackId.of("night-drive")).block().peers()).isZero();
	}

	private void accept(Announcement announcement) {
		accept(announcement, T0);
	}

	@Test
	void removeTellsWhetherThePeerWasRegistered() {
		accept(started("alice", "eu-west", 1), T0);
		assertThat(store().remove(PeerId.of("alice")).block()).isTrue();
		assertThat(store().remove(PeerId.of("alice")).block()).isFalse();
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).availability()).isZero();
	}

	@Test
	void switchingTrackOrRegionDropsTheOldHolding() {
		accept(started("alice", "eu-west", 1, 2), T0);
		accept(announce("alice", AnnounceEvent.UPDATE, "other-track", Rendition.A64, "us-east",
				new Announcement.Delta(segs(3), Set.of())), T0);
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).availability()).isZero();
		assertThat(candidates(seg(3), "us-east", 5, null, T0).candidates()).singleElement()
			.extracting(Candidate::region)
			.isEqualTo("us-east");
		assertThat(store().peersByRegion().block()).containsExactly(java.util.Map.entry("us-east", 1L));
		assertThat(store().swarm(TrackId.of("night-drive")).block().peers()).isZero();
		assertThat(store().swarm(TrackId.of("other-track")).block().peers()).isEqualTo(1);
	}

	@Test
	void silentPeerIsNotHandedOutAfterItsLifetimeAndExpiryRemovesIt() {
		accept(started("alice", "eu-west", 1), T0);
		accept(started("bob", "eu-west", 1), T0);
		Instant later = T0.plus(LIFETIME).plusSeconds(1);
		accept(heartbeat("bob", "eu-west"), T0.plus(LIFETIME).minusSeconds(1));
		assertThat(ids(candidates(seg(1), "eu-west", 5, null, later))).containsExactly("bob");
		assertThat(store().expire(later).block()).isEqualTo(1);
		assertThat(candidates(seg(1), "eu-west", 5, null, later).availability()).isEqualTo(1);
		assertThat(store().peersByRegion().block()).containsExactly(java.util.Map.entry("eu-west", 1L));
		assertThat(store().expire(later).block()).isZero();
		Instant muchLater = later.plus(LIFETIME);
		assertThat(store().expire(muchLater).block()).isEqualTo(1);
		assertThat(candidates(seg(1), "eu-west", 5, null, muchLater).availability()).isZero();
		assertThat(store().peersByRegion().block()).isEmpty();
	}

	@Test
	void announcesBeyondTheRateLimitAreRejectedUntilTheWindowEnds() {
		for (int i = 0; i < 5; i++) {
			accept(started("alice", "eu-west", 1), T0.plusSeconds(i));
		}
		AnnounceResult limited = store().announce(started("alice", "eu-west", 1, 2), T0.plusSeconds(6)).block();
		assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
		assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(4));
		assertThat(candidates(seg(2), "eu-west", 5, null, T0.plusSeconds(6)).candidates()).isEmpty();
		accept(Announcement.stopped(PeerId.of("alice")), T0.plusSeconds(7));
		accept(started("alice", "eu-west", 1, 2), T0.plus(RATE_WINDOW));
		assertThat(ids(candidates(seg(2), "eu-west", 5, null, T0.plus(RATE_WINDOW)))).containsExactly("alice");
	}

	@Test
	void holdingBeyondMaxHaveIsRejectedAndChangesNothing() {
		accept(started("alice", "eu-west", 1, 2, 3, 4, 5, 6, 7, 8), T0);
		AnnounceResult full = store().announce(delta("alice", "eu-west", segs(9), Set.of()), T0).block();
		assertThat(full.outcome()).isEqualTo(Outcome.HOLDINGS_FULL);
		assertThat(candidates(seg(9), "eu-west", 5, null, T0).availability()).isZero();
		accept(delta("alice", "eu-west", segs(9), segs(1)), T0);
		assertThat(candidates(seg(9), "eu-west", 5, null, T0).availability()).isEqualTo(1);
		assertThat(candidates(seg(1), "eu-west", 5, null, T0).availability()).isZero();
	}

	@Test
	void newPeersBeyondMaxPeersAreRejectedWhileKnownPeersStillAnnounce() {
		for (int i = 0; i < 8; i++) {
			accept(started("p" + i, "eu-west", 1), T0);
		}
		assertThat(store().announce(started("late", "eu-west", 1), T0).block().outcome())
			.isEqualTo(Outcome.TRACKER_FULL);
		accept(delta("p0", "eu-west", segs(2), Set.of()), T0);
		assertThat(candidates(seg(1), "eu-west", 20, null, T0).availability()).isEqualTo(8);
	}

	@Test
	void regionsBeyondMaxRegionsAreRejected() {
		for (String region : List.of("r1", "r2", "r3", "r4")) {
			accept(started("peer-" + region, region, 1), T0);
		}
		assertThat(store().announce(started("peer-r5", "r5", 1), T0).block().outcome())
			.isEqualTo(Outcome.TOO_MANY_REGIONS);
		accept(Announcement.stopped(PeerId.of("peer-r4")), T0);
		accept(started("peer-r5", "r5", 1), T0);
	}

	@Test
	void reportsFromDistinctLiveReportersQuarantineThePeerUntilTheQuarantineEnds() {
		accept(started("bad", "eu-west", 1), T0);
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		PeerId bad = PeerId.of("bad");
		assertThat(store().report(bad, PeerId.of("alice"), T0).block().outcome())
			.isEqualTo(ReportResult.Outcome.RECORDED);
		assertThat(store().report(bad, PeerId.of("alice"), T0).block().outcome()).as("the same reporter counts once")
			.isEqualTo(ReportResult.Outcome.RECORDED);
		assertThat(ids(candidates(seg(1), "eu-west", 5, null, T0))).containsExactly("bad");
		ReportResult quarantined = store().report(bad, PeerId.of("bob"), T0.plusSeconds(1)).block();
		assertThat(quarantined.outcome()).isEqualTo(ReportResult.Outcome.QUARANTINED);
		assertThat(quarantined.quarantinedUntil()).isEqualTo(T0.plusSeconds(1).plus(QUARANTINE));
		Instant during = T0.plusSeconds(60);
		accept(heartbeat("bad", "eu-west"), during);
		assertThat(candidates(seg(1), "eu-west", 5, null, during).candidates()).isEmpty();
		assertThat(candidates(seg(1), "eu-west", 5, null, during).availability()).isEqualTo(1);
		Instant after = T0.plusSeconds(1).plus(QUARANTINE);
		accept(heartbeat("bad", "eu-west"), after);
		assertThat(ids(candidates(seg(1), "eu-west", 5, null, after))).containsExactly("bad");
	}

	@Test
	void quarantineOutlivesLeavingAndRejoining() {
		accept(started("bad", "eu-west", 1), T0);
		accept(started("alice", "eu-west"), T0);
		accept(started("bob", "eu-west"), T0);
		store().report(PeerId.of("bad"), PeerId.of("alice"), T0).block();
		store().report(PeerId.of("bad"), PeerId.of("bob"), T0).block();
		accept(Announcement.stopped(PeerId.of("bad")), T0.plusSeconds(1));
		accept(started("bad", "us-east", 1), T0.plusSeconds(2));
		assertThat(candidates(seg(1), "us-east", 5, null, T0.plusSeconds(2)).candidates()).isEmpty();
		assertThat(candidates(seg(1), "us-east", 5, null, T0.plusSeconds(2)).availability()).isEqualTo(1);
	}

	@Test
	void reportsExpireAfterTheWindow() {
		accept(started("bad", "eu-west", 1), T0);
		accept(started("alice", "eu-west"), T0);
		store().report(PeerId.of("bad"), PeerId.of("alice"), T0).block();
		Instant later = T0.plus(Duration.ofMinutes(11));
		accept(started("bob", "eu-west"), later);
		accept(heartbeat("bad", "eu-west"), later);
		assertThat(store().report(PeerId.of("bad"), PeerId.of("bob"), later).block().outcome())
			.isEqualTo(ReportResult.Outcome.RECORDED);
	}

	@Test
	void reportsNeedARegisteredPeerAndALiveReporter() {
		accept(started("alice", "eu-west", 1), T0);
		assertThat(store().report(PeerId.of("ghost"), PeerId.of("alice"), T0).block().outcome())
			.isEqualTo(ReportResult.Outcome.PEER_UNKNOWN);
		assertThat(store().report(PeerId.of("alice"), PeerId.of("ghost"), T0).block().outcome())
			.isEqualTo(ReportResult.Outcome.REPORTER_UNKNOWN);
		accept(started("bob", "eu-west"), T0);
		assertThat(store().report(PeerId.of("alice"), PeerId.of("bob"), T0.plus(LIFETIME).plusSeconds(1))
			.block()
			.outcome()).isEqualTo(ReportResult.Outcome.REPORTER_UNKNOWN);
	}

	@Test
	void swarmCountsPeersPerRegionAndAvailabilityPerRendition() {
		accept(started("e1", "eu-west", 1, 2, 3), T0);
		accept(started("e2", "eu-west", 1, 2), T0);
		accept(started("u1", "us-east", 1), T0);
		accept(announce("low", AnnounceEvent.STARTED, "night-drive", Rendition.A64, "us-east",
				new Announcement.Full(segs(100))), T0);
		accept(started("x", "us-east", 50), T0);
		accept(announce("x", AnnounceEvent.UPDATE, "other", Rendition.A128, "us-east", new Announcement.Unchanged()),
				T0);
		SwarmView swarm = store().swarm(TrackId.of("night-drive")).block();
		assertThat(swarm.trackId()).isEqualTo("night-drive");
		assertThat(swarm.peers()).isEqualTo(4);
		assertThat(swarm.peersByRegion()).containsOnly(java.util.Map.entry("eu-west", 2L),
				java.util.Map.entry("us-east", 2L));
		assertThat(swarm.renditions()).containsExactly(new RenditionAvailability("a64", 1, 1, 1, 1.0, 1),
				new RenditionAvailability("a128", 3, 3, 1, 2.0, 3));
		SwarmView nobody = store().swarm(TrackId.of("silence")).block();
		assertThat(nobody.peers()).isZero();
		assertThat(nobody.renditions()).isEmpty();
	}

}
