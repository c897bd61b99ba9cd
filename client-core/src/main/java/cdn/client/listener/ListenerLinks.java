package cdn.client.listener;

import cdn.client.edge.EdgeFailover;
import cdn.client.net.Network;
import cdn.client.peer.PeerTransport;

/**
 * One listener's own ways out: its ranked edges, how it reaches peers, and what it knows
 * of the network between them.
 */
public record ListenerLinks(EdgeFailover edges, PeerTransport peers, Network network) {
}
