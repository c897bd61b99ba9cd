/**
 * {@code GET /v1/swarms/{trackId}}: a track's swarm health for operators and dashboards.
 */
package cdn.tracker.swarm;
