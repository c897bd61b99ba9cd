package cdn.client.listener;

import cdn.client.metrics.ClientMetrics;
import cdn.client.peer.PeerHosting;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.client.tracker.TrackerClient;
import reactor.core.scheduler.Scheduler;

/**
 * What all listeners of a process share: the clock, the scheduler that runs every
 * listener's worker (a virtual-time one in a simulation), the tracker, where they serve
 * what they seed, the metrics and the tracing of their segments.
 */
public record ListenerContext(SimClock clock, Scheduler scheduler, TrackerClient tracker, PeerHosting hosting,
		ClientMetrics metrics, ClientTracing tracing) {

	/** Without tracing. */
	public ListenerContext(SimClock clock, Scheduler scheduler, TrackerClient tracker, PeerHosting hosting,
			ClientMetrics metrics) {
		this(clock, scheduler, tracker, hosting, metrics, ClientTracing.OFF);
	}

}
