/**
 * Who holds which segment: the {@link cdn.tracker.store.PeerStore} contract and its two
 * implementations, in memory (one replica) and in Redis (replicas share it).
 */
package cdn.tracker.store;
