/**
 * {@code DELETE /v1/peers/{peerId}} and {@code POST /v1/peers/{peerId}/reports}: a peer
 * leaves, or its neighbours report it.
 */
package cdn.tracker.peer;
