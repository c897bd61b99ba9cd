package cdn.client.listener;

import cdn.client.metrics.ClientMetrics;
import cdn.client.peer.PeerHosting;
import cdn.client.play.SimClock;
import cdn.client.tracker.TrackerClient;
import reactor.core.scheduler.Scheduler;

/**
 * What all listeners of a process share: the clock, the scheduler that runs every
 * listener's worker (a virtual-time one in a simulation), the tracker, where they serve
 * what they seed, and the metrics.
 */
public record ListenerContext(SimClock clock, Scheduler scheduler, TrackerClient tracker, PeerHosting hosting,
		ClientMetrics metrics) {
}
