package cdn.client.fetch;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Source;
import cdn.client.metrics.Tally;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.PeerFailure;
import cdn.client.tracker.TrackerClient;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a listener does about a peer that failed it: counts the failure, stops asking a
 * peer that lied or is gone, and tells the tracker (which quarantines a peer several
 * listeners report). Runs on the listener's own worker.
 */
public final class PeerReports {

	private static final Logger log = LoggerFactory.getLogger(PeerReports.class);

	private final String self;

	private final TrackerClient tracker;

	private final PeerDirectory directory;

	private final ClientMetrics metrics;

	private final Tally tally;

	private final BooleanSupplier announced;

	private final java.util.concurrent.Executor serial;

	/**
	 * @param announced whether the tracker knows this listener (it only hears live peers)
	 * @param serial the listener's worker
	 */
	public PeerReports(String self, TrackerClient tracker, PeerDirectory directory, ClientMetrics metrics, Tally tally,
			BooleanSupplier announced, java.util.concurrent.Executor serial) {
		this.self = self;
		this.tracker = tracker;
		this.directory = directory;
		this.metrics = metrics;
		this.tally = tally;
		this.announced = announced;
		this.serial = serial;
	}

	/**
	 * @param loader whether the peer was asked as the segment's loader: one that is slow
	 * or whose own fetch failed is not misbehaving, it is not reported for that
	 */
	public void failed(PeerEntry peer, PeerFailure.Exception failure, boolean loader) {
		log.debug("{}: peer {} failed: {}", this.self, peer.peerId(), failure.getMessage());
		PeerFailure kind = failure.failure();
		this.metrics.segmentFetch(Source.PEER.tag(), kind.name().toLowerCase(java.util.Locale.ROOT), Duration.ZERO);
		if (kind == PeerFailure.HASH_MISMATCH) {
			this.tally.hashFailure();
			this.metrics.hashFailure(Source.PEER.tag());
		}
		if (kind.dropsPeer()) {
			this.directory.drop(peer.peerId());
		}
		boolean loaderLate = loader && (kind == PeerFailure.TIMEOUT || kind == PeerFailure.SEGMENT_ABSENT);
		if (kind.report() != null && !loaderLate && this.announced.getAsBoolean()) {
			this.tally.trackerRequest();
			this.tracker.report(peer.peerId(), new PeerReport(this.self, kind.report().id()))
				.subscribe(null, (error) -> log.debug("{}: report failed: {}", this.self, error.getMessage()),
						() -> this.serial.execute(this.tally::reportSent));
		}
	}

}
