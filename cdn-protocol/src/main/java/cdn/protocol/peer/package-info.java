/**
 * The peer wire protocol: how one client asks another for a segment.
 */
package cdn.protocol.peer;
